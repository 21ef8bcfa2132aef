//! Việc cần làm — each person's queue (dossiers whose next step is theirs,
//! sheets to score, applications and products to approve, misuse reports)
//! and the office's pipeline (dossiers at each stage, late ones, by commune
//! and by department). Which step is whose comes from
//! [`ocop_domain::worklist`]; who sees which dossier from [`cycle::Sight`].

use crate::cycle::{self, Actor, CycleError, Sight};
use chrono::NaiveDate;
use ocop_domain::access::{Permission, Role};
use ocop_domain::dossier::DossierState;
use ocop_domain::worklist::{Lateness, Seat, Task, dossier_task};
use ocop_store::Store;
use std::collections::BTreeMap;

/// One line of a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub task: Task,
    pub href: String,
    /// What the task is about: a product, an applicant, a report.
    pub object: String,
    /// Where it belongs: the round and commune, or a progress note.
    pub context: String,
    /// Waiting since (Vietnam's date).
    pub since: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub lateness: Lateness,
}

/// A round as the queue needs it.
struct RoundFacts {
    label: String,
    procedure: ocop_domain::ProcedureVersion,
    deadlines: ocop_store::cycle::RoundDeadlines,
}

async fn rounds(store: &Store, province: &str) -> Result<BTreeMap<i64, RoundFacts>, CycleError> {
    Ok(store
        .rounds(province)
        .await?
        .into_iter()
        .map(|r| {
            let facts = RoundFacts {
                label: r.label,
                procedure: r.procedure,
                deadlines: r.deadlines,
            };
            (r.id, facts)
        })
        .collect())
}

/// What is waiting for `actor` on `today`, oldest first.
pub async fn queue(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Item>, CycleError> {
    let mut items = Vec::new();
    let rounds = rounds(store, &actor.province_code).await?;
    let sight = Sight::load(store, actor).await?;
    for l in store
        .dossier_lines_within(&actor.province_code, None, &sight.dossier_filter())
        .await?
    {
        let state = l.state;
        let Some(round) = rounds.get(&l.round_id) else {
            continue;
        };
        if !sight.sees(&l) {
            continue;
        }
        let seat = if actor.role == Role::Council && state == DossierState::InCouncil {
            let sheets = store.score_sheets(l.id).await?;
            Seat {
                // `sees` already requires a seat in the round.
                seated: true,
                conflicted: store.conflicts(l.id).await?.contains(&actor.username),
                submitted: sheets
                    .iter()
                    .any(|s| s.username == actor.username && s.submitted),
            }
        } else {
            Seat::default()
        };
        let Some(task) = dossier_task(state, round.procedure, actor.role, seat) else {
            continue;
        };
        let mut context = format!(
            "{} · {}",
            round.label,
            l.commune_name.as_deref().unwrap_or("Chưa rõ xã, phường")
        );
        if task == Task::CloseScoring {
            let p = cycle::progress(store, l.id).await?;
            context.push_str(&format!(
                " · {}/{} phiếu đã nộp",
                p.counted.len(),
                p.eligible.len()
            ));
        }
        let deadline = cycle::stage_deadline(state, &round.deadlines);
        items.push(Item {
            task,
            href: format!("/quan-tri/ho-so/{}", l.id),
            object: l.product_name,
            context,
            since: Some(crate::clock::vietnam_day(l.updated_at)),
            deadline,
            lateness: Lateness::of(deadline, today),
        });
    }
    if actor.role.can(Permission::ReviewRegistrations) {
        // A commune officer answers for its own commune only.
        let commune = match actor.role {
            Role::Commune => Some(actor.commune_code.clone().unwrap_or_else(|| "-".into())),
            _ => None,
        };
        for r in store
            .pending_registrations(&actor.province_code, commune.as_deref())
            .await?
        {
            let name = serde_json::from_str::<ocop_domain::ProducerForm>(&r.form_json)
                .map(|f| f.name)
                .unwrap_or_else(|_| r.username.clone());
            items.push(Item {
                task: Task::Registration,
                href: "/quan-tri/dang-ky".into(),
                object: name,
                context: format!("tài khoản {}", r.username),
                since: Some(crate::clock::vietnam_day(r.submitted_at)),
                deadline: None,
                lateness: Lateness::NoDeadline,
            });
        }
        for p in store
            .pending_products(&actor.province_code, commune.as_deref())
            .await?
        {
            items.push(Item {
                task: Task::ProductApproval,
                href: "/quan-tri/dang-ky".into(),
                object: p.name,
                context: p.producer_name,
                since: Some(crate::clock::vietnam_day(p.created_at)),
                deadline: None,
                lateness: Lateness::NoDeadline,
            });
        }
    }
    if actor.role.can(Permission::ManageRounds) {
        for r in store.misuse_reports(&actor.province_code, None).await? {
            let open = matches!(
                r.status,
                ocop_domain::misuse::MisuseStatus::New
                    | ocop_domain::misuse::MisuseStatus::Investigating
            );
            if open {
                items.push(Item {
                    task: Task::Misuse,
                    href: format!("/quan-tri/phan-anh#phan-anh-{}", r.id),
                    object: r.product_text,
                    context: r.seller,
                    since: Some(crate::clock::vietnam_day(r.created_at)),
                    deadline: None,
                    lateness: Lateness::NoDeadline,
                });
            }
        }
    }
    if actor.role.can(Permission::ManageRounds) {
        items.extend(visits(store, &actor.province_code, today).await?);
    }
    // Oldest first; undated last; then by what is latest.
    items.sort_by(|a, b| {
        (a.since.is_none(), a.since, a.lateness, &a.object).cmp(&(
            b.since.is_none(),
            b.since,
            b.lateness,
            &b.object,
        ))
    });
    Ok(items)
}

/// How far ahead a periodic visit enters the queue.
pub const VISIT_NOTICE_DAYS: i64 = 30;

/// Monitoring of certified products (the directive: "no certified product
/// that is no longer produced"): a line for each product whose follow-up
/// actions are past their date, and one line for the yearly visits due
/// within [`VISIT_NOTICE_DAYS`] or past, which the monitoring plan lists
/// (on the shipped data most products were never visited: one line each
/// would bury every dossier).
async fn visits(store: &Store, province: &str, today: NaiveDate) -> Result<Vec<Item>, CycleError> {
    let mut out = Vec::new();
    let (mut overdue, mut soon, mut first_due) = (0usize, 0usize, None::<NaiveDate>);
    for w in store.watch_list(province, &today.to_string()).await? {
        // Never visited: from recognition; a record known only by its year
        // counts from that year's end (the latest it can have been).
        let last = w.last_visit.or(w.recognised_on).or(w
            .recognised_year
            .and_then(|y| i32::try_from(y).ok())
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)));
        if let Some(due) = last.map(ocop_domain::monitoring::next_visit) {
            let left = (due - today).num_days();
            if left < 0 {
                overdue += 1;
            } else if left <= VISIT_NOTICE_DAYS {
                soon += 1;
            }
            if left <= VISIT_NOTICE_DAYS {
                first_due = Some(first_due.map_or(due, |f| f.min(due)));
            }
        }
        if w.overdue_actions > 0 {
            let due = w.first_action_due;
            out.push(Item {
                task: Task::Visit,
                href: format!("/quan-tri/giam-sat/{}", w.slug),
                object: w.name,
                context: format!(
                    "{} · {} việc khắc phục quá hạn",
                    w.producer, w.overdue_actions
                ),
                since: due,
                deadline: due,
                lateness: Lateness::of(due, today),
            });
        }
    }
    if overdue + soon > 0 {
        out.push(Item {
            task: Task::Visit,
            href: "/quan-tri/giam-sat".into(),
            object: format!("{} sản phẩm đến hạn kiểm tra định kỳ", overdue + soon),
            context: format!(
                "{overdue} quá hạn, {soon} đến hạn trong {VISIT_NOTICE_DAYS} ngày tới · kế hoạch giám sát"
            ),
            since: first_due,
            deadline: first_due,
            lateness: Lateness::of(first_due, today),
        });
    }
    Ok(out)
}

