// Takes the README's screenshots of the built demo into docs/:
//   DIST=dist node tests/browser/screenshots.mjs
// Needs a CJK font in the system (Debian: fonts-wqy-microhei or fonts-noto-cjk).

import path from 'node:path';
import { ROOT, startServer, launchBrowser, openWidget, PHONE } from './harness.mjs';

const out = (name) => path.join(ROOT, 'docs', name);
const q = (s) => encodeURIComponent(s);
const settled = (page) => page.waitForFunction(() => document.querySelector('case-search').settled);

const server = await startServer();
const browser = await launchBrowser();
try {
  const desktop = { viewport: { width: 1280, height: 860 } };

  let page = await openWidget(browser, `${server.url}index.html?q=${q('专精特新')}&f.region=${q('云南/昆明')}`, desktop);
  await settled(page);
  await page.screenshot({ path: out('screenshot-desktop.png') });
  await page.close();

  page = await openWidget(browser, `${server.url}index.html?q=${q('小微 贷款')}&f.region=${q('云南')}`, PHONE);
  await settled(page);
  await page.locator('case-search .filter-button').tap();
  await page.locator('case-search dialog.facets').waitFor({ state: 'visible' });
  await page.screenshot({ path: out('screenshot-phone-filters.png') });
  await page.close();

  page = await openWidget(browser, `${server.url}index.html?q=${q('专精特新')}&case=000-21`, desktop);
  await page.locator('case-search #reader-title').waitFor();
  await page.screenshot({ path: out('screenshot-reader.png') });
  await page.close();

  page = await openWidget(browser, `${server.url}index.html?q=${q('工行')}&sort=newest`, { ...desktop, colorScheme: 'dark' });
  await settled(page);
  await page.screenshot({ path: out('screenshot-dark.png') });
  await page.close();
} finally {
  await browser.close();
  server.close();
}
console.log('wrote docs/screenshot-{desktop,phone-filters,reader,dark}.png');
