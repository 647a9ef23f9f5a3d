// The search engine behind <case-search>. The widget (casesearch.js) talks only
// to this module; the work itself (WASM, downloads, decompression, queries)
// runs in a Web Worker (worker.js), so the page stays responsive while the
// index loads and while it searches. This module validates options, posts
// requests and resolves their answers.
//
//   const engine = await openEngine(indexUrl, { onProgress });
//   engine.info                      // { documents, facets, format_version, generator, ... }
//   await engine.search(q, options)  // same JSON as `casesearch search --json`
//   await engine.show(id)            // same JSON as `casesearch show --json`, or null
//
// User Timing marks 'casesearch:open' and 'casesearch:ready' bracket each openEngine call.
//
// onProgress({phase, loaded, total}) reports the downloads while the index loads:
// phase 'wasm' (the search module) or 'index' (the entry file), with bytes of
// that file so far and its size (0 when unknown); the two downloads run at the
// same time, so their reports interleave. A last {phase: 'ready'} comes when
// the engine answers queries.
//
// Failures reject with an EngineError whose `code` the UI turns into a message
// in its own language: 'http' {status, url}, 'network' {url}, 'index' {reason},
// 'file' (the page was opened from file://), 'options' {reason} (bad search
// options), 'search' {reason} (the engine refused the query, e.g. an unknown
// facet field), 'worker' {reason} (the worker could not start or stopped).

export class EngineError extends Error {
  constructor(code, detail = {}, message = code) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.detail = detail;
  }
}

const SORTS = ['relevance', 'newest', 'oldest'];
const OPTION_KEYS = new Set(['filters', 'year', 'sort', 'limit', 'offset']);
const MAX_COUNT = 0xffffffff;

const invalid = (reason) => new EngineError('options', { reason }, `invalid search options: ${reason}`);

function count(name, value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
    throw invalid(`${name} must be a whole number from 0 to ${MAX_COUNT}, not ${JSON.stringify(value)}`);
  }
  return value;
}

const YEAR_FORMS = 'expected YEAR, FROM..TO, FROM.. or ..TO with 4-digit years, e.g. 2020..2022, or {from, to}';

/**
 * A year range (`{from, to}`, a year, or "FROM..TO") as the text the engine
 * parses with the CLI's `--year` parser ("" for none). Only what cannot be
 * written as that text is refused here; the engine refuses the rest.
 */
function yearText(year) {
  if (year === undefined || year === null) return '';
  const malformed = () => invalid(`year range ${JSON.stringify(year)}: ${YEAR_FORMS}`);
  if (typeof year === 'string') return year;
  if (typeof year === 'number') {
    if (!Number.isInteger(year)) throw malformed();
    return String(year);
  }
  if (typeof year !== 'object' || Array.isArray(year)) throw malformed();
  for (const key of Object.keys(year)) {
    if (key !== 'from' && key !== 'to') throw invalid(`unknown year range field ${JSON.stringify(key)}; expected from and to`);
  }
  const [from, to] = [year.from ?? '', year.to ?? ''];
  for (const end of [from, to]) if (end !== '' && !Number.isInteger(end)) throw malformed();
  return from === '' && to === '' ? '' : `${from}..${to}`;
}

/** `{field: value | [values]}` → one `field\tvalue` line per selected value. */
function filterLines(filters) {
  if (filters === undefined || filters === null) return '';
  if (typeof filters !== 'object' || Array.isArray(filters)) throw invalid('filters must be an object {field: value or [values]}');
  const lines = [];
  for (const [field, values] of Object.entries(filters)) {
    for (const value of [].concat(values)) {
      if (typeof value !== 'string') throw invalid(`the value of filter ${JSON.stringify(field)} must be a string or a list of strings`);
      if (/[\t\n]/.test(field + value)) throw invalid(`filter ${JSON.stringify(field)}: fields and values cannot contain tabs or line breaks`);
      lines.push(`${field}\t${value}`);
    }
  }
  return lines.join('\n');
}

/**
 * The engine's plain parameters for `search(query, options)`:
 * [query, filters, year, sort, offset, limit]. Rejects what cannot be passed on;
 * the engine rejects the rest with the CLI's messages.
 */
