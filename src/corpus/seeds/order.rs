//! Reading order of a case whose text the PDF extractor interleaved.
//!
//! In the Shenzhen collection (004) every printed spread holds two cases, and
//! the extractor emitted their text blocks in alternation: a case's title can
//! sit in the middle of its text, its sections come out of order, and a
//! sentence cut at the bottom of a column continues many lines later, after a
//! block of the other case. `cases.json` says which lines belong to the case
//! (its `segments`); this module puts them back in reading order.
//!
//! The text is cut into blocks where the layout changes: at a segment start, a
//! page start (a line beginning with one space), the title, a box label, a
//! numbered section heading (`1.  …`), and where the column width jumps.
//! Narrow runs of lines are the summary sidebar; single lines are photo captions.
//! Then:
//!
//! 1. the title comes first, then the sidebar (kept as the summary paragraph),
//!    then the text that follows the title or the label (the introduction);
//! 2. numbered sections follow in number order;
//! 3. a block that ends mid-sentence is continued by the text block printed
//!    just before the next section's heading (the column the section ran
//!    into); failing that, by the block whose first character pair with it
//!    occurs elsewhere in the seed, the nearest after it first; failing that,
//!    by the only text block left;
//! 4. a heading printed alone continues with the block after it;
//! 5. other blocks go after the section printed before them, or into the
//!    introduction when no section precedes them;
//! 6. photo captions go last, also one that sits between the two halves of
//!    a continued sentence.
//!
//! Joins that stay mid-sentence are counted for the import report.

use super::layout::{
    column_width, ends_sentence, is_page_start, numbered_heading, visual_width, SeedLine,
};
use std::collections::HashMap;

/// What a line is for the arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A line of the printed title.
    Title,
    /// A box label (`案例简介`): marks where the summary box was.
    Label,
    /// Case text.
    Text,
}

/// A line of the case with its role and the index of its segment.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub line: SeedLine,
    pub segment: usize,
    pub role: Role,
}

/// A run of lines to be reflowed together.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub lines: Vec<SeedLine>,
    /// The piece continues the sentence the previous piece left unfinished.
    pub continues: bool,
}

/// The case text in reading order.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Arrangement {
    /// Sidebar summaries (narrow boxes), shown first.
    pub summary: Vec<Vec<SeedLine>>,
    pub body: Vec<Piece>,
    /// Photo captions, shown last.
    pub captions: Vec<SeedLine>,
    pub stats: OrderStats,
    /// Sentences re-joined: (last line of the first part, first line of the continuation).
    pub joins: Vec<(u32, u32)>,
    /// Last lines of blocks that still end mid-sentence.
    pub open_ends: Vec<u32>,
}

/// Counts for the import report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OrderStats {
    pub blocks: usize,
    /// Blocks whose position differs from the file order.
    pub moved: usize,
    /// Sentences re-joined across blocks.
    pub rejoined: usize,
    /// Blocks that still end mid-sentence with no continuation found.
    pub unresolved: usize,
    pub sidebars: usize,
    pub captions: usize,
}

/// Character pairs of a seed (whitespace removed) with their counts, to judge a join.
#[derive(Debug, Default)]
pub(crate) struct Bigrams(HashMap<(char, char), u32>);

impl Bigrams {
    pub(crate) fn of_text(text: &str) -> Bigrams {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut counts = HashMap::new();
        for w in chars.windows(2) {
            *counts.entry((w[0], w[1])).or_default() += 1;
        }
        Bigrams(counts)
    }

    /// How often the seed has the pair formed by joining `left` and `right`.
    fn count(&self, left: &str, right: &str) -> u32 {
        let a = left.chars().rev().find(|c| !c.is_whitespace());
        let b = right.chars().find(|c| !c.is_whitespace());
        match (a, b) {
            (Some(a), Some(b)) => self.0.get(&(a, b)).copied().unwrap_or(0),
            _ => 0,
        }
    }
}

