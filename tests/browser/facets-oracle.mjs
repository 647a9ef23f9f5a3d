// Brute-force facet expectations, computed from plain document objects (the
// shape of `show()` or of a hit: `{id, title, facets: {field: [values]}}`),
// independently of the engine. Used by facets.test.mjs.
//
// Semantics (the same as the engine's, see src/query/facets.rs):
// - values of one field are ORed, different fields are ANDed;
// - a hierarchy value (`云南/曲靖`) also counts as each of its ancestors (`云南`);
// - the year range applies to the field of kind `year`, ORed with its values;
// - a value's count is the number of documents matching the query, every
//   *other* field's selection and that value;
// - while anything is selected, every value of the corpus (and every selected
//   value) is listed, with count 0 when nothing has it.

/** Compares strings by Unicode code point (Rust's `str` order), not UTF-16 unit. */
export function compareCodePoints(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}

/** Field specs with defaults filled in; a bare string is a plain-values field. */
export function normalizeFields(facetFields) {
  return facetFields.map((f) =>
    typeof f === 'string'
      ? { field: f, kind: 'values', separator: '/' }
      : { kind: 'values', separator: '/', ...f });
}

/** A document's values of one field, hierarchy paths expanded to every level. */
export function expandValues(spec, values = []) {
  const out = new Set();
  for (const v of values) {
    if (spec.kind === 'hierarchy') {
      const parts = v.split(spec.separator);
      for (let k = 1; k <= parts.length; k++) out.add(parts.slice(0, k).join(spec.separator));
    } else {
      out.add(v);
    }
  }
  return out;
}

/** `{field: value | [values]}` → `{field: [values]}` without empty lists. */
export function normalizeFilters(filters = {}) {
  const out = {};
  for (const [field, v] of Object.entries(filters ?? {})) {
    const list = [].concat(v);
    if (list.length > 0) out[field] = list;
  }
  return out;
}

/** A year range option (`{from, to}`, a year, or `"FROM..TO"`) → `{from, to}` or null when unbounded. */
export function normalizeYear(year) {
  if (year === undefined || year === null) return null;
  let from = null;
  let to = null;
  if (typeof year === 'number') {
    from = to = year;
  } else if (typeof year === 'string') {
    const [a, b] = year.includes('..') ? year.split('..') : [year, year];
    from = a.trim() === '' ? null : Number(a);
    to = b.trim() === '' ? null : Number(b);
  } else {
    from = year.from ?? null;
    to = year.to ?? null;
  }
  return from === null && to === null ? null : { from, to };
}

function yearsOf(values = []) {
  return values.map((v) => v.trim()).filter((v) => /^[+-]?\d+$/.test(v)).map(Number);
}

/**
 * Expected answer of `search(query, options)`: `total`, the set of hit `ids`,
 * and per field the `[{value, count, selected}]` list in display order.
 *
 * @param docs every document of the index: `{id, title, facets}`
 * @param queryMatchIds ids of the documents the query alone matches (no selection)
 * @param options the search options (`filters`, `year`)
 * @param facetFields the configured facets, `[{field, kind, separator}]`, in order
 */
export function bruteForceFacets(docs, queryMatchIds, options = {}, facetFields) {
  const fields = normalizeFields(facetFields);
  const filters = normalizeFilters(options.filters);
  const range = normalizeYear(options.year);
  for (const field of Object.keys(filters)) {
    if (!fields.some((f) => f.field === field)) throw new Error(`unknown facet field ${field}`);
  }
  const yearPos = fields.findIndex((f) => f.kind === 'year');
  if (range && yearPos < 0) throw new Error('a year range needs a facet of kind year');

  const prepared = docs.map((d) => ({
    id: d.id,
    values: fields.map((spec) => expandValues(spec, d.facets?.[spec.field])),
    years: yearPos < 0 ? [] : yearsOf(d.facets?.[fields[yearPos].field]),
  }));
  const universe = fields.map((_, f) => new Set(prepared.flatMap((d) => [...d.values[f]])));
  const matchSet = new Set(queryMatchIds);
  const matching = prepared.filter((d) => matchSet.has(d.id));
  const active = Object.keys(filters).length > 0 || range !== null;

  const passes = (d, f) => {
    const vals = filters[fields[f].field];
    const r = f === yearPos ? range : null;
    if (!vals && !r) return true;
    const byValue = (vals ?? []).some((v) => d.values[f].has(v));
    const byRange = r !== null && d.years.some((y) => (r.from === null || y >= r.from) && (r.to === null || y <= r.to));
    return byValue || byRange;
  };
  const passesAllBut = (d, skip) => fields.every((_, f) => f === skip || passes(d, f));

  const ids = new Set(matching.filter((d) => passesAllBut(d, -1)).map((d) => d.id));
  const facets = {};
  fields.forEach((spec, f) => {
    const counts = new Map();
    if (active) {
      for (const v of universe[f]) counts.set(v, 0);
      for (const v of filters[spec.field] ?? []) counts.set(v, 0);
    }
    for (const d of matching) {
      if (!passesAllBut(d, f)) continue;
      for (const v of d.values[f]) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const selected = new Set(filters[spec.field] ?? []);
    const list = [...counts].map(([value, count]) => ({ value, count, selected: selected.has(value) }));
    facets[spec.field] = orderValues(spec, list);
  });
  return { total: ids.size, ids, facets, filters, year: range };
}

/**
 * Display order of one field's values: plain values by count (descending) then
 * value; years newest first (anything else after, by value); hierarchies
 * depth-first, each parent before its children, siblings by count then name.
 */
export function orderValues(spec, list) {
  const byCountThenValue = (a, b) => b.count - a.count || compareCodePoints(a.value, b.value);
  if (spec.kind === 'year') {
    const year = (v) => (/^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : null);
    return [...list].sort((a, b) => {
      const [x, y] = [year(a.value), year(b.value)];
      if (x !== null && y !== null) return y - x || compareCodePoints(a.value, b.value);
      if (x !== null) return -1;
      if (y !== null) return 1;
      return compareCodePoints(a.value, b.value);
    });
  }
  if (spec.kind === 'hierarchy') {
    const countOf = new Map(list.map((c) => [c.value, c.count]));
    const key = (value) => {
      const parts = value.split(spec.separator);
      return parts.map((part, k) => [countOf.get(parts.slice(0, k + 1).join(spec.separator)) ?? 0, part]);
    };
    return [...list].sort((a, b) => {
      const [x, y] = [key(a.value), key(b.value)];
      for (let k = 0; k < Math.min(x.length, y.length); k++) {
        const d = y[k][0] - x[k][0] || compareCodePoints(x[k][1], y[k][1]);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    });
  }
  return [...list].sort(byCountThenValue);
}

/**
 * Expected order of hits under `newest` / `oldest`: by the first year of the
 * year field (documents without one last), then title, then id.
 */
export function orderByYear(docs, ids, sort, yearField) {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const year = (d) => {
    const first = d.facets?.[yearField]?.[0];
    return first !== undefined && /^[+-]?\d+$/.test(first) ? Number(first) : null;
  };
  return [...ids].sort((a, b) => {
    const [da, db] = [byId.get(a), byId.get(b)];
    const [ya, yb] = [year(da), year(db)];
    let d = 0;
    if (ya !== null && yb !== null) d = sort === 'newest' ? yb - ya : ya - yb;
    else if (ya !== null) d = -1;
    else if (yb !== null) d = 1;
    return d || compareCodePoints(da.title, db.title) || compareCodePoints(da.id, db.id);
  });
}
