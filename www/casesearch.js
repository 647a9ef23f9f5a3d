// <case-search> — the casesearch widget.
//
// Embed with two tags:
//   <script type="module" src="casesearch.js"></script>
//   <case-search index="casesearch.idx" lang="zh-CN"></case-search>
//
// All searching happens in the WASM module (pkg/), offline. Text from the corpus
// is only ever inserted as text nodes; snippets arrive HTML-escaped with <mark>
// tags and are rebuilt node by node, never assigned to innerHTML.

import { openEngine } from './engine.js';

const STRINGS = {
  'zh-CN': {
    hint: '搜索案例，如：专精特新、科创e贷、工商银行',
    label: '搜索案例',
    loading: '正在加载检索索引…',
    results: (n) => `共 ${n} 个案例`,
    none: '没有找到匹配的案例。',
    partial: (n) => `没有案例包含完整查询，以下 ${n} 个案例匹配其中部分词语。`,
    ignored: (w) => `已忽略：${w}`,
    more: '加载更多',
    sort: '排序',
    relevance: '相关度',
    newest: '最新',
    oldest: '最早',
    source: '来源',
    lines: '行',
    error: '检索索引无法使用：',
    http: (status, url) => `下载 ${url} 失败（HTTP ${status}）`,
    yearFrom: '从',
    yearTo: '至',
    anyYear: '不限',
  },
  'zh-TW': {
    hint: '搜尋案例，如：專精特新、科創e貸、工商銀行',
    label: '搜尋案例',
    loading: '正在載入檢索索引…',
    results: (n) => `共 ${n} 個案例`,
    none: '沒有找到相符的案例。',
    partial: (n) => `沒有案例包含完整查詢，以下 ${n} 個案例符合其中部分詞語。`,
    ignored: (w) => `已忽略：${w}`,
    more: '載入更多',
    sort: '排序',
    relevance: '相關度',
    newest: '最新',
    oldest: '最早',
    source: '來源',
    lines: '行',
    error: '檢索索引無法使用：',
    http: (status, url) => `下載 ${url} 失敗（HTTP ${status}）`,
    yearFrom: '從',
    yearTo: '至',
    anyYear: '不限',
  },
  en: {
    hint: 'Search cases, e.g. 专精特新, 科创e贷, 工商银行',
    label: 'Search cases',
    loading: 'Loading the search index…',
    results: (n) => `${n} cases`,
    none: 'No matching cases.',
    partial: (n) => `No case contains the whole query; these ${n} cases match parts of it.`,
    ignored: (w) => `Ignored: ${w}`,
    more: 'Load more',
    sort: 'Sort',
    relevance: 'Relevance',
    newest: 'Newest',
    oldest: 'Oldest',
    source: 'Source',
    lines: 'lines',
    error: 'The search index cannot be used: ',
    http: (status, url) => `Downloading ${url} failed (HTTP ${status})`,
    yearFrom: 'From',
    yearTo: 'to',
    anyYear: 'any',
  },
};

const PAGE_SIZE = 10;
const LABEL_KEY = { 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW', en: 'en' };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
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
      mark = el('mark');
      target.append(mark);
    } else if (part === '</mark>') {
      mark = null;
    } else if (part) {
      (mark ?? target).append(document.createTextNode(unescapeHtml(part)));
    }
  }
}

