// casesearch and Pagefind side by side: build each corpus with both, then load
// both pages in one headless-Chromium run and measure what a visitor waits for.
// `./build.sh bench` runs this after building dist/, the CLI and the corpus
// generator; see BENCHMARKS.md for what each figure means.
//
//   node bench/run.mjs [--sizes sample,1k,10k,50k] [--cold-runs 3] [--no-report]
//   node bench/run.mjs --sizes 50k --merge   # add to (or replace in) the sizes of the last results.json
//   node bench/run.mjs --report-only    # BENCHMARKS.md and the chart again from target/bench/results.json

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { FIRST_QUERY, QUERIES } from './queries.mjs';
import { folderSize, serveStatic } from './serve.mjs';
import { writeReport } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'target/bench');
const DIST = path.join(ROOT, process.env.DIST ?? 'dist');
const CLI = path.join(ROOT, 'target/release/casesearch');
const SYNTH = path.join(ROOT, 'target/release/examples/synth');
const SIZES = { sample: 0, '1k': 1000, '10k': 10000, '50k': 50000 };
/** Slow 3G as the issue defines it: 400 kbit/s each way, 400 ms round trip. */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const TIMEOUT = 10 * 60_000;
/** Where the report goes: the committed files, except in CI, whose sample-only run must not replace them. */
const REPORT = process.env.CI
  ? { markdown: path.join(OUT, 'BENCHMARKS.md'), svg: path.join(OUT, 'docs/bench.svg') }
  : { markdown: path.join(ROOT, 'BENCHMARKS.md'), svg: path.join(ROOT, 'docs/bench.svg') };

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES || 'sample,1k,10k,50k' },
    'cold-runs': { type: 'string', default: process.env.BENCH_COLD_RUNS || '3' },
    // Pagefind 1.6's build peaked at 7.5 GB of RSS on 10k documents here, growing with the corpus.
    'pagefind-max-docs': { type: 'string', default: process.env.BENCH_PAGEFIND_MAX_DOCS || '20000' },
    'no-report': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map((s) => s.trim()).filter(Boolean);
