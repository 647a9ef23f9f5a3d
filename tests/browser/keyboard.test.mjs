// Keyboard and screen readers: `/`, arrows, Enter, Esc, a live region that
// announces the count only, focus that survives a facet toggle, and contrast.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWidget, cliSearch, typeQuery, contrast, useServerAndBrowser, settled } from './harness.mjs';

const env = useServerAndBrowser();
/** What has focus inside the widget: 'input', 'result:<id>', 'reader', or the tag name. */
const focused = (page) => page.evaluate(() => {
  const root = document.querySelector('case-search').shadowRoot;
  const a = root.activeElement;
  if (!a) return document.activeElement?.tagName ?? null;
  if (a.matches('input[part=input]')) return 'input';
  if (a.matches('a.title')) return `result:${a.dataset.id}`;
  if (a.closest('dialog.reader')) return 'reader';
  return a.tagName;
});

test('a keyboard walk: / focuses the box, arrows move through the results, Enter opens, Esc closes and then clears', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await settled(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await focused(page), 'input');
  await page.keyboard.type('专精特新');
  await page.keyboard.press('Enter');
  await settled(page);
  const ids = cliSearch('专精特新', { limit: 10 }).hits.map((h) => h.id);
  await page.waitForFunction((id) => document.querySelector('case-search').shadowRoot.querySelector('.results > li')?.dataset.id === id, ids[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), `result:${ids[0]}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), `result:${ids[2]}`);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(page), `result:${ids[1]}`);
  await page.keyboard.press('Enter');
  await page.locator('case-search #reader-title').waitFor();
  assert.equal(await focused(page), 'reader');
  assert.equal(new URL(page.url()).searchParams.get('case'), ids[1]);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('case-search').shadowRoot.querySelector('dialog.reader').open);
  assert.equal(new URL(page.url()).searchParams.get('case'), null);
  assert.equal(await focused(page), `result:${ids[1]}`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(page), 'input');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('case-search').state.q === '');
  assert.equal(await page.locator('case-search input[part=input]').inputValue(), '');
  // Typing `/` into the box types it; it does not steal anything.
  await page.keyboard.type('a/b');
  assert.equal(await page.locator('case-search input[part=input]').inputValue(), 'a/b');
  assert.deepEqual(page.pageErrors.map(String), []);
  await page.close();
});

test('the live region announces the count only; partial-match notes stay out of it', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  const q = '银行如何帮助老年人防范电信诈骗';
  const native = cliSearch(q);
  assert.equal(native.partial, true);
  await typeQuery(page, q);
  const live = page.locator('case-search [role=status]');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.equal(await live.textContent(), `共 ${native.total} 个案例`);
  assert.match(await page.locator('case-search .note').textContent(), /部分词语/);
  await page.close();
});

test('toggling a facet with the keyboard keeps focus on the same checkbox', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '贷款');
  const box = page.locator('case-search fieldset[data-field=region] li[data-value="云南"] input');
  await box.focus();
  await page.evaluate(() => { window.__box = document.querySelector('case-search').shadowRoot.activeElement; });
  for (const expected of [true, false, true]) {
    await page.keyboard.press('Space');
    await settled(page);
    assert.equal(await box.isChecked(), expected);
    assert.equal(await page.evaluate(() => document.querySelector('case-search').shadowRoot.activeElement === window.__box && window.__box.isConnected), true,
      'focus moved off the checkbox');
  }
  await page.close();
});

test('tab stops stay few: long facet lists are cut short until expanded', async () => {
  const page = await openWidget(env.browser, env.server.url + 'index.html');
  await typeQuery(page, '贷款');
  const stops = await page.evaluate(() => [...document.querySelector('case-search').shadowRoot.querySelectorAll('a[href], button, input, select')]
    .filter((e) => !e.disabled && e.checkVisibility() && e.tabIndex >= 0).length);
  assert.ok(stops <= 70, `${stops} tab stops`);
  await page.close();
});

for (const scheme of ['light', 'dark']) {
  test(`text contrast is at least 4.5:1 and borders at least 3:1 (${scheme})`, async () => {
    const page = await openWidget(env.browser, env.server.url + 'index.html?q=' + encodeURIComponent('贷款') + '&f.region=' + encodeURIComponent('云南'), { colorScheme: scheme });
    await settled(page);
    const colors = await page.evaluate(() => {
      const root = document.querySelector('case-search').shadowRoot;
      const bg = getComputedStyle(document.querySelector('case-search')).backgroundColor;
      const card = getComputedStyle(root.querySelector('.results > li')).backgroundColor;
      const c = (sel, prop = 'color') => getComputedStyle(root.querySelector(sel))[prop];
      return {
        bg, card,
        text: [c('.status'), c('.facets .count'), c('.facets legend'), c('.chip'), c('.results a.title')],
        onCard: [c('.results .meta'), c('.results .snippet'), c('.results a.title')],
        borders: [c('input[part=input]', 'borderTopColor'), c('select[part=sort]', 'borderTopColor'), c('.chip', 'borderTopColor')],
        chipBg: c('.chip', 'backgroundColor'),
      };
    });
    for (const t of colors.text) assert.ok(contrast(t, colors.bg) >= 4.5, `${t} on ${colors.bg}: ${contrast(t, colors.bg)}`);
    for (const t of colors.onCard) assert.ok(contrast(t, colors.card) >= 4.5, `${t} on ${colors.card}`);
    for (const b of colors.borders) assert.ok(contrast(b, colors.bg) >= 3, `border ${b} on ${colors.bg}: ${contrast(b, colors.bg)}`);
    assert.ok(contrast(colors.text[3], colors.chipBg) >= 4.5, 'chip text on chip');
    if (scheme === 'dark') assert.ok(contrast('rgb(0, 0, 0)', colors.bg) < 2, `dark background expected, got ${colors.bg}`);
    await page.close();
  });
}
