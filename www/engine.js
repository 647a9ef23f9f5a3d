// The search engine behind <case-search>: loads the WASM module and the index,
// answers search() and show(). The widget (casesearch.js) talks only to this
// module, so how the engine loads and where it runs can change without touching
// the UI.
//
//   const engine = await openEngine(indexUrl, { onProgress });
//   engine.info                      // { documents, facets, format_version, generator }
//   await engine.search(q, options)  // same JSON as `casesearch search --json`
//   await engine.show(id)            // same JSON as `casesearch show --json`, or null
//
// Failures reject with an EngineError whose `code` the UI turns into a message
// in its own language: 'http' {status, url}, 'network' {url}, 'index' {reason},
// 'file' (opened from file:// without the single-file build).

import init, { SearchIndex, logInfo } from './pkg/casesearch.js';

export class EngineError extends Error {
  constructor(code, detail = {}, message = code) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.detail = detail;
  }
}

let wasmInit;
function loadWasm() {
  wasmInit ??= init({ module_or_path: new URL('./pkg/casesearch_bg.wasm', import.meta.url) });
  return wasmInit;
}

async function download(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new EngineError('network', { url: url.href }, `could not download ${url.href}: ${e.message}`);
  }
  if (!response.ok) {
    throw new EngineError('http', { status: response.status, url: url.href }, `downloading ${url.href} failed (HTTP ${response.status})`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Loads the WASM module and the index at `indexUrl` (a URL or string relative to the page). */
export async function openEngine(indexUrl) {
  const url = new URL(indexUrl, document.baseURI);
  if (url.protocol === 'file:') {
    throw new EngineError('file', { url: url.href }, 'pages opened from file:// cannot load the index');
  }
  const [, bytes] = await Promise.all([loadWasm(), download(url)]);
  let index;
  try {
    index = new SearchIndex(bytes);
  } catch (e) {
    throw new EngineError('index', { reason: e.message }, e.message);
  }
  const info = index.info();
  logInfo(`casesearch: ${info.documents} documents, index format ${info.format_version} (${info.generator}), ${bytes.length} bytes`);
  return {
    info,
    async search(query, options = {}) {
      return index.search(String(query ?? ''), options);
    },
    async show(id) {
      return index.show(String(id));
    },
  };
}
