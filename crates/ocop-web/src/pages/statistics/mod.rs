//! Thống kê — the catalogue counted by every breakdown the programme
//! reports (stars, year, group, department, today's commune, pre-2025
//! district, certificate status), each adding up to the catalogue with a
//! "not known" row; as a page (`/thong-ke`) and a workbook (`/thong-ke.xlsx`),
//! both from one tally of the in-memory catalogue. The commune table is
//! long (a province has up to about 150 communes, a dataset may name any of
//! the country's 3,321), so the page shows its largest rows and counts the
//! rest in one row that leads to the whole table, page by page
//! (`/thong-ke/xa-phuong`); the workbook has every row.

mod communes;
mod xlsx;

pub use communes::communes;
pub use xlsx::xlsx;

use crate::lang::Lang;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use ocop_app::catalogue::Snapshot;
use std::collections::BTreeMap;

/// One row of a breakdown: its label and how many products.
pub struct Row {
    pub label: String,
    pub count: i64,
    /// False for the "not known" row, which stays last.
    pub known: bool,
    /// Where the rows this one counts are listed (the rest of a long table).
    pub href: Option<&'static str>,
}

/// One breakdown, largest or natural order, with its total.
pub struct Table {
    pub id: &'static str,
    /// The workbook's sheet name (ASCII, at most 31 characters).
    pub sheet: &'static str,
    pub title: String,
    pub heading: String,
    pub rows: Vec<Row>,
    pub total: i64,
}

/// How many communes the statistics page lists before "the other communes".
const COMMUNES_SHOWN: usize = 20;

/// Counts keyed by what the record holds (`None`: not known).
#[derive(Default)]
struct Tally {
    year: BTreeMap<Option<i64>, i64>,
    stars: BTreeMap<Option<i64>, i64>,
    group: BTreeMap<Option<String>, i64>,
    department: BTreeMap<String, i64>,
    commune: BTreeMap<Option<String>, i64>,
    district: BTreeMap<Option<String>, i64>,
    /// By status code, with its labels; products with no record under `None`.
    status: BTreeMap<Option<&'static str>, (i64, &'static str, &'static str)>,
}

fn tally(snapshot: &Snapshot, today: chrono::NaiveDate) -> Tally {
    let mut t = Tally::default();
    for e in &snapshot.entries {
        let s = &e.row.summary;
        *t.year.entry(s.year).or_default() += 1;
        *t.stars.entry(s.stars).or_default() += 1;
        *t.group.entry(s.group_code.clone()).or_default() += 1;
        // The department of the product's set where the province named one,
        // else of its group.
        let lead = snapshot
            .department_leads
            .lead_name(e.row.criteria_set.as_deref(), s.group_code.as_deref());
        *t.department.entry(lead).or_default() += 1;
        *t.district.entry(s.district_pre2025.clone()).or_default() += 1;
        let status = snapshot
            .certificates_of(&s.slug)
            .next()
            .map(|c| ocop_app::portal::certificate_view(c.certificate.clone(), today).status);
        let key = status.as_ref().map(|st| st.code());
        let (vi, en) = status.as_ref().map_or(
            ("Chưa có giấy chứng nhận", "No certificate recorded"),
            |st| (st.label_vi(), st.label_en()),
        );
        t.status.entry(key).or_insert((0, vi, en)).0 += 1;
    }
    t.commune = by_commune(snapshot);
    t
}

/// Products by today's commune (`None`: not recorded): the commune table,
/// shortened on the statistics page and whole on its own page.
fn by_commune(snapshot: &Snapshot) -> BTreeMap<Option<String>, i64> {
    let mut communes = BTreeMap::new();
    for e in &snapshot.entries {
        *communes
            .entry(e.row.summary.commune_2025.clone())
            .or_default() += 1;
    }
    communes
}

/// Largest first, "not known" last; ties by label.
fn by_size(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort_by(|a, b| {
        b.known
            .cmp(&a.known)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.label.cmp(&b.label))
    });
    rows
}

/// Rows keyed by a name the record holds, "not known" for none.
fn named(m: &BTreeMap<Option<String>, i64>, lang: Lang) -> Vec<Row> {
    let unknown = lang.s("Chưa rõ", "Not known");
    by_size(
        m.iter()
            .map(|(k, n)| Row {
                label: k.clone().unwrap_or_else(|| unknown.to_owned()),
                count: *n,
                known: k.is_some(),
                href: None,
            })
            .collect(),
    )
}

/// Keeps the `shown` largest known rows (and the "not known" row) of a
/// table; the others become one row leading to `href`, so the table still
/// adds up to the catalogue.
fn shorten(
    table: &mut Table,
    shown: usize,
    rest_label: impl Fn(usize) -> String,
    href: &'static str,
) {
    let known = table.rows.iter().filter(|r| r.known).count();
    // A row standing for one commune would only hide its name.
    if known <= shown + 1 {
        return;
    }
    // Known rows come first (by_size), so the rest is one run of them.
    let rest: Vec<Row> = table.rows.drain(shown..known).collect();
    let row = Row {
        label: rest_label(rest.len()),
        count: rest.iter().map(|r| r.count).sum(),
        known: true,
        href: Some(href),
    };
    table.rows.insert(shown, row);
}

fn table(
    (id, sheet): (&'static str, &'static str),
    title: String,
    heading: String,
    rows: Vec<Row>,
) -> Table {
    let total = rows.iter().map(|r| r.count).sum();
    Table {
        id,
        sheet,
        title,
        heading,
        rows,
        total,
    }
}

