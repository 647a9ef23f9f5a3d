// The widget's languages: every string it shows, and how a BCP-47 tag picks one.

/** The three UI languages. */
export const LANGS = ['zh-CN', 'zh-TW', 'en'];

/**
 * Maps a BCP-47 tag to a UI language, or null when none fits. An explicit script
 * wins over the region (zh-Hans-HK is simplified); Hong Kong, Macao and Taiwan
 * default to traditional script.
 */
export function resolveLang(tag) {
  const parts = String(tag ?? '').trim().toLowerCase().split(/[-_]/).filter(Boolean);
  if (!parts.length) return null;
  const [primary, ...rest] = parts;
  if (primary === 'en') return 'en';
  if (primary !== 'zh') return null;
  if (rest.includes('hant')) return 'zh-TW';
  if (rest.includes('hans')) return 'zh-CN';
  if (rest.some((r) => r === 'tw' || r === 'hk' || r === 'mo')) return 'zh-TW';
  return 'zh-CN';
}

/**
 * The UI language for an element: its own `lang`, else the nearest `lang` up the
 * tree (normally `<html lang>`). A tag naming a language the widget lacks gives
 * English; no tag at all gives simplified Chinese, the corpus language.
 */
export function pickLang(...tags) {
  let sawTag = false;
  for (const tag of tags) {
    if (!tag) continue;
    sawTag = true;
    const lang = resolveLang(tag);
    if (lang) return lang;
  }
  return sawTag ? 'en' : 'zh-CN';
}

const enPlural = new Intl.PluralRules('en');
const cases = (n) => `${n} ${enPlural.select(n) === 'one' ? 'case' : 'cases'}`;
const matches = (n) => `${n} ${enPlural.select(n) === 'one' ? 'match' : 'matches'}`;

