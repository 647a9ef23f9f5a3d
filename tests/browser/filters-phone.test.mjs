// Filters (chips, clear all, stable order, zero counts, list search, year range,
// the zero-result hint) and the phone layout (375×812), in headless Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWidget, cliSearch, typeQuery, waitForStatus, resultIds, PHONE, useServerAndBrowser, settled } from './harness.mjs';

const env = useServerAndBrowser();
const order = (page, field) => page.locator(`case-search fieldset[data-field=${field}] li`).evaluateAll((lis) => lis.map((li) => li.dataset.value));
const chipTexts = (page) => page.locator('case-search .chip').evaluateAll((bs) => bs.map((b) => b.firstChild.textContent));

test('selections show as chips, each removable in one click, and "clear all" removes every one', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '贷款');
  await page.locator('case-search fieldset[data-field=region] li[data-value="云南"] input').check();
  await settled(page);
  await page.locator('case-search fieldset[data-field=institution] li').first().locator('input').check();
  await settled(page);
  await page.locator('case-search select[data-end=from]').selectOption('2022');
  await settled(page);
  const chips = await chipTexts(page);
  assert.equal(chips.length, 3);
  assert.ok(chips.includes('地区：云南'), chips);
  assert.ok(chips.includes('年份：2022 年起'), chips);
  await page.locator('case-search .chip', { hasText: '地区：云南' }).click();
  await settled(page);
  assert.equal(await page.locator('case-search fieldset[data-field=region] li[data-value="云南"] input').isChecked(), false);
  assert.equal((await chipTexts(page)).length, 2);
  // Focus stays on a chip, never falls back to the page.
  assert.equal(await page.evaluate(() => document.querySelector('case-search').shadowRoot.activeElement?.className), 'chip');
  await page.locator('case-search .chips .clear').click();
  await settled(page);
  assert.equal((await chipTexts(page)).length, 0);
  assert.deepEqual(await page.evaluate(() => document.querySelector('case-search').state), { q: '贷款', filters: {}, year: null, sort: 'relevance', case: null });
  await waitForStatus(page, `^共 ${cliSearch('贷款').total} 个案例$`);
  await page.close();
});

test('facet values keep the order of the first response of a query while filters change', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '贷款');
  const first = await order(page, 'institution');
  // The engine orders by count, and ticking 云南/昆明 changes the counts and so its order.
  const engineAfter = cliSearch('贷款', { filters: { region: '云南/昆明' }, limit: 0 }).facets.institution.map((v) => v.value);
  const shownInBoth = (list) => list.filter((v) => first.includes(v) && engineAfter.includes(v));
  assert.notDeepEqual(shownInBoth(engineAfter), shownInBoth(first), 'the sample must reorder for this test to mean anything');
  await page.locator('case-search fieldset[data-field=region] li[data-value="云南/昆明"] input').check();
  await settled(page);
  const after = await order(page, 'institution');
  assert.deepEqual(after.slice(0, first.length), first);
  // A new query takes the new order.
  await typeQuery(page, '专精特新');
  assert.deepEqual(shownInBoth(await order(page, 'institution')), shownInBoth(cliSearch('专精特新', { filters: { region: '云南/昆明' }, limit: 0 }).facets.institution.map((v) => v.value)));
  await page.close();
});

test('a value with no results cannot be ticked', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '专精特新');
  await page.locator('case-search fieldset[data-field=region] li[data-value="云南"] input').check();
  await settled(page);
  const zero = page.locator('case-search fieldset[data-field=collection] li.zero').first();
  assert.equal(await zero.locator('.count').textContent(), '0');
  assert.equal(await zero.locator('input').getAttribute('aria-disabled'), 'true');
  await zero.locator('label').click({ force: true });
  await zero.locator('input').click({ force: true });
  await settled(page);
  assert.equal(await zero.locator('input').isChecked(), false);
  assert.deepEqual(Object.keys(await page.evaluate(() => document.querySelector('case-search').state.filters)), ['region']);
  await page.close();
});

test('a long facet list has a search box that narrows it, and shows its first values until expanded', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await settled(page);
  const group = page.locator('case-search fieldset[data-field=institution]');
  const total = await group.locator('li').count();
  assert.ok(total > 8);
  assert.equal(await group.locator('li:visible').count(), 6);
  await group.locator('.facet-search').fill('工商');
  const visible = await group.locator('li:visible').evaluateAll((lis) => lis.map((li) => li.dataset.value));
  assert.ok(visible.length >= 1 && visible.every((v) => v.includes('工商')), visible.join());
  await group.locator('.facet-search').fill('');
  await group.locator('.show-all').click();
  assert.equal(await group.locator('li:visible').count(), total);
  await page.close();
});

