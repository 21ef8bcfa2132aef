//! Lộ trình lên hạng — the fewest criterion changes that reach the next star.
//!
//! First every mark of the target level and below that is not met is raised
//! to the cheapest option meeting it (these cannot be avoided). If points are
//! still short, criteria already being changed are raised further (free: no
//! extra change), then the criteria with the largest possible gain, largest
//! first — which gives the fewest changes — asking on the last one only for
//! what is still missing. Criteria the evaluator marked "not applicable" are
//! only touched when a mark requires it.

use super::score::{Choice, ScoreError, ScoreSheet, points_by_criterion, score};
use super::{CriteriaSet, Criterion, Points};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviceStep {
    pub criterion: String,
    pub title: String,
    pub from_points: Points,
    pub to_option: String,
    pub to_option_text: String,
    pub to_points: Points,
    /// The star level whose mark requires this change, if any.
    pub required_for: Option<u8>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub current_stars: u8,
    pub current_total: Points,
    pub target_stars: u8,
    pub total_after: Points,
    /// False when no set of changes reaches the target (e.g. criteria marked
    /// "not applicable" leave too few points).
    pub reachable: bool,
    pub steps: Vec<AdviceStep>,
    pub summary: String,
}

fn threshold(stars: u8) -> Points {
    match stars {
        5 => 90,
        4 => 70,
        _ => 50,
    }
}

/// The cheapest option with at least `points`.
fn cheapest_at_least(c: &Criterion, points: Points) -> Option<&super::AnswerOption> {
    c.options
        .iter()
        .filter(|o| o.points >= points)
        .min_by_key(|o| o.points)
}

/// Advice for the next star; `None` when the sheet already scores 5★.
/// The target is the next star, and at least 3★ (the first certified one).
pub fn advise(set: &CriteriaSet, sheet: &ScoreSheet) -> Result<Option<Advice>, ScoreError> {
    let now = score(set, sheet)?;
    if now.stars >= 5 {
        return Ok(None);
    }
    let target = (now.stars + 1).max(3);
    let current = points_by_criterion(set, sheet)?;
    let not_applicable = |id: &str| matches!(sheet.choices.get(id), Some(Choice::NotApplicable));
    let got = |id: &str| current.get(id).copied().unwrap_or(0);
    // criterion id → (new points, required_for)
    let mut plan: BTreeMap<String, (Points, Option<u8>)> = BTreeMap::new();
    for (_, _, c) in set.criteria() {
        if let Some(r) = c.required_points(target).filter(|r| got(&c.id) < *r)
            && let Some(o) = cheapest_at_least(c, r)
        {
            let level =
                (3..=target).find(|l| c.required_points(*l).is_some_and(|x| got(&c.id) < x));
            plan.insert(c.id.clone(), (o.points, level));
        }
    }
    let planned_total = |plan: &BTreeMap<String, (Points, Option<u8>)>| -> Points {
        set.criteria()
            .map(|(_, _, c)| plan.get(&c.id).map_or(got(&c.id), |p| p.0))
            .sum()
    };
    let mut deficit = threshold(target).saturating_sub(planned_total(&plan));
    // Free gains on criteria already in the plan, then new criteria by gain.
    // In an either/or section only one case may be answered: the one already
    // answered, or else the first.
    let usable_case = |section: &super::Section, c: &Criterion| {
        if !section.alternatives {
            return true;
        }
        let answered = section
            .criteria
            .iter()
            .find(|x| matches!(sheet.choices.get(&x.id), Some(Choice::Option(_))));
        answered
            .or(section.criteria.first())
            .is_some_and(|x| x.id == c.id)
    };
    let mut candidates: Vec<(&Criterion, Points, bool)> = set
        .criteria()
        .filter(|(_, section, c)| usable_case(section, c))
        .map(|(_, _, c)| c)
        .filter(|c| plan.contains_key(&c.id) || !not_applicable(&c.id))
        .map(|c| {
            let from = plan.get(&c.id).map_or(got(&c.id), |p| p.0);
            (
                c,
                c.best_points().saturating_sub(from),
                plan.contains_key(&c.id),
            )
        })
        .filter(|(_, gain, _)| *gain > 0)
        .collect();
    candidates.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then(b.1.cmp(&a.1))
            .then(a.0.line.cmp(&b.0.line))
    });
    for (c, gain, _) in candidates {
        if deficit == 0 {
            break;
        }
        let from = plan.get(&c.id).map_or(got(&c.id), |p| p.0);
        let wanted = from + gain.min(deficit);
        if let Some(o) = cheapest_at_least(c, wanted) {
            deficit = deficit.saturating_sub(o.points - from);
            let required_for = plan.get(&c.id).and_then(|p| p.1);
            plan.insert(c.id.clone(), (o.points, required_for));
        }
    }
    let total_after = planned_total(&plan);
    let steps: Vec<AdviceStep> = set
        .criteria()
        .filter_map(|(_, _, c)| plan.get(&c.id).map(|(p, req)| (c, *p, *req)))
        .filter_map(|(c, p, req)| {
            let o = c.options.iter().find(|o| o.points == p)?;
            let why = req
                .map(|l| format!(" (bắt buộc để đạt {l} sao)"))
                .unwrap_or_default();
            Some(AdviceStep {
                criterion: c.id.clone(),
                title: c.title.clone(),
                from_points: got(&c.id),
                to_option: o.id.clone(),
                to_option_text: o.text.clone(),
                to_points: p,
                required_for: req,
                message: format!(
                    "Tiêu chí {} «{}»{why}: đạt mức «{}» ({} → {} điểm, thêm {} điểm).",
                    super::shown_id(&c.id),
                    c.title,
                    o.text,
                    got(&c.id),
                    p,
                    p - got(&c.id)
                ),
            })
        })
        .collect();
    let reachable = deficit == 0;
    let summary = if reachable {
        format!(
            "Để đạt {target} sao (từ {} điểm và đạt mọi tiêu chí bắt buộc đến {target} sao), sản phẩm cần cải thiện {} tiêu chí; tổng điểm dự kiến {total_after}/100 (hiện {}).",
            threshold(target),
            steps.len(),
            now.total
        )
    } else {
        format!(
            "Với các tiêu chí được áp dụng, sản phẩm chưa thể đạt {target} sao: tối đa {total_after} điểm, cần {}.",
            threshold(target)
        )
    };
    Ok(Some(Advice {
        current_stars: now.stars,
        current_total: now.total,
        target_stars: target,
        total_after,
        reachable,
        steps,
        summary,
    }))
}

impl Advice {
    /// The sheet with the plan applied (to check that it really works).
    pub fn apply(&self, sheet: &ScoreSheet) -> ScoreSheet {
        let mut out = sheet.clone();
        for s in &self.steps {
            out.choices
                .insert(s.criterion.clone(), Choice::Option(s.to_option.clone()));
        }
        out
    }
}
