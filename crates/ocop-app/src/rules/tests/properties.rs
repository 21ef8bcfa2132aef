//! Properties of scoring and advice over random sheets of every shipped set.

use super::*;
use proptest::prelude::*;

/// A random sheet: for each criterion, leave it out or pick an option.
fn random_sheet(set: &CriteriaSet, picks: &[u8]) -> ScoreSheet {
    let mut s = ScoreSheet::default();
    for ((_, section, c), pick) in set.criteria().zip(picks.iter().cycle()) {
        if section.alternatives && section.criteria.first().is_some_and(|f| f.id != c.id) {
            continue;
        }
        let i = usize::from(*pick) % (c.options.len() + 1);
        if let Some(o) = c.options.get(i) {
            s.choices.insert(c.id.clone(), Choice::Option(o.id.clone()));
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn totals_stay_within_the_maxima(n in 1usize..=26, picks in proptest::collection::vec(any::<u8>(), 1..60)) {
        let s = set(n);
        let r = score(&s, &random_sheet(&s, &picks)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(r.total <= 100);
        for p in r.parts.values() {
            prop_assert!(p.score <= p.max);
        }
        prop_assert!(r.stars <= r.band_stars);
    }

    #[test]
    fn raising_one_option_never_lowers_the_total_or_the_star(
        n in 1usize..=26,
        picks in proptest::collection::vec(any::<u8>(), 1..60),
        which in any::<usize>(),
    ) {
        let s = set(n);
        let sheet = random_sheet(&s, &picks);
        let before = score(&s, &sheet).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let criteria: Vec<_> = s.criteria().filter(|(_, sec, c)| !sec.alternatives || sec.criteria.first().is_some_and(|f| f.id == c.id)).map(|(_, _, c)| c).collect();
        let c = criteria[which % criteria.len()];
        let current = sheet.choices.get(&c.id).and_then(|ch| match ch { Choice::Option(o) => c.options.iter().find(|x| &x.id == o).map(|x| x.points), Choice::NotApplicable => Some(0) }).unwrap_or(0);
        if let Some(better) = c.options.iter().filter(|o| o.points >= current).max_by_key(|o| o.points) {
            let mut raised = sheet.clone();
            raised.choices.insert(c.id.clone(), Choice::Option(better.id.clone()));
            let after = score(&s, &raised).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(after.total >= before.total);
            prop_assert!(after.stars >= before.stars);
        }
    }

    #[test]
    fn the_advisors_plan_really_reaches_the_target(n in 1usize..=26, picks in proptest::collection::vec(any::<u8>(), 1..60)) {
        let s = set(n);
        let sheet = random_sheet(&s, &picks);
        if let Some(a) = advise(&s, &sheet).map_err(|e| TestCaseError::fail(e.to_string()))? {
            prop_assert!(a.reachable, "{}", a.summary);
            let after = score(&s, &a.apply(&sheet)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(after.stars >= a.target_stars, "{}: {} → {} stars, {:?}", s.id, a.summary, after.stars, after.held_back_by);
            prop_assert_eq!(after.total, a.total_after);
        }
    }
}