export class CaseSearch extends HTMLElement {
  #engine = null;
  #info = null;
  #seq = 0;
  #state = { query: '', filters: {}, year: null, sort: 'relevance', shown: PAGE_SIZE };
  #years = [];
  #timer = 0;
  #ui = {};
  #resolveReady;
  #rejectReady;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    /** Resolves when the index is loaded; rejects with the reason it cannot be. */
    this.ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {});
  }

  get strings() {
    return STRINGS[this.getAttribute('lang')] ?? STRINGS['zh-CN'];
  }

  connectedCallback() {
    if (this.#ui.input) return;
    this.#render();
    this.#load();
  }

  /** Runs a query; resolves to the same JSON object as `casesearch search --json`. */
  async search(query, options = {}) {
    await this.ready;
    return this.#engine.search(query, options);
  }

  /** Resolves to the whole document (as `casesearch show --json`), or null. */
  async show(id) {
    await this.ready;
    return this.#engine.show(id);
  }

  async #load() {
    const t = this.strings;
    try {
      this.#engine = await openEngine(this.getAttribute('index') || 'casesearch.idx');
      this.#info = this.#engine.info;
      const yearField = this.#info.facets.find((f) => f.kind === 'year');
      if (yearField) {
        const all = (await this.#engine.search('', { limit: 0 })).facets[yearField.field] ?? [];
        this.#years = all.map((v) => Number(v.value)).filter(Number.isFinite).sort((a, b) => a - b);
      }
      this.#resolveReady();
      this.#ui.input.disabled = false;
      this.#update();
    } catch (e) {
      const message = e?.code === 'http' ? t.http(e.detail.status, new URL(e.detail.url).pathname) : e instanceof Error ? e.message : String(e);
      this.#ui.status.replaceChildren();
      this.#ui.error.hidden = false;
      this.#ui.error.textContent = t.error + message;
      this.#rejectReady(new Error(message));
    }
  }

  #render() {
    const t = this.strings;
    const input = el('input', {
      type: 'search', placeholder: t.hint, 'aria-label': t.label, autocomplete: 'off', enterkeyhint: 'search', disabled: '',
      oninput: () => {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#setQuery(input.value), 120);
      },
      onkeydown: (e) => {
        if (e.key === 'Enter') {
          clearTimeout(this.#timer);
          this.#setQuery(input.value);
        }
      },
    });
    const sort = el('select', { 'aria-label': t.sort, onchange: () => { this.#state.sort = sort.value; this.#state.shown = PAGE_SIZE; this.#update(); } },
      ...['relevance', 'newest', 'oldest'].map((s) => el('option', { value: s }, t[s])));
    const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, t.loading);
    const error = el('div', { class: 'error', role: 'alert', hidden: '' });
    const facets = el('aside', { class: 'facets' });
    const results = el('ol', { class: 'results' });
    const more = el('button', { class: 'more', type: 'button', hidden: '', onclick: () => { this.#state.shown += PAGE_SIZE; this.#update(); } }, t.more);
    const link = el('link', { rel: 'stylesheet', href: new URL('./casesearch.css', import.meta.url).href });
    this.shadowRoot.replaceChildren(link, el('div', { class: 'bar' }, input, sort), error, status,
      el('div', { class: 'layout' }, facets, el('section', {}, results, more)));
    this.#ui = { input, sort, status, error, facets, results, more };
  }

  #setQuery(q) {
    if (q === this.#state.query) return;
    this.#state.query = q;
    this.#state.shown = PAGE_SIZE;
    this.#update();
  }

  #toggle(field, value, on) {
    const current = new Set(this.#state.filters[field] ?? []);
    if (on) current.add(value); else current.delete(value);
    if (current.size) this.#state.filters[field] = [...current]; else delete this.#state.filters[field];
    this.#state.shown = PAGE_SIZE;
    this.#update();
  }

  async #update() {
    if (!this.#engine) return;
    const { query, filters, year, sort, shown } = this.#state;
    const seq = ++this.#seq;
    let res;
    try {
      res = await this.#engine.search(query, { filters, sort, limit: shown, offset: 0, ...(year ? { year } : {}) });
      if (seq !== this.#seq) return;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.#ui.error.hidden = false;
      this.#ui.error.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    this.#ui.error.hidden = true;
    this.#renderStatus(res);
    this.#renderResults(res);
    this.#renderFacets(res);
    this.dispatchEvent(new CustomEvent('results', { detail: res }));
  }

  #renderStatus(res) {
    const t = this.strings;
    const parts = [res.total === 0 ? t.none : res.partial ? t.partial(res.total) : t.results(res.total)];
    if (res.ignored.length) parts.push(t.ignored(res.ignored.join(' ')));
    this.#ui.status.textContent = parts.join(' · ');
    this.#ui.status.classList.toggle('partial', res.partial);
  }

  #renderResults(res) {
    const t = this.strings;
    const items = res.hits.map((hit) => {
      const snippet = el('p', { class: 'snippet' });
      appendSnippet(snippet, hit.snippet);
      const chips = el('ul', { class: 'chips' });
      for (const field of ['institution', 'region', 'year', 'category']) {
        for (const v of hit.facets[field] ?? []) chips.append(el('li', {}, v));
      }
      const src = [hit.source, ...hit.also_in].map((s) =>
        `${s.file} ${t.lines} ${s.segments.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ')}`);
      const title = el('h3');
      appendSnippet(title, hit.title_html);
      return el('li', { 'data-id': hit.id },
        title, snippet, chips, el('div', { class: 'source' }, `${t.source}：${src.join('；')}`));
    });
    this.#ui.results.replaceChildren(...items);
    this.#ui.more.hidden = res.hits.length >= res.total;
  }

  /** From–to selects for the year facet. */
  #yearRange() {
    const t = this.strings;
    const current = this.#state.year ?? {};
    const pick = (end, label) => {
      const select = el('select', { 'aria-label': `${label}`, 'data-end': end, onchange: () => {
        const year = { ...(this.#state.year ?? {}) };
        if (select.value) year[end] = Number(select.value); else delete year[end];
        if (year.from !== undefined && year.to !== undefined && year.from > year.to) {
          year[end === 'from' ? 'to' : 'from'] = year[end];
        }
        this.#state.year = Object.keys(year).length ? year : null;
        this.#state.shown = PAGE_SIZE;
        this.#update();
      } }, el('option', { value: '' }, t.anyYear), ...this.#years.map((y) => el('option', { value: String(y) }, String(y))));
      select.value = current[end] !== undefined ? String(current[end]) : '';
      return select;
    };
    return el('div', { class: 'range' }, t.yearFrom, ' ', pick('from', t.yearFrom), ' ', t.yearTo, ' ', pick('to', t.yearTo));
  }

  #renderFacets(res) {
    const lang = LABEL_KEY[this.getAttribute('lang')] ?? 'zh-CN';
    const sets = [];
    for (const field of this.#info.facets) {
      const counts = res.facets[field.field] ?? [];
      if (!counts.length) continue;
      const selected = new Set(this.#state.filters[field.field] ?? []);
      const list = el('ul');
      for (const { value, count } of counts) {
        const isChild = field.kind === 'hierarchy' && value.includes(field.separator);
        const shownValue = isChild ? value.slice(value.lastIndexOf(field.separator) + field.separator.length) : value;
        const box = el('input', { type: 'checkbox', onchange: (e) => this.#toggle(field.field, value, e.target.checked) });
        box.checked = selected.has(value);
        if (count === 0 && !box.checked) box.setAttribute('aria-disabled', 'true');
        const cls = [isChild ? 'child' : '', count === 0 ? 'zero' : ''].join(' ').trim();
        list.append(el('li', cls ? { class: cls } : {},
          el('label', {}, box, el('span', { class: 'value' }, shownValue), el('span', { class: 'count' }, String(count)))));
      }
      const label = field.label[lang] || field.label['zh-CN'] || field.field;
      const set = el('fieldset', { 'data-field': field.field }, el('legend', {}, label));
      if (field.kind === 'year' && this.#years.length > 1) set.append(this.#yearRange());
      set.append(list);
      sets.push(set);
    }
    this.#ui.facets.replaceChildren(...sets);
  }
}

if (!customElements.get('case-search')) customElements.define('case-search', CaseSearch);
