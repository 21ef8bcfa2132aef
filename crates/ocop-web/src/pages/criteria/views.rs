//! The score sheet as a page shows it: parts, sections, criteria and
//! options, and the result with its advice.

use super::*;

pub struct OptionView {
    pub id: String,
    pub text: String,
    pub points: u32,
    pub mark: Option<String>,
    pub checked: bool,
}

pub struct CriterionView {
    /// The stable id answers are keyed by (`1.dd`).
    pub id: String,
    /// The id as the decision numbers it (`1.đ`).
    pub label: String,
    pub title: String,
    pub note: Option<String>,
    pub max: u32,
    pub mark: Option<String>,
    pub may_not_apply: bool,
    pub not_applicable: bool,
    pub unanswered: bool,
    pub options: Vec<OptionView>,
}

pub struct SectionView {
    pub number: u32,
    pub title: String,
    pub note: Option<String>,
    pub max: u32,
    pub alternatives: bool,
    pub criteria: Vec<CriterionView>,
}

pub struct PartView {
    pub code: String,
    pub title: String,
    pub max: u32,
    pub sections: Vec<SectionView>,
}

pub struct ResultView {
    pub total: u32,
    pub stars: u8,
    pub band_stars: u8,
    pub stars_text: String,
    pub certifiable: bool,
    pub parts: Vec<(String, u32, u32)>,
    pub held: Vec<String>,
    pub advice_summary: Option<String>,
    pub advice_steps: Vec<String>,
}

pub(super) fn mark_text(mark: Option<u8>, whole: bool) -> Option<String> {
    // The marks are part of the criteria as issued, like their text.
    mark.map(|m| {
        if whole {
            format!("Bắt buộc cho {m} sao: phải đạt trên 0 điểm")
        } else {
            format!("Mức tối thiểu cho {m} sao")
        }
    })
}

pub(crate) fn parts_view(set: &CriteriaSet, sheet: &ScoreSheet) -> Vec<PartView> {
    set.parts
        .iter()
        .map(|p| PartView {
            code: p.code.clone(),
            title: p.title.clone(),
            max: p.max,
            sections: p
                .sections
                .iter()
                .map(|s| SectionView {
                    number: s.number,
                    title: s.title.clone(),
                    note: s.note.clone(),
                    max: s.max,
                    alternatives: s.alternatives,
                    criteria: s
                        .criteria
                        .iter()
                        .map(|c| {
                            let chosen = sheet.choices.get(&c.id);
                            CriterionView {
                                id: c.id.clone(),
                                label: ocop_domain::criteria::shown_id(&c.id),
                                title: c.title.clone(),
                                note: if Some(&c.note) == Some(&s.note) { None } else { c.note.clone() },
                                max: c.max,
                                mark: mark_text(c.mark, true),
                                may_not_apply: c.may_not_apply,
                                not_applicable: matches!(chosen, Some(Choice::NotApplicable)),
                                unanswered: chosen.is_none(),
                                options: c
                                    .options
                                    .iter()
                                    .map(|o| OptionView {
                                        id: o.id.clone(),
                                        text: o.text.clone(),
                                        points: o.points,
                                        mark: mark_text(o.mark, false),
                                        checked: matches!(chosen, Some(Choice::Option(x)) if *x == o.id),
                                    })
                                    .collect(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

pub(super) fn result_view(r: &ScoreResult, advice: Option<&Advice>, lang: Lang) -> ResultView {
    ResultView {
        total: r.total,
        stars: r.stars,
        band_stars: r.band_stars,
        stars_text: super::super::stars_text_in(Some(i64::from(r.stars)), lang),
        certifiable: r.certifiable,
        parts: r
            .parts
            .iter()
            .map(|(k, p)| (k.clone(), p.score, p.max))
            .collect(),
        held: r.held_back_by.iter().map(|h| h.message.clone()).collect(),
        advice_summary: advice.map(|a| a.summary.clone()),
        advice_steps: advice
            .map(|a| a.steps.iter().map(|s| s.message.clone()).collect())
            .unwrap_or_default(),
    }
}
