// The reader, the URL state and typing with an input method, in headless Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWidget, cliSearch, cliShow, typeQuery, waitForStatus, resultIds, useServerAndBrowser, settled } from './harness.mjs';

const env = useServerAndBrowser();
const params = (page) => page.evaluate(() => Object.fromEntries([...new URLSearchParams(location.search)].map(([k, v]) => [k, v])));
const readerOpen = (page) => page.evaluate(() => document.querySelector('case-search').shadowRoot.querySelector('dialog.reader').open);

test('no search runs while an input method composes; the committed text is searched', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '专精特新');
  const before = { status: await waitForStatus(page, '.'), ids: await resultIds(page) };
  const queries = [];
  await page.exposeFunction('recordState', (q) => queries.push(q));
  await page.evaluate(() => document.querySelector('case-search').addEventListener('statechange', (e) => window.recordState(e.detail.q)));
  const input = page.locator('case-search input[part=input]');
  await input.fill('');
  await input.focus();
  await typeQuery(page, '');
  const cdp = await page.context().newCDPSession(page);
  for (const text of ['y', 'yin', 'yinh', 'yinhang']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await page.waitForFunction((t) => document.querySelector('case-search').shadowRoot.querySelector('input').value === t, text);
    // Nothing is scheduled: the widget still shows the answer to the last committed query.
    assert.equal(await page.evaluate(() => document.querySelector('case-search').settled), true, `a search is pending for ${text}`);
  }
  assert.equal(await page.evaluate(() => document.querySelector('case-search').state.q), '');
  assert.ok((await resultIds(page)).length > 0, 'results vanished during composition');
  await cdp.send('Input.insertText', { text: '银行' });
  await page.waitForFunction(() => document.querySelector('case-search').state.q === '银行' && document.querySelector('case-search').settled);
  const native = cliSearch('银行', { limit: 10 });
  await waitForStatus(page, `共 ${native.total} 个案例`);
  assert.deepEqual(await resultIds(page), native.hits.map((h) => h.id));
  assert.ok(!queries.some((q) => /[a-z]/.test(q)), `searched half-typed pinyin: ${queries}`);
  assert.ok(before.ids.length > 0);
  assert.deepEqual(page.pageErrors.map(String), []);
  await page.close();
});

test('query, filters, year range and sort live in the URL: reload restores them, Back and Forward walk through them', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '小微');
  const row = page.locator('case-search fieldset[data-field=region] li[data-value="云南"]');
  await row.locator('input').check();
  await settled(page);
  await page.locator('case-search fieldset[data-field=year] select[data-end=from]').selectOption('2022');
  await settled(page);
  await page.locator('case-search select[part=sort]').selectOption('newest');
  await settled(page);
  assert.deepEqual(await params(page), { q: '小微', 'f.region': '云南', year: '2022..', sort: 'newest' });
  const native = cliSearch('小微', { filters: { region: '云南' }, year: { from: 2022 }, sort: 'newest', limit: 10 });
  await waitForStatus(page, `共 ${native.total} 个案例`);
  assert.deepEqual(await resultIds(page), native.hits.map((h) => h.id));

  await page.reload();
  await page.waitForFunction(() => document.querySelector('case-search')?.settled);
  const restored = await page.evaluate(() => {
    const root = document.querySelector('case-search').shadowRoot;
    return {
      q: root.querySelector('input[part=input]').value,
      ticked: [...root.querySelectorAll('fieldset input:checked')].map((b) => b.value),
      from: root.querySelector('select[data-end=from]').value,
      sort: root.querySelector('select[part=sort]').value,
      chips: root.querySelectorAll('.chip').length,
    };
  });
  assert.deepEqual(restored, { q: '小微', ticked: ['云南'], from: '2022', sort: 'newest', chips: 2 });
  assert.deepEqual(await resultIds(page), native.hits.map((h) => h.id));

  await page.goBack(); // before the sort
  await page.waitForFunction(() => document.querySelector('case-search').state.sort === 'relevance' && document.querySelector('case-search').settled);
  assert.deepEqual(await params(page), { q: '小微', 'f.region': '云南', year: '2022..' });
  await page.goBack(); // before the year
  await page.waitForFunction(() => document.querySelector('case-search').state.year === null && document.querySelector('case-search').settled);
  const withoutYear = cliSearch('小微', { filters: { region: '云南' }, limit: 10 });
  await waitForStatus(page, `共 ${withoutYear.total} 个案例`);
  assert.deepEqual(await resultIds(page), withoutYear.hits.map((h) => h.id));
  assert.equal(await page.locator('case-search select[data-end=from]').inputValue(), '');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('case-search').state.year?.from === 2022 && document.querySelector('case-search').settled);
  assert.equal(await page.locator('case-search select[data-end=from]').inputValue(), '2022');
  assert.deepEqual(page.pageErrors.map(String), []);
  await page.close();
});

test('the host page sets the state through setState() and hears statechange', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  const detail = await page.evaluate(() => new Promise((resolve) => {
    const w = document.querySelector('case-search');
    w.addEventListener('statechange', (e) => resolve(e.detail), { once: true });
    w.setState({ q: '科创', filters: { institution: ['中国工商银行'] } });
  }));
  assert.equal(detail.q, '科创');
  assert.deepEqual(detail.filters, { institution: ['中国工商银行'] });
  await settled(page);
  const native = cliSearch('科创', { filters: { institution: '中国工商银行' }, limit: 10 });
  await waitForStatus(page, `共 ${native.total} 个案例`);
  assert.deepEqual(await resultIds(page), native.hits.map((h) => h.id));
  assert.equal((await params(page))['f.institution'], '中国工商银行');
  assert.equal(await page.locator('case-search input[part=input]').inputValue(), '科创');
  await page.close();
});