/// Whether the case needs arranging: it is cut in several segments, its title
/// is not its first line, or its numbered sections are printed out of order.
pub(crate) fn is_interleaved(items: &[Item]) -> bool {
    let segments = items.iter().map(|i| i.segment).max().unwrap_or(0);
    let title_first = items
        .iter()
        .find(|i| !i.line.trimmed().is_empty())
        .is_none_or(|i| i.role == Role::Title || !items.iter().any(|i| i.role == Role::Title));
    let numbers: Vec<u32> = items
        .iter()
        .filter(|i| i.role == Role::Text)
        .filter_map(|i| numbered_heading(&i.line.text))
        .collect();
    segments > 0 || !title_first || numbers.windows(2).any(|w| w[1] < w[0])
}

/// Narrow lines (sidebar boxes) are at most this wide…
const SIDEBAR_WIDTH: f32 = 16.0;
/// …or this share of the block's column, up to…
const SIDEBAR_SHARE: f32 = 0.7;
/// …this width.
const SIDEBAR_MAX_WIDTH: f32 = 18.0;
/// A sidebar has at least this many narrow lines in a row.
const SIDEBAR_LINES: usize = 5;
/// The column widens (a new block starts) when two lines pass this factor…
const WIDEN: f32 = 1.1;
/// …or one line passes this one (a line can overflow its column a little).
const WIDE_LINE: f32 = 1.25;
/// …or narrows below this one after a paragraph end.
const NARROW: f32 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Label,
    Section(u32),
    Plain,
    Sidebar,
    Caption,
}

#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    lines: Vec<SeedLine>,
    segment: usize,
}

impl Block {
    fn last(&self) -> &str {
        self.lines.last().map_or("", |l| l.text.as_str())
    }

    fn ends_mid(&self) -> bool {
        matches!(self.kind, Kind::Plain | Kind::Section(_)) && !ends_sentence(self.last())
    }

    /// A heading printed alone (its text follows in another block): the
    /// heading line and at most the short second line of a wrapped heading.
    fn is_bare_heading(&self) -> bool {
        matches!(self.kind, Kind::Section(_))
            && self.lines.len() <= 2
            && self.lines[1..].iter().all(|l| l.width() < SIDEBAR_WIDTH)
            && self.ends_mid()
    }

    /// Lines of a caption the block may open with: a sentence complete within
    /// its first two lines, with text after it. When the block continues
    /// another one, such a caption sits in the way of the sentence.
    fn caption_lines(&self) -> Option<usize> {
        (0..self.lines.len().min(2))
            .find(|&k| ends_sentence(&self.lines[k].text))
            .map(|k| k + 1)
            .filter(|&n| n < self.lines.len())
    }
}

/// Puts the lines of a case in reading order.
pub(crate) fn arrange(items: &[Item], bigrams: &Bigrams) -> Arrangement {
    let blocks = split_sidebars(cut_blocks(items));
    let order = Order::new(&blocks, bigrams).sequence();
    let mut arrangement = Arrangement::default();
    arrangement.stats.blocks = blocks.len();
    let mut file_order = 0;
    for step in &order {
        let block = &blocks[step.block];
        if step.block != file_order {
            arrangement.stats.moved += 1;
        }
        file_order = step.block + 1;
        match block.kind {
            Kind::Title | Kind::Label => {}
            Kind::Sidebar => {
                arrangement.stats.sidebars += 1;
                arrangement.summary.push(block.lines.clone());
            }
            Kind::Caption => {
                arrangement.stats.captions += 1;
                arrangement.captions.extend(block.lines.iter().cloned());
            }
            Kind::Section(_) | Kind::Plain => {
                let skip = if step.continues { step.skip_head } else { 0 };
                arrangement.stats.captions += skip;
                arrangement
                    .captions
                    .extend(block.lines[..skip].iter().cloned());
                arrangement.stats.rejoined += usize::from(step.continues);
                if step.continues {
                    let from = arrangement
                        .body
                        .last()
                        .and_then(|p| p.lines.last())
                        .map_or(0, |l| l.no);
                    if let Some(to) = block.lines.get(skip) {
                        arrangement.joins.push((from, to.no));
                    }
                }
                arrangement.body.push(Piece {
                    lines: block.lines[skip..].to_vec(),
                    continues: step.continues,
                });
            }
        }
    }
    for (i, step) in order.iter().enumerate() {
        let ends_mid = blocks[step.block].ends_mid() && !blocks[step.block].is_bare_heading();
        let continued = order.get(i + 1).is_some_and(|n| n.continues);
        if ends_mid && !continued {
            arrangement.stats.unresolved += 1;
            if let Some(l) = blocks[step.block].lines.last() {
                arrangement.open_ends.push(l.no);
            }
        }
    }
    arrangement
}

