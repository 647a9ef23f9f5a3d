// <case-search> — the casesearch widget (UI only; engine.js does the searching).
//
// Embed with two tags:
//   <script type="module" src="casesearch.js"></script>
//   <case-search index="casesearch.idx"></case-search>
//
// Text from the corpus is only ever inserted as text nodes; snippets arrive
// HTML-escaped with <mark> tags and are rebuilt node by node, never assigned to
// innerHTML. The view state lives in the page URL (see stateToParams).

import { openEngine } from './engine.js';
import { STRINGS, pickLang } from './i18n.js';
import { highlightTerms, markText, paragraphs } from './reader.js';

const PAGE_SIZE = 10;
const SORTS = ['relevance', 'newest', 'oldest'];
/** Facet lists longer than this get a search box and show only their first values. */
const LONG_LIST = 8;
const SHORT_LIST = 6;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children);
  return node;
}

const ENTITIES = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
const unescapeHtml = (s) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e) => ENTITIES[e]);

/** Rebuilds an escaped snippet with <mark> tags as DOM nodes (no HTML parsing of corpus text). */
export function appendSnippet(target, html) {
  let mark = null;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      mark = el('mark', { part: 'mark' });
      target.append(mark);
    } else if (part === '</mark>') {
      mark = null;
    } else if (part) {
      (mark ?? target).append(document.createTextNode(unescapeHtml(part)));
    }
  }
}

/** The surface strings a snippet marked, e.g. `中國工商銀行` for the query 工行. */
function markedStrings(html) {
  return [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => unescapeHtml(m[1]));
}

const emptyState = () => ({ q: '', filters: {}, year: null, sort: 'relevance', case: null });

/**
 * Writes a view state into URL parameters: `q`, `case`, `f.<field>` (repeated, one
 * per ticked value), `year=<from>..<to>` (either end may be empty) and `sort`
 * (left out for relevance). Other parameters of the page are kept.
 */
export function stateToParams(state, params = new URLSearchParams()) {
  for (const key of [...params.keys()]) {
    if (key === 'q' || key === 'case' || key === 'year' || key === 'sort' || key.startsWith('f.')) params.delete(key);
  }
  if (state.q) params.set('q', state.q);
  for (const [field, values] of Object.entries(state.filters)) {
    for (const v of values) params.append(`f.${field}`, v);
  }
  if (state.year) params.set('year', `${state.year.from ?? ''}..${state.year.to ?? ''}`);
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.case) params.set('case', state.case);
  return params;
}

/** Reads a view state from URL parameters (the inverse of stateToParams); unknown values are dropped. */
export function paramsToState(params) {
  const state = emptyState();
  state.q = params.get('q') ?? '';
  for (const [key, value] of params) {
    if (!key.startsWith('f.') || key.length < 3 || !value) continue;
    const field = key.slice(2);
    (state.filters[field] ??= []).includes(value) || state.filters[field].push(value);
  }
  const m = /^(\d{1,4})?\.\.(\d{1,4})?$/.exec(params.get('year') ?? '');
  if (m && (m[1] || m[2])) state.year = normalizeYear({ from: m[1] && Number(m[1]), to: m[2] && Number(m[2]) });
  const sort = params.get('sort');
  if (SORTS.includes(sort)) state.sort = sort;
  state.case = params.get('case') || null;
  return state;
}

function normalizeYear(year) {
  if (!year) return null;
  const out = {};
  if (Number.isInteger(year.from)) out.from = year.from;
  if (Number.isInteger(year.to)) out.to = year.to;
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) [out.from, out.to] = [out.to, out.from];
  return Object.keys(out).length ? out : null;
}

const searchKey = (state) => stateToParams({ ...state, case: null }).toString();
const sameState = (a, b) => stateToParams(a).toString() === stateToParams(b).toString();

export class CaseSearch extends HTMLElement {
  static observedAttributes = ['lang', 'index'];