/// Dossiers at one stage: how many, how many late.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Count {
    pub open: usize,
    pub late: usize,
}

/// The programme's pipeline: open dossiers by stage, commune and department.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pipeline {
    pub by_stage: Vec<(DossierState, Count)>,
    pub by_commune: Vec<(String, Count)>,
    pub by_department: Vec<(String, Count)>,
}

impl Pipeline {
    pub fn late(&self) -> usize {
        self.by_stage.iter().map(|(_, c)| c.late).sum()
    }
}

/// Open dossiers of the province (or of one round) on `today`.
pub async fn pipeline(
    store: &Store,
    province: &str,
    round: Option<i64>,
    today: NaiveDate,
) -> Result<Pipeline, CycleError> {
    let rounds = rounds(store, province).await?;
    let leads = store.department_leads(province).await?;
    let mut stage: BTreeMap<usize, Count> = BTreeMap::new();
    let (mut commune, mut department): (BTreeMap<String, Count>, BTreeMap<String, Count>) =
        Default::default();
    for l in store.dossier_lines(province, round).await? {
        let state = l.state;
        if state.is_final() {
            continue;
        };
        let late = rounds
            .get(&l.round_id)
            .is_some_and(|r| cycle::is_late(state, &r.deadlines, today));
        let at = DossierState::ALL
            .iter()
            .position(|s| *s == state)
            .unwrap_or(usize::MAX);
        for c in [
            stage.entry(at).or_default(),
            commune
                .entry(
                    l.commune_name
                        .clone()
                        .unwrap_or_else(|| "Chưa rõ xã, phường".to_owned()),
                )
                .or_default(),
            department
                .entry(leads.lead_name(Some(&l.criteria_set), l.group_code.as_deref()))
                .or_default(),
        ] {
            c.open += 1;
            c.late += usize::from(late);
        }
    }
    Ok(Pipeline {
        by_stage: stage
            .into_iter()
            .filter_map(|(i, c)| DossierState::ALL.get(i).map(|s| (*s, c)))
            .collect(),
        by_commune: commune.into_iter().collect(),
        by_department: department.into_iter().collect(),
    })
}
