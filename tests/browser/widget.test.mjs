// The demo page in headless Chromium: typing a query shows results that really contain it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openWidget, cliShow } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openWidget(browser, server.url + 'index.html');
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Types a query into the widget like a user and returns the rendered results. */
async function typeQuery(q) {
  const input = page.locator('case-search input[type=search]');
  await input.fill('');
  await input.pressSequentially(q, { delay: 20 });
  await input.press('Enter');
  await page.waitForFunction((q) => {
    const root = document.querySelector('case-search').shadowRoot;
    return root.querySelector('.results > li mark') && root.querySelector('input').value === q;
  }, q);
  return page.evaluate(() => {
    const root = document.querySelector('case-search').shadowRoot;
    return {
      status: root.querySelector('.status').textContent,
      hits: [...root.querySelectorAll('.results > li')].map((li) => ({
        id: li.dataset.id,
        title: li.querySelector('h3').textContent,
        marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      })),
    };
  });
}

const squash = (s) => s.replace(/\s+/g, '');

for (const [query, accepted] of [
  ['专精特新', ['专精特新']],
  ['科创e贷', ['科创e贷']],
  // The alias table makes 工商银行 also find 工行 and 中国工商银行.
  ['工商银行', ['工商银行', '中国工商银行', '工行', '工商銀行', '中國工商銀行']],
]) {
  test(`typing ${query} shows results whose text contains it`, async () => {
    const { status, hits } = await typeQuery(query);
    assert.match(status, /共 \d+ 个案例/);
    assert.ok(hits.length > 0, 'no results rendered');
    for (const hit of hits) {
      assert.ok(hit.marks.length > 0, `${hit.id} has no highlighted match`);
      for (const m of hit.marks) assert.ok(accepted.includes(squash(m)), `${hit.id}: highlighted ${m}`);
      const doc = cliShow(hit.id);
      const text = squash(doc.title + doc.text);
      assert.ok(accepted.some((a) => text.includes(a)), `${hit.id} does not contain ${query}`);
    }
  });
}

test('ticking a facet value narrows the results to that value', async () => {
  await typeQuery('专精特新');
  const box = page.locator('case-search fieldset[data-field=institution] li').first();
  const expected = Number(await box.locator('.count').textContent());
  const value = await box.locator('.value').textContent();
  await box.locator('input').check();
  await page.waitForFunction((n) => {
    const root = document.querySelector('case-search').shadowRoot;
    return root.querySelectorAll('.results > li').length === Math.min(n, 10);
  }, expected);
  const status = await page.locator('case-search .status').textContent();
  assert.match(status, new RegExp(`共 ${expected} 个案例`));
  const ids = await page.locator('case-search .results > li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  for (const id of ids) assert.ok(cliShow(id).facets.institution.includes(value));
  await box.locator('input').uncheck();
});

test('the page raised no script errors', () => {
  assert.deepEqual(page.pageErrors.map(String), []);
});