/// Every breakdown, labelled in `lang`.
fn tables(t: &Tally, lang: Lang) -> Vec<Table> {
    let stars = t
        .stars
        .iter()
        .rev()
        .map(|(k, n)| Row {
            label: super::stars_text_in(*k, lang),
            count: *n,
            known: true,
            href: None,
        })
        .collect();
    let mut years: Vec<Row> = t
        .year
        .iter()
        .rev()
        .filter(|(k, _)| k.is_some())
        .map(|(k, n)| Row {
            label: k.map(|y| y.to_string()).unwrap_or_default(),
            count: *n,
            known: true,
            href: None,
        })
        .collect();
    if let Some(n) = t.year.get(&None) {
        years.push(Row {
            label: lang.s("Chưa rõ năm", "Year not known").to_owned(),
            count: *n,
            known: false,
            href: None,
        });
    }
    let groups = by_size(
        t.group
            .iter()
            .map(|(k, n)| Row {
                label: super::group_name_in(k.as_deref(), lang),
                count: *n,
                known: k.is_some(),
                href: None,
            })
            .collect(),
    );
    let departments = by_size(
        t.department
            .iter()
            .map(|(k, n)| Row {
                label: k.clone(),
                count: *n,
                known: true,
                href: None,
            })
            .collect(),
    );
    // Products with no certificate recorded come last.
    let status = by_size(
        t.status
            .iter()
            .map(|(k, (n, vi, en))| Row {
                label: lang.s(vi, en).to_owned(),
                count: *n,
                known: k.is_some(),
                href: None,
            })
            .collect(),
    );
    let t_ = |vi: &str, en: &str| lang.s(vi, en).to_owned();
    vec![
        table(
            ("nam", "Theo nam"),
            t_("Theo năm công nhận", "By year of recognition"),
            t_("Năm", "Year"),
            years,
        ),
        table(
            ("hang-sao", "Theo hang sao"),
            t_("Theo hạng sao", "By stars"),
            t_("Hạng", "Stars"),
            stars,
        ),
        table(
            ("nhom", "Theo nhom"),
            t_("Theo nhóm sản phẩm", "By product group"),
            t_("Nhóm", "Group"),
            groups,
        ),
        table(
            ("so-nganh", "Theo so nganh"),
            t_("Theo sở, ngành phụ trách", "By lead department"),
            t_("Sở, ngành", "Department"),
            departments,
        ),
        table(
            ("xa-phuong", "Theo xa phuong"),
            t_("Theo xã, phường từ 01/7/2025", "By commune from 1 Jul 2025"),
            t_("Xã, phường", "Commune"),
            named(&t.commune, lang),
        ),
        table(
            ("huyen-cu", "Theo huyen cu"),
            t_(
                "Theo huyện trước 01/7/2025",
                "By district before 1 Jul 2025",
            ),
            t_("Huyện, thị xã, thành phố", "District"),
            named(&t.district, lang),
        ),
        table(
            ("tinh-trang", "Tinh trang GCN"),
            t_(
                "Theo tình trạng giấy chứng nhận hôm nay",
                "By certificate status today",
            ),
            t_("Tình trạng", "Status"),
            status,
        ),
    ]
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    c: crate::lang::Chrome,
    title: String,
    search_q: String,
    products: usize,
    as_of: String,
    tables: Vec<Table>,
    rounds: Vec<super::home::RoundRow>,
    former_province: String,
    leads: Vec<(String, String)>,
}

pub async fn show(State(state): State<AppState>, lang: Lang) -> Result<Html<String>, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.clock.today();
    let t = tally(&snapshot, today);
    let figures = ocop_app::portal::rounds_and_leads(&state.store, &state.province).await?;
    let page = StatisticsPage {
        c: crate::lang::Chrome::new(&state, lang, "/thong-ke").describe(lang.s(
            "Số sản phẩm OCOP của tỉnh theo hạng sao, năm, nhóm, sở phụ trách, địa bàn trước và sau 01/7/2025 và tình trạng giấy chứng nhận.",
            "The province's OCOP products by stars, year, group, lead department, place before and after 1 Jul 2025 and certificate status.",
        )),
        title: lang.s("Thống kê sản phẩm OCOP", "OCOP statistics").into(),
        search_q: String::new(),
        products: snapshot.entries.len(),
        as_of: today.format("%d/%m/%Y").to_string(),
        tables: page_tables(&t, lang),
        rounds: super::home::round_rows(&figures.rounds, lang),
        former_province: figures
            .rounds
            .first()
            .map_or_else(String::new, |r| r.former_province.clone()),
        leads: figures
            .group_leads
            .iter()
            .map(|l| (super::group_name_in(Some(&l.group_code), lang), l.agency_name.clone()))
            .collect(),
    };
    Ok(Html(page.render()?))
}

/// The tables as the page shows them: the commune table shortened.
fn page_tables(t: &Tally, lang: Lang) -> Vec<Table> {
    let mut tables = tables(t, lang);
    if let Some(communes) = tables.iter_mut().find(|t| t.id == "xa-phuong") {
        shorten(
            communes,
            COMMUNES_SHOWN,
            |n| match lang {
                Lang::Vi => format!("{n} xã, phường khác"),
                Lang::En => format!("{n} other communes"),
            },
            communes::PATH,
        );
    }
    tables
}

/// The tables in Vietnamese, for the workbook.
fn tables_vi(snapshot: &Snapshot, today: chrono::NaiveDate) -> Vec<Table> {
    tables(&tally(snapshot, today), Lang::Vi)
}

#[cfg(test)]
mod tests;
