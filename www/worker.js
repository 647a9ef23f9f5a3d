// The search worker: owns the WASM engine of one index and answers the page's
// requests (see engine.js, which is its only client). Everything that costs
// time — compiling the WASM, downloading and decompressing the entry file and
// the chunk files, every query — happens here, off the page's main thread.
//
// Messages in:  {type: 'open', index, wasm}               (first, once)
//               {type: 'search', id, args: [query, filters, year, sort, offset, limit]}
//               {type: 'show', id, docId}
// Messages out: {type: 'progress', phase: 'wasm'|'index', loaded, total}
//               {type: 'ready', info} | {type: 'failed', error}
//               {type: 'result', id, value} | {type: 'error', id, error}
// where `error` is {code, detail, message} (an EngineError on the page).

/** Rounds of "fetch the chunks the engine needs, ask again" before a query is declared stuck. */
const MAX_ROUNDS = 8;
/** Bytes of the file header (magic, version, kind) before the gzip stream. */
const HEADER_LEN = 16;
/** Least time between two progress messages of one download. */
const PROGRESS_EVERY_MS = 50;

class Failure extends Error {
  constructor(code, detail, message) {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}

const asMessage = (e) =>
  e instanceof Failure
    ? { code: e.code, detail: e.detail, message: e.message }
    : { code: 'search', detail: { reason: String(e?.message ?? e) }, message: String(e?.message ?? e) };

let wasm = null; // the wasm-bindgen module once initialised
let index = null; // its SearchIndex
let indexUrl = null;
let ready = null; // resolves when the index is usable
let crashed = null; // set once the WASM has trapped: its state can no longer be trusted

/** Fetches `url`, turning failures into the page's error codes; `onBytes(loaded, total)` reports progress. */
async function download(url, onBytes) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Failure('network', { url: url.href }, `could not download ${url.href}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Failure('http', { status: response.status, url: url.href }, `downloading ${url.href} failed (HTTP ${response.status})`);
  }
  if (!onBytes || !response.body) return response;
  // Content-Length counts encoded bytes when the server compresses; then the total is unknown (0).
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = encoded ? 0 : Number(response.headers.get('content-length')) || 0;
  let loaded = 0;
  let last = 0;
  onBytes(0, total);
  const counted = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, out) {
        loaded += chunk.byteLength;
        const now = performance.now();
        if (now - last >= PROGRESS_EVERY_MS) {
          last = now;
          onBytes(loaded, total && Math.max(total, loaded));
        }
        out.enqueue(chunk);
      },
      flush() {
        onBytes(loaded, loaded);
      },
    }),
  );
  return new Response(counted, { headers: response.headers });
}

/** The body of a downloaded response; a connection lost midway is a network failure. */
async function bytesOf(response, url) {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new Failure('network', { url: url.href }, `the download of ${url.href} was cut off: ${e.message}`);
  }
}

/**
 * Compiles the WASM while it downloads. The response is rewrapped with the
 * `application/wasm` type, so a server that sends another type does not force
 * a second download or a non-streaming compile.
 */
async function compileWasm(url, onBytes) {
  const response = await download(url, onBytes);
  try {
    if (typeof WebAssembly.compileStreaming === 'function') {
      const typed = new Response(response.body, { headers: { 'Content-Type': 'application/wasm' } });
      return await WebAssembly.compileStreaming(typed);
    }
    return await WebAssembly.compile(await bytesOf(response, url));
  } catch (e) {
    if (e instanceof Failure) throw e;
    if (e instanceof WebAssembly.CompileError) {
      throw new Failure('index', { reason: `the search module ${url.href} is damaged: ${e.message}`, url: url.href },
        `the search module ${url.href} is damaged: ${e.message}`);
    }
    throw new Failure('network', { url: url.href }, `the download of ${url.href} was cut off: ${e.message}`);
  }
}

/** Gunzips the payload after the header. A failure means the file is damaged. */
async function payloadOf(bytes, url) {
  try {
    const stream = new Blob([bytes.subarray(HEADER_LEN)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    const message = `the index file ${url.href} is damaged (it cannot be decompressed); rebuild it with \`casesearch build\` or copy it again`;
    throw new Failure('index', { reason: message, url: url.href }, message);
  }
}

