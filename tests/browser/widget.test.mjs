// The demo page in headless Chromium: typing a query shows results that really contain it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CLI, DIST, cliShow, useDemoPage } from './harness.mjs';

const demo = useDemoPage();

/** Types a query into the widget like a user and returns the rendered results. */
async function typeQuery(q) {
  const input = demo.page.locator('case-search input[type=search]');
  await input.fill('');
  await input.pressSequentially(q, { delay: 20 });
  await input.press('Enter');
  await demo.page.waitForFunction((q) => {
    const root = document.querySelector('case-search').shadowRoot;
    return root.querySelector('.results > li mark') && root.querySelector('input').value === q;
  }, q);
  return demo.page.evaluate(() => {
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
  const box = demo.page.locator('case-search fieldset[data-field=institution] li').first();
  const expected = Number(await box.locator('.count').textContent());
  const value = await box.locator('.value').textContent();
  await box.locator('input').check();
  await demo.page.waitForFunction((n) => {
    const root = document.querySelector('case-search').shadowRoot;
    return root.querySelectorAll('.results > li').length === Math.min(n, 10);
  }, expected);
  const status = await demo.page.locator('case-search .status').textContent();
  assert.match(status, new RegExp(`共 ${expected} 个案例`));
  const ids = await demo.page.locator('case-search .results > li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  for (const id of ids) assert.ok(cliShow(id).facets.institution.includes(value));
  await box.locator('input').uncheck();
});

test('choosing a year range shows only cases from those years, with the CLI total', async () => {
  await typeQuery('小微');
  await demo.page.locator('case-search fieldset[data-field=year] select[data-end=from]').selectOption('2022');
  await demo.page.waitForFunction(() => {
    const root = document.querySelector('case-search').shadowRoot;
    return [...root.querySelectorAll('.results > li')].every((li) => li.querySelector('.chips').textContent.includes('202'));
  });
  const native = JSON.parse(execFileSync(CLI, ['search', '--index', DIST, '--json', '--year', '2022..', '小微'], { encoding: 'utf8' }));
  await demo.page.waitForFunction((n) => document.querySelector('case-search').shadowRoot.querySelector('.status').textContent.includes(`共 ${n} 个案例`), native.total);
  const ids = await demo.page.locator('case-search .results > li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(ids, native.hits.map((h) => h.id));
  for (const id of ids) assert.ok(Number(cliShow(id).facets.year[0]) >= 2022, id);
  await demo.page.locator('case-search fieldset[data-field=year] select[data-end=from]').selectOption('');
});

test('the page raised no script errors', () => {
  assert.deepEqual(demo.page.pageErrors.map(String), []);
});
