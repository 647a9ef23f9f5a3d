//! Exact verification on positions: a term of three units or more occurs at `p`
//! exactly when each trigram of its plan occurs at `p + offset`; alias blockers
//! remove occurrences that lie inside a longer name.

use super::store::{Needs, Store};

/// Start positions, per document, where every `(trigram, offset)` lines up.
pub fn aligned(store: &Store, grams: &[(String, u32)], needs: &mut Needs) -> Vec<(u32, Vec<u32>)> {
    let lists: Vec<_> = grams
        .iter()
        .map(|(g, _)| store.positions(g, needs))
        .collect();
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cursors = vec![0usize; rest.len()];
    'docs: for d in first.iter() {
        let mut others = Vec::with_capacity(rest.len());
        for (k, list) in rest.iter().enumerate() {
            while cursors[k] < list.len() && list[cursors[k]].doc < d.doc {
                cursors[k] += 1;
            }
            match list.get(cursors[k]) {
                Some(o) if o.doc == d.doc => others.push(&o.positions),
                _ => continue 'docs,
            }
        }
        let starts: Vec<u32> = d
            .positions
            .iter()
            .copied()
            .filter(|&p| {
                others.iter().zip(&grams[1..]).all(|(ps, (_, off))| {
                    p.checked_add(*off)
                        .is_some_and(|q| ps.binary_search(&q).is_ok())
                })
            })
            .collect();
        if !starts.is_empty() {
            out.push((d.doc, starts));
        }
    }
    out
}

/// Removes the spans of `docs` that lie inside a span of `blocked` in the same document.
pub fn drop_blocked(docs: &mut [(u32, Vec<(u32, u32)>)], blocked: &[(u32, Vec<(u32, u32)>)]) {
    for (d, spans) in docs.iter_mut() {
        let Ok(i) = blocked.binary_search_by_key(d, |(b, _)| *b) else {
            continue;
        };
        let blockers = &blocked[i].1;
        spans.retain(|&(s, e)| !blockers.iter().any(|&(bs, be)| bs <= s && e <= be));
    }
}

/// Sorts spans and drops those contained in another.
pub fn union_spans(mut spans: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
    for s in spans {
        if !kept.last().is_some_and(|k| k.0 <= s.0 && s.1 <= k.1) {
            kept.push(s);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_spans_count_once() {
        assert_eq!(
            union_spans(vec![(2, 6), (0, 6), (8, 10)]),
            [(0, 6), (8, 10)]
        );
    }

    #[test]
    fn blocked_spans_are_removed_only_inside_blockers() {
        let mut docs = vec![(0, vec![(0, 4), (10, 14)]), (1, vec![(3, 7)])];
        drop_blocked(&mut docs, &[(0, vec![(0, 7)])]);
        assert_eq!(docs, [(0, vec![(10, 14)]), (1, vec![(3, 7)])]);
    }
}
