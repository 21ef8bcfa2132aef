//! Tổng quan — the programme at a glance for the office and departments:
//! charts of products by year, stars, group and commune, certificates ending
//! month by month, and the gap map (product groups with no product, by area).

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_domain::ProductGroup;
use ocop_domain::access::Permission;
use std::collections::BTreeMap;

pub struct GapRow {
    pub area: String,
    /// Products per group I–VI; zero is a gap.
    pub counts: Vec<i64>,
}

#[derive(Template)]
#[template(path = "bo_overview.html")]
struct Overview {
    css: &'static str,
    title: String,
    charts: Vec<(String, String)>,
    groups: Vec<String>,
    gaps: Vec<GapRow>,
    province_gaps: Vec<String>,
    /// Open dossiers by stage (label), by commune and by department.
    stages: Vec<(&'static str, ocop_app::worklist::Count)>,
    pipeline: ocop_app::worklist::Pipeline,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewProducer)?;
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    let pipeline = ocop_app::worklist::pipeline(&state.store, &state.province.code, None, today)
        .await
        .map_err(WebError::service)?;
    let stages = pipeline
        .by_stage
        .iter()
        .map(|(s, c)| (s.label_vi(), c.clone()))
        .collect();
    let mut by: [BTreeMap<String, i64>; 4] = Default::default();
    let mut ending: BTreeMap<String, i64> = BTreeMap::new();
    // Area → group → count, for the gap map: the province, pre-2025
    // districts, and today's communes that have any product.
    let mut areas: BTreeMap<(u8, String), [i64; 6]> = BTreeMap::new();
    let horizon = today
        .checked_add_months(chrono::Months::new(6))
        .unwrap_or(today);
    for e in &snapshot.entries {
        let s = &e.row.summary;
        *by[0]
            .entry(
                s.year
                    .map_or_else(|| "Chưa rõ".to_owned(), |y| y.to_string()),
            )
            .or_default() += 1;
        *by[1]
            .entry(
                s.stars
                    .map_or_else(|| "Chưa xếp hạng".to_owned(), |n| format!("{n} sao")),
            )
            .or_default() += 1;
        *by[2]
            .entry(super::super::group_name(s.group_code.as_deref()))
            .or_default() += 1;
        *by[3]
            .entry(
                s.commune_2025
                    .clone()
                    .unwrap_or_else(|| "Chưa có thông tin".to_owned()),
            )
            .or_default() += 1;
        if let Some(c) = snapshot.certificates_of(&s.slug).next() {
            let v = ocop_app::portal::certificate_view(c.certificate.clone(), today);
            if let Some(d) = v
                .latest_valid_day
                .filter(|d| v.status.is_valid() && *d <= horizon)
            {
                *ending.entry(d.format("%Y-%m").to_string()).or_default() += 1;
            }
        }
        let g = s
            .group_code
            .as_deref()
            .and_then(ProductGroup::parse_code)
            .and_then(|g| ProductGroup::ALL.iter().position(|x| *x == g));
        if let Some(g) = g {
            let mut keys = vec![(0u8, "Toàn tỉnh".to_owned())];
            if let Some(d) = &s.district_pre2025 {
                keys.push((1, format!("{d} (trước 2025)")));
            }
            if let Some(c) = &s.commune_2025 {
                keys.push((2, c.clone()));
            }
            for k in keys {
                areas.entry(k).or_insert([0; 6])[g] += 1;
            }
        }
    }
    let top = |m: &BTreeMap<String, i64>, n: usize| {
        let mut v: Vec<(String, i64)> = m.iter().map(|(k, c)| (k.clone(), *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(n);
        v
    };
    let in_order =
        |m: &BTreeMap<String, i64>| m.iter().map(|(k, c)| (k.clone(), *c)).collect::<Vec<_>>();
    let charts = vec![
        ("Sản phẩm theo năm công nhận".to_owned(), in_order(&by[0])),
        ("Sản phẩm theo hạng sao".to_owned(), in_order(&by[1])),
        ("Sản phẩm theo nhóm".to_owned(), in_order(&by[2])),
        (
            "15 xã, phường có nhiều sản phẩm nhất".to_owned(),
            top(&by[3], 15),
        ),
        (
            "Giấy chứng nhận hết hiệu lực trong 6 tháng tới, theo tháng".to_owned(),
            in_order(&ending),
        ),
    ]
    .into_iter()
    .map(|(t, data)| {
        let svg = crate::charts::bars(&t, &data);
        (t, svg)
    })
    .collect();
    let province = areas
        .get(&(0, "Toàn tỉnh".to_owned()))
        .copied()
        .unwrap_or([0; 6]);
    let province_gaps = ProductGroup::ALL
        .iter()
        .zip(province)
        .filter(|(_, n)| *n == 0)
        .map(|(g, _)| format!("{}. {}", g.code(), g.name_vi()))
        .collect();
    Ok(Html(
        Overview {
            css: crate::assets::css_href(),
            title: "Tổng quan chương trình OCOP".to_owned(),
            charts,
            groups: ProductGroup::ALL
                .iter()
                .map(|g| format!("{}. {}", g.code(), g.name_vi()))
                .collect(),
            gaps: areas
                .into_iter()
                .map(|((_, area), counts)| GapRow {
                    area,
                    counts: counts.to_vec(),
                })
                .collect(),
            province_gaps,
            stages,
            pipeline,
        }
        .render()?,
    ))
}
