// Facets in the browser: for 200 random query + selection combinations, the
// widget's search() gives the totals, hits (across pages), counts, zero values,
// selected markers and orders that a brute force over all documents predicts.
// The brute force (facets-oracle.mjs) works from the documents' facet values;
// only the set of documents matching the query alone comes from search().

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, CLI, DIST, startServer, launchBrowser, openWidget, browserSearch } from './harness.mjs';
import { bruteForceFacets, orderByYear, expandValues, normalizeFields } from './facets-oracle.mjs';

const COMBINATIONS = 200;
const ALL = 1000;

let server;
let browser;
let page;
let docs;
let fields;

/** The facet fields of the corpus config: `[[facet]]` tables with field, kind, separator. */
function facetFieldsOf(configPath) {
  const text = readFileSync(configPath, 'utf8');
  const fieldsOut = [];
  for (const table of text.split(/^\[\[facet\]\]\s*$/m).slice(1)) {
    const body = table.split(/^\[/m)[0];
    const get = (key) => body.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
    fieldsOut.push({ field: get('field'), kind: get('kind') ?? 'values', separator: get('separator') ?? '/' });
  }
  return normalizeFields(fieldsOut);
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    below: (n) => Math.floor(next() * n),
    percent: (p) => next() * 100 < p,
    pick(items) { return items[this.below(items.length)]; },
  };
}

before(async () => {
  fields = facetFieldsOf(path.join(ROOT, process.env.CORPUS ?? 'corpus', 'casesearch.toml'));
  server = await startServer();
  browser = await launchBrowser();
  page = await openWidget(browser, server.url + 'index.html');
  const all = await browserSearch(page, '', { limit: ALL });
  assert.equal(all.hits.length, all.total, 'the corpus fits one page');
  docs = all.hits.map(({ id, title, facets }) => ({ id, title, facets }));
});

after(async () => {
  await browser?.close();
  server?.close();
});

function randomCase(r, words, universe, years) {
  const kind = r.below(10);
  const query = kind <= 2 ? '' : kind === 3 ? `${r.pick(words)} ${r.pick(words)}` : r.pick(words);
  const filters = {};
  fields.forEach((spec, f) => {
    if (!r.percent(30)) return;
    const picked = Array.from({ length: 1 + r.below(3) }, () => r.pick(universe[f]));
    if (r.percent(5)) picked.push('不存在的值');
    // A single value may be given as a string.
    filters[spec.field] = picked.length === 1 && r.percent(50) ? picked[0] : picked;
  });
  const options = { filters, sort: r.pick(['relevance', 'newest', 'oldest']) };
  if (years.length > 0 && r.percent(30)) {
    const end = () => (r.percent(25) ? null : r.pick(years) + r.below(3) - 1);
    let [from, to] = [end(), end()];
    if (from !== null && to !== null && from > to) [from, to] = [to, from];
    const year = {};
    if (from !== null) year.from = from;
    if (to !== null || r.percent(50)) year.to = to;
    options.year = year;
  }
  return { query, options };
}

async function pagedHits(query, options, size) {
  const first = await browserSearch(page, query, { ...options, limit: size, offset: 0 });
  const hits = [...first.hits];
  for (let offset = size; offset < first.total; offset += size) {
    const r = await browserSearch(page, query, { ...options, limit: size, offset });
    assert.equal(r.total, first.total, 'total changes with the page');
    assert.deepStrictEqual(r.facets, first.facets, 'facets change with the page');
    assert.equal(r.hits.length, Math.min(size, first.total - offset), 'page size');
    hits.push(...r.hits);
  }
  const past = await browserSearch(page, query, { ...options, limit: size, offset: first.total });
  assert.equal(past.hits.length, 0, 'a page past the end has hits');
  return { first, hits };
}

