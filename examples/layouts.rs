//! Bytes a query must fetch under two index layouts (the measurement behind
//! `docs/index.md`):
//!
//! - **inverted** — the layout casesearch uses: posting and position chunks
//!   cut from sorted keys, exact without document text. Measured on the index
//!   that `casesearch build` wrote: the gzip files a query loads.
//! - **transposed filters** — tinysearch's per-document xor filters turned
//!   around: the (key, document) pairs partitioned by key hash, one Xor8 per
//!   partition, so a query fetches only its keys' partitions. Filters admit
//!   false positives and know no positions, so every candidate's text must be
//!   fetched to verify it and count it exactly.
//!
//! ```sh
//! target/release/casesearch build corpus --out /tmp/ix
//! cargo run --release --example layouts -- corpus /tmp/ix
//! ```

use casesearch::corpus::loader::load_corpus;
use casesearch::index::keys::{document_segments, for_each_key, TermPlan};
use casesearch::index::{unseal, Entry, Kind, CHUNK_DIR, ENTRY_FILE};
use casesearch::query::{parse_query, Outcome, SearchOptions, Searcher};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use xorf::{Filter, Xor8};
use xxhash_rust::xxh3::xxh3_64;

const QUERIES: &[&str] = &[
    "专精特新",
    "小微企业",
    "贷款",
    "普惠金融",
    "乡村振兴",
    "扶贫",
    "复工复产",
    "知识产权",
    "供应链金融",
    "绿色金融",
    "数字化",
    "跨境",
    "担保",
    "无还本续贷",
    "征信",
    "大数据",
    "民营企业",
    "科技金融",
    "马铃薯",
    "科创e贷",
    "微业贷",
    "工商银行",
    "經營快貸",
    "IPO",
    "StarCard",
    "FISCO BCOS",
    "小微企业 线上",
    "疫情 复工复产 贷款",
    "专精特新 贷款",
];

fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(bytes);
    gz.finish().map(|v| v.len()).unwrap_or(0)
}

fn pair_hash(key: &str, doc: u32) -> u64 {
    xxh3_64(format!("{key}\u{1f}{doc}").as_bytes())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (corpus_dir, index_dir) = match args.as_slice() {
        [_, c, i] => (Path::new(c), Path::new(i)),
        _ => {
            eprintln!("usage: layouts CORPUS INDEX_DIR");
            std::process::exit(2);
        }
    };
    let corpus = load_corpus(corpus_dir).expect("corpus loads");
    let entry_file = std::fs::read(index_dir.join(ENTRY_FILE)).expect("index built");
    let entry = Entry::decode(&unseal(&entry_file, Kind::Entry).expect("entry")).expect("entry");
    let partitions = entry.key_dir.len().max(1);
    let stop = entry.stop_words.clone();

    // Transposed filters: (key, document) pairs of unigram and bigram keys by key-hash partition.
    let mut parts: Vec<Vec<u64>> = vec![Vec::new(); partitions];
    let mut text_gz: Vec<usize> = Vec::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        let (segs, _) = document_segments(&doc.title, &doc.products, &doc.body);
        let mut keys = BTreeSet::new();
        for s in &segs {
            for_each_key(s, &stop, |k, n, _, _| {
                if n <= 2 {
                    keys.insert(k.to_string());
                }
            });
        }
        for k in keys {
            let p = (xxh3_64(k.as_bytes()) % partitions as u64) as usize;
            parts[p].push(pair_hash(&k, d as u32));
        }
        text_gz.push(gzip_len(format!("{}\n{}", doc.title, doc.body).as_bytes()));
    }
    let filters: Vec<Xor8> = parts
        .iter_mut()
        .map(|p| {
            p.sort_unstable();
            p.dedup();
            Xor8::from(p.as_slice())
        })
        .collect();
    let filter_gz: Vec<usize> = filters.iter().map(|f| gzip_len(&f.fingerprints)).collect();

    let entry_gz = entry_file.len();
    println!(
        "{} documents; inverted entry {} B gz, {} posting and {} position chunks; {} filter partitions, {} B gz in all",
        corpus.documents.len(),
        entry_gz,
        entry.key_dir.len(),
        entry.pos_dir.len(),
        partitions,
        filter_gz.iter().sum::<usize>()
    );
    println!("| query | inverted: chunks B | filters: partitions B | candidates | verified | text to verify B |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let (mut sum_inv, mut sum_filt) = (0usize, 0usize);
    for q in QUERIES {
        // Inverted: the chunks the searcher asks for, before the page's fragments.
        let mut s = Searcher::new(entry.clone());
        let mut bytes = 0;
        let opts = SearchOptions {
            limit: 0,
            ..SearchOptions::default()
        };
        let total = loop {
            match s.search(q, &opts).expect("search") {
                Outcome::Done(r) => break r.total,
                Outcome::Need(names) => {
                    for name in names {
                        let file =
                            std::fs::read(index_dir.join(CHUNK_DIR).join(&name)).expect("chunk");
                        bytes += file.len();
                        let kind = Entry::kind_of(&name).expect("kind");
                        s.add_chunk(&name, &unseal(&file, kind).expect("unseal"))
                            .expect("add");
                    }
                }
            }
        };
        // Filters: every unigram/bigram key of every positive term.
        let parsed = parse_query(q, &stop, &entry.aliases);
        // Per clause, per alternative: its keys (a clause passes when one alternative does).
        let mut clause_keys: Vec<Vec<Vec<String>>> = Vec::new();
        for c in parsed.positive() {
            let mut term_keys: Vec<Vec<String>> = Vec::new();
            for t in &c.alternatives {
                let (segs, _) = document_segments(&t.text, &[], "");
                let mut ks = Vec::new();
                for_each_key(&segs[0], &stop, |k, n, _, _| {
                    if n <= 2 {
                        ks.push(k.to_string());
                    }
                });
                if TermPlan::span(&t.text) > 0 {
                    term_keys.push(ks);
                }
            }
            clause_keys.push(term_keys);
        }
        let touched: BTreeSet<usize> = clause_keys
            .iter()
            .flatten()
            .flatten()
            .map(|k| (xxh3_64(k.as_bytes()) % partitions as u64) as usize)
            .collect();
        let filt_bytes: usize = touched.iter().map(|&p| filter_gz[p]).sum();
        let mut candidates = 0;
        let mut text = 0;
        for (d, doc_text_gz) in text_gz.iter().enumerate() {
            let pass = clause_keys.iter().all(|alts| {
                alts.iter().any(|ks| {
                    ks.iter().all(|k| {
                        let p = (xxh3_64(k.as_bytes()) % partitions as u64) as usize;
                        filters[p].contains(&pair_hash(k, d as u32))
                    })
                })
            });
            if pass {
                candidates += 1;
                text += doc_text_gz;
            }
        }
        sum_inv += bytes;
        sum_filt += filt_bytes + text;
        println!("| {q} | {bytes} | {filt_bytes} | {candidates} | {total} | {text} |");
    }
    let n = QUERIES.len();
    println!(
        "\nmean bytes per query before the page's fragments: inverted {} B; transposed filters {} B (partitions + text to verify)",
        sum_inv / n,
        sum_filt / n
    );
}
