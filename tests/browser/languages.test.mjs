// Languages: zh-CN, zh-TW and en picked from the element's or the page's lang
// with BCP-47 fallback, re-rendering on change, English plurals, per-language
// corpus strings from the index, and load errors written for a reader with Retry.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openWidget, copySite, cliSearch, cliShow, waitForStatus } from './harness.mjs';

let browser;
const servers = [];

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

const page = (lang, element = '') => `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8">
<script type="module" src="casesearch.js"></script></head><body><case-search index="casesearch.idx"${element}></case-search></body></html>`;

const DOC = '000-21';
const FILE = cliShow(DOC).source.file;
const COLLECTION = cliShow(DOC).facets.collection[0];

/**
 * An engine.js that adds the per-language display strings the index is to carry
 * (`info.facets[i].values`, `info.collections`) to the real engine's info.
 */
const ENGINE_WITH_LABELS = `import { openEngine as open } from './engine-real.js';
export { EngineError } from './engine-real.js';
export async function openEngine(url) {
  const engine = await open(url);
  const info = structuredClone(engine.info);
  info.facets.find((f) => f.field === 'institution').values = { '兴业银行': { 'zh-TW': '興業銀行', en: 'Industrial Bank' } };
  info.facets.find((f) => f.field === 'collection').values = { ${JSON.stringify(COLLECTION)}: { 'zh-TW': '雲南銀行業服務「專精特新」中小企業典型案例集（2022）', en: 'Yunnan SME cases (2022)' } };
  info.collections = [{ file: ${JSON.stringify(FILE)}, name: { 'zh-CN': '云南案例集', 'zh-TW': '雲南案例集', en: 'Yunnan cases' } }];
  return { ...engine, info };
}
`;

let server;
before(async () => {
  const site = copySite({
    'zh-HK.html': page('zh-HK'), 'en-US.html': page('en-US'), 'none.html': page(''), 'element.html': page('zh-CN', ' lang="en-GB"'),
  });
  renameSync(path.join(site, 'engine.js'), path.join(site, 'engine-real.js'));
  // engine.js is replaced by the wrapper; the rest of dist/ is untouched.
  writeFileSync(path.join(site, 'engine.js'), ENGINE_WITH_LABELS);
  server = await startServer(site);
  servers.push(server);
});

const uiLang = (p) => p.evaluate(() => document.querySelector('case-search').uiLang);

test('the UI language follows the element lang, else the page lang, with BCP-47 fallback', async () => {
  const placeholderOf = { 'zh-TW': '搜尋案例', en: 'Search cases', 'zh-CN': '搜索案例' };
  for (const [file, expected] of [['zh-HK', 'zh-TW'], ['en-US', 'en'], ['none', 'zh-CN'], ['element', 'en']]) {
    const p = await openWidget(browser, server.url + file + '.html');
    assert.equal(await uiLang(p), expected, file);
    const placeholder = await p.locator('case-search input[part=input]').getAttribute('placeholder');
    assert.ok(placeholder.startsWith(placeholderOf[expected]), `${file}: ${placeholder}`);
    await p.close();
  }
  // The page's lang changing later is followed too.
  const p = await openWidget(browser, server.url + 'none.html');
  for (const [tag, expected] of [['zh-MO', 'zh-TW'], ['zh-Hant', 'zh-TW'], ['fr', 'en'], ['zh-CN', 'zh-CN'], ['zh-HK', 'zh-TW']]) {
    await p.evaluate((t) => { document.documentElement.lang = t; }, tag);
    await p.waitForFunction((e) => document.querySelector('case-search').uiLang === e, expected);
    const placeholder = await p.locator('case-search input[part=input]').getAttribute('placeholder');
    assert.ok(placeholder.startsWith(placeholderOf[expected]), `${tag}: ${placeholder}`);
  }
  const cases = await p.evaluate(async () => {
    const { resolveLang } = await import('./i18n.js');
    return ['zh-Hans-HK', 'zh-Hant-CN', 'zh-SG', 'zh', 'en', 'EN-gb', 'ja', ''].map((t) => resolveLang(t));
  });
  assert.deepEqual(cases, ['zh-CN', 'zh-TW', 'zh-CN', 'zh-CN', 'en', 'en', null, null]);
  await p.close();
});

test('changing lang after load re-renders every string; English counts use plurals', async () => {
  const p = await openWidget(browser, server.url + 'none.html');
  await p.waitForFunction(() => document.querySelector('case-search').settled);
  await waitForStatus(p, `^共 ${cliSearch('').total} 个案例$`);
  await p.evaluate(() => document.querySelector('case-search').setAttribute('lang', 'en'));
  await waitForStatus(p, `^${cliSearch('').total} cases$`);
  assert.equal(await p.locator('case-search fieldset[data-field=region] legend').textContent(), 'Region');
  assert.equal(await p.locator('case-search select[part=sort] option').first().textContent(), 'Relevance');
  await p.evaluate(() => document.querySelector('case-search').setState({ q: 'StarCard' }));
  assert.equal(cliSearch('StarCard').total, 1);
  await waitForStatus(p, '^1 case$');
  await p.evaluate(() => document.querySelector('case-search').setState({ q: '微粒贷' }));
  await waitForStatus(p, `^${cliSearch('微粒贷').total} cases$`);
  // The page's own lang counts too when the element has none.
  await p.evaluate(() => document.querySelector('case-search').removeAttribute('lang'));
  await p.evaluate(() => { document.documentElement.lang = 'zh-TW'; });
  await waitForStatus(p, `^共 ${cliSearch('微粒贷').total} 個案例$`);
  assert.deepEqual(p.pageErrors.map(String), []);
  await p.close();
});