/// Cuts the case into blocks where the layout changes.
fn cut_blocks(items: &[Item]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let text = &item.line.text;
        let heading = (item.role == Role::Text)
            .then(|| numbered_heading(text))
            .flatten();
        let kind = match item.role {
            Role::Title => Kind::Title,
            Role::Label => Kind::Label,
            Role::Text => heading.map_or(Kind::Plain, Kind::Section),
        };
        let starts = match blocks.last() {
            None => true,
            Some(cur) => {
                cur.segment != item.segment
                    || is_page_start(text)
                    || (kind == Kind::Title) != (cur.kind == Kind::Title)
                    || kind == Kind::Label
                    || cur.kind == Kind::Label
                    || heading.is_some()
                    || (kind == Kind::Plain && width_changes(cur, items, i))
            }
        };
        if starts {
            blocks.push(Block {
                kind,
                lines: Vec::new(),
                segment: item.segment,
            });
        }
        if let Some(cur) = blocks.last_mut() {
            cur.lines.push(item.line.clone());
        }
    }
    blocks
}

/// Whether line `i` starts a column of another width than the current block.
fn width_changes(cur: &Block, items: &[Item], i: usize) -> bool {
    let Some(column) = column_width(
        cur.lines
            .iter()
            .filter(|l| numbered_heading(&l.text).is_none())
            .map(SeedLine::width),
    ) else {
        return false;
    };
    let next: Vec<f32> = items[i..]
        .iter()
        .take_while(|n| n.segment == items[i].segment)
        .take(3)
        .map(|n| n.line.width())
        .collect();
    // A clearly wider line, or two wider lines (the first line of a paragraph
    // can be indented); a single line that overflows its column a little is not.
    let widened = next[0] > column * WIDE_LINE
        || (next[0] > column * WIDEN && next.get(1).is_some_and(|w| *w > column * WIDEN + 1.0));
    let narrowed = column >= 26.0
        && !cur.ends_mid()
        && next.len() == 3
        && next.iter().all(|w| *w < column * NARROW)
        && items[i..i + 3]
            .iter()
            .all(|n| numbered_heading(&n.line.text).is_none());
    widened || narrowed
}

/// Splits narrow runs out of text blocks as sidebars; single lines are captions.
fn split_sidebars(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::new();
    for block in blocks {
        if !matches!(block.kind, Kind::Plain | Kind::Section(_)) {
            out.push(block);
            continue;
        }
        let runs = narrow_runs(&block.lines);
        let mut pos = 0;
        let mut first_kind = Some(block.kind);
        for (a, z) in runs {
            if a > pos {
                out.push(Block {
                    kind: first_kind.take().unwrap_or(Kind::Plain),
                    lines: block.lines[pos..a].to_vec(),
                    segment: block.segment,
                });
            }
            first_kind = None;
            out.push(Block {
                kind: Kind::Sidebar,
                lines: block.lines[a..z].to_vec(),
                segment: block.segment,
            });
            pos = z;
        }
        if pos < block.lines.len() {
            out.push(Block {
                kind: first_kind.unwrap_or(Kind::Plain),
                lines: block.lines[pos..].to_vec(),
                segment: block.segment,
            });
        }
    }
    for b in &mut out {
        if b.kind == Kind::Plain && b.lines.len() == 1 {
            b.kind = Kind::Caption;
        }
    }
    out
}