export function searchArgs(query, options) {
  options ??= {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid('options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw invalid(`unknown option ${JSON.stringify(key)}; expected ${[...OPTION_KEYS].join(', ')}`);
  }
  const sort = options.sort ?? 'relevance';
  if (!SORTS.includes(sort)) throw invalid(`unknown sort ${JSON.stringify(sort)}; expected ${SORTS.join(', ')}`);
  return [String(query ?? ''), filterLines(options.filters), yearText(options.year), sort, count('offset', options.offset, 0), count('limit', options.limit, 10)];
}

const toError = ({ code, detail, message }) => new EngineError(code, detail, message);

/** One worker serving one index: requests by id, answers resolve them. */
class Connection {
  #worker;
  #pending = new Map();
  #nextId = 1;
  #dead = null;
  #listeners = new Set();
  #progress = new Map();
  #settleReady;
  #onDeath;
  #started = false;
  /** Resolves to the index's info when the worker has loaded it. */
  ready;

  constructor(onDeath) {
    this.ready = new Promise((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    this.ready.catch(() => {});
    this.#onDeath = onDeath;
  }

  /** Starts the worker on the index at `indexUrl` (an absolute URL). */
  start(indexUrl) {
    try {
      this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'casesearch' });
    } catch (e) {
      this.#die(`the search worker could not start (${e.message}); this browser or the page's security policy does not allow module workers`);
      return;
    }
    this.#worker.addEventListener('message', (event) => this.#receive(event.data));
    this.#worker.addEventListener('error', (event) => {
      event.preventDefault();
      const why = event.message ? `: ${event.message}` : '';
      this.#die(this.#started
        ? `the search worker stopped${why}; reload the page`
        : `the search worker could not start${why}; check that worker.js and pkg/ are served next to engine.js`);
    });
    this.#worker.addEventListener('messageerror', () => this.#die('the search worker sent a message the page cannot read'));
    this.#worker.postMessage({
      type: 'open',
      index: indexUrl,
      wasm: new URL('./pkg/casesearch_bg.wasm', import.meta.url).href,
    });
  }

  /** Subscribes to load progress until the engine is ready; replays what has happened so far. */
  listen(onProgress) {
    if (typeof onProgress !== 'function') return;
    for (const report of this.#progress.values()) onProgress(report);
    this.#listeners.add(onProgress);
  }

  #report(report) {
    this.#progress.set(report.phase, report);
    for (const listener of this.#listeners) {
      try {
        listener(report);
      } catch (e) {
        console.error(e);
      }
    }
  }

  #receive(msg) {
    this.#started = true;
    switch (msg.type) {
      case 'progress':
        this.#report({ phase: msg.phase, loaded: msg.loaded, total: msg.total });
        break;
      case 'ready':
        this.#report({ phase: 'ready', loaded: 0, total: 0 });
        this.#listeners.clear();
        this.#settleReady.resolve(msg.info);
        break;
      case 'failed':
        this.#die(null, toError(msg.error));
        break;
      case 'result':
      case 'error': {
        const pending = this.#pending.get(msg.id);
        if (!pending) break;
        this.#pending.delete(msg.id);
        if (msg.type === 'result') pending.resolve(msg.value);
        else pending.reject(toError(msg.error));
        break;
      }
    }
  }

  /** Stops the worker and rejects everything pending, now and later. */
  #die(message, error = new EngineError('worker', { reason: message }, message)) {
    if (this.#dead) return;
    this.#dead = error;
    this.#worker?.terminate();
    this.#listeners.clear();
    this.#settleReady.reject(error);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#onDeath();
  }

  request(message) {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }
}

/** Index URL → its worker, shared by every element that shows that index. */
const connections = new Map();

/** Loads the index at `indexUrl` (a URL or string relative to the page) in a worker. */
export async function openEngine(indexUrl, { onProgress } = {}) {
  const url = new URL(indexUrl, document.baseURI);
  if (new URL(document.URL).protocol === 'file:' || url.protocol === 'file:') {
    throw new EngineError('file', { url: url.href }, 'pages opened from file:// cannot load the index');
  }
  performance.mark('casesearch:open', { detail: url.href });
  let connection = connections.get(url.href);
  if (!connection) {
    const created = new Connection(() => {
      if (connections.get(url.href) === created) connections.delete(url.href);
    });
    connections.set(url.href, created);
    created.start(url.href);
    connection = created;
  }
  connection.listen(onProgress);
  const info = await connection.ready;
  performance.mark('casesearch:ready', { detail: url.href });
  return {
    info,
    async search(query, options) {
      return connection.request({ type: 'search', args: searchArgs(query, options) });
    },
    /** `options.query`: mark its matches in the answer's `title_html` and `text_html`. */
    async show(id, options = {}) {
      return connection.request({ type: 'show', docId: String(id), query: String(options?.query ?? '') });
    },
  };
}
