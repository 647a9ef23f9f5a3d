// A static loopback server for the benchmark pages, the same for both engines.
//
// Not `casesearch serve`, because the benchmark needs two things it does not do:
// gzip (what a visitor of a real static host gets, so throttled times are
// realistic; every file is compressed once at start, at level 6 like common
// servers, so compression never runs inside a timed request) and cross-origin
// isolation headers (COOP/COEP), without which Chromium does not offer
// performance.measureUserAgentSpecificMemory().

import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Serves `root` on a free loopback port; resolves to { url, close }. */
export async function serveStatic(root) {
  root = path.resolve(root);
  const files = new Map();
  for (const file of walk(root)) {
    const rel = '/' + path.relative(root, file).split(path.sep).join('/');
    const body = readFileSync(file);
    files.set(rel, { body, gzip: gzipSync(body, { level: 6 }), type: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  }
  const server = createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      rel = '';
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = files.get(rel);
    const headers = {
      'Cache-Control': 'no-cache',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? file.gzip : file.body;
    res.writeHead(200, {
      ...headers,
      'Content-Type': file.type,
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      Vary: 'Accept-Encoding',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Total bytes and file count of a folder (an index output, say). */
export function folderSize(dir) {
  let bytes = 0;
  let count = 0;
  for (const f of walk(dir)) {
    bytes += statSync(f).size;
    count += 1;
  }
  return { bytes, files: count };
}