/** Runs `f` against the WASM; a trap marks the engine as crashed, other throws become `code` failures. */
function call(code, f) {
  if (crashed) throw crashed;
  try {
    return f();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      crashed = new Failure('worker', { reason: e.message },
        `the search engine stopped after an internal error (${e.message}); reload the page`);
      throw crashed;
    }
    const reason = String(e?.message ?? e);
    // The engine names bad options (a malformed year range, say) with the CLI's words.
    throw new Failure(reason.startsWith('invalid search options') ? 'options' : code, { reason }, reason);
  }
}

async function open(indexHref, wasmHref) {
  indexUrl = new URL(indexHref);
  const wasmUrl = new URL(wasmHref);
  const progress = (phase) => (loaded, total) => postMessage({ type: 'progress', phase, loaded, total });
  // The three downloads (glue, WASM, entry file) start together.
  const glue = import(new URL('./pkg/casesearch.js', self.location.href).href).catch((e) => {
    throw new Failure('worker', { reason: e.message }, `the search module could not be loaded: ${e.message}`);
  });
  const module = compileWasm(wasmUrl, progress('wasm'));
  const entry = download(indexUrl, progress('index')).then((r) => bytesOf(r, indexUrl));
  // Decompression overlaps the WASM start-up; its failure is reported only if the header is valid.
  const payload = entry.then((bytes) => payloadOf(bytes, indexUrl));
  payload.catch(() => {});
  const [bindings, compiled, bytes] = await Promise.all([glue, module, entry]);
  try {
    await bindings.default({ module_or_path: compiled });
  } catch (e) {
    // e.g. a LinkError: pkg/casesearch.js and casesearch_bg.wasm from different builds.
    throw new Failure('worker', { reason: e.message }, `the search module could not start (${e.message}); copy pkg/ again from one build`);
  }
  wasm = bindings;
  const problem = call('index', () => wasm.checkHeader(bytes, 'entry'));
  if (problem) throw new Failure('index', { reason: problem, url: indexUrl.href }, problem);
  const entryPayload = await payload;
  index = call('index', () => new wasm.SearchIndex(entryPayload));
  const info = JSON.parse(call('index', () => index.info()));
  console.info(`casesearch: ${info.documents} documents, index format ${info.format_version} (${info.generator}), entry file ${bytes.length} bytes`);
  return info;
}

/** Chunk name → promise of its download + addChunk, shared by the queries that need it at once. */
const inFlight = new Map();

function addChunk(name) {
  let pending = inFlight.get(name);
  if (!pending) {
    const url = new URL(`cs/${name}`, indexUrl);
    pending = (async () => {
      const bytes = await bytesOf(await download(url), url);
      const problem = call('index', () => wasm.checkHeader(bytes, name));
      if (problem) throw new Failure('index', { reason: `${url.href}: ${problem}`, url: url.href }, `${url.href}: ${problem}`);
      const payload = await payloadOf(bytes, url);
      call('index', () => index.addChunk(name, payload));
    })().finally(() => inFlight.delete(name));
    inFlight.set(name, pending);
  }
  return pending;
}

/** Calls `ask` until the engine has every chunk it needs, then returns its parsed answer. */
async function answer(ask) {
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    const value = JSON.parse(call('search', ask));
    const need = value?.need;
    if (!Array.isArray(need)) return value;
    if (round === MAX_ROUNDS || need.length === 0) break;
    await Promise.all(need.map(addChunk));
  }
  const message = `the search engine still needed index chunks after ${MAX_ROUNDS} rounds of downloads; the index and the widget may be from different builds — rebuild them together`;
  throw new Failure('index', { reason: message }, message);
}

async function handle(msg) {
  if (msg.type === 'open') {
    ready = open(msg.index, msg.wasm);
    try {
      postMessage({ type: 'ready', info: await ready });
    } catch (e) {
      postMessage({ type: 'failed', error: asMessage(e) });
    }
    return;
  }
  try {
    await ready;
    let value;
    if (msg.type === 'search') {
      value = await answer(() => index.search(...msg.args));
    } else if (msg.type === 'show') {
      value = await answer(() => index.show(msg.docId, msg.query ?? ''));
    } else {
      throw new Failure('worker', { reason: `unknown request ${msg.type}` }, `unknown request ${msg.type}`);
    }
    postMessage({ type: 'result', id: msg.id, value });
  } catch (e) {
    postMessage({ type: 'error', id: msg.id, error: asMessage(e) });
  }
}

self.addEventListener('message', (event) => {
  handle(event.data);
});