test('the year is a from–to range that only narrows; a year handed in as a filter becomes a range', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await settled(page);
  assert.equal(await page.locator('case-search fieldset[data-field=year] input[type=checkbox]').count(), 0, 'no ticked years to OR with the range');
  const totals = [];
  const all = cliSearch('').total;
  await page.locator('case-search select[data-end=to]').selectOption('2022');
  await settled(page);
  totals.push(cliSearch('', { year: { to: 2022 } }).total);
  await waitForStatus(page, `^共 ${totals[0]} 个案例$`);
  await page.locator('case-search select[data-end=from]').selectOption('2022');
  await settled(page);
  totals.push(cliSearch('', { year: { from: 2022, to: 2022 } }).total);
  await waitForStatus(page, `^共 ${totals[1]} 个案例$`);
  assert.ok(all >= totals[0] && totals[0] >= totals[1] && totals[1] > 0, totals.join());
  // Years that would turn the range around cannot be chosen.
  const disabled = await page.locator('case-search select[data-end=to] option:disabled').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(disabled, ['2020']);
  await page.evaluate(() => document.querySelector('case-search').setState({ filters: { year: ['2020'] }, year: null }));
  await settled(page);
  assert.deepEqual(await page.evaluate(() => document.querySelector('case-search').state.year), { from: 2020, to: 2020 });
  await waitForStatus(page, `^共 ${cliSearch('', { year: { from: 2020, to: 2020 } }).total} 个案例$`);
  await page.close();
});

test('at zero results the widget names the filter to remove, and removing it brings results back', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html?q=' + encodeURIComponent('专精特新') + '&f.region=' + encodeURIComponent('广东/深圳'));
  await settled(page);
  await waitForStatus(page, '^没有找到匹配的案例$');
  const total = cliSearch('专精特新').total;
  const hint = page.locator('case-search .empty .suggest');
  assert.equal(await hint.textContent(), `去掉“地区：广东/深圳”可看到 ${total} 个案例`);
  await hint.click();
  await waitForStatus(page, `^共 ${total} 个案例$`);
  assert.deepEqual(await page.evaluate(() => document.querySelector('case-search').state.filters), {});
  await page.close();
});

test('phone: a filter button on the first screen opens the facets in a drawer; ticking shows the new count and a chip', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html', PHONE);
  await typeQuery(page, '贷款');
  const button = page.locator('case-search .filter-button');
  const box = await button.boundingBox();
  assert.ok(box && box.y + box.height <= 812, `filter button at ${JSON.stringify(box)}`);
  assert.equal(await page.locator('case-search dialog.facets').isVisible(), false, 'facets hidden until asked for');
  await button.tap();
  const drawer = page.locator('case-search dialog.facets');
  await drawer.waitFor({ state: 'visible' });
  const rect = await drawer.boundingBox();
  assert.deepEqual([rect.x, rect.y, rect.width, rect.height], [0, 0, 375, 812]);
  await drawer.locator('fieldset[data-field=region] li[data-value="云南"] label').tap();
  const n = cliSearch('贷款', { filters: { region: '云南' } }).total;
  await page.waitForFunction((t) => document.querySelector('case-search').shadowRoot.querySelector('.drawer-foot button').textContent === t, `查看 ${n} 个案例`);
  await drawer.locator('.drawer-foot button').tap();
  await drawer.waitFor({ state: 'hidden' });
  assert.deepEqual(await chipTexts(page), ['地区：云南']);
  assert.equal(await button.textContent(), '筛选（1）');
  // Esc closes the drawer too, and focus goes back to the filter button.
  await button.tap();
  await drawer.waitFor({ state: 'visible' });
  assert.equal(await drawer.getAttribute('role'), 'dialog');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.querySelector('case-search').shadowRoot.activeElement?.className), 'filter-button');
  assert.equal(await drawer.getAttribute('role'), 'region');
  await page.close();
});

test('phone: every touch target is at least 44 px, there is no horizontal scroll, and the search bar stays on screen', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html?q=' + encodeURIComponent('贷款') + '&f.region=' + encodeURIComponent('云南'), PHONE);
  await settled(page);
  const small = (root) => page.evaluate((inDrawer) => {
    const shadow = document.querySelector('case-search').shadowRoot;
    const scope = inDrawer ? shadow.querySelector('dialog.facets') : shadow;
    const targets = [...scope.querySelectorAll('a[href], button, select, input:not([type=checkbox]), label')]
      .filter((e) => e.getClientRects().length && e.checkVisibility());
    return {
      count: targets.length,
      small: targets.map((e) => ({ e, r: e.getBoundingClientRect() })).filter(({ r }) => r.height < 44 || r.width < 44)
        .map(({ e, r }) => `${e.tagName}.${e.className} ${Math.round(r.width)}×${Math.round(r.height)} ${e.textContent.slice(0, 12)}`),
    };
  }, root);
  const main = await small(false);
  assert.ok(main.count > 10, `only ${main.count} targets found`);
  assert.deepEqual(main.small, []);
  await page.locator('case-search .filter-button').tap();
  await page.locator('case-search dialog.facets').waitFor({ state: 'visible' });
  const drawer = await small(true);
  assert.ok(drawer.count > 20);
  assert.deepEqual(drawer.small, []);
  await page.locator('case-search .drawer-head .close').tap();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'horizontal scroll');
  await page.evaluate(() => window.scrollTo(0, 2000));
  await page.waitForFunction(() => window.scrollY > 1000);
  const bar = await page.locator('case-search input[part=input]').boundingBox();
  assert.ok(bar.y >= 0 && bar.y < 100, `search box at y=${bar.y}`);
  await page.close();
});

test('phone: the reader fills the screen', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html?q=' + encodeURIComponent('贷款'), PHONE);
  await settled(page);
  await page.locator('case-search .results a.title').first().tap();
  await page.locator('case-search #reader-title').waitFor();
  const rect = await page.locator('case-search dialog.reader').boundingBox();
  assert.deepEqual([rect.x, rect.y, rect.width, rect.height], [0, 0, 375, 812]);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(page.pageErrors.map(String), []);
  await page.close();
});
