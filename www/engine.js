// The search engine behind <case-search>: loads the WASM module and the index,
// answers search() and show(). The widget (casesearch.js) talks only to this
// module, so how the engine loads and where it runs can change without touching
// the UI.
//
//   const engine = await openEngine(indexUrl);
//   engine.info                      // { documents, facets, format_version, generator }
//   await engine.search(q, options)  // same JSON as `casesearch search --json`
//   await engine.show(id)            // same JSON as `casesearch show --json`, or null
//
// The index is an entry file plus chunk files fetched when a query needs them
// (protocol in docs/index.md). Failures reject with an EngineError whose `code`
// the UI turns into a message in its own language: 'http' {status, url},
// 'network' {url}, 'index' {reason}, 'file' (opened from file://).

import init, { SearchIndex, checkHeader, logInfo } from './pkg/casesearch.js';

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

/** Checks a file's header and unpacks its gzip payload. */
async function unpack(bytes, kind) {
  const problem = checkHeader(bytes, kind);
  if (problem) throw new EngineError('index', { reason: problem }, problem);
  try {
    const stream = new Blob([bytes.subarray(16)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    const reason = 'the index file is damaged (its compressed data does not unpack); copy it again or rebuild it with `casesearch build`';
    throw new EngineError('index', { reason }, reason);
  }
}

const MAX_ROUNDS = 8;

/** Loads the WASM module and the index at `indexUrl` (a URL or string relative to the page). */
export async function openEngine(indexUrl) {
  const url = new URL(indexUrl, document.baseURI);
  if (url.protocol === 'file:') {
    throw new EngineError('file', { url: url.href }, 'pages opened from file:// cannot load the index');
  }
  const [, bytes] = await Promise.all([loadWasm(), download(url)]);
  const payload = await unpack(bytes, 'entry');
  let index;
  try {
    index = new SearchIndex(payload);
  } catch (e) {
    throw new EngineError('index', { reason: e.message }, e.message);
  }
  const info = JSON.parse(index.info());
  logInfo(`casesearch: ${info.documents} documents, index format ${info.format_version} (${info.generator}), entry ${bytes.length} bytes`);
  const inflight = new Map();
  const fetchChunk = (name) => {
    if (!inflight.has(name)) {
      inflight.set(name, (async () => {
        const raw = await download(new URL(`cs/${name}`, url));
        const data = await unpack(raw, name);
        try {
          index.addChunk(name, data);
        } catch (e) {
          throw new EngineError('index', { reason: e.message }, e.message);
        }
      })().finally(() => inflight.delete(name)));
    }
    return inflight.get(name);
  };
  const settle = async (ask) => {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const out = JSON.parse(ask());
      if (!out || !Array.isArray(out.need)) return out;
      await Promise.all(out.need.map(fetchChunk));
    }
    throw new EngineError('index', { reason: 'the search did not settle' }, 'the search did not settle after loading chunks');
  };
  return {
    info,
    search(query, options = {}) {
      const { filters = {}, year = null, sort = 'relevance', limit = 10, offset = 0 } = options ?? {};
      const lines = [];
      for (const [field, values] of Object.entries(filters ?? {})) {
        for (const v of [].concat(values)) lines.push(`${field}\t${v}`);
      }
      // The year range goes to the engine as text, parsed by the same code as the CLI's --year.
      const range = year === null || year === undefined ? ''
        : typeof year === 'object' ? `${year.from ?? ''}..${year.to ?? ''}` : String(year);
      for (const n of [limit, offset]) {
        if (!Number.isInteger(n) || n < 0) return Promise.reject(new Error('invalid search options: limit and offset must be whole numbers ≥ 0'));
      }
      return settle(() => index.search(String(query ?? ''), lines.join('\n'), range, String(sort), offset, limit));
    },
    show(id) {
      return settle(() => index.show(String(id)));
    },
  };
}