for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s}; use ${Object.keys(SIZES).join(', ')}`);
const coldRuns = Math.max(1, Number(args['cold-runs']) || 3);

const RUN_STARTED = new Date().toISOString();
const log = (...a) => console.error('bench:', ...a);

/** Pagefind's extended binary (it segments Chinese), from its platform package. */
function pagefindBinary() {
  const platform = { win32: 'windows' }[process.platform] ?? process.platform;
  const bin = path.join(ROOT, `node_modules/@pagefind/${platform}-${process.arch}/bin/pagefind_extended`);
  if (!existsSync(bin)) throw new Error(`${bin} is missing; run npm ci (the pagefind package brings it)`);
  return bin;
}

/** Runs a command under GNU time; returns wall and CPU seconds and peak RSS. */
function timed(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-v', 'nice', '-n', '5', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  const field = (name) => r.stderr.match(new RegExp(`${name}: (.+)`))?.[1]?.trim();
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').reduce((acc, x) => acc * 60 + Number(x), 0);
  return {
    wall_s: wall,
    cpu_s: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    peak_rss_kb: Number(field('Maximum resident set size \\(kbytes\\)')),
  };
}

/** Writes the corpus of one size: casesearch Markdown (or the sample itself) and Pagefind HTML. */
function generate(size, dir) {
  const n = SIZES[size];
  const stamp = path.join(dir, '.complete');
  const want = `${n} ${statSync(SYNTH).mtimeMs}`;
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === want)) {
    log(`generating the ${size} corpus`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('nice', ['-n', '5', SYNTH, path.join(ROOT, 'corpus'), n ? String(n) : 'sample', dir], { stdio: 'inherit' });
    writeFileSync(stamp, want);
  }
  return { md: n ? path.join(dir, 'md') : path.join(ROOT, 'corpus'), html: path.join(dir, 'html') };
}

/** Builds both indexes and assembles the two sites; returns the build figures. */
function buildSites(size, dir, corpus) {
  const csOut = path.join(dir, 'cs-index');
  const csSite = path.join(dir, 'cs-site');
  const pfSite = path.join(dir, 'pf-site');
  for (const d of [csOut, csSite, pfSite]) rmSync(d, { recursive: true, force: true });
  mkdirSync(csOut, { recursive: true });
  log(`${size}: casesearch build`);
  const cs = timed(CLI, ['build', corpus.md, '--out', csOut]);
  const docs = readdirSync(path.join(corpus.html, 'cases')).length;
  let pf = null;
  if (docs <= Number(args['pagefind-max-docs'])) {
    log(`${size}: pagefind build`);
    pf = timed(pagefindBinary(), ['--site', corpus.html, '--output-path', path.join(pfSite, 'pagefind'), '--force-language', 'zh-cn', '--quiet']);
  } else {
    log(`${size}: no pagefind build (${docs} documents > --pagefind-max-docs ${args['pagefind-max-docs']})`);
  }

  // casesearch site: the widget as dist/ ships it (its www/ files and pkg/), the index, the page.
  mkdirSync(csSite, { recursive: true });
  for (const name of readdirSync(path.join(ROOT, 'www'))) {
    if (name !== 'index.html' && existsSync(path.join(DIST, name))) cpSync(path.join(DIST, name), path.join(csSite, name), { recursive: true });
  }
  cpSync(path.join(DIST, 'pkg'), path.join(csSite, 'pkg'), { recursive: true });
  cpSync(csOut, csSite, { recursive: true });
  cpSync(path.join(ROOT, 'bench/pages/casesearch.html'), path.join(csSite, 'index.html'));
  const built = { casesearch: { ...cs, output: folderSize(csOut) }, sites: { casesearch: csSite } };
  if (pf) {
    cpSync(path.join(ROOT, 'bench/pages/pagefind.html'), path.join(pfSite, 'index.html'));
    built.pagefind = { ...pf, output: folderSize(path.join(pfSite, 'pagefind')) };
    built.sites.pagefind = pfSite;
  } else {
    built.pagefind = {
      skipped: `Its build was not run on ${docs.toLocaleString('en')} documents: Pagefind ${pagefindVersion()} peaked at 7.5 GB of RSS on 10,000 documents on this machine, and its memory grows with the corpus, so it would not fit in the machine's ${Math.round(os.totalmem() / 2 ** 30)} GiB (raise the limit with --pagefind-max-docs or BENCH_PAGEFIND_MAX_DOCS on a larger machine).`,
    };
  }
  return built;
}

// ---- in the browser ----------------------------------------------------------

/** Installed before any page script: long tasks and a resource-timing buffer that never fills. */
const INIT_SCRIPT = `
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  performance.setResourceTimingBufferSize(1e6);
`;

/** Per engine: the search box, and "the first results of the typed query are on screen". */
const ENGINES = {
  casesearch: { input: 'case-search input[type="search"]' },
  pagefind: { input: 'input.pagefind-ui__search-input' },
};

/** In the page: performance.now() once a highlighted result is shown, else false. */
function firstResultShown(engine) {
  const hit = engine === 'casesearch'
    ? document.querySelector('case-search')?.shadowRoot?.querySelector('.results li mark')
    : document.querySelector('.pagefind-ui__result mark');
  return hit && hit.getClientRects().length ? performance.now() : false;
}

