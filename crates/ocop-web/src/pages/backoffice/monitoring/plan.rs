//! Kế hoạch giám sát — who needs a visit and why: certificates near their
//! end, yearly visits due, follow-up actions overdue.

use super::*;

/// One line of the plan, with why it is there.
pub(in crate::pages::backoffice) struct PlanLine {
    pub href: String,
    pub name: String,
    pub producer: String,
    pub commune: String,
    pub department: String,
    pub why: String,
}

/// The plan's sections: never visited, visit due, not produced or sold,
/// actions overdue, certificates lapsed, ending within six months.
pub(in crate::pages::backoffice) struct Plan {
    pub(in crate::pages::backoffice) sections: Vec<(&'static str, &'static str, Vec<PlanLine>)>,
    pub(in crate::pages::backoffice) by_commune: Vec<(String, usize)>,
    pub(in crate::pages::backoffice) by_department: Vec<(String, usize)>,
}

pub(in crate::pages::backoffice) async fn plan(state: &AppState) -> Result<Plan, WebError> {
    let today = state.clock.today();
    let rows = state
        .store
        .watch_list(&state.province.code, &today.to_string())
        .await?;
    let leads = state.store.group_leads(&state.province.code).await?;
    let certificates = state.store.all_certificates(&state.province.code).await?;
    let department = |g: &Option<String>| {
        leads
            .iter()
            .find(|l| Some(&l.group_code) == g.as_ref())
            .map_or_else(|| "Chưa phân công".to_owned(), |l| l.agency_name.clone())
    };
    let line = |r: &WatchRow, why: String| PlanLine {
        href: format!("/quan-tri/giam-sat/{}", r.slug),
        name: r.name.clone(),
        producer: r.producer.clone(),
        commune: r
            .commune_2025
            .clone()
            .unwrap_or_else(|| "Chưa có thông tin".to_owned()),
        department: department(&r.group_code),
        why,
    };
    let mut never = Vec::new();
    let mut due = Vec::new();
    let mut gone = Vec::new();
    let mut overdue = Vec::new();
    let mut lapsed = Vec::new();
    let mut ending = Vec::new();
    for r in &rows {
        // Status of the newest certificate decides whether to watch at all.
        let newest = certificates.iter().find(|c| c.product_slug == r.slug);
        let view = newest.map(|c| ocop_app::portal::certificate_view(c.certificate.clone(), today));
        let valid = view.as_ref().is_some_and(|v| v.status.may_be_valid());
        if let Some(v) = &view {
            match v.status.code() {
                "expired" => lapsed.push(line(
                    r,
                    format!(
                        "hết hiệu lực từ {}",
                        v.latest_valid_day
                            .map(|d| (d + chrono::Days::new(1)).format("%d/%m/%Y").to_string())
                            .unwrap_or_default()
                    ),
                )),
                "valid" | "valid_unconfirmed" => {
                    if let Some(d) = v.latest_valid_day
                        && d <= today
                            .checked_add_months(chrono::Months::new(6))
                            .unwrap_or(today)
                    {
                        ending.push(line(r, format!("hiệu lực đến {}", d.format("%d/%m/%Y"))));
                    }
                }
                _ => {}
            }
        }
        if !valid {
            continue;
        }
        if r.still_produced == Some(false) || r.still_sold == Some(false) {
            let what = match (r.still_produced, r.still_sold) {
                (Some(false), _) => "không còn sản xuất",
                _ => "không còn bán",
            };
            gone.push(line(
                r,
                format!(
                    "{what} (kiểm tra ngày {})",
                    r.last_visit.map(crate::pages::vn_day).unwrap_or_default()
                ),
            ));
        }
        if r.overdue_actions > 0 {
            overdue.push(line(
                r,
                format!("{} việc khắc phục quá hạn", r.overdue_actions),
            ));
        }
        match r.last_visit {
            None => never.push(line(r, "chưa kiểm tra lần nào sau công nhận".to_owned())),
            Some(last) if next_visit(last) <= today => due.push(line(
                r,
                format!(
                    "lần trước {}, đến hạn {}",
                    last.format("%d/%m/%Y"),
                    next_visit(last).format("%d/%m/%Y")
                ),
            )),
            Some(_) => {}
        }
    }
    let mut by_commune: std::collections::BTreeMap<String, usize> = Default::default();
    let mut by_department: std::collections::BTreeMap<String, usize> = Default::default();
    for l in gone
        .iter()
        .chain(&lapsed)
        .chain(&ending)
        .chain(&never)
        .chain(&due)
    {
        *by_commune.entry(l.commune.clone()).or_default() += 1;
        *by_department.entry(l.department.clone()).or_default() += 1;
    }
    Ok(Plan {
        sections: vec![
            (
                "khong-san-xuat",
                "Đã công nhận nhưng không còn sản xuất hoặc không còn bán",
                gone,
            ),
            ("qua-han", "Việc khắc phục quá hạn", overdue),
            ("het-hieu-luc", "Giấy chứng nhận đã hết hiệu lực", lapsed),
            (
                "sap-het-han",
                "Giấy chứng nhận hết hiệu lực trong 6 tháng tới",
                ending,
            ),
            (
                "chua-kiem-tra",
                "Chưa kiểm tra lần nào sau công nhận",
                never,
            ),
            ("den-han", "Đến hạn kiểm tra định kỳ (12 tháng)", due),
        ],
        by_commune: by_commune.into_iter().collect(),
        by_department: by_department.into_iter().collect(),
    })
}