test(`counts, hits and pages match a brute force for ${COMBINATIONS} random query + selection combinations`, async () => {
  const r = rng(0x5eed);
  const words = new Set();
  for (const d of docs) {
    const chars = [...d.title].filter((c) => /\p{Script=Han}/u.test(c));
    for (let k = 0; k < 2 && chars.length >= 2; k++) {
      const len = 2 + r.below(2);
      const start = r.below(Math.max(1, chars.length - len + 1));
      words.add(chars.slice(start, start + len).join(''));
    }
    for (const v of Object.values(d.facets).flat()) if (/^\p{Script=Han}{2,}$/u.test(v)) words.add(v);
  }
  const wordList = [...words].sort();
  const universe = fields.map((spec) => [...new Set(docs.flatMap((d) => [...expandValues(spec, d.facets[spec.field])]))].sort());
  const yearField = fields.find((f) => f.kind === 'year')?.field;
  const years = yearField ? [...new Set(docs.flatMap((d) => (d.facets[yearField] ?? []).map(Number)))] : [];

  const matchCache = new Map();
  let withHits = 0;
  let withSelection = 0;
  for (let k = 0; k < COMBINATIONS; k++) {
    const { query, options } = randomCase(r, wordList, universe, years);
    const label = JSON.stringify([query, options]);
    if (!matchCache.has(query)) {
      const q = await browserSearch(page, query, { limit: ALL });
      matchCache.set(query, q.hits.map((h) => h.id));
    }
    const want = bruteForceFacets(docs, matchCache.get(query), options, fields);

    const size = Math.max(1 + r.below(7), Math.ceil(want.total / 7));
    const { first, hits } = await pagedHits(query, options, size);
    assert.equal(first.total, want.total, `total: ${label}`);
    const ids = hits.map((h) => h.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate hits across pages: ${label}`);
    assert.deepStrictEqual(new Set(ids), want.ids, `hits: ${label}`);
    assert.deepStrictEqual(first.facets, want.facets, `facet counts and order: ${label}`);

    // The selection state is echoed, normalized.
    assert.deepStrictEqual(first.filters, want.filters, `echoed filters: ${label}`);
    assert.deepStrictEqual(first.year, want.year, `echoed year: ${label}`);
    const sort = query === '' && options.sort === 'relevance' ? 'newest' : options.sort;
    assert.equal(first.sort, sort, `sort: ${label}`);
    if (sort === 'relevance') {
      const scores = hits.map((h) => h.score);
      assert.ok(scores.every((s, i) => i === 0 || scores[i - 1] >= s), `relevance order: ${label}`);
    } else {
      assert.deepStrictEqual(ids, orderByYear(docs, ids, sort, yearField), `${sort} order: ${label}`);
    }
    if (k % 5 === 0) {
      const one = await browserSearch(page, query, { ...options, limit: ALL });
      assert.deepStrictEqual(one.hits.map((h) => h.id), ids, `one page differs from the pages: ${label}`);
    }
    withHits += want.total > 0 ? 1 : 0;
    withSelection += Object.keys(want.filters).length > 0 || want.year ? 1 : 0;
  }
  assert.ok(withHits > COMBINATIONS / 4, `only ${withHits} combinations with hits`);
  assert.ok(withSelection > COMBINATIONS / 3, `only ${withSelection} combinations with a selection`);
});

/** `casesearch search --json` with the facet options of this issue (`--year`, repeated `--filter`). */
function cliSearchWithYear(query, { filters = {}, year, sort, limit, offset }) {
  const args = ['search', '--index', DIST, '--json'];
  for (const [field, values] of Object.entries(filters)) {
    for (const v of [].concat(values)) args.push('--filter', `${field}=${v}`);
  }
  if (year) args.push('--year', `${year.from ?? ''}..${year.to ?? ''}`);
  if (sort) args.push('--sort', sort);
  if (limit !== undefined) args.push('--limit', String(limit));
  if (offset !== undefined) args.push('--offset', String(offset));
  args.push('--', query);
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
}

for (const [query, options] of [
  ['', { filters: { region: ['云南', '云南/曲靖'] }, year: { from: 2020, to: 2022 }, sort: 'oldest', limit: 5 }],
  ['银行', { year: { from: 2021 }, filters: { tags: ['小微', '科创'] }, limit: 4, offset: 2 }],
  ['', { year: { to: 2020 }, sort: 'newest', limit: 50 }],
]) {
  test(`search(${JSON.stringify(query)}, ${JSON.stringify(options)}) with a year range is identical in the browser and the CLI`, async () => {
    assert.deepStrictEqual(await browserSearch(page, query, options), cliSearchWithYear(query, options));
  });
}

test('a malformed year range is rejected with the expected form in the message', async () => {
  const message = await page.evaluate(() =>
    document.querySelector('case-search').search('', { year: '2020-2022' }).then(() => 'accepted', (e) => e.message));
  assert.match(message, /FROM\.\.TO/);
});
