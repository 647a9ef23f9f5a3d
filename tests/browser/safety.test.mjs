// Bad input never breaks the page: a corrupt or wrong-version index shows a readable
// message, and text from the corpus is shown as text, never run as HTML.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, startServer, launchBrowser, openWidget, buildSite } from './harness.mjs';

let browser;
const servers = [];

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/** A site whose demo page loads `index` instead of the real index. */
async function siteWithIndex(name, bytes) {
  const site = buildSite({ 'a.md': '+++\ntitle = "样例"\n+++\n正文。\n' });
  writeFileSync(path.join(site, name), bytes);
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8').replace('index="casesearch.idx"', `index="${name}"`);
  writeFileSync(path.join(site, 'index.html'), html);
  const server = await startServer(site);
  servers.push(server);
  return server.url + 'index.html';
}

async function errorText(url) {
  const page = await openWidget(browser, url);
  const alert = page.locator('case-search [role=alert]');
  await alert.waitFor({ state: 'visible' });
  const text = await alert.textContent();
  await page.close();
  return text;
}

test('a corrupt index shows a readable message', async () => {
  const bytes = readFileSync(path.join(DIST, 'casesearch.idx'));
  bytes[bytes.length - 100] ^= 0xff;
  const text = await errorText(await siteWithIndex('corrupt.idx', bytes));
  assert.match(text, /检索索引无法使用/);
  assert.match(text, /damaged/);
});

test('an index of another format version says to rebuild', async () => {
  const bytes = readFileSync(path.join(DIST, 'casesearch.idx'));
  bytes.writeUInt32LE(bytes.readUInt32LE(8) + 1, 8);
  const text = await errorText(await siteWithIndex('future.idx', bytes));
  assert.match(text, /format version \d+/);
  assert.match(text, /rebuild/);
});

test('a file that is not an index (an HTML error page) is named as such', async () => {
  const text = await errorText(await siteWithIndex('oops.idx', Buffer.from('<!doctype html><title>404</title>')));
  assert.match(text, /not a casesearch index/);
});

test('a missing index reports the HTTP failure', async () => {
  const site = buildSite({ 'a.md': '+++\ntitle = "样例"\n+++\n正文。\n' });
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8').replace('index="casesearch.idx"', 'index="missing.idx"');
  writeFileSync(path.join(site, 'index.html'), html);
  const server = await startServer(site);
  servers.push(server);
  const text = await errorText(server.url + 'index.html');
  assert.match(text, /HTTP 404/);
});

test('corpus text that looks like HTML is displayed as text', async () => {
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const site = buildSite({
    'evil.md': `+++\ntitle = "${evil.replaceAll('"', '\\"')} 标题"\n[facets]\n+++\n科创贷款 ${evil} 的案例。\n`,
  });
  const server = await startServer(site);
  servers.push(server);
  const page = await openWidget(browser, server.url + 'index.html');
  const input = page.locator('case-search input[type=search]');
  await input.fill('科创贷款');
  await input.press('Enter');
  await page.locator('case-search .results > li').first().waitFor();
  const result = await page.evaluate(() => {
    const root = document.querySelector('case-search').shadowRoot;
    const li = root.querySelector('.results > li');
    return {
      imgs: root.querySelectorAll('.results img, .results script').length,
      title: li.querySelector('h3').textContent,
      snippet: li.querySelector('.snippet').textContent,
      pwned: window.__pwned ?? null,
    };
  });
  assert.equal(result.imgs, 0);
  assert.equal(result.pwned, null);
  assert.ok(result.title.includes('<img src=x'), result.title);
  assert.ok(result.snippet.includes('<script>'), result.snippet);
  await page.close();
});
