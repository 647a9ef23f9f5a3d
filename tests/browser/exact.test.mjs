// The property test in the browser: the random corpus substrings that
// tests/exact_search.rs drew (with the documents an independent oracle found
// for each) are replayed through the widget's search() in Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, useDemoPage } from './harness.mjs';

const FIXTURE = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'tmp', 'exact-queries.json');

const demo = useDemoPage();

test('random corpus substrings find exactly the documents that contain them, in the browser', async () => {
  assert.ok(existsSync(FIXTURE), `${FIXTURE} is missing: run \`cargo test --test exact_search\` first (./build.sh test does)`);
  const cases = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  assert.ok(cases.length >= 1000, `only ${cases.length} queries`);
  const got = await demo.page.evaluate(async (queries) => {
    const widget = document.querySelector('case-search');
    const out = [];
    for (const q of queries) {
      const r = await widget.search(q, { limit: 1000 });
      out.push({ total: r.total, partial: r.partial, ids: r.hits.map((h) => h.id).sort() });
    }
    return out;
  }, cases.map((c) => c.query));
  const wrong = [];
  cases.forEach((c, i) => {
    const want = [...c.expected].sort();
    const { ids, total, partial } = got[i];
    if (partial || total !== want.length || JSON.stringify(ids) !== JSON.stringify(want)) {
      wrong.push(`${JSON.stringify(c.query)}: got ${ids.join(',')} want ${want.join(',')}`);
    }
  });
  assert.deepEqual(wrong, [], `${wrong.length} of ${cases.length} queries wrong`);
});