/** In the page: each query through the engine's JS API, to a displayable top 10. */
async function runQueries([engine, queries]) {
  let run;
  if (engine === 'casesearch') {
    const el = document.querySelector('case-search');
    await el.ready;
    run = async ({ q, filters }) => {
      const r = await el.search(q, filters ? { filters, limit: 10 } : { limit: 10 });
      return { count: r.total, shown: r.hits.length };
    };
  } else {
    // The same module instance the default UI imported, so its loaded chunks are shared.
    const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
    run = async ({ q, filters }) => {
      const r = await pagefind.search(q, filters ? { filters } : {});
      const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      return { count: r.results.length, shown: top.length };
    };
  }
  const start = performance.now();
  const out = [];
  for (const query of queries) {
    // Start each query from a page task (not from the devtools call), so its main-thread work shows as long tasks.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const t = performance.now();
    const r = await run(query);
    out.push({ q: query.q, ms: performance.now() - t, ...r });
  }
  return { start, end: performance.now(), results: out };
}

async function memory(page, cdp, before) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js_heap_used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  const uasm = await page.evaluate(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
    return (await performance.measureUserAgentSpecificMemory()).bytes;
  });
  const renderer = rendererMemory(before);
  return {
    over_blank: renderer.private == null || blankPrivate == null ? null : renderer.private - blankPrivate,
    renderer_private: renderer.private,
    renderer_rss: renderer.rss,
    js_heap_used,
    ua_specific: uasm,
  };
}

/** Chromium renderer processes started by this node process (pid → RSS bytes). */
function renderers() {
  const parent = new Map();
  const found = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {}
  }
  const mine = (pid) => {
    for (let p = pid, i = 0; p && p !== '0' && i < 50; p = parent.get(p), i++) if (p === String(process.pid)) return true;
    return false;
  };
  for (const pid of parent.keys()) {
    try {
      if (!mine(pid) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const rss = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (rss) found.set(pid, Number(rss[1]) * 1024);
    } catch {}
  }
  return found;
}

/**
 * The page's renderer process (the largest renderer that was not there before
 * its context opened): RSS, and private memory (pages no other process maps,
 * so Chromium's shared code is left out). Dedicated workers run in it too.
 */
function rendererMemory(before) {
  let pid = null;
  let largest = -1;
  for (const [p, rss] of renderers()) {
    if (!before.has(p) && rss > largest) [pid, largest] = [p, rss];
  }
  if (pid === null) return { rss: null, private: null };
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (name) => Number(text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
    return { rss: kb('Rss') * 1024, private: (kb('Private_Clean') + kb('Private_Dirty')) * 1024 };
  } catch {
    return { rss: null, private: null };
  }
}

const bodySizes = new Map();
/** Raw and gzip -9 bytes of a served file (its body as fetched; the server's own compression aside). */
function bodySize(file) {
  if (!bodySizes.has(file)) {
    const body = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    bodySizes.set(file, { raw: body.length, gz: gzipSync(body, { level: 9 }).length });
  }
  return bodySizes.get(file);
}

/**
 * Opens `url` in a fresh context with the cache disabled, types the first query
 * as soon as the box takes input, and waits for its first highlighted result.
 */