export const STRINGS = {
  'zh-CN': {
    hint: '搜索案例，如：专精特新、科创e贷、工商银行',
    label: '搜索案例',
    loading: '正在加载检索数据…',
    results: (n) => `共 ${n} 个案例`,
    none: '没有找到匹配的案例',
    noneQuery: (q) => `没有案例包含“${q}”。请检查用字，或换一个更短的词。`,
    noneFilters: '没有案例同时符合当前的全部筛选条件。',
    removeGives: (label, n) => `去掉“${label}”可看到 ${n} 个案例`,
    partial: (n) => `没有案例包含完整查询，以下 ${n} 个案例匹配其中部分词语。`,
    ignored: (w) => `已忽略：${w}`,
    more: '加载更多',
    sort: '排序',
    relevance: '相关度',
    newest: '最新',
    oldest: '最早',
    filters: '筛选',
    filtersCount: (n) => (n ? `筛选（${n}）` : '筛选'),
    close: '关闭',
    showResults: (n) => `查看 ${n} 个案例`,
    clearAll: '清除全部',
    remove: (label) => `移除筛选：${label}`,
    selected: '已选条件',
    filterValues: (label) => `在“${label}”中查找`,
    showAll: (n) => `显示全部 ${n} 项`,
    showFewer: '收起',
    yearFrom: '起始年份',
    yearTo: '截止年份',
    from: '从',
    to: '至',
    anyYear: '不限',
    yearChip: (a, b) => (a !== undefined && b !== undefined ? (a === b ? `${a} 年` : `${a}–${b} 年`) : a !== undefined ? `${a} 年起` : `${b} 年及以前`),
    back: '返回结果',
    prevMatch: '上一处',
    nextMatch: '下一处',
    matchOf: (i, n) => `第 ${i} 处，共 ${n} 处`,
    matchCount: (n) => `${n} 处匹配`,
    noMatches: '正文中没有高亮的匹配',
    provenance: '出处',
    collection: '案例集',
    institution: '机构',
    year: '年份',
    region: '地区',
    original: '原始文件',
    lines: (r) => `第 ${r} 行`,
    alsoIn: '另见',
    products: '产品',
    details: '分类',
    permalink: '本案例链接',
    notFound: (id) => `找不到编号为 ${id} 的案例，它可能已从案例库中移除。`,
    loadingCase: '正在打开案例…',
    errors: {
      http: (s) => `检索索引无法使用：服务器上没有找到检索数据（HTTP ${s}）。网站可能正在更新，请稍后重试。`,
      network: '检索索引无法使用：检索数据下载失败。请检查网络连接后重试。',
      index: '检索索引无法使用：网站上的检索数据已损坏或版本不符，暂时无法搜索。请稍后重试，或告知网站管理员。',
      file: '检索索引无法使用：这个页面是直接从电脑上的文件打开的，需要通过网站访问才能搜索。',
      search: '这次搜索没有完成，请重试。',
      show: '这个案例没能打开，请重试。',
      worker: '检索引擎没能在这个浏览器中启动。请刷新页面重试；如果仍然不行，请换用较新版本的浏览器。',
    },
    retry: '重试',
    technical: '技术信息',
  },
  'zh-TW': {
    hint: '搜尋案例，如：專精特新、科創e貸、工商銀行',
    label: '搜尋案例',
    loading: '正在載入檢索資料…',
    results: (n) => `共 ${n} 個案例`,
    none: '沒有找到相符的案例',
    noneQuery: (q) => `沒有案例包含「${q}」。請檢查用字，或換一個較短的詞。`,
    noneFilters: '沒有案例同時符合目前的全部篩選條件。',
    removeGives: (label, n) => `移除「${label}」可看到 ${n} 個案例`,
    partial: (n) => `沒有案例包含完整查詢，以下 ${n} 個案例符合其中部分詞語。`,
    ignored: (w) => `已忽略：${w}`,
    more: '載入更多',
    sort: '排序',
    relevance: '相關度',
    newest: '最新',
    oldest: '最早',
    filters: '篩選',
    filtersCount: (n) => (n ? `篩選（${n}）` : '篩選'),
    close: '關閉',
    showResults: (n) => `查看 ${n} 個案例`,
    clearAll: '清除全部',
    remove: (label) => `移除篩選：${label}`,
    selected: '已選條件',
    filterValues: (label) => `在「${label}」中尋找`,
    showAll: (n) => `顯示全部 ${n} 項`,
    showFewer: '收合',
    yearFrom: '起始年份',
    yearTo: '截止年份',
    from: '從',
    to: '至',
    anyYear: '不限',
    yearChip: (a, b) => (a !== undefined && b !== undefined ? (a === b ? `${a} 年` : `${a}–${b} 年`) : a !== undefined ? `${a} 年起` : `${b} 年及以前`),
    back: '返回結果',
    prevMatch: '上一處',
    nextMatch: '下一處',
    matchOf: (i, n) => `第 ${i} 處，共 ${n} 處`,
    matchCount: (n) => `${n} 處符合`,
    noMatches: '內文中沒有標示的符合處',
    provenance: '出處',
    collection: '案例集',
    institution: '機構',
    year: '年份',
    region: '地區',
    original: '原始檔案',
    lines: (r) => `第 ${r} 行`,
    alsoIn: '另見',
    products: '產品',
    details: '分類',
    permalink: '本案例連結',
    notFound: (id) => `找不到編號為 ${id} 的案例，它可能已從案例庫中移除。`,
    loadingCase: '正在開啟案例…',
    errors: {
      http: (s) => `檢索索引無法使用：伺服器上沒有找到檢索資料（HTTP ${s}）。網站可能正在更新，請稍後重試。`,
      network: '檢索索引無法使用：檢索資料下載失敗。請檢查網路連線後重試。',
      index: '檢索索引無法使用：網站上的檢索資料已損壞或版本不符，暫時無法搜尋。請稍後重試，或告知網站管理員。',
      file: '檢索索引無法使用：這個頁面是直接從電腦上的檔案開啟的，需要透過網站瀏覽才能搜尋。',
      search: '這次搜尋沒有完成，請重試。',
      show: '這個案例沒能開啟，請重試。',
      worker: '檢索引擎沒能在這個瀏覽器中啟動。請重新整理頁面再試；如果仍然不行，請改用較新版本的瀏覽器。',
    },
    retry: '重試',
    technical: '技術資訊',
  },
  en: {
    hint: 'Search cases, e.g. 专精特新, 科创e贷, 工商银行',
    label: 'Search cases',
    loading: 'Loading the search data…',
    results: (n) => cases(n),
    none: 'No matching cases',
    noneQuery: (q) => `No case contains “${q}”. Check the spelling or try a shorter word.`,
    noneFilters: 'No case matches all the selected filters together.',
    removeGives: (label, n) => `Remove “${label}” to see ${cases(n)}`,
    partial: (n) => `No case contains the whole query; ${n === 1 ? 'this case matches' : `these ${n} cases match`} parts of it.`,
    ignored: (w) => `Ignored: ${w}`,
    more: 'Show more',
    sort: 'Sort',
    relevance: 'Relevance',
    newest: 'Newest',
    oldest: 'Oldest',
    filters: 'Filters',
    filtersCount: (n) => (n ? `Filters (${n})` : 'Filters'),
    close: 'Close',
    showResults: (n) => `Show ${cases(n)}`,
    clearAll: 'Clear all',
    remove: (label) => `Remove filter: ${label}`,
    selected: 'Selected filters',
    filterValues: (label) => `Find in ${label}`,
    showAll: (n) => `Show all ${n}`,
    showFewer: 'Show fewer',
    yearFrom: 'From year',
    yearTo: 'To year',
    from: 'From',
    to: 'to',
    anyYear: 'any',
    yearChip: (a, b) => (a !== undefined && b !== undefined ? (a === b ? `${a}` : `${a}–${b}`) : a !== undefined ? `${a} onwards` : `up to ${b}`),
    back: 'Back to results',
    prevMatch: 'Previous match',
    nextMatch: 'Next match',
    matchOf: (i, n) => `Match ${i} of ${n}`,
    matchCount: (n) => matches(n),
    noMatches: 'No highlighted matches in the text',
    provenance: 'Source',
    collection: 'Collection',
    institution: 'Institution',
    year: 'Year',
    region: 'Region',
    original: 'Original file',
    lines: (r) => `lines ${r}`,
    alsoIn: 'Also in',
    products: 'Products',
    details: 'Classification',
    permalink: 'Link to this case',
    notFound: (id) => `There is no case ${id}; it may have been removed from the collection.`,
    loadingCase: 'Opening the case…',
    errors: {
      http: (s) => `Search is unavailable: the search data was not found on the server (HTTP ${s}). The site may be updating; please try again later.`,
      network: 'Search is unavailable: the search data could not be downloaded. Check your connection and try again.',
      index: 'Search is unavailable: the search data on this site is damaged or from another version. Try again later, or tell the site’s maintainers.',
      file: 'Search is unavailable: this page was opened as a file on your computer. Open it through a web site to search.',
      search: 'This search did not complete. Please try again.',
      show: 'This case could not be opened. Please try again.',
      worker: 'The search engine could not start in this browser. Reload the page to try again; if that does not help, use a newer browser.',
    },
    retry: 'Try again',
    technical: 'Technical details',
  },
};
