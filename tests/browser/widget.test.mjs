// The demo page in headless Chromium: typing a query shows results that really
// contain it; facets and the year range narrow the results to what the CLI finds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliSearch, cliShow, useDemoPage, typeQuery, waitForStatus, resultIds } from './harness.mjs';

const demo = useDemoPage();

/** Types a query like a user and returns the rendered results. */
async function search(q) {
  await typeQuery(demo.page, q);
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
    const { status, hits } = await search(query);
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
  await search('专精特新');
  const row = demo.page.locator('case-search fieldset[data-field=institution] li').first();
  const expected = Number(await row.locator('.count').textContent());
  const value = await row.getAttribute('data-value');
  await row.locator('input').check();
  await waitForStatus(demo.page, `共 ${expected} 个案例`);
  const native = cliSearch('专精特新', { filters: { institution: value } });
  assert.equal(native.total, expected);
  assert.deepEqual(await resultIds(demo.page), native.hits.map((h) => h.id));
  await row.locator('input').uncheck();
  await demo.page.waitForFunction(() => document.querySelector('case-search').settled);
});

test('choosing a year range shows only cases from those years, with the CLI total', async () => {
  await search('小微');
  const native = cliSearch('小微', { year: { from: 2022 } });
  assert.ok(native.total > 0 && native.total < cliSearch('小微').total, 'the range narrows the sample');
  await demo.page.locator('case-search fieldset[data-field=year] select[data-end=from]').selectOption('2022');
  // The status is the signal: it changes only once the filtered response is rendered.
  await waitForStatus(demo.page, `^共 ${native.total} 个案例$`);
  const ids = await resultIds(demo.page);
  assert.deepEqual(ids, native.hits.map((h) => h.id));
  for (const id of ids) assert.ok(Number(cliShow(id).facets.year[0]) >= 2022, id);
  await demo.page.locator('case-search fieldset[data-field=year] select[data-end=from]').selectOption('');
  await demo.page.waitForFunction(() => document.querySelector('case-search').settled);
});

test('the page raised no script errors', () => {
  assert.deepEqual(demo.page.pageErrors.map(String), []);
});