async function coldLoad(browser, engine, url, root, { throttle = false } = {}) {
  const before = renderers();
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Performance.enable');
  await page.addInitScript(INIT_SCRIPT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const finished = [];
  page.on('requestfinished', (req) => finished.push(req));
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  const input = page.locator(ENGINES[engine].input);
  await input.fill(FIRST_QUERY, { timeout: TIMEOUT });
  // Enter runs the query at once where the UI supports it (casesearch skips its debounce).
  await input.press('Enter', { timeout: TIMEOUT });
  const firstMs = await (await page.waitForFunction(firstResultShown, engine, { polling: 'raf', timeout: TIMEOUT })).jsonValue();

  // What was fetched before the results showed, from the network log (which, unlike the
  // page's resource timing, also sees a worker's fetches), sized from the served files.
  const shownAt = firstMs + (await page.evaluate(() => performance.timeOrigin));
  await page.waitForTimeout(100);
  const requestList = [];
  for (const req of finished) {
    const t = req.timing();
    if (t.startTime + t.responseEnd > shownAt) continue;
    const rel = decodeURIComponent(new URL(req.url()).pathname);
    const status = (await req.response())?.status() ?? 0;
    requestList.push({ url: rel, status, ...bodySize(path.join(root, rel.endsWith('/') ? rel + 'index.html' : rel)) });
  }
  return {
    context, page, cdp, before, errors,
    cold: {
      first_results_ms: firstMs,
      requests: requestList,
      bytes_gz: requestList.reduce((a, r) => a + r.gz, 0),
      bytes_raw: requestList.reduce((a, r) => a + r.raw, 0),
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};
const longtaskSummary = (tasks) => ({
  count: tasks.length,
  max_ms: tasks.reduce((a, [, d]) => Math.max(a, d), 0),
  total_ms: tasks.reduce((a, [, d]) => a + d, 0),
});

async function measureEngine(browser, engine, url, root) {
  const colds = [];
  let last;
  for (let run = 0; run < coldRuns; run++) {
    last = await coldLoad(browser, engine, url, root);
    colds.push(last.cold);
    log(`  ${engine} cold ${run + 1}/${coldRuns}: ${last.cold.first_results_ms.toFixed(0)} ms, ${(last.cold.bytes_gz / 1024).toFixed(0)} kB gz in ${last.cold.requests.length} requests`);
    if (run < coldRuns - 1) await last.context.close();
  }
  const { context, page, cdp, before, errors } = last;
  const loadEnd = await page.evaluate(() => performance.now());
  const afterLoad = await memory(page, cdp, before);
  const pass1 = await page.evaluate(runQueries, [engine, QUERIES]);
  const afterQueries = await memory(page, cdp, before);
  const pass2 = await page.evaluate(runQueries, [engine, QUERIES]);
  const tasks = await page.evaluate(() => window.__longtasks);
  await context.close();
  const ms = pass1.results.map((r) => r.ms);
  // Bytes and requests of the median load (Pagefind's vary a little with what its UI had started fetching).
  const mid = [...colds].sort((a, b) => a.first_results_ms - b.first_results_ms)[(colds.length - 1) >> 1];
  const result = {
    cold: {
      first_results_ms: median(colds.map((c) => c.first_results_ms)),
      runs_ms: colds.map((c) => c.first_results_ms),
      bytes_gz: mid.bytes_gz,
      bytes_raw: mid.bytes_raw,
      requests: mid.requests,
    },
    warm: {
      p50_ms: percentile(ms, 50),
      p95_ms: percentile(ms, 95),
      max_ms: Math.max(...ms),
      repeat_p50_ms: percentile(pass2.results.map((r) => r.ms), 50),
      repeat_p95_ms: percentile(pass2.results.map((r) => r.ms), 95),
      queries: pass1.results,
    },
    memory: { after_load: afterLoad, after_queries: afterQueries },
    longtasks: {
      load: longtaskSummary(tasks.filter(([t]) => t < loadEnd)),
      queries: longtaskSummary(tasks.filter(([t]) => t >= pass1.start && t <= pass1.end)),
    },
    page_errors: errors,
  };
  log(`  ${engine} warm p50 ${result.warm.p50_ms.toFixed(1)} ms, p95 ${result.warm.p95_ms.toFixed(1)} ms; renderer private memory ${(afterQueries.renderer_private / 2 ** 20).toFixed(1)} MiB`);
  return result;
}

let blankPrivate = null;
/** Private memory of a renderer showing an empty page, after GC: the baseline page memory is measured against. */
async function measureBlank(browser) {
  const server = await serveStatic(path.join(ROOT, 'bench/pages'));
  try {
    const before = renderers();
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(server.url + 'blank.html');
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(500);
    blankPrivate = rendererMemory(before).private;
    await context.close();
  } finally {
    await server.close();
  }
  log(`blank page renderer: ${(blankPrivate / 2 ** 20).toFixed(1)} MiB private`);
  return blankPrivate;
}

async function throttledLoad(browser, engine, url, root) {
  const r = await coldLoad(browser, engine, url, root, { throttle: true });
  await r.context.close();
  log(`  ${engine} slow 3G: ${r.cold.first_results_ms.toFixed(0)} ms`);
  return { first_results_ms: r.cold.first_results_ms, bytes_gz: r.cold.bytes_gz, requests: r.cold.requests.length };
}

function pagefindVersion() {
  return JSON.parse(readFileSync(path.join(ROOT, 'node_modules/pagefind/package.json'), 'utf8')).version;
}

function machine(browserVersion) {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();

  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    load_average: os.loadavg().map((x) => Number(x.toFixed(1))),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: browserVersion,
    pagefind: pagefindVersion(),
    // The last commit that changed the engine or the widget (not this benchmark).
    casesearch_commit: git('log', '-1', '--format=%h', '--', 'src', 'www', 'Cargo.toml', 'Cargo.lock', 'build.rs') +
      (git('status', '--porcelain', '--', 'src', 'www', 'Cargo.toml', 'Cargo.lock', 'build.rs') ? ' (modified)' : ''),
    wasm_bytes: statSync(path.join(DIST, 'pkg/casesearch_bg.wasm')).size,
  };
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const results = { sizes: {}, order: sizes };
  const sites = {};
  for (const size of sizes) {
    const dir = path.join(OUT, size);
    const corpus = generate(size, dir);
    const built = buildSites(size, dir, corpus);
    sites[size] = built.sites;
    const docs = readdirSync(path.join(corpus.html, 'cases')).length;
    results.sizes[size] = { documents: docs, run: RUN_STARTED, build: { casesearch: built.casesearch, pagefind: built.pagefind } };
    log(`${size}: ${docs} documents; build ${built.casesearch.wall_s}s vs ${built.pagefind.wall_s ?? '—'}s`);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      // measureUserAgentSpecificMemory() answers at once instead of at the next GC.
      '--enable-blink-features=ForceEagerMeasureMemory'],
  });
  results.machine = machine(browser.version());
  try {
    results.machine.blank_renderer_private = await measureBlank(browser);
    for (const size of sizes) {
      const servers = {};
      const engines = Object.keys(sites[size]);
      for (const engine of engines) servers[engine] = await serveStatic(sites[size][engine]);
      try {
        const browserResults = {};
        for (const engine of engines) {
          log(`${size}: ${engine} in Chromium`);
          browserResults[engine] = await measureEngine(browser, engine, servers[engine].url, sites[size][engine]);
        }
        if (size === 'sample') {
          browserResults.slow3g = {};
          for (const engine of engines) browserResults.slow3g[engine] = await throttledLoad(browser, engine, servers[engine].url, sites[size][engine]);
        }
        Object.assign(results.sizes[size], browserResults, {
          load_average: results.machine.load_average,
          blank_renderer_private: results.machine.blank_renderer_private,
        });
      } finally {
        for (const s of Object.values(servers)) await s.close();
      }
    }
  } finally {
    await browser.close();
  }
  const file = path.join(OUT, 'results.json');
  if (args.merge && existsSync(file)) {
    const previous = JSON.parse(readFileSync(file, 'utf8'));
    for (const [size, r] of Object.entries(previous.sizes)) if (!(size in results.sizes)) results.sizes[size] = r;
    results.order = Object.keys(SIZES).filter((s) => s in results.sizes);
  }
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`wrote ${path.relative(ROOT, path.join(OUT, 'results.json'))}`);
  if (!args['no-report']) {
    writeReport(results, REPORT);
    log(`wrote ${path.relative(ROOT, REPORT.markdown)} and ${path.relative(ROOT, REPORT.svg)}`);
  }
}

if (args['report-only']) {
  writeReport(JSON.parse(readFileSync(path.join(OUT, 'results.json'), 'utf8')), REPORT);
} else {
  await main();
}
