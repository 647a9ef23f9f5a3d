// The fixed query list of the benchmark. The first query is the one typed into
// the search box for the cold-start figure; the rest run through each engine's
// JavaScript API once it has loaded. Every query matches something in the
// sample corpus (and so in the synthetic corpora, made of its sentences).

export const FIRST_QUERY = '专精特新';

export const QUERIES = [
  { q: '专精特新' },
  { q: '小微企业' },
  { q: '贷款' },
  { q: '普惠金融' },
  { q: '乡村振兴' },
  { q: '扶贫' },
  { q: '复工复产' },
  { q: '知识产权' },
  { q: '供应链金融' },
  { q: '绿色金融' },
  { q: '数字化' },
  { q: '跨境' },
  { q: '担保' },
  { q: '无还本续贷' },
  { q: '征信' },
  { q: '大数据' },
  { q: '民营企业' },
  { q: '科技金融' },
  { q: '马铃薯' },
  { q: '科创e贷' },
  { q: '微业贷' },
  { q: '工商银行' },
  { q: '經營快貸', note: 'traditional script' },
  { q: 'IPO', note: 'Latin' },
  { q: 'StarCard', note: 'Latin product name' },
  { q: 'FISCO BCOS', note: 'two Latin words' },
  { q: '小微企业 线上', note: 'two words' },
  { q: '疫情 复工复产 贷款', note: 'three words' },
  { q: '专精特新 贷款', note: 'two words' },
  { q: '贷款', filters: { region: '云南' }, note: 'filtered: region 云南' },
];
