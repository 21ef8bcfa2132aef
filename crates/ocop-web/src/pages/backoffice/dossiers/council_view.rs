//! Hội đồng trên trang hồ sơ — the council's progress and board as the
//! dossier page shows them: who has scored (by full name), the result and
//! why, the answers side by side.

use ocop_app::cycle;

/// Tiến độ chấm, as the dossier page says it.
pub struct CouncilView {
    /// "2/3 thành viên đã chấm".
    pub summary: String,
    /// Who has not scored yet, drafts said so.
    pub missing: Vec<String>,
    pub conflicted: Vec<String>,
    pub rule: String,
    pub source: String,
}

/// The council's board as the page shows it.
pub struct BoardView {
    pub board: cycle::Board,
    /// Why the star is what it is.
    pub reason: Option<String>,
    /// Who answered, as column heads: the members whose sheet counts.
    pub heads: Vec<String>,
}

impl BoardView {
    pub(super) fn new(board: cycle::Board) -> Self {
        let reason = board.result.as_ref().map(|r| {
            let avg = ocop_domain::text::hundredths_vi(r.average_hundredths);
            if r.stars < r.band_stars {
                format!(
                    "Điểm bình quân {avg} đạt mức {} sao theo thang điểm, nhưng kết quả là {} sao vì có tiêu chí bắt buộc chưa đạt (quá nửa thành viên chấm dưới mức yêu cầu):",
                    r.band_stars, r.stars
                )
            } else {
                format!(
                    "Điểm bình quân {avg} ứng với {} sao theo thang điểm, và mọi tiêu chí bắt buộc của mức này đều đạt.",
                    r.stars
                )
            }
        });
        let heads = board.members.iter().map(|m| m.name.clone()).collect();
        Self {
            board,
            reason,
            heads,
        }
    }
}

impl CouncilView {
    pub(super) fn new(p: cycle::CouncilProgress, people: &ocop_store::people::People) -> Self {
        Self {
            summary: format!(
                "{}/{} thành viên đã chấm",
                p.counted.len(),
                p.eligible.len()
            ),
            missing: p
                .missing
                .iter()
                .map(|u| {
                    let name = people.full_name(u);
                    if p.drafts.contains(u) {
                        format!("{name} (mới lưu nháp, chưa nộp)")
                    } else {
                        name
                    }
                })
                .collect(),
            conflicted: p.conflicted.iter().map(|u| people.full_name(u)).collect(),
            rule: p.rule.combining_vi.to_owned(),
            source: p.rule.source.to_owned(),
        }
    }
}
