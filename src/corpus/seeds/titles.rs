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

/// Separator between an umbrella heading and the sub-case title it covers.
pub(crate) const UMBRELLA_SEPARATOR: &str = " · ";

/// The title of a sub-case shown with the umbrella heading printed above it,
/// so results tell `案例 1 …` of one bank from another's and a search for the
/// umbrella's words finds every sub-case it covers.
pub(crate) fn with_umbrella(umbrella: &str, title: &str) -> String {
    format!("{umbrella}{UMBRELLA_SEPARATOR}{title}")
}

/// Whether a title starts with a sub-case number (`案例 1`, `案例一：`, `案例二`):
/// such a title only makes sense under the umbrella heading printed above it.
pub(crate) fn is_sub_case_title(title: &str) -> bool {
    let Some(rest) = title.trim_start().strip_prefix("案例") else {
        return false;
    };
    let rest = rest.trim_start();
    let numbered = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    numbered > 0
}

/// A branch name as the card shows it next to its institution: without the
/// institution's name in front (`兴业银行昆明分行` → `昆明分行`), so the
/// institution appears once. `None` when the branch does not start with one
/// of the names; `Some("")` when it is nothing but the institution.
pub(crate) fn branch_without_institution<'a>(branch: &'a str, names: &[&str]) -> Option<&'a str> {
    let name = names
        .iter()
        .filter(|n| !n.is_empty() && branch.starts_with(**n))
        .max_by_key(|n| n.len())?;
    let rest = branch[name.len()..]
        .trim_start_matches(|c: char| c.is_whitespace() || "·：:、,，-—".contains(c));
    // `云南省联社（昆明官渡农合行）` → `昆明官渡农合行`, not `（昆明官渡农合行）`.
    let unwrapped = [("（", "）"), ("(", ")")].iter().find_map(|(open, close)| {
        rest.strip_prefix(open)?
            .strip_suffix(close)
            .filter(|inner| !inner.contains(open))
    });
    Some(unwrapped.unwrap_or(rest).trim())
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

    #[test]
    fn a_sub_case_title_is_recognised_by_its_number_000_l3388() {
        assert!(is_sub_case_title(
            "案例 1 “商行+投行”组合拳 赋能企业创新发展"
        ));
        assert!(is_sub_case_title("案例二：某企业"));
        assert!(!is_sub_case_title("案例简介"));
        assert!(!is_sub_case_title("服务企业案例一"));
        assert!(!is_sub_case_title("金融赋能助力“专精特新”企业发展"));
    }

    #[test]
    fn a_sub_case_is_shown_under_its_umbrella() {
        assert_eq!(
            with_umbrella(
                "兴业银行昆明分行服务“专精特新”中小企业典型案例",
                "案例 1 赋能企业"
            ),
            "兴业银行昆明分行服务“专精特新”中小企业典型案例 · 案例 1 赋能企业"
        );
    }

    #[test]
    fn a_branch_loses_the_institution_name_in_front() {
        let names = ["兴业银行", "兴业"];
        assert_eq!(
            branch_without_institution("兴业银行昆明分行", &names),
            Some("昆明分行")
        );
        assert_eq!(branch_without_institution("兴业银行", &names), Some(""));
        assert_eq!(branch_without_institution("昆明分行", &names), None);
        assert_eq!(
            branch_without_institution("兴业银行 · 昆明分行", &names),
            Some("昆明分行"),
            "the separator goes too"
        );
        assert_eq!(
            branch_without_institution(
                "云南省联社（昆明官渡农合行）",
                &["云南省农村信用社", "云南省联社"]
            ),
            Some("昆明官渡农合行"),
            "000-27: no brackets left around the rest"
        );
    }
}