  #engine = null;
  #info = null;
  #seq = 0;
  #state = emptyState();
  #shown = PAGE_SIZE;
  #years = [];
  #yearField = null;
  #timer = 0;
  #composing = false;
  #ui = {};
  /** Bytes loaded per loading phase ('wasm', 'index'). */
  #progress = {};
  #lang = 'zh-CN';
  #resolveReady;
  #rejectReady;
  #lastRes = null;
  #renderedKey = null;
  #timerPending = false;
  #lastHistoryKind = null;
  /** Facet value order per field, fixed by the first response of a query. */
  #order = new Map();
  #orderQuery = null;
  /** Keyed facet DOM: field → { set, list, items: Map(value → parts) }. */
  #facetNodes = new Map();
  #expanded = new Set();
  #readerSeq = 0;
  #readerActive = false;
  #pending = null;
  #loadError = null;
  #readerOpener = null;
  #readerMarks = [];
  #readerCurrent = -1;
  #scrollY = 0;
  #htmlObserver = null;
  #onPopState = () => this.#applyUrl();
  #onSlash = (e) => this.#slash(e);

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.#newReady();
  }

  #newReady() {
    /** Resolves when the index is loaded; rejects with the reason it cannot be. */
    this.ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {});
  }

  /** The UI language in use: zh-CN, zh-TW or en. */
  get uiLang() {
    return this.#lang;
  }

  get strings() {
    return STRINGS[this.#lang];
  }

  /** Whether the view state is mirrored in the page URL (off with `url-state="off"`). */
  get #urlSync() {
    return this.getAttribute('url-state') !== 'off';
  }

  connectedCallback() {
    if (this.#ui.input) return;
    this.#lang = this.#resolveLang();
    this.#htmlObserver = new MutationObserver(() => this.#langChanged());
    this.#htmlObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    if (this.#urlSync) {
      this.#state = paramsToState(new URLSearchParams(location.search));
      window.addEventListener('popstate', this.#onPopState);
    }
    document.addEventListener('keydown', this.#onSlash);
    this.#render();
    this.#load();
  }

  disconnectedCallback() {
    window.removeEventListener('popstate', this.#onPopState);
    document.removeEventListener('keydown', this.#onSlash);
    this.#htmlObserver?.disconnect();
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#ui.input || old === value) return;
    if (name === 'lang') this.#langChanged();
    if (name === 'index') this.#retryLoad();
  }

  #resolveLang() {
    const up = this.parentElement?.closest('[lang]')?.getAttribute('lang');
    return pickLang(this.getAttribute('lang'), up, document.documentElement.getAttribute('lang'));
  }

  #langChanged() {
    const lang = this.#resolveLang();
    if (lang === this.#lang) return;
    this.#lang = lang;
    const readerOpen = this.#ui.reader?.open;
    this.#facetNodes.clear();
    this.#readerActive = false;
    this.#render();
    if (this.#engine) {
      this.#ui.input.disabled = false;
      this.#update();
      if (readerOpen && this.#state.case) this.#openReader(this.#state.case, { history: null });
    } else if (this.#loadError) {
      this.#showError(this.#loadError, 'load', () => this.#retryLoad());
    } else {
      this.#ui.status.textContent = this.strings.loading;
    }
  }

  // ---- public API -------------------------------------------------------

  /** Runs a query; resolves to the same JSON object as `casesearch search --json`. */
  async search(query, options = {}) {
    await this.ready;
    return this.#engine.search(query, options);
  }

  /** Resolves to the whole document (as `casesearch show --json`), or null. */
  async show(id, options = {}) {
    await this.ready;
    return this.#engine.show(id, options);
  }

  /** The current view: { q, filters: {field: [values]}, year: {from, to} | null, sort, case }. */
  get state() {
    return structuredClone(this.#state);
  }

  /**
   * Changes the view from the host page; keys left out keep their value. Fires
   * `statechange` and, unless `url-state="off"`, records a history entry.
   */
  setState(patch = {}) {
    const next = { ...this.state, ...patch };
    const filters = {};
    for (const [field, values] of Object.entries(next.filters ?? {})) {
      const list = [].concat(values).filter((v) => v !== '' && v != null).map(String);
      if (field === this.#yearField?.field && list.length) {
        // The year is a range in this UI: ticked years become the range that spans them.
        const ys = list.map(Number).filter(Number.isInteger);
        next.year = normalizeYear({ from: Math.min(...ys), to: Math.max(...ys) });
      } else if (list.length) filters[field] = [...new Set(list)];
    }
    const state = {
      q: String(next.q ?? ''),
      filters: this.#knownFilters(filters),
      year: normalizeYear(next.year),
      sort: SORTS.includes(next.sort) ? next.sort : 'relevance',
      case: next.case ? String(next.case) : null,
    };
    const caseChanged = state.case !== this.#state.case;
    this.#commit(state, 'api');
    if (caseChanged) state.case ? this.#openReader(state.case, { history: null }) : this.#closeDialog();
  }

  /** True when the results on screen answer the current state (nothing typed or pending). */
  get settled() {
    return !this.#timerPending && this.#renderedKey === searchKey(this.#state);
  }

  // ---- loading and errors -----------------------------------------------

  async #load() {
    const t = this.strings;
    this.#showError(null);
    this.#ui.status.textContent = t.loading;
    let engine;
    try {
      engine = await openEngine(this.getAttribute('index') || 'casesearch.idx', { onProgress: (p) => this.#showProgress(p) });
    } catch (e) {
      this.#ui.status.textContent = '';
      this.#loadError = e;
      this.#showError(e, 'load', () => this.#retryLoad());
      this.#rejectReady(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    this.#engine = engine;
    this.#info = engine.info;
    this.#yearField = this.#info.facets.find((f) => f.kind === 'year') ?? null;
    this.#state.filters = this.#knownFilters(this.#state.filters);
    if (this.#yearField) {
      try {
        const all = (await engine.search('', { limit: 0 })).facets[this.#yearField.field] ?? [];
        this.#years = all.map((v) => Number(v.value)).filter(Number.isFinite).sort((a, b) => a - b);
      } catch {
        this.#years = [];
      }
      // A year in the URL's filters is a range here too.
      const ticked = this.#state.filters[this.#yearField.field];
      if (ticked) {
        delete this.#state.filters[this.#yearField.field];
        const ys = ticked.map(Number).filter(Number.isInteger);
        if (ys.length) this.#state.year = normalizeYear({ from: Math.min(...ys), to: Math.max(...ys) });
      }
    }
    this.#loadError = null;
    this.#showProgress({ phase: 'ready' });
    this.#resolveReady();
    this.#renderChips();
    this.#update();
    if (this.#state.case) this.#openReader(this.#state.case, { history: null });
  }

  /** The loading bar: the WASM and the entry file, by bytes, until the engine is ready. */
  #showProgress({ phase, loaded = 0, total = 0 }) {
    const bar = this.#ui.progress;
    if (!bar) return;
    if (phase === 'ready') {
      bar.hidden = true;
      return;
    }
    this.#progress[phase] = { loaded, total };
    const parts = Object.values(this.#progress);
    const known = parts.every((p) => p.total > 0);
    bar.hidden = false;
    if (known) {
      const pct = Math.min(99, Math.round((100 * parts.reduce((a, p) => a + p.loaded, 0)) / parts.reduce((a, p) => a + p.total, 0)));
      bar.setAttribute('aria-valuenow', String(pct));
      bar.style.setProperty('--cs-progress', `${pct}%`);
    } else {
      bar.removeAttribute('aria-valuenow');
    }
  }

  /** Drops filters on fields this index lacks (an old shared link), which the engine would reject. */
  #knownFilters(filters) {
    if (!this.#info) return filters;
    const known = new Set(this.#info.facets.map((f) => f.field));
    return Object.fromEntries(Object.entries(filters).filter(([field]) => known.has(field)));
  }

  #retryLoad() {
    this.#engine = null;
    this.#newReady();
    this.#load();
  }

  /** Shows `error` (an EngineError or anything thrown) as a message for a reader with a Retry button; null hides it. */
  #showError(error, kind, retry) {
    const box = this.#ui.error;
    if (!error) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const t = this.strings;
    let text;
    if (kind === 'load') {
      const code = error?.code;
      text = code === 'http' ? t.errors.http(error.detail?.status ?? '') : t.errors[code] ?? t.errors.index;
    } else {
      text = t.errors[kind];
    }
    const raw = error instanceof Error ? error.message : String(error);
    box.replaceChildren(
      el('p', { class: 'error-text' }, text),
      el('button', { type: 'button', part: 'retry', class: 'retry', onclick: () => { this.#showError(null); retry(); } }, t.retry),
      el('small', { class: 'technical' }, `${t.technical}: ${raw}`),
    );
    box.hidden = false;
  }

  // ---- layout -------------------------------------------------------------

  #render() {
    const t = this.strings;
    const old = this.#ui;
    const input = el('input', {
      type: 'search', part: 'input', placeholder: t.hint, 'aria-label': t.label, autocomplete: 'off', enterkeyhint: 'search',
      spellcheck: 'false', 'aria-controls': 'results', 'aria-describedby': 'status',
      oninput: (e) => {
        if (this.#composing || e.isComposing) return;
        this.#scheduleQuery(input.value, 120);
      },
      oncompositionstart: () => {
        this.#composing = true;
        clearTimeout(this.#timer);
        this.#timerPending = false;
      },
      oncompositionend: () => {
        this.#composing = false;
        this.#scheduleQuery(input.value, 0);
      },
      onkeydown: (e) => this.#inputKey(e),
    });
    input.value = this.#state.q;
    // Typing is accepted at once; the query runs when the engine is ready.
    const sort = el('select', { part: 'sort', 'aria-label': t.sort, onchange: () => this.#commit({ ...this.#state, sort: sort.value }, 'sort') },
      ...SORTS.map((s) => el('option', { value: s }, t[s])));
    sort.value = this.#state.sort;
    const filterButton = el('button', { type: 'button', class: 'filter-button', part: 'filter-button', 'aria-haspopup': 'dialog',
      onclick: () => this.#openDrawer() }, t.filters);
    const status = el('p', { class: 'status', part: 'status', id: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const note = el('p', { class: 'note', part: 'note', hidden: true });
    const error = el('div', { class: 'error', part: 'error', role: 'alert', hidden: true });
    const chips = el('div', { class: 'chips', part: 'chips', role: 'group', 'aria-label': t.selected, hidden: true });
    const facetsBody = el('div', { class: 'facets-body' });
    const drawerTotal = el('button', { type: 'button', class: 'primary', onclick: () => this.#closeDrawer() });
    // A sidebar on wide screens (role region), a modal drawer on phones (role dialog while open).
    const facets = el('dialog', { class: 'facets', part: 'facets', role: 'region', 'aria-label': t.filters,
      onclose: (e) => { if (e.target === this.#ui.facets) this.#drawerClosed(); } },
      el('div', { class: 'drawer-head' }, el('h2', {}, t.filters),
        el('button', { type: 'button', class: 'close', 'aria-label': t.close, onclick: () => this.#closeDrawer() }, '×')),
      facetsBody,
      el('div', { class: 'drawer-foot' }, drawerTotal));
    const empty = el('div', { class: 'empty', part: 'empty', hidden: true });
    const results = el('ol', { class: 'results', part: 'results', id: 'results', onkeydown: (e) => this.#resultsKey(e), onclick: (e) => this.#resultClick(e) });
    const more = el('button', { class: 'more', part: 'more', type: 'button', hidden: true, onclick: () => { this.#shown += PAGE_SIZE; this.#update(); } }, t.more);
    const reader = el('dialog', { class: 'reader', part: 'reader', 'aria-labelledby': 'reader-title',
      oncancel: (e) => { e.preventDefault(); this.#closeReader(); },
      // Chromium may close a dialog on Esc without a cancelable event; keep URL and focus in step.
      onclose: (e) => { if (e.target === this.#ui.reader && this.#readerActive) this.#closeReader(); } });
    const link = el('link', { rel: 'stylesheet', href: new URL('./casesearch.css', import.meta.url).href });
    const bar = el('div', { class: 'bar', part: 'bar', role: 'search' }, input, filterButton, sort);
    const progress = el('div', { class: 'progress', part: 'progress', role: 'progressbar', 'aria-label': t.loading,
      'aria-valuemin': '0', 'aria-valuemax': '100', hidden: Boolean(this.#engine) });
    this.shadowRoot.replaceChildren(link, bar, progress, error, status, chips, note,
      el('div', { class: 'layout' }, facets, el('section', { class: 'main', 'aria-label': t.label }, empty, results, more)), reader);
    this.#ui = { input, sort, filterButton, progress, status, note, error, chips, facets, facetsBody, drawerTotal, empty, results, more, reader };
    if (old.reader?.open) old.reader.close();
  }

  // ---- state changes ------------------------------------------------------

  #scheduleQuery(q, delay) {
    clearTimeout(this.#timer);
    this.#timerPending = true;
    this.#timer = setTimeout(() => {
      this.#timerPending = false;
      if (q !== this.#state.q) this.#commit({ ...this.#state, q }, 'query');
    }, delay);
  }

  /**
   * Makes `state` current: URL, chips, a new search, and the `statechange` event.
   * Typing coalesces into one history entry; every other change adds one.
   */
  #commit(state, kind) {
    const prev = this.#state;
    if (sameState(prev, state)) return;
    const searchChanged = sameState({ ...prev, case: null }, { ...state, case: null }) === false;
    this.#state = state;
    if (this.#urlSync) {
      const url = new URL(location.href);
      url.search = stateToParams(state, url.searchParams).toString();
      const entry = { casesearch: true, opened: kind === 'open' };
      if (kind === 'query' && this.#lastHistoryKind === 'query') history.replaceState(entry, '', url);
      else history.pushState(entry, '', url);
    }
    this.#lastHistoryKind = kind;
    if (this.#ui.input.value !== state.q && kind !== 'query') this.#ui.input.value = state.q;
    this.#ui.sort.value = state.sort;
    if (searchChanged) {
      this.#shown = PAGE_SIZE;
      this.#renderChips();
      this.#update();
    }
    this.dispatchEvent(new CustomEvent('statechange', { detail: this.state, bubbles: true, composed: true }));
  }

  /** Back/forward: the URL is the truth. */
  #applyUrl() {
    const state = paramsToState(new URLSearchParams(location.search));
    if (this.#yearField && state.filters[this.#yearField.field]) delete state.filters[this.#yearField.field];
    state.filters = this.#knownFilters(state.filters);
    const prev = this.#state;
    this.#lastHistoryKind = 'pop';
    if (sameState(prev, state)) return;
    const searchChanged = !sameState({ ...prev, case: null }, { ...state, case: null });
    this.#state = state;
    this.#ui.input.value = state.q;
    this.#ui.sort.value = state.sort;
    if (searchChanged) {
      this.#shown = PAGE_SIZE;
      this.#renderChips();
      this.#update();
    }
    if (state.case && state.case !== prev.case) this.#openReader(state.case, { history: null });
    else if (!state.case && prev.case) this.#closeDialog();
    this.dispatchEvent(new CustomEvent('statechange', { detail: this.state, bubbles: true, composed: true }));
  }

  #toggle(field, value, on) {
    const filters = structuredClone(this.#state.filters);
    const current = new Set(filters[field] ?? []);
    if (on) current.add(value); else current.delete(value);
    if (current.size) filters[field] = [...current]; else delete filters[field];
    this.#commit({ ...this.#state, filters }, 'filter');
  }

  #setYear(end, value) {
    const year = { ...(this.#state.year ?? {}) };
    if (value === '') delete year[end]; else year[end] = Number(value);
    this.#commit({ ...this.#state, year: normalizeYear(year) }, 'filter');
  }

  // ---- searching ------------------------------------------------------

  #update() {
    this.#pending = this.#search();
    return this.#pending;
  }

  async #search() {
    if (!this.#engine) return;
    const { q, filters, year, sort } = this.#state;
    const seq = ++this.#seq;
    const options = { filters, sort, limit: this.#shown, offset: 0, ...(year ? { year } : {}) };
    let res;
    let suggestions = [];
    try {
      res = await this.#engine.search(q, options);
      if (seq !== this.#seq) return;
      if (res.total === 0) suggestions = await this.#suggestions(q, options);
    } catch (e) {
      if (seq !== this.#seq) return;
      this.#showError(e, 'search', () => this.#update());
      return;
    }
    if (seq !== this.#seq) return;
    this.#showError(null);
    this.#lastRes = res;
    this.#renderedKey = searchKey(this.#state);
    this.#renderStatus(res);
    this.#renderEmpty(res, suggestions);
    this.#renderResults(res);
    this.#renderFacets(res);
    this.dispatchEvent(new CustomEvent('results', { detail: res }));
  }

  /** At zero results: for each selection, how many cases removing it alone would give. */
  async #suggestions(q, options) {
    const out = [];
    for (const [field, values] of Object.entries(options.filters)) {
      for (const value of values) {
        const filters = { ...options.filters, [field]: values.filter((v) => v !== value) };
        if (!filters[field].length) delete filters[field];
        const { total } = await this.#engine.search(q, { ...options, filters, limit: 0 });
        if (total) out.push({ label: this.#selectionLabel(field, value), total, remove: () => this.#toggle(field, value, false) });
      }
    }
    if (options.year) {
      const { year, ...rest } = options;
      const { total } = await this.#engine.search(q, { ...rest, limit: 0 });
      if (total) out.push({ label: this.#yearLabel(), total, remove: () => this.#commit({ ...this.#state, year: null }, 'filter') });
    }
    return out.sort((a, b) => b.total - a.total);
  }

  // ---- labels -------------------------------------------------------------

  #fieldInfo(field) {
    return this.#info?.facets.find((f) => f.field === field);
  }

  #fieldLabel(field) {
    const f = this.#fieldInfo(field);
    return f?.label?.[this.#lang] || f?.label?.['zh-CN'] || field;
  }

  /** A facet value in the UI language: `info.facets[i].values[value][lang]` when the index has it, else the value. */
  #valueLabel(field, value) {
    if (this.#lang === 'zh-CN') return value;
    return this.#fieldInfo(field)?.values?.[value]?.[this.#lang] ?? value;
  }

  #shortValueLabel(field, value) {
    const f = this.#fieldInfo(field);
    const label = this.#valueLabel(field, value);
    if (f?.kind !== 'hierarchy' || !f.separator || !value.includes(f.separator)) return label;
    return label.slice(label.lastIndexOf(f.separator) + f.separator.length);
  }

  #selectionLabel(field, value) {
    return `${this.#fieldLabel(field)}：${this.#valueLabel(field, value)}`.replace('：', this.#lang === 'en' ? ': ' : '：');
  }

  #yearLabel() {
    const y = this.#state.year ?? {};
    const label = this.#yearField ? this.#fieldLabel(this.#yearField.field) : this.strings.year;
    return `${label}${this.#lang === 'en' ? ': ' : '：'}${this.strings.yearChip(y.from, y.to)}`;
  }

  /**
   * The collection a hit or document comes from, in the UI language: the name the
   * index gives its source file (`info.collections`, one entry per file), else
   * the collection facet's value.
   */
  #collectionName(doc) {
    const byFile = this.#info?.collections?.find?.((c) => c.file === doc.source?.file)?.name;
    if (byFile?.[this.#lang]) return byFile[this.#lang];
    const facet = doc.facets?.collection?.[0];
    if (facet) return this.#valueLabel('collection', facet);
    return byFile?.['zh-CN'] ?? null;
  }

  // ---- rendering: status, chips, empty state --------------------------------

  #selectionCount() {
    return Object.values(this.#state.filters).reduce((n, v) => n + v.length, 0) + (this.#state.year ? 1 : 0);
  }

  #renderStatus(res) {
    const t = this.strings;
    // The live region announces the count only; the rest goes to a quiet note.
    this.#ui.status.textContent = res.total === 0 ? t.none : t.results(res.total);
    const note = [];
    if (res.partial && res.total) note.push(t.partial(res.total));
    if (res.ignored?.length) note.push(t.ignored(res.ignored.join(' ')));
    this.#ui.note.textContent = note.join(' · ');
    this.#ui.note.hidden = !note.length;
    this.#ui.note.classList.toggle('partial', Boolean(res.partial));
    this.#ui.drawerTotal.textContent = t.showResults(res.total);
  }

  #renderChips() {
    const t = this.strings;
    const chips = [];
    const chip = (label, remove) => el('button', { type: 'button', class: 'chip', part: 'chip', 'aria-label': t.remove(label),
      onclick: (e) => {
        const index = [...this.#ui.chips.querySelectorAll('button')].indexOf(e.currentTarget);
        remove();
        const next = this.#ui.chips.querySelectorAll('button')[index] ?? this.#ui.chips.querySelector('button');
        (next ?? this.#ui.input).focus();
      } }, el('span', {}, label), el('span', { class: 'x', 'aria-hidden': 'true' }, '×'));
    for (const [field, values] of Object.entries(this.#state.filters)) {
      for (const value of values) chips.push(chip(this.#selectionLabel(field, value), () => this.#toggle(field, value, false)));
    }
    if (this.#state.year) chips.push(chip(this.#yearLabel(), () => this.#commit({ ...this.#state, year: null }, 'filter')));
    if (chips.length) {
      chips.push(el('button', { type: 'button', class: 'clear', part: 'clear', onclick: () => {
        this.#commit({ ...this.#state, filters: {}, year: null }, 'filter');
        this.#ui.input.focus();
      } }, t.clearAll));
    }
    this.#ui.chips.replaceChildren(...chips);
    this.#ui.chips.hidden = !chips.length;
    const n = this.#selectionCount();
    this.#ui.filterButton.textContent = t.filtersCount(n);
  }

  #renderEmpty(res, suggestions) {
    const t = this.strings;
    const box = this.#ui.empty;
    if (res.total !== 0) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const children = [];
    if (this.#selectionCount()) {
      children.push(el('p', {}, t.noneFilters));
      if (suggestions.length) {
        children.push(el('ul', {}, ...suggestions.map((s) =>
          el('li', {}, el('button', { type: 'button', class: 'suggest', onclick: () => { s.remove(); this.#ui.input.focus(); } }, t.removeGives(s.label, s.total))))));
      }
    } else if (this.#state.q.trim()) {
      children.push(el('p', {}, t.noneQuery(this.#state.q.trim())));
    }
    box.replaceChildren(...children);
    box.hidden = !children.length;
  }

  // ---- rendering: results ---------------------------------------------------

  #permalink(id) {
    const url = new URL(location.href);
    url.search = stateToParams({ ...this.#state, case: id }, url.searchParams).toString();
    return url.href;
  }

  #renderResults(res) {
    const t = this.strings;
    const focusedId = this.shadowRoot.activeElement?.closest?.('.results > li')?.dataset.id;
    const items = res.hits.map((hit, i) => {
      const title = el('a', { href: this.#permalink(hit.id), class: 'title', part: 'result-title', id: `r-${i}`, 'data-id': hit.id });
      appendSnippet(title, hit.title_html);
      const snippet = el('p', { class: 'snippet', part: 'snippet' });
      appendSnippet(snippet, hit.snippet);
      const meta = [];
      const collection = this.#collectionName(hit);
      const institution = hit.facets.institution?.[0];
      if (institution) meta.push(this.#valueLabel('institution', institution));
      const region = hit.facets.region?.at(-1);
      if (region) meta.push(this.#valueLabel('region', region).replaceAll('/', ' · '));
      const year = hit.facets.year?.[0];
      if (year) meta.push(this.#lang === 'en' ? year : `${year} 年`);
      return el('li', { 'data-id': hit.id, part: 'result' },
        el('h3', {}, title), snippet,
        el('p', { class: 'meta', part: 'meta' }, meta.join(' · ')),
        collection ? el('p', { class: 'collection', part: 'collection' }, collection) : '');
    });
    this.#ui.results.replaceChildren(...items);
    this.#ui.more.hidden = res.hits.length >= res.total;
    if (focusedId) this.#ui.results.querySelector(`li[data-id="${CSS.escape(focusedId)}"] a`)?.focus();
  }

  #resultLinks() {
    return [...this.#ui.results.querySelectorAll('a.title')];
  }

  #inputKey(e) {
    if (e.isComposing || this.#composing) return;
    if (e.key === 'Enter') {
      clearTimeout(this.#timer);
      this.#timerPending = false;
      const q = this.#ui.input.value;
      if (q !== this.#state.q) this.#commit({ ...this.#state, q }, 'query');
    } else if (e.key === 'ArrowDown') {
      const first = this.#resultLinks()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === 'Escape' && this.#ui.input.value) {
      e.preventDefault();
      this.#ui.input.value = '';
      this.#scheduleQuery('', 0);
    }
  }

  #resultsKey(e) {
    const links = this.#resultLinks();
    const i = links.indexOf(this.shadowRoot.activeElement);
    if (i < 0) return;
    let target = null;
    if (e.key === 'ArrowDown') target = links[i + 1] ?? (this.#ui.more.hidden ? null : this.#ui.more);
    else if (e.key === 'ArrowUp') target = i === 0 ? this.#ui.input : links[i - 1];
    else if (e.key === 'Home') target = links[0];
    else if (e.key === 'End') target = links.at(-1);
    else if (e.key === 'Escape') target = this.#ui.input;
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      this.#ui.input.focus(); // typing goes back to the box
      return;
    }
    if (target) {
      e.preventDefault();
      target.focus();
    }
  }

  #resultClick(e) {
    const a = e.target.closest('a.title');
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    this.#openReader(a.dataset.id, { history: 'push', opener: a });
  }

  // ---- rendering: facets (keyed, so focus survives a toggle) ------------------

  #renderFacets(res) {
    if (this.#orderQuery !== this.#state.q) {
      this.#order.clear();
      this.#orderQuery = this.#state.q;
    }
    const body = this.#ui.facetsBody;
    const wanted = [];
    for (const field of this.#info.facets) {
      const node = field.kind === 'year' ? this.#yearGroup(field) : this.#valueGroup(field, res);
      if (node) wanted.push(node);
    }
    // Insert or move only what changed, so a focused control is never detached.
    let cursor = body.firstChild;
    for (const node of wanted) {
      if (node === cursor) cursor = cursor.nextSibling;
      else body.insertBefore(node, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
  }

  #groupShell(field) {
    let node = this.#facetNodes.get(field.field);
    if (node) return node;
    const label = this.#fieldLabel(field.field);
    const set = el('fieldset', { 'data-field': field.field, part: 'facet-group' }, el('legend', {}, label));
    node = { set, items: new Map() };
    this.#facetNodes.set(field.field, node);
    return node;
  }

  #valueGroup(field, res) {
    const t = this.strings;
    const counts = new Map((res.facets[field.field] ?? []).map((v) => [v.value, v.count]));
    const selected = new Set(this.#state.filters[field.field] ?? []);
    let order = this.#order.get(field.field);
    if (!order) {
      order = [...counts.keys()];
      this.#order.set(field.field, order);
    }
    for (const v of [...counts.keys(), ...selected]) if (!order.includes(v)) order.push(v);
    if (!order.length) return null;
    const node = this.#groupShell(field);
    if (!node.list) {
      node.list = el('ul', { class: 'values' });
      node.search = el('input', { type: 'text', class: 'facet-search', 'aria-label': t.filterValues(this.#fieldLabel(field.field)),
        placeholder: t.filterValues(this.#fieldLabel(field.field)), oninput: () => this.#filterGroup(field, node) });
      node.toggle = el('button', { type: 'button', class: 'show-all', 'aria-expanded': 'false', onclick: () => {
        if (this.#expanded.has(field.field)) this.#expanded.delete(field.field); else this.#expanded.add(field.field);
        this.#filterGroup(field, node);
      } });
      node.set.append(node.search, node.list, node.toggle);
    }
    for (const value of order) {
      let item = node.items.get(value);
      if (!item) {
        const box = el('input', { type: 'checkbox', value, onclick: (e) => {
          if (box.getAttribute('aria-disabled') === 'true') e.preventDefault();
        }, onchange: () => this.#toggle(field.field, value, box.checked) });
        const count = el('span', { class: 'count' });
        const isChild = field.kind === 'hierarchy' && value.includes(field.separator);
        const li = el('li', { class: isChild ? 'child' : '', 'data-value': value },
          el('label', {}, box, el('span', { class: 'value' }, this.#shortValueLabel(field.field, value)), count));
        item = { li, box, count, search: `${value} ${this.#valueLabel(field.field, value)}`.toLowerCase() };
        node.items.set(value, item);
      }
      const n = counts.get(value) ?? 0;
      const on = selected.has(value);
      item.box.checked = on;
      item.count.textContent = String(n);
      const dead = n === 0 && !on;
      if (dead) item.box.setAttribute('aria-disabled', 'true'); else item.box.removeAttribute('aria-disabled');
      item.li.classList.toggle('zero', dead);
    }
    let cursor = node.list.firstChild;
    for (const value of order) {
      const li = node.items.get(value).li;
      if (li === cursor) cursor = cursor.nextSibling;
      else node.list.insertBefore(li, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    this.#filterGroup(field, node);
    return node.set;
  }

  /** Long lists: a search box, and only the first values (plus ticked ones) until expanded. */
  #filterGroup(field, node) {
    const t = this.strings;
    const long = node.list.children.length > LONG_LIST;
    node.search.hidden = !long;
    const needle = long ? node.search.value.trim().toLowerCase() : '';
    const expanded = this.#expanded.has(field.field) || needle !== '';
    let shown = 0;
    for (const li of node.list.children) {
      const item = node.items.get(li.dataset.value);
      const match = !needle || item.search.includes(needle);
      const fits = expanded || !long || shown < SHORT_LIST || item.box.checked;
      li.hidden = !(match && fits);
      if (!li.hidden) shown++;
    }
    node.toggle.hidden = !long || needle !== '';
    node.toggle.textContent = this.#expanded.has(field.field) ? t.showFewer : t.showAll(node.list.children.length);
    node.toggle.setAttribute('aria-expanded', String(this.#expanded.has(field.field)));
  }

  /** The year as a from–to range only: it can only narrow the results. */
  #yearGroup(field) {
    if (this.#years.length < 2) return null;
    const t = this.strings;
    const node = this.#groupShell(field);
    if (!node.from) {
      const pick = (end, label) => el('select', { 'data-end': end, 'aria-label': label, onchange: (e) => this.#setYear(end, e.target.value) },
        el('option', { value: '' }, t.anyYear), ...this.#years.map((y) => el('option', { value: String(y) }, String(y))));
      node.from = pick('from', t.yearFrom);
      node.to = pick('to', t.yearTo);
      node.set.append(el('div', { class: 'range' },
        el('label', {}, el('span', {}, t.from), node.from), el('label', {}, el('span', {}, t.to), node.to)));
    }
    const y = this.#state.year ?? {};
    node.from.value = y.from !== undefined ? String(y.from) : '';
    node.to.value = y.to !== undefined ? String(y.to) : '';
    // Options that would turn the range around are disabled.
    for (const o of node.from.options) o.disabled = o.value !== '' && y.to !== undefined && Number(o.value) > y.to;
    for (const o of node.to.options) o.disabled = o.value !== '' && y.from !== undefined && Number(o.value) < y.from;
    return node.set;
  }

  // ---- phone drawer ---------------------------------------------------------

  #openDrawer() {
    const d = this.#ui.facets;
    if (d.open) return;
    d.setAttribute('role', 'dialog');
    d.showModal();
    d.querySelector('.close').focus();
  }

  #closeDrawer() {
    if (this.#ui.facets.open) this.#ui.facets.close();
  }

  #drawerClosed() {
    this.#ui.facets.setAttribute('role', 'region');
    this.#ui.filterButton.focus();
  }

  // ---- the reader -------------------------------------------------------------

  /** `history`: 'push' records an entry (opened from the list), null when the URL already says so. */
  async #openReader(id, { history: mode = 'push', opener = null } = {}) {
    const t = this.strings;
    const dialog = this.#ui.reader;
    if (mode === 'push') this.#commit({ ...this.#state, case: id }, 'open');
    if (opener) this.#readerOpener = id;
    const seq = ++this.#readerSeq;
    if (!this.#readerActive) {
      this.#readerActive = true;
      this.#scrollY = window.scrollY;
      dialog.replaceChildren(el('p', { class: 'loading' }, t.loadingCase));
      dialog.showModal();
    }
    let doc;
    try {
      await this.ready;
      // The list's response carries the surfaces the engine marked; wait for it.
      await this.#pending?.catch(() => {});
      doc = await this.#engine.show(id, { query: this.#state.q });
    } catch (e) {
      if (seq !== this.#readerSeq) return;
      const box = el('div', { class: 'error', role: 'alert' });
      dialog.replaceChildren(this.#readerHead(null), box);
      const keep = this.#ui.error;
      this.#ui.error = box;
      this.#showError(e, 'show', () => this.#openReader(id, { history: null }));
      this.#ui.error = keep;
      return;
    }
    if (seq !== this.#readerSeq) return;
    this.#renderReader(doc, id);
  }

  #readerHead(doc) {
    const t = this.strings;
    const back = el('button', { type: 'button', class: 'back', part: 'reader-back', onclick: () => this.#closeReader() },
      el('span', { 'aria-hidden': 'true' }, '‹ '), t.back);
    const head = el('div', { class: 'reader-head' }, back);
    if (doc) {
      const nav = el('div', { class: 'match-nav', part: 'match-nav' },
        el('span', { class: 'match-pos', 'aria-live': 'polite' }),
        el('button', { type: 'button', class: 'prev', 'aria-label': t.prevMatch, title: t.prevMatch, onclick: () => this.#gotoMatch(-1) }, '↑'),
        el('button', { type: 'button', class: 'next', 'aria-label': t.nextMatch, title: t.nextMatch, onclick: () => this.#gotoMatch(1) }, '↓'));
      head.append(nav);
    }
    return head;
  }

  #renderReader(doc, id) {
    const t = this.strings;
    const dialog = this.#ui.reader;
    if (!doc) {
      dialog.replaceChildren(this.#readerHead(null), el('p', { class: 'not-found', role: 'alert' }, t.notFound(id)));
      dialog.querySelector('.back').focus();
      return;
    }
    const terms = this.#highlightTerms(id);
    const title = el('h2', { id: 'reader-title', part: 'reader-title', tabindex: '-1' });
    if (typeof doc.title_html === 'string') appendSnippet(title, doc.title_html);
    else markText(title, doc.title, terms);
    const body = el('div', { class: 'reader-body', part: 'reader-body' });
    if (typeof doc.text_html === 'string') {
      for (const para of doc.text_html.split(/\n\s*\n|\n/)) {
        if (!para.trim()) continue;
        const p = el('p');
        appendSnippet(p, para);
        body.append(p);
      }
    } else {
      for (const para of paragraphs(doc.text)) {
        const p = el('p');
        markText(p, para, terms);
        body.append(p);
      }
    }
    const article = el('article', { class: 'reader-article' }, title, this.#provenance(doc), this.#docFacets(doc), body,
      el('p', { class: 'permalink' }, el('a', { href: this.#permalink(id) }, t.permalink)));
    dialog.replaceChildren(this.#readerHead(doc), article);
    this.#readerMarks = [...dialog.querySelectorAll('article mark')];
    this.#readerCurrent = -1;
    this.#updateMatchNav();
    title.focus();
  }

  /** What to highlight in the reader: the strings the engine marked for this case, and the query's words. */
  #highlightTerms(id) {
    const surfaces = [];
    const hit = this.#lastRes?.hits.find((h) => h.id === id);
    if (hit) surfaces.push(...markedStrings(hit.snippet), ...markedStrings(hit.title_html));
    return highlightTerms(this.#state.q, surfaces);
  }

  #provenance(doc) {
    const t = this.strings;
    const rows = [];
    const row = (label, value) => value && rows.push(el('dt', {}, label), el('dd', {}, value));
    row(t.collection, this.#collectionName(doc));
    row(t.institution, doc.facets.institution?.map((v) => this.#valueLabel('institution', v)).join('、'));
    row(t.region, doc.facets.region?.at(-1) && this.#valueLabel('region', doc.facets.region.at(-1)).replaceAll('/', ' · '));
    row(t.year, doc.facets.year?.join('、'));
    const lines = (s) => `${s.file}，${t.lines(s.segments.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', '))}`;
    const sources = [doc.source, ...(doc.also_in ?? [])].filter(Boolean);
    const small = sources.length ? el('p', { class: 'original' }, el('small', {}, `${t.original}：${sources.map(lines).join('；')}`)) : '';
    return el('section', { class: 'provenance', part: 'provenance', 'aria-label': t.provenance },
      el('h3', {}, t.provenance), el('dl', {}, ...rows), small);
  }

  #docFacets(doc) {
    const t = this.strings;
    const shown = new Set(['collection', 'institution', 'region', 'year']);
    const rows = [];
    for (const field of this.#info.facets) {
      if (shown.has(field.field)) continue;
      const values = doc.facets[field.field];
      if (!values?.length) continue;
      rows.push(el('dt', {}, this.#fieldLabel(field.field)),
        el('dd', {}, el('ul', { class: 'tags' }, ...values.map((v) => el('li', {}, this.#shortValueLabel(field.field, v))))));
    }
    if (doc.products?.length) rows.push(el('dt', {}, t.products), el('dd', {}, el('ul', { class: 'tags' }, ...doc.products.map((p) => el('li', {}, p)))));
    return rows.length ? el('dl', { class: 'doc-facets', 'aria-label': t.details }, ...rows) : '';
  }

  #gotoMatch(step) {
    const marks = this.#readerMarks;
    if (!marks.length) return;
    marks[this.#readerCurrent]?.classList.remove('current');
    this.#readerCurrent = (this.#readerCurrent + step + marks.length) % marks.length;
    const mark = marks[this.#readerCurrent];
    mark.classList.add('current');
    mark.scrollIntoView({ block: 'center' });
    this.#updateMatchNav();
  }

  #updateMatchNav() {
    const t = this.strings;
    const pos = this.#ui.reader.querySelector('.match-pos');
    if (!pos) return;
    const n = this.#readerMarks.length;
    pos.textContent = n === 0 ? t.noMatches : this.#readerCurrent < 0 ? t.matchCount(n) : t.matchOf(this.#readerCurrent + 1, n);
    for (const b of this.#ui.reader.querySelectorAll('.match-nav button')) b.disabled = n === 0;
  }

  /** Closing: Back when we added the history entry, so the list comes back as it was. */
  #closeReader() {
    if (this.#urlSync && history.state?.casesearch && history.state.opened) {
      history.back();
      return;
    }
    if (this.#state.case) this.#commit({ ...this.#state, case: null }, 'close');
    this.#closeDialog();
  }

  #closeDialog() {
    const dialog = this.#ui.reader;
    if (!this.#readerActive) return;
    this.#readerActive = false;
    this.#readerSeq++;
    if (dialog.open) dialog.close();
    window.scrollTo(window.scrollX, this.#scrollY);
    const id = this.#readerOpener;
    this.#readerOpener = null;
    const link = id && this.#ui.results.querySelector(`li[data-id="${CSS.escape(id)}"] a`);
    (link || this.#ui.input).focus({ preventScroll: true });
  }

  #slash(e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (this.#ui.reader.open || this.#ui.facets.open || this.#ui.input.disabled) return;
    e.preventDefault();
    this.#ui.input.focus();
    this.#ui.input.select();
  }
}

if (!customElements.get('case-search')) customElements.define('case-search', CaseSearch);