test('each result links to its permalink; the reader shows the whole case with its matches, and Back returns to the list where it was', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html', { viewport: { width: 1280, height: 700 } });
  await typeQuery(page, '专精特新');
  const hrefs = await page.locator('case-search .results a.title').evaluateAll((as) => as.map((a) => a.href));
  assert.equal(hrefs.length, 10);
  for (const href of hrefs) assert.match(new URL(href).search, /[?&]case=[^&]+/);
  const link = page.locator('case-search .results > li').nth(6).locator('a.title');
  const id = await link.getAttribute('data-id');
  await link.scrollIntoViewIfNeeded();
  const scrollBefore = await page.evaluate(() => window.scrollY);
  assert.ok(scrollBefore > 0, 'the list was scrolled');
  await link.click();
  await page.locator('case-search #reader-title').waitFor();
  assert.equal((await params(page)).case, id);
  const doc = cliShow(id);
  const reader = await page.evaluate(() => {
    const d = document.querySelector('case-search').shadowRoot.querySelector('dialog.reader');
    return {
      title: d.querySelector('h2').textContent,
      paragraphs: [...d.querySelectorAll('.reader-body p')].map((p) => p.textContent),
      marks: [...d.querySelectorAll('article mark')].map((m) => m.textContent),
      provenance: d.querySelector('.provenance').textContent,
      small: d.querySelector('.provenance small').textContent,
    };
  });
  assert.equal(reader.title, doc.title);
  assert.equal(reader.paragraphs.join(''), doc.text.replace(/\s*\n+\s*/g, '').trim());
  assert.ok(reader.paragraphs.length > 1, 'the text is split into paragraphs');
  const occurrences = (doc.title + doc.text).split('专精特新').length - 1;
  assert.equal(reader.marks.length, occurrences, 'every match is highlighted');
  assert.ok(reader.provenance.includes(doc.facets.collection[0]), reader.provenance);
  assert.ok(reader.provenance.includes(doc.facets.institution[0]), reader.provenance);
  assert.ok(reader.small.includes(doc.source.file) && /\d+–\d+/.test(reader.small), reader.small);

  const pos = page.locator('case-search .match-pos');
  await page.locator('case-search .match-nav .next').click();
  assert.equal(await pos.textContent(), `第 1 处，共 ${occurrences} 处`);
  await page.locator('case-search .match-nav .next').click();
  assert.equal(await pos.textContent(), `第 ${Math.min(2, occurrences) === 2 ? 2 : 1} 处，共 ${occurrences} 处`);
  await page.locator('case-search .match-nav .prev').click();
  assert.equal(await pos.textContent(), `第 1 处，共 ${occurrences} 处`);
  assert.equal(await page.locator('case-search mark.current').count(), 1);

  await page.goBack();
  await page.waitForFunction(() => !document.querySelector('case-search').shadowRoot.querySelector('dialog.reader').open);
  assert.equal((await params(page)).case, undefined);
  assert.equal(await page.evaluate(() => window.scrollY), scrollBefore);
  assert.equal((await resultIds(page)).length, 10);
  // Focus goes back to the link that opened the case.
  assert.equal(await page.evaluate(() => document.querySelector('case-search').shadowRoot.activeElement?.dataset.id), id);
  assert.deepEqual(page.pageErrors.map(String), []);
  await page.close();
});

test('a shared link opens the case; closing it shows the results of its query', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html?q=' + encodeURIComponent('专精特新') + '&case=000-21');
  await page.locator('case-search #reader-title').waitFor();
  assert.equal(await page.locator('case-search #reader-title').textContent(), cliShow('000-21').title);
  assert.ok(await page.locator('case-search dialog.reader article mark').count() > 0);
  await page.locator('case-search .reader-head .back').click();
  await page.waitForFunction(() => !document.querySelector('case-search').shadowRoot.querySelector('dialog.reader').open);
  assert.deepEqual(await params(page), { q: '专精特新' });
  await settled(page);
  assert.deepEqual(await resultIds(page), cliSearch('专精特新', { limit: 10 }).hits.map((h) => h.id));
  await page.close();
});

test('a link to a case that does not exist says so in words', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html?case=no-such-case');
  const text = await page.locator('case-search .not-found').textContent();
  assert.match(text, /找不到编号为 no-such-case 的案例/);
  assert.ok(await readerOpen(page));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('case-search').shadowRoot.querySelector('dialog.reader').open);
  assert.equal((await params(page)).case, undefined);
  await page.close();
});

test('a link with a filter on a field the index does not have still shows results', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html?q=' + encodeURIComponent('贷款') + '&f.nosuch=x&f.region=' + encodeURIComponent('云南'));
  await settled(page);
  const native = cliSearch('贷款', { filters: { region: '云南' }, limit: 10 });
  await waitForStatus(page, `^共 ${native.total} 个案例$`);
  assert.deepEqual(await resultIds(page), native.hits.map((h) => h.id));
  assert.equal(await page.locator('case-search [role=alert]').isVisible(), false);
  await page.close();
});
