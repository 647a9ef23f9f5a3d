// Native and WASM give identical answers: the widget's search() returns exactly
// the JSON that `casesearch search --json` prints, for the same index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSearch, cliSearch, cliShow, useDemoPage } from './harness.mjs';

const demo = useDemoPage();

const CASES = [
  ['专精特新'],
  ['科创e贷'],
  ['科创 e 贷'],
  ['工商银行'],
  ['工行'],
  ['經營快貸'],
  ['IPO'],
  ['StarCard'],
  ['FISCO BCOS'],
  ['"fisco bcos"'],
  ['"专精特新"'],
  ['“科创 e 贷”'],
  ['45.81亿元'],
  ['500万元'],
  ['2022'],
  ['7×24'],
  ['知识产权 质押'],
  ['扶贫 -农行'],
  ['微业贷 OR 微粒贷'],
  ['国担快贷 | 善新贷'],
  ['银行如何帮助老年人防范电信诈骗'],
  ['XX'],
  ['<script>'],
  ['', { filters: { institution: '中国工商银行' } }],
  ['小微', { filters: { region: '云南' } }],
  ['贷款', { filters: { tags: ['专精特新', '抗疫'] }, limit: 5 }],
  ['银行', { limit: 3, offset: 3 }],
  ['金融', { sort: 'oldest', limit: 4 }],
  ['', { sort: 'newest', limit: 20 }],
  ['科技', { year: { from: 2020, to: 2022 }, filters: { region: ['云南', '广东/深圳'] } }],
  ['', { year: { to: 2020 }, sort: 'oldest', limit: 5, offset: 2 }],
];

for (const [query, options = {}] of CASES) {
  test(`search(${JSON.stringify(query)}, ${JSON.stringify(options)}) is identical in the browser and the CLI`, async () => {
    const native = cliSearch(query, options);
    const wasm = await browserSearch(demo.page, query, options);
    assert.deepStrictEqual(wasm, native);
  });
}

test('show() is identical in the browser and the CLI', async () => {
  for (const id of ['000-01', '003-01', '004-65']) {
    const wasm = await demo.page.evaluate((id) => document.querySelector('case-search').show(id), id);
    assert.deepStrictEqual(wasm, cliShow(id));
  }
});

test('show() with a query marks every match, identically in the browser and the CLI', async () => {
  for (const id of ['000-01', '003-01', '004-65']) {
    // Four characters of the case's own text: something is bound to be marked.
    const query = cliShow(id).text.match(/[\u4e00-\u9fff]{4}/)[0];
    const wasm = await demo.page.evaluate(([id, q]) => document.querySelector('case-search').show(id, { query: q }), [id, query]);
    assert.deepStrictEqual(wasm, cliShow(id, undefined, query));
    assert.ok(wasm.text_html.includes('<mark>') || wasm.title_html.includes('<mark>'), `${id}: nothing marked for ${query}`);
  }
});
