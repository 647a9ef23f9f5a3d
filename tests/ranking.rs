//! Ranking on hand-written documents: what a reader expects to come first.

use casesearch::corpus::{AliasTable, Config, Document, Source};
use casesearch::index::build_index;
use casesearch::query::{MemoryIndex, SearchOptions};

fn doc(id: &str, title: &str, products: &[&str], body: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        title_is_editorial: false,
        products: products.iter().map(|p| p.to_string()).collect(),
        facets: Default::default(),
        source: Source {
            file: format!("{id}.md"),
            segments: vec![[1, 1]],
        },
        also_in: vec![],
        body: body.into(),
    }
}

fn searcher(docs: &[Document]) -> MemoryIndex {
    MemoryIndex::new(&build_index(docs, &Config::default(), &AliasTable::default()).unwrap())
        .unwrap()
}

fn ids(s: &MemoryIndex, q: &str) -> Vec<String> {
    s.search(q, &SearchOptions::default())
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

const FILLER: &str = "银行围绕实体经济需求持续优化服务流程，提升办理效率，降低企业综合融资成本。";

#[test]
fn a_four_character_term_does_not_match_documents_with_only_its_first_two_characters() {
    let s = searcher(&[
        doc(
            "whole",
            "案例甲",
            &[],
            &format!("支持专精特新企业发展。{FILLER}"),
        ),
        doc(
            "part",
            "案例乙",
            &[],
            &format!("专精技术人才专精专精。{FILLER}"),
        ),
    ]);
    assert_eq!(ids(&s, "专精特新"), ["whole"]);
}

#[test]
fn whole_term_ranks_above_its_scattered_parts() {
    let s = searcher(&[
        doc(
            "scattered",
            "案例甲",
            &[],
            &format!("科创{FILLER}{FILLER}企业{FILLER}"),
        ),
        doc(
            "whole",
            "案例乙",
            &[],
            &format!("{FILLER}科创企业{FILLER}{FILLER}"),
        ),
    ]);
    assert_eq!(ids(&s, "科创 企业"), ["whole", "scattered"]);
}

#[test]
fn title_matches_rank_first() {
    let s = searcher(&[
        doc(
            "body",
            "普通案例",
            &[],
            &format!("知识产权质押。知识产权质押。知识产权质押。{FILLER}"),
        ),
        doc(
            "title",
            "知识产权质押助力企业",
            &[],
            &format!("{FILLER}知识产权质押。{FILLER}"),
        ),
    ]);
    assert_eq!(ids(&s, "知识产权质押"), ["title", "body"]);
}

#[test]
fn product_names_are_boosted() {
    let s = searcher(&[
        doc(
            "mention",
            "案例甲",
            &[],
            &format!("{FILLER}当地还有善新贷等产品。{FILLER}"),
        ),
        doc(
            "product",
            "案例乙",
            &["善新贷"],
            &format!("{FILLER}推出善新贷。{FILLER}"),
        ),
    ]);
    assert_eq!(ids(&s, "善新贷"), ["product", "mention"]);
}

#[test]
fn more_occurrences_rank_higher_at_equal_length() {
    let s = searcher(&[
        doc(
            "once",
            "案例甲",
            &[],
            &format!("{FILLER}供应链金融。{FILLER}{FILLER}"),
        ),
        doc(
            "thrice",
            "案例乙",
            &[],
            &format!("供应链金融。{FILLER}供应链金融。{FILLER}供应链金融。"),
        ),
    ]);
    assert_eq!(ids(&s, "供应链金融"), ["thrice", "once"]);
}

#[test]
fn the_script_the_user_typed_ranks_first() {
    let s = searcher(&[
        doc(
            "simplified",
            "案例甲",
            &[],
            &format!("推出经营快贷。{FILLER}"),
        ),
        doc(
            "traditional",
            "案例乙",
            &[],
            &format!("推出經營快貸。{FILLER}"),
        ),
    ]);
    assert_eq!(ids(&s, "經營快貸"), ["traditional", "simplified"]);
    assert_eq!(ids(&s, "经营快贷"), ["simplified", "traditional"]);
}

#[test]
fn snippets_show_traditional_text_with_marks_in_place() {
    let s = searcher(&[doc(
        "t",
        "案例",
        &[],
        "工商銀行推出經營快貸，服務小微企業。",
    )]);
    let r = s.search("经营快贷", &SearchOptions::default()).unwrap();
    assert_eq!(
        r.hits[0].snippet,
        "工商銀行推出<mark>經營快貸</mark>，服務小微企業。"
    );
}

#[test]
fn rarer_terms_weigh_more_than_common_ones() {
    let common = "银行";
    let s = searcher(&[
        doc("rare", "案例甲", &[], &format!("{FILLER}碳中和{FILLER}")),
        doc(
            "common",
            "案例乙",
            &[],
            &format!("{common}{common}{common}{FILLER}"),
        ),
        doc(
            "both",
            "案例丙",
            &[],
            &format!("{FILLER}碳中和与{common}{FILLER}"),
        ),
        doc("other", "案例丁", &[], FILLER),
    ]);
    let r = ids(&s, "碳中和 OR 银行");
    assert!(
        r.iter().position(|x| x == "rare") < r.iter().position(|x| x == "common"),
        "{r:?}"
    );
}

#[test]
fn long_questions_fall_back_to_partial_matches_on_their_parts() {
    let s = searcher(&[
        doc(
            "elder",
            "守护老年人",
            &[],
            &format!("为老年人讲解防范电信诈骗知识。{FILLER}"),
        ),
        doc(
            "fraud",
            "反诈宣传",
            &[],
            &format!("开展防范电信诈骗宣传。{FILLER}"),
        ),
        doc("none1", "小微贷款", &[], FILLER),
        doc("none2", "绿色信贷", &[], &format!("支持绿色产业。{FILLER}")),
        doc("none3", "跨境金融", &[], &format!("跨境结算便利。{FILLER}")),
        doc("none4", "供应链", &[], &format!("核心企业上下游。{FILLER}")),
    ]);
    let r = s
        .search("银行如何帮助老年人防范电信诈骗", &SearchOptions::default())
        .unwrap();
    assert!(r.partial);
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got[..2], ["elder", "fraud"]);
    let exact = s.search("防范电信诈骗", &SearchOptions::default()).unwrap();
    assert!(!exact.partial);
}

#[test]
fn exclusion_and_or_work_together() {
    let s = searcher(&[
        doc("a", "甲", &[], "微业贷支持小微。"),
        doc("b", "乙", &[], "微粒贷服务个人。"),
        doc("c", "丙", &[], "微业贷与微粒贷。"),
    ]);
    let mut r = ids(&s, "微业贷 OR 微粒贷");
    r.sort();
    assert_eq!(r, ["a", "b", "c"]);
    assert_eq!(ids(&s, "微业贷 -微粒贷"), ["a"]);
}

#[test]
fn words_typed_apart_rank_documents_that_have_them_in_a_row_first() {
    let s = searcher(&[
        doc(
            "apart",
            "案例甲",
            &[],
            &format!("科创企业贷款，e时代。{FILLER}贷款贷款科创e化。"),
        ),
        doc(
            "phrase",
            "案例乙",
            &[],
            &format!("{FILLER}推出科创 e 贷。{FILLER}"),
        ),
    ]);
    assert_eq!(ids(&s, "科创 e 贷"), ["phrase", "apart"]);
}