test('zh-TW and en show facet values and collection names from the index in that language', async () => {
  for (const [file, institution, collection, source] of [
    ['zh-HK', '興業銀行', '雲南銀行業服務「專精特新」中小企業典型案例集（2022）', '雲南案例集'],
    ['en-US', 'Industrial Bank', 'Yunnan SME cases (2022)', 'Yunnan cases'],
  ]) {
    const p = await openWidget(browser, server.url + `${file}.html?q=${encodeURIComponent('兴业银行')}&f.institution=${encodeURIComponent('兴业银行')}`);
    await p.waitForFunction(() => document.querySelector('case-search').settled);
    assert.equal(await p.locator('case-search fieldset[data-field=institution] li[data-value="兴业银行"] .value').textContent(), institution);
    assert.ok((await p.locator('case-search .chip').first().textContent()).includes(institution));
    assert.ok((await p.locator('case-search .results > li .meta').first().textContent()).includes(institution));
    // A collection named per source file wins over the collection facet's value.
    assert.equal(await p.locator('case-search .results > li .collection').first().textContent(), source);
    await p.goto(server.url + `${file}.html?case=${DOC}`);
    await p.locator('case-search #reader-title').waitFor();
    const provenance = await p.locator('case-search .provenance').textContent();
    assert.ok(provenance.includes(source) && provenance.includes(institution), provenance);
    assert.equal(await p.locator('case-search .doc-facets').count(), 1);
    await p.goto(server.url + `${file}.html?f.collection=${encodeURIComponent(COLLECTION)}`);
    await p.waitForFunction(() => document.querySelector('case-search').settled);
    assert.equal(await p.locator(`case-search fieldset[data-field=collection] li[data-value=${JSON.stringify(COLLECTION)}] .value`).textContent(), collection);
    await p.close();
  }
  // Absent labels fall back to the value itself.
  const p = await openWidget(browser, server.url + 'zh-HK.html');
  await p.waitForFunction(() => document.querySelector('case-search').settled);
  assert.equal(await p.locator('case-search fieldset[data-field=institution] li[data-value="中国工商银行"] .value').textContent(), '中国工商银行');
  await p.close();
});

test('a load error is a message in the UI language with a Retry button that recovers', async () => {
  const site = copySite({ 'en.html': page('en') });
  const idx = path.join(site, 'casesearch.idx');
  const bytes = readFileSync(idx);
  renameSync(idx, idx + '.away');
  const s = await startServer(site);
  servers.push(s);
  const p = await openWidget(browser, s.url + 'en.html');
  const alert = p.locator('case-search [role=alert]');
  await alert.waitFor({ state: 'visible' });
  const text = await alert.locator('.error-text').textContent();
  assert.match(text, /^Search is unavailable: the search data was not found on the server \(HTTP 404\)/);
  assert.ok(!/[\u4e00-\u9fff]/.test(text), text);
  // Switching language re-words the error, still with its Retry button.
  await p.evaluate(() => document.querySelector('case-search').setAttribute('lang', 'zh-TW'));
  await p.waitForFunction(() => document.querySelector('case-search').shadowRoot.querySelector('.error-text')?.textContent.startsWith('檢索索引無法使用'));
  await p.evaluate(() => document.querySelector('case-search').setAttribute('lang', 'en'));
  await p.waitForFunction(() => document.querySelector('case-search').shadowRoot.querySelector('.error-text')?.textContent.startsWith('Search is unavailable'));
  renameSync(idx + '.away', idx);
  assert.equal(readFileSync(idx).length, bytes.length);
  await alert.locator('button.retry').click();
  await waitForStatus(p, `^${cliSearch('').total} cases$`);
  assert.equal(await alert.isVisible(), false);
  assert.equal(await p.evaluate(() => document.querySelector('case-search').ready.then(() => 'ready')), 'ready');
  await p.close();
});

test('changing lang with the reader open keeps the case open, now in the new language', async () => {
  const p = await openWidget(browser, server.url + `none.html?case=${DOC}`);
  await p.locator('case-search #reader-title').waitFor();
  assert.equal(await p.locator('case-search .reader-head .back').textContent(), '‹ 返回结果');
  await p.evaluate(() => document.querySelector('case-search').setAttribute('lang', 'en'));
  await p.waitForFunction(() => document.querySelector('case-search').shadowRoot.querySelector('.reader-head .back')?.textContent === '‹ Back to results');
  assert.equal(await p.locator('case-search dialog.reader').evaluate((d) => d.open), true);
  assert.equal(new URL(p.url()).searchParams.get('case'), DOC);
  assert.equal(await p.locator('case-search .provenance h3').textContent(), 'Source');
  await p.close();
});
