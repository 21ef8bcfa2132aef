//! Builders for the cycle: the people of a round and a dossier taken as far
//! as a test needs (council, scored, recognised), through the real services.

use crate::harness::{TestApp, actor, clock, last_options};
use ocop_app::FixedClock;
use ocop_app::cycle::{self, Actor};
use ocop_domain::access::Role;
use ocop_domain::criteria::CriteriaSet;
use ocop_domain::dossier::DossierAction as A;
use std::collections::BTreeMap;

/// Everyone a round of the Thuận An coffee needs.
pub struct Cast {
    pub office: Actor,
    pub producer: Actor,
    pub commune: Actor,
    pub adviser: Actor,
    /// Seated council members, the first as chair.
    pub members: Vec<Actor>,
}

pub async fn cast(app: &TestApp, members: usize) -> Cast {
    let own = crate::harness::producer(&app.store, "htx-nong-nghiep-cong-bang-thuan-an").await;
    Cast {
        office: actor("van-phong", Role::Office, None, None),
        producer: actor("chu-the", Role::Producer, None, Some(own.id)),
        commune: actor("xa-thuan-an", Role::Commune, Some("24682"), None),
        adviser: actor("to-tu-van", Role::Advisory, None, None),
        members: (1..=members)
            .map(|i| actor(&format!("hd-{i}"), Role::Council, None, None))
            .collect(),
    }
}

/// A published criteria set.
pub async fn sheet_set(app: &TestApp, id: &str) -> CriteriaSet {
    ocop_app::rules::set(&app.store, id)
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s)
        .unwrap_or_else(|| panic!("set {id} is shipped"))
}

/// Set 13 (coffee), which the Thuận An coffee is scored on.
pub async fn coffee_set(app: &TestApp) -> CriteriaSet {
    sheet_set(app, "qd148-2023-13").await
}

/// Every criterion answered: the best option, or `(criterion, points)`.
pub fn sheet(set: &CriteriaSet, departures: &[(&str, u32)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, section, c) in set.criteria() {
        if section.alternatives && section.criteria.first().is_some_and(|f| f.id != c.id) {
            continue;
        }
        let points = departures
            .iter()
            .find(|(id, _)| *id == c.id)
            .map(|(_, p)| *p);
        let option = match points {
            Some(p) => c.options.iter().find(|o| o.points == p),
            None => c.options.iter().max_by_key(|o| o.points),
        };
        if let Some(o) = option {
            out.insert(c.id.clone(), o.id.clone());
        }
    }
    out
}

/// A round `label` of `year` under 1489/2025 with the cast seated, and in it
/// a dossier of the Thuận An coffee submitted, pre-assessed, reviewed and
/// opened in council: (round, dossier).
pub async fn in_council(app: &TestApp, cast: &Cast, label: &str, year: i64) -> (i64, i64) {
    in_council_on(app, cast, label, year, &clock()).await
}

/// [`in_council`] with the platform's clock at `c`.
pub async fn in_council_on(
    app: &TestApp,
    cast: &Cast,
    label: &str,
    year: i64,
    c: &FixedClock,
) -> (i64, i64) {
    let round = seated_round(app, cast, label, year).await;
    let id = draft(app, cast, round, c).await;
    to_council(app, cast, id, c).await;
    (round, id)
}

/// A round of `year` with the cast's council (the first member chairs) and
/// adviser seated.
pub async fn seated_round(app: &TestApp, cast: &Cast, label: &str, year: i64) -> i64 {
    let store = &app.store;
    let by = ocop_store::cycle::By {
        actor: "van-phong",
        at: "2026-10-01T06:00:00Z",
    };
    let round = store
        .create_round("68", year, label, "1489/2025", &Default::default(), by)
        .await
        .expect("round");
    for (i, m) in cast.members.iter().enumerate() {
        store
            .add_council_member(round, &m.username, i == 0, "van-phong", by.at)
            .await
            .expect("member");
    }
    store
        .add_advisory_member(round, &cast.adviser.username, by)
        .await
        .expect("adviser");
    round
}

/// The Thuận An coffee's re-evaluation dossier, opened and empty.
pub async fn draft(app: &TestApp, cast: &Cast, round: i64, c: &FixedClock) -> i64 {
    cycle::open_dossier(
        &app.store,
        c,
        &cast.producer,
        round,
        "ca-phe-bot-dak-dam",
        "reevaluation",
    )
    .await
    .expect("open")
}

/// A draft taken to the council: self-assessed with evidence, submitted,
/// pre-assessed by the commune, reviewed, the council opened.
pub async fn to_council(app: &TestApp, cast: &Cast, id: i64, c: &FixedClock) {
    let store = &app.store;
    let set = coffee_set(app).await;
    cycle::save_self_assessment(store, c, &cast.producer, id, &last_options(&set))
        .await
        .expect("self-assessment");
    crate::harness::attach_required_evidence(app, &cast.producer, id, &set).await;
    cycle::act(store, c, &cast.producer, id, A::Submit, None)
        .await
        .expect("submit");
    let commune_sheet: BTreeMap<String, String> = sheet(&set, &[])
        .into_iter()
        .filter(|(k, _)| set.commune_criteria().contains(&k.as_str()))
        .collect();
    cycle::save_commune_assessment(store, c, &cast.commune, id, &commune_sheet)
        .await
        .expect("commune sheet");
    for (who, step) in [
        (&cast.commune, A::PreAssess),
        (&cast.adviser, A::Review),
        (&cast.office, A::OpenCouncil),
    ] {
        cycle::act(store, c, who, id, step, None)
            .await
            .unwrap_or_else(|e| panic!("{step:?}: {e}"));
    }
}

/// Every seated member scores `choices`; the office locks the sheets.
pub async fn scored_on(
    app: &TestApp,
    cast: &Cast,
    id: i64,
    choices: &BTreeMap<String, String>,
    c: &FixedClock,
) {
    for m in &cast.members {
        cycle::score_as_member(&app.store, c, m, id, choices)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", m.username));
    }
    cycle::close_scoring(&app.store, c, &cast.office, id)
        .await
        .expect("lock");
}

/// The platform's clock at 08:00 in Vietnam on `day`.
pub fn clock_on(day: chrono::NaiveDate) -> FixedClock {
    FixedClock(day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc())
}

/// A new certificate for the Thuận An coffee from decision `number` of
/// `on`, through a whole round `label` run that day: the certificate's id.
pub async fn recognised(app: &TestApp, label: &str, number: &str, on: chrono::NaiveDate) -> i64 {
    use chrono::Datelike as _;
    let c = clock_on(on);
    let cast = cast(app, 3).await;
    let (_, id) = in_council_on(app, &cast, label, i64::from(on.year()), &c).await;
    let set = coffee_set(app).await;
    // 98 − 4 − 4 − 3 = 87 on every sheet: 4★, recognised by the province.
    scored_on(
        app,
        &cast,
        id,
        &sheet(&set, &[("4.a", 1), ("5.a", 1), ("4.b", 1)]),
        &c,
    )
    .await;
    cycle::recognise(
        &app.store,
        &c,
        &cast.office,
        id,
        ocop_app::cycle::DecisionInput {
            number,
            issued_on: on,
            sign_as: ocop_domain::signature::SignAs::Head,
            signer: "Phó Chủ tịch UBND tỉnh",
        },
    )
    .await
    .expect("recognise")
}
