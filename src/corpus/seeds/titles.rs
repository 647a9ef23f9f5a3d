//! Titles: checking the printed title lines against `cases.json`, and the
//! title shown in results.
//!
//! A results list needs titles that tell cases apart. Some collections print
//! a generic title (`“专精特新”中小企业典型案例`) and let the section heading
//! name the bank; such a title gets the institution in front
//! (`红塔银行：“专精特新”中小企业典型案例`). A text with no printed title (003)
//! gets the editorial title from `cases.json`, marked as editorial.

use super::layout::SeedLine;

/// The outcome of matching the printed title lines with the expected title.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct TitleLines {
    /// Text printed on the last title line after the title: the extractor
    /// merged it with the next block (004 line 1304); it belongs to the body.
    pub leftover: Option<String>,
    /// Why the lines do not match, if they do not.
    pub mismatch: Option<String>,
}

/// Matches the title lines (in file order) with `parent` (an umbrella heading
/// printed above a sub-case title) followed by `title`, ignoring whitespace.
pub(crate) fn match_title_lines(
    lines: &[SeedLine],
    title: &str,
    parent: Option<&str>,
) -> TitleLines {
    let Some((last, first_lines)) = lines.split_last() else {
        return TitleLines {
            leftover: None,
            mismatch: Some("no title lines".into()),
        };
    };
    let printed: Vec<char> = lines
        .iter()
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let compact = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<Vec<char>>()
    };
    let title = compact(title);
    let mut expected = title.clone();
    if let Some(parent) = parent.map(compact) {
        if printed.starts_with(&parent) && !printed.starts_with(&title) {
            expected = [parent, title.clone()].concat();
        }
    }
    if !printed.starts_with(&expected) {
        let shown: String = printed.iter().collect();
        return TitleLines {
            leftover: None,
            mismatch: Some(format!(
                "title_lines read {shown:?}, not the title {:?}",
                title.iter().collect::<String>()
            )),
        };
    }
    if printed.len() == expected.len() {
        return TitleLines::default();
    }
    // The leftover is the tail of the last line, with its own spacing.
    let last = last.text.as_str();
    let before_last: usize = first_lines
        .iter()
        .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let mut need = expected.len() - before_last;
    let mut cut = last.len();
    for (i, c) in last.char_indices() {
        if need == 0 {
            cut = i;
            break;
        }
        if !c.is_whitespace() {
            need -= 1;
        }
    }
    let tail = last[cut..].trim();
    TitleLines {
        leftover: (!tail.is_empty()).then(|| tail.to_string()),
        mismatch: None,
    }
}

/// Whether `title` says nothing but what other titles of the collection also
/// say: it names no institution and other titles end with it.
pub(crate) fn is_generic(title: &str, institution_names: &[&str], all_titles: &[&str]) -> bool {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let t = compact(title);
    if t.is_empty() || institution_names.iter().any(|n| t.contains(&compact(n))) {
        return false;
    }
    all_titles.iter().any(|other| {
        let o = compact(other);
        o.len() > t.len() && o.ends_with(&t)
    })
}

/// The title shown in results: a generic title gets the institution in front.
pub(crate) fn display_title(title: &str, institution: &str, generic: bool) -> String {
    if generic {
        format!("{institution}：{title}")
    } else {
        title.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::testdata::lines;

    fn sel(seed: &str, nos: &[u32]) -> Vec<SeedLine> {
        nos.iter().map(|&n| lines(seed, n, n).remove(0)).collect()
    }

    #[test]
    fn matches_a_title_printed_over_two_lines_000_l2587() {
        let r = match_title_lines(
            &sel("000", &[2587, 2589]),
            "“一站式”金融服务助力“专精特新”小微科创企业高质量发展",
            None,
        );
        assert_eq!(r, TitleLines::default());
    }

    #[test]
    fn matches_a_sub_case_under_its_umbrella_heading_000_l3386() {
        let r = match_title_lines(
            &sel("000", &[3386, 3388]),
            "案例 1 “商行+投行”组合拳 赋能企业创新发展",
            Some("兴业银行昆明分行服务“专精特新”中小企业典型案例"),
        );
        assert_eq!(r, TitleLines::default());
    }

    #[test]
    fn returns_body_text_merged_into_the_title_line_004_l1304() {
        let r = match_title_lines(
            &sel("004", &[1303, 1304]),
            "深圳农商行 聚力抗疫 助力企业复工复产",
            None,
        );
        assert_eq!(r.leftover.as_deref(), Some("自新冠肺炎疫情发生以来，"));
        assert_eq!(r.mismatch, None);
    }

    #[test]
    fn reports_title_lines_that_hold_another_text() {
        let r = match_title_lines(&sel("000", &[35]), "金融赋能助力“专精特新”企业发展", None);
        assert!(r.mismatch.unwrap().contains("not the title"));
    }

    #[test]
    fn names_the_institution_in_a_generic_title_000_30() {
        let all = [
            "“专精特新”中小企业典型案例",
            "招商银行昆明分行“专精特新”中小企业典型案例",
            "金融赋能助力“专精特新”企业发展",
        ];
        assert!(is_generic(all[0], &["红塔银行"], &all));
        assert_eq!(
            display_title(all[0], "红塔银行", true),
            "红塔银行：“专精特新”中小企业典型案例"
        );
        assert!(
            !is_generic(all[1], &["招商银行", "招行"], &all),
            "names its bank"
        );
        assert!(!is_generic(all[2], &["中国工商银行"], &all), "distinctive");
    }
}