/// Runs of at least [`SIDEBAR_LINES`] narrow lines, as `[start, end)` indices.
/// A first narrow line that ends the sentence the line before it left open is
/// the end of a paragraph, not part of the sidebar.
fn narrow_runs(lines: &[SeedLine]) -> Vec<(usize, usize)> {
    // A sidebar next to a wide column may be a little wider than one next to a
    // narrow column: narrow is relative to the block, within fixed bounds.
    let column = column_width(
        lines
            .iter()
            .filter(|l| numbered_heading(&l.text).is_none())
            .map(SeedLine::width),
    )
    .unwrap_or(0.0);
    let limit = (column * SIDEBAR_SHARE).clamp(SIDEBAR_WIDTH, SIDEBAR_MAX_WIDTH);
    let narrow =
        |l: &SeedLine| visual_width(&l.text) <= limit && numbered_heading(&l.text).is_none();
    let mut runs = Vec::new();
    let mut j = 0;
    while j < lines.len() {
        if !narrow(&lines[j]) {
            j += 1;
            continue;
        }
        let mut start = j;
        while j < lines.len() && narrow(&lines[j]) {
            j += 1;
        }
        if start > 0 && !ends_sentence(&lines[start - 1].text) && ends_sentence(&lines[start].text)
        {
            start += 1;
        }
        if j - start >= SIDEBAR_LINES {
            runs.push((start, j));
        }
    }
    runs
}

/// One step of the reading order.
#[derive(Debug, Clone, Copy)]
struct Step {
    block: usize,
    continues: bool,
    skip_head: usize,
}

/// Block `to` follows; `continues` when it goes on with an unfinished sentence,
/// past `skip` caption lines at its head.
#[derive(Debug, Clone, Copy)]
struct Link {
    to: usize,
    continues: bool,
    skip: usize,
}

struct Order<'a> {
    blocks: &'a [Block],
    bigrams: &'a Bigrams,
    next: Vec<Option<Link>>,
    used: Vec<bool>,
}

