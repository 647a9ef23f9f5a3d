// Shared helpers for the browser tests: the built demo (dist/), the native CLI,
// a loopback server, and headless Chromium driven by playwright-core.

import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = path.resolve(ROOT, process.env.DIST ?? 'dist');
export const CLI = path.join(ROOT, 'target/release/casesearch');

/** Serves `dir` with `casesearch serve` on a free loopback port. */
export async function startServer(dir = DIST) {
  const child = spawn(CLI, ['serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/\S+\/)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`casesearch serve exited with ${code}`)));
  });
  return { url, close: () => child.kill() };
}

/** Launches Debian's Chromium headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Opens a page (`pageOptions` as for browser.newPage: viewport, colorScheme…) and waits until its <case-search> has loaded (or failed to load) its index. */
export async function openWidget(browser, url, pageOptions = {}) {
  const page = await browser.newPage(pageOptions);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(url);
  await page.waitForFunction(() => Boolean(customElements.get('case-search') && document.querySelector('case-search')?.ready));
  await page.evaluate(() => document.querySelector('case-search').ready.catch(() => {}));
  page.pageErrors = errors;
  return page;
}

/** The widget's search(): the same JSON object the CLI prints. */
export function browserSearch(page, query, options = {}) {
  return page.evaluate(([q, o]) => document.querySelector('case-search').search(q, o), [query, options]);
}

/** `casesearch search --json` on an index folder. */
export function cliSearch(query, { filters = {}, limit, offset, sort, year } = {}, index = DIST) {
  const args = ['search', '--index', index, '--json'];
  for (const [field, values] of Object.entries(filters)) {
    for (const v of [].concat(values)) args.push('--filter', `${field}=${v}`);
  }
  if (limit !== undefined) args.push('--limit', String(limit));
  if (offset !== undefined) args.push('--offset', String(offset));
  if (sort !== undefined) args.push('--sort', sort);
  if (year) args.push('--year', `${year.from ?? ''}..${year.to ?? ''}`);
  args.push('--', query);
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
}

/** `casesearch show --json`. */
export function cliShow(id, index = DIST, query = '') {
  return JSON.parse(execFileSync(CLI, ['show', '--index', index, '--json', '--query', query, '--', id], { encoding: 'utf8' }));
}

/**
 * Builds a site from a throw-away corpus: `files` maps file names to contents
 * (Markdown case files, casesearch.toml, aliases.toml). Returns the site folder,
 * which holds the widget and the WASM from dist/ plus the new index.
 */
export function buildSite(files) {
  const base = mkdtempSync(path.join(tmpdir(), 'casesearch-'));
  const corpus = path.join(base, 'corpus');
  const site = path.join(base, 'site');
  mkdirSync(corpus);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(corpus, name), text);
  cpSync(DIST, site, { recursive: true });
  execFileSync(CLI, ['build', corpus, '--out', site], { stdio: ['ignore', 'ignore', 'pipe'] });
  return site;
}

/** A copy of dist/ in a temporary folder with `files` (name → text) added or replaced; returns its path. */
export function copySite(files = {}) {
  const site = path.join(mkdtempSync(path.join(tmpdir(), 'casesearch-site-')), 'site');
  cpSync(DIST, site, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(site, name), text);
  return site;
}

/**
 * Registers hooks that serve dist/, launch Chromium and open the demo page once
 * for the calling test file. Returns an object whose `page` is set before the tests run.
 */
export function useDemoPage() {
  const ctx = { page: null, server: null, browser: null };
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
    ctx.page = await openWidget(ctx.browser, ctx.server.url + 'index.html');
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.server?.close();
  });
  return ctx;
}

/** Page options for a 375×812 phone with touch. */
export const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Waits until the widget's status line (the live region) matches `pattern` (a RegExp source string or RegExp). */
export async function waitForStatus(page, pattern) {
  const source = pattern instanceof RegExp ? pattern.source : pattern;
  await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('case-search').shadowRoot.querySelector('.status')?.textContent ?? ''), source);
  return page.evaluate(() => document.querySelector('case-search').shadowRoot.querySelector('.status').textContent);
}

/** Types `q` into the search box like a user (key by key) and waits for the results of exactly that query. */
export async function typeQuery(page, q) {
  const input = page.locator('case-search input[part=input]');
  await input.fill('');
  await input.pressSequentially(q, { delay: 15 });
  await input.press('Enter');
  await page.waitForFunction((q) => {
    const w = document.querySelector('case-search');
    return w.state.q === q && w.settled;
  }, q);
}

/** The ids of the rendered results, in order. */
export function resultIds(page) {
  return page.evaluate(() => [...document.querySelector('case-search').shadowRoot.querySelectorAll('.results > li')].map((li) => li.dataset.id));
}

/** WCAG contrast ratio of two CSS colours given as `rgb(r, g, b)` strings. */
export function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * Registers hooks that serve dist/ and launch Chromium for the calling test
 * file. Returns an object whose `server` and `browser` are set before the tests run.
 */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}

/** Waits until the widget's screen answers its current state. */
export const settled = (page) => page.waitForFunction(() => document.querySelector('case-search').settled);
