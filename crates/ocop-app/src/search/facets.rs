//! Facet counts — for each facet, how many results each value would give
//! with the other filters kept.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub key: String,
    pub label: String,
    pub count: usize,
}

/// For each facet, how many results each value would give with the other
/// filters kept (so choosing a value never shows a count that lies).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    pub groups: Vec<FacetCount>,
    pub stars: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
    /// 2025 communes.
    pub communes: Vec<FacetCount>,
    /// Pre-2025 districts.
    pub districts: Vec<FacetCount>,
    pub departments: Vec<FacetCount>,
}

/// Which filter a facet ignores when it counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Facet {
    None,
    Group,
    Stars,
    Year,
    Place,
    Department,
}

/// The department's place among the facet slots ([`crate::catalogue::FACETS`]).
pub(super) const DEPARTMENT: usize = 5;

pub(super) struct Filters<'a> {
    pub(super) q: &'a ProductQuery,
    /// The department's facet slot, when one is chosen (`NO_SLOT`: a code
    /// no product has, so nothing passes).
    pub(super) department_slot: Option<u32>,
}

impl Filters<'_> {
    /// In the place's area, old or new (the succession table both ways).
    fn place_ok(&self, e: &Entry) -> bool {
        self.q
            .place
            .as_deref()
            .is_none_or(|p| e.row.area_codes.iter().any(|code| code == p))
    }

    fn department_ok(&self, e: &Entry) -> bool {
        self.department_slot
            .is_none_or(|slot| slot != crate::catalogue::NO_SLOT && e.slots[DEPARTMENT] == slot)
    }

    pub(super) fn keeps(&self, e: &Entry, ignoring: Facet) -> bool {
        let q = self.q;
        let c = &e.row;
        let group_code = &c.summary.group_code;
        (ignoring == Facet::Group || q.group.is_none() || *group_code == q.group)
            && (ignoring == Facet::Stars || q.stars.is_none() || c.summary.stars == q.stars)
            && (ignoring == Facet::Year || q.year.is_none() || c.summary.year == q.year)
            && (ignoring == Facet::Place || self.place_ok(e))
            && (ignoring == Facet::Department || self.department_ok(e))
    }
}

/// Every facet's counts in one pass: a product counts for a facet's value
/// when it passes every filter but that facet's own.
pub(super) fn count_facets(
    snapshot: &Snapshot,
    candidates: &[&Entry],
    filters: &Filters<'_>,
    place_name: impl Fn(&str, &str) -> String,
) -> Facets {
    use crate::catalogue::{FACETS, NO_SLOT};
    let keys = &snapshot.facet_keys;
    // One counter per facet value.
    let mut counts: [Vec<usize>; FACETS] = Default::default();
    for (f, c) in counts.iter_mut().enumerate() {
        *c = vec![0; keys[f].len()];
    }
    let q = filters.q;
    for e in candidates.iter().copied() {
        let s = &e.row.summary;
        let ok = [
            q.group.is_none() || s.group_code == q.group,
            q.stars.is_none() || s.stars == q.stars,
            q.year.is_none() || s.year == q.year,
            filters.place_ok(e),
            filters.department_ok(e),
        ];
        let all_but = |skip: usize| ok.iter().enumerate().all(|(i, v)| i == skip || *v);
        // (counter, slot, filter it ignores)
        let plan = [
            (0, e.slots[0], 0),
            (1, e.slots[1], 1),
            (2, e.slots[2], 2),
            (5, e.slots[DEPARTMENT], 4),
        ];
        for (counter, slot, skip) in plan {
            if slot != NO_SLOT
                && all_but(skip)
                && let Some(n) = counts[counter].get_mut(slot as usize)
            {
                *n += 1;
            }
        }
        // A product counts for every place of its area, as the filter finds it.
        if all_but(3) {
            for (facet, slot) in &e.place_slots {
                if let Some(n) = counts[*facet].get_mut(*slot as usize) {
                    *n += 1;
                }
            }
        }
    }
    // Read straight from the slots: no hashing of thousands of commune
    // codes on every search.
    let key_counts = |counter: usize, facet: usize| -> Vec<(&str, usize)> {
        counts[counter]
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .filter_map(|(slot, n)| keys[facet].get(slot).map(|k| (k.as_str(), *n)))
            .collect()
    };
    let groups = key_counts(0, 0);
    let stars = key_counts(1, 1);
    let years = key_counts(2, 2);
    let communes = key_counts(3, 3);
    let districts = key_counts(4, 4);
    let departments = key_counts(5, DEPARTMENT);
    fn sorted(m: Vec<(&str, usize)>) -> BTreeMap<&str, usize> {
        m.into_iter().collect()
    }
    let leads = &snapshot.department_leads;
    let department_name = |code: &str| {
        leads
            .by_group
            .iter()
            .chain(&leads.by_set)
            .find(|(_, c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, _, name)| name.clone())
    };
    Facets {
        groups: facet_list(sorted(groups), |k| {
            ocop_domain::ProductGroup::parse_code(k)
                .map_or_else(|| k.to_owned(), |g| g.name_vi().to_owned())
        }),
        stars: facet_list(sorted(stars), |k| format!("{k} sao")),
        years: {
            let mut y = facet_list(sorted(years), str::to_owned);
            y.reverse();
            y
        },
        communes: busiest(communes, |k| place_name("2025", k)),
        districts: busiest(districts, |k| place_name("pre2025", k)),
        departments: facet_list(sorted(departments), department_name),
    }
}

fn facet_list(counts: BTreeMap<&str, usize>, label: impl Fn(&str) -> String) -> Vec<FacetCount> {
    counts
        .into_iter()
        .map(|(key, count)| FacetCount {
            label: label(key),
            key: key.to_owned(),
            count,
        })
        .collect()
}

/// Places can number in the thousands: the facet offers the most used.
pub const MAX_PLACE_FACETS: usize = 30;

/// The most used places, most products first (then by code), labelled
/// only once chosen: thousands of communes may match.
fn busiest(mut list: Vec<(&str, usize)>, label: impl Fn(&str) -> String) -> Vec<FacetCount> {
    let order = |a: &(&str, usize), b: &(&str, usize)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    // Only the first thirty need their order.
    if list.len() > MAX_PLACE_FACETS {
        list.select_nth_unstable_by(MAX_PLACE_FACETS - 1, order);
        list.truncate(MAX_PLACE_FACETS);
    }
    list.sort_unstable_by(order);
    list.into_iter()
        .map(|(key, count)| FacetCount {
            label: label(key),
            key: key.to_owned(),
            count,
        })
        .collect()
}
