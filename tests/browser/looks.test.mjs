// Looks: a strict Content-Security-Policy on the demo page, dark mode from the
// system and from the theme attribute, no host styles leaking in, and theming
// through custom properties and ::part.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, startServer, launchBrowser, openWidget, copySite, typeQuery, PHONE } from './harness.mjs';

let browser;
let server;
let site;

const HOST = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="host.css">
<script type="module" src="casesearch.js"></script></head><body>
<case-search index="casesearch.idx" url-state="off"></case-search>
<case-search index="casesearch.idx" url-state="off" class="themed"></case-search></body></html>`;
const HOST_CSS = `body { color: rgb(255, 0, 0); font-family: serif; letter-spacing: 3px; line-height: 3; text-align: center; font-style: italic; }
case-search.themed { --cs-accent: rgb(0, 100, 0); --cs-radius: 0px; }
case-search.themed::part(result-title) { text-decoration: underline; }`;

before(async () => {
  browser = await launchBrowser();
  site = copySite({ 'host.html': HOST, 'host.css': HOST_CSS });
  server = await startServer(site);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the demo page runs under a strict Content-Security-Policy without a single violation', async () => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'no CSP meta tag');
  assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'"), csp);
  assert.ok(!/<style|\sstyle=|<script(?![^>]*\ssrc=)/.test(html), 'inline script or style in index.html');
  const page = await browser.newPage(PHONE);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => document.querySelector('case-search')?.settled);
  await typeQuery(page, '专精特新');
  await page.locator('case-search .filter-button').tap();
  await page.locator('case-search dialog.facets li').first().locator('label').tap();
  await page.locator('case-search .drawer-foot button').tap();
  await page.locator('case-search .results a.title').first().tap();
  await page.locator('case-search #reader-title').waitFor();
  await page.locator('case-search .match-nav .next').tap();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // The detector works: an inline style is reported.
  await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' })));
  await page.waitForFunction(() => window.__violations.length > 0);
  assert.match((await page.evaluate(() => window.__violations))[0], /style-src/);
  await page.close();
});

const hostBackground = (page, selector = 'case-search') => page.evaluate((s) => getComputedStyle(document.querySelector(s)).backgroundColor, selector);
const isDark = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) < 150;

test('dark mode follows the system, and the theme attribute overrides it either way', async () => {
  const page = await openWidget(browser, server.url + 'index.html', { colorScheme: 'dark' });
  assert.ok(isDark(await hostBackground(page)), 'system dark');
  // The facets appear with the first answer, which comes asynchronously.
  await page.waitForFunction(() => document.querySelector('case-search').shadowRoot.querySelector('legend'));
  const legend = await page.evaluate(() => getComputedStyle(document.querySelector('case-search').shadowRoot.querySelector('legend')).color);
  assert.ok(!isDark(legend), `facet labels readable on dark: ${legend}`);
  await page.evaluate(() => document.querySelector('case-search').setAttribute('theme', 'light'));
  assert.ok(!isDark(await hostBackground(page)), 'theme=light on a dark system');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => document.querySelector('case-search').setAttribute('theme', 'dark'));
  assert.ok(isDark(await hostBackground(page)), 'theme=dark on a light system');
  await page.evaluate(() => document.querySelector('case-search').setAttribute('theme', 'auto'));
  assert.ok(!isDark(await hostBackground(page)), 'theme=auto follows the light system');
  await page.close();
});

test('host page styles do not leak in; custom properties and ::part theme the widget', async () => {
  const page = await openWidget(browser, server.url + 'host.html');
  await page.waitForFunction(() => [...document.querySelectorAll('case-search')].every((w) => w.settled));
  await page.evaluate(() => document.querySelectorAll('case-search')[1].setState({ q: '贷款' }));
  await page.waitForFunction(() => document.querySelectorAll('case-search')[1].shadowRoot.querySelector('.results a.title'));
  const styles = await page.evaluate(() => {
    const [plain, themed] = document.querySelectorAll('case-search');
    const cs = (w, sel) => getComputedStyle(w.shadowRoot.querySelector(sel));
    return {
      color: cs(plain, '.status').color,
      letterSpacing: cs(plain, '.status').letterSpacing,
      textAlign: cs(plain, '.status').textAlign,
      fontStyle: cs(plain, '.status').fontStyle,
      fontFamily: cs(plain, '.status').fontFamily,
      titleColor: cs(themed, '.results a.title').color,
      titleDecoration: cs(themed, '.results a.title').textDecorationLine,
      radius: cs(themed, 'input[part=input]').borderTopLeftRadius,
      plainRadius: cs(plain, 'input[part=input]').borderTopLeftRadius,
    };
  });
  assert.notEqual(styles.color, 'rgb(255, 0, 0)');
  assert.equal(styles.letterSpacing, 'normal');
  assert.equal(styles.textAlign, 'start');
  assert.equal(styles.fontStyle, 'normal');
  assert.ok(!/^serif$/.test(styles.fontFamily), styles.fontFamily);
  assert.equal(styles.titleColor, 'rgb(0, 100, 0)');
  assert.equal(styles.titleDecoration, 'underline');
  assert.equal(styles.radius, '0px');
  assert.notEqual(styles.plainRadius, '0px');
  // url-state="off": the page URL is left alone.
  assert.equal(new URL(page.url()).search, '');
  await page.close();
});
