// Text helpers for the reader: paragraphs, and highlighting without HTML parsing.

/** Splits a case's text into paragraphs (blank lines, or single line breaks in imported text). */
export function paragraphs(text) {
  return String(text ?? '').split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for the strings to highlight: the surfaces the engine marked in a
 * snippet (they carry its normalisation: 工行 marks 中国工商银行) and the words of
 * the query itself, minus operators and excluded words. Null when there is none.
 */
export function highlightTerms(query, surfaces = []) {
  const words = [];
  for (const m of String(query ?? '').matchAll(/(-?)"([^"]*)"|(-?)“([^”]*)”|(\S+)/g)) {
    if (m[1] === '-' || m[3] === '-') continue;
    const word = (m[2] ?? m[4] ?? m[5] ?? '').trim();
    if (!word || word === 'OR' || word === '|' || word.startsWith('-')) continue;
    words.push(...word.split('|').filter(Boolean));
  }
  const all = [...new Set([...surfaces, ...words].map((w) => w.trim()).filter((w) => w.length > 0))];
  if (!all.length) return null;
  all.sort((a, b) => b.length - a.length);
  return new RegExp(all.map(escapeRegExp).join('|'), 'giu');
}

/** Appends `text` to `target` as text nodes, with <mark part="mark"> around each match of `pattern`. */
export function markText(target, text, pattern) {
  if (!pattern) {
    target.append(document.createTextNode(text));
    return;
  }
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (!m[0]) continue;
    if (m.index > last) target.append(document.createTextNode(text.slice(last, m.index)));
    const mark = document.createElement('mark');
    mark.setAttribute('part', 'mark');
    mark.textContent = m[0];
    target.append(mark);
    last = m.index + m[0].length;
  }
  if (last < text.length) target.append(document.createTextNode(text.slice(last)));
}