impl<'a> Order<'a> {
    fn new(blocks: &'a [Block], bigrams: &'a Bigrams) -> Order<'a> {
        let mut order = Order {
            blocks,
            bigrams,
            next: vec![None; blocks.len()],
            used: vec![false; blocks.len()],
        };
        order.link_bare_headings();
        order.link_continuations();
        order
    }

    fn section(&self, n: u32) -> Option<usize> {
        self.blocks.iter().position(|b| b.kind == Kind::Section(n))
    }

    fn section_numbers(&self) -> Vec<u32> {
        let mut numbers: Vec<u32> = self
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                Kind::Section(s) => Some(s),
                _ => None,
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// A text block right after the title, the label or the sidebar of its
    /// segment: the introduction, never the continuation of a section.
    fn is_intro(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.blocks[i - 1].kind,
                Kind::Title | Kind::Label | Kind::Sidebar
            )
            && self.blocks[i - 1].segment == self.blocks[i].segment
    }

    fn link_bare_headings(&mut self) {
        for i in 0..self.blocks.len() {
            if self.blocks[i].is_bare_heading() {
                let j = i + 1;
                if j < self.blocks.len()
                    && matches!(self.blocks[j].kind, Kind::Plain | Kind::Caption)
                    && !self.used[j]
                {
                    self.next[i] = Some(Link {
                        to: j,
                        continues: false,
                        skip: 0,
                    });
                    self.used[j] = true;
                }
            }
        }
    }

    /// Links every block that ends mid-sentence: first along each section's
    /// chain in number order, then the other blocks in file order.
    fn link_continuations(&mut self) {
        for n in self.section_numbers() {
            let mut cur = self.section(n);
            let mut seen = vec![false; self.blocks.len()];
            while let Some(i) = cur {
                if std::mem::replace(&mut seen[i], true) {
                    break;
                }
                if self.next[i].is_none() && self.blocks[i].ends_mid() {
                    self.link(i, Some(n));
                }
                cur = self.next[i].map(|l| l.to);
            }
        }
        for i in 0..self.blocks.len() {
            if self.next[i].is_none() && self.blocks[i].ends_mid() {
                self.link(i, None);
            }
        }
    }

    /// Finds the block that continues block `i` (in the chain of `section`).
    fn link(&mut self, i: usize, section: Option<u32>) {
        let candidates: Vec<usize> = (0..self.blocks.len())
            .filter(|&j| {
                j != i
                    && !self.used[j]
                    && matches!(self.blocks[j].kind, Kind::Plain | Kind::Caption)
                    && !self.is_intro(j)
            })
            .collect();
        let plain: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&j| self.blocks[j].kind == Kind::Plain)
            .collect();
        // The column a section ran into is printed just before the next section.
        let before_next_section = section.and_then(|n| self.section(n + 1)).and_then(|s| {
            plain.iter().copied().find(|&j| {
                j < s
                    && self.blocks[j + 1..s]
                        .iter()
                        .all(|b| !matches!(b.kind, Kind::Plain | Kind::Section(_)))
            })
        });
        let attested: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&j| self.strength(i, j).0 > 0)
            .collect();
        let attested_plain: Vec<usize> = attested
            .iter()
            .copied()
            .filter(|&j| self.blocks[j].kind == Kind::Plain)
            .collect();
        let only_one = match plain.as_slice() {
            [j] => Some(*j),
            _ => None,
        };
        // A one-line block continues a sentence only when nothing else can.
        let attested_line = attested.first().copied().filter(|_| plain.is_empty());
        let pick = before_next_section
            .or_else(|| attested_plain.iter().copied().find(|&j| j > i))
            .or_else(|| attested_plain.first().copied())
            .or(only_one)
            .or(attested_line);
        if let Some(j) = pick {
            self.next[i] = Some(Link {
                to: j,
                continues: true,
                skip: self.strength(i, j).1,
            });
            self.used[j] = true;
        }
    }

    /// How well block `j` continues block `i`: the count of the character pair
    /// the join forms, and whether to read past a caption line at `j`'s head
    /// (when the join with the line after it is the better attested).
    fn strength(&self, i: usize, j: usize) -> (u32, usize) {
        let left = self.blocks[i].last();
        let b = &self.blocks[j];
        let direct = self.bigrams.count(left, &b.lines[0].text);
        if let Some(n) = b.caption_lines() {
            let past = self.bigrams.count(left, &b.lines[n].text);
            if past > direct {
                return (past, n);
            }
        }
        (direct, 0)
    }

    fn chain(&self, start: usize, out: &mut Vec<Step>, placed: &mut [bool]) {
        let mut cur = Some(Link {
            to: start,
            continues: false,
            skip: 0,
        });
        while let Some(link) = cur {
            if placed[link.to] {
                break;
            }
            placed[link.to] = true;
            out.push(Step {
                block: link.to,
                continues: link.continues,
                skip_head: if link.continues { link.skip } else { 0 },
            });
            cur = self.next[link.to];
        }
    }

    fn sequence(&self) -> Vec<Step> {
        let n = self.blocks.len();
        let mut out = Vec::new();
        let mut placed = vec![false; n];
        for kind in [Kind::Title, Kind::Sidebar, Kind::Label] {
            for i in 0..n {
                if self.blocks[i].kind == kind {
                    self.chain(i, &mut out, &mut placed);
                }
            }
        }
        // Unlinked text blocks: after the section printed before them, or in the introduction.
        let mut after_section: Vec<(u32, usize)> = Vec::new();
        let mut intro: Vec<usize> = Vec::new();
        for i in 0..n {
            if self.blocks[i].kind != Kind::Plain || self.used[i] {
                continue;
            }
            let next_text = self.blocks[i + 1..]
                .iter()
                .find(|b| matches!(b.kind, Kind::Plain | Kind::Section(_)));
            match next_text.map(|b| b.kind) {
                Some(Kind::Section(s))
                    if s > 1 && self.section(s - 1).is_some() && !self.is_intro(i) =>
                {
                    after_section.push((s - 1, i));
                }
                _ => intro.push(i),
            }
        }
        intro.sort_by_key(|&i| (!self.is_intro(i), i));
        for i in intro {
            self.chain(i, &mut out, &mut placed);
        }
        for s in self.section_numbers() {
            if let Some(i) = self.section(s) {
                self.chain(i, &mut out, &mut placed);
            }
            for &(_, j) in after_section.iter().filter(|(t, _)| *t == s) {
                self.chain(j, &mut out, &mut placed);
            }
        }
        for i in 0..n {
            if !placed[i] && self.blocks[i].kind != Kind::Caption {
                self.chain(i, &mut out, &mut placed);
            }
        }
        for i in 0..n {
            if !placed[i] {
                self.chain(i, &mut out, &mut placed);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::seeds::noise;
    use crate::corpus::seeds::testdata::{lines, seed_text};

    /// The items of a 004 case as the import builds them (noise dropped).
    fn items(segments: &[[u32; 2]], title: &[u32]) -> Vec<Item> {
        let mut out = Vec::new();
        for (s, seg) in segments.iter().enumerate() {
            let ls = lines("004", seg[0], seg[1]);
            let kinds = noise::classify(&ls);
            for (l, k) in ls.into_iter().zip(kinds) {
                let role = if title.contains(&l.no) {
                    Role::Title
                } else if k == Some(noise::Noise::BoxLabel) {
                    Role::Label
                } else if k.is_some() {
                    continue;
                } else {
                    Role::Text
                };
                out.push(Item {
                    line: l,
                    segment: s,
                    role,
                });
            }
        }
        out
    }

    fn arranged(segments: &[[u32; 2]], title: &[u32]) -> Arrangement {
        arrange(&items(segments, title), &Bigrams::of_text(seed_text("004")))
    }

    fn first_lines(a: &Arrangement) -> Vec<u32> {
        a.body.iter().map(|p| p.lines[0].no).collect()
    }

    #[test]
    fn continues_a_sentence_in_the_column_before_the_next_section_004_02() {
        // 830 ends `二是向南山`; the sentence goes on at 714 `集团、中建科工`,
        // the column printed just before section 2 (754).
        let a = arranged(&[[714, 830], [903, 960]], &[803, 804]);
        let order = first_lines(&a);
        let s1 = order.iter().position(|&n| n == 822).unwrap();
        assert_eq!(order[s1 + 1], 714, "{order:?}");
        assert!(a.body[s1 + 1].continues);
        let s2 = order.iter().position(|&n| n == 754).unwrap();
        assert!(s2 > s1 + 1);
        // 779 `…印尼金光电信采购` goes on at 904 `抗疫物资的过程中`.
        assert_eq!(order[s2 + 1], 904, "{order:?}");
    }

    #[test]
    fn puts_the_title_box_first_and_sections_in_number_order_004_04() {
        let a = arranged(&[[1098, 1189]], &[1180, 1181]);
        let order = first_lines(&a);
        assert_eq!(order, vec![1185, 1144, 1160, 1098, 1102, 1122], "{order:?}");
        assert!(
            a.body[3].continues,
            "1178 `此外，符合财政部` + 1098 `相关政策条件的企业`"
        );
    }

    #[test]
    fn keeps_the_narrow_sidebar_as_the_summary_004_03() {
        let a = arranged(&[[831, 902], [961, 1097]], &[831]);
        assert_eq!(a.summary.len(), 1);
        assert_eq!(a.summary[0][0].no, 833);
        assert_eq!(a.summary[0].last().map(|l| l.no), Some(851));
    }

    #[test]
    fn moves_a_caption_out_of_a_sentence_004_06() {
        // 1362 `…结合实际情况于` goes on at 1490, past the caption at 1488.
        let a = arranged(&[[1303, 1362], [1470, 1566]], &[1303, 1304]);
        let order = first_lines(&a);
        let s3 = order.iter().position(|&n| n == 1358).unwrap();
        assert_eq!(order[s3 + 1], 1490, "{order:?}");
        assert!(a.captions.iter().any(|l| l.no == 1488));
    }

    #[test]
    fn contiguous_cases_in_order_are_not_arranged() {
        let ls = lines("000", 3, 60);
        let items: Vec<Item> = ls
            .into_iter()
            .map(|l| Item {
                role: if l.no == 3 { Role::Title } else { Role::Text },
                line: l,
                segment: 0,
            })
            .collect();
        assert!(!is_interleaved(&items));
    }
}
