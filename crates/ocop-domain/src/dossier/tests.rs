use super::*;

#[test]
fn dossier_kinds_read_back_from_their_codes() {
    for k in DossierKind::ALL {
        assert_eq!(DossierKind::parse(k.code()), Some(k));
    }
    assert_eq!(DossierKind::parse("renewal"), None);
}
use DossierAction as A;
use DossierState as S;

#[test]
fn available_actions_are_the_steps_transition_allows_when_every_requirement_is_met() {
    for p in [
        crate::ProcedureVersion::Qd148Of2023,
        crate::ProcedureVersion::Qd1489Of2025,
    ] {
        // Recognising and rejecting need opposite results: a step is
        // available when some dossier's facts let it through.
        let facts = [true, false].map(|certifiable| DossierFacts {
            procedure: p,
            certifiable,
            ..all_met()
        });
        for s in S::ALL {
            for role in Role::ALL {
                let offered = available_actions(s, role, p);
                for a in A::ALL {
                    assert_eq!(
                        offered.contains(&a),
                        facts.iter().any(|f| transition(s, a, role, f).is_ok()),
                        "{s:?} {role:?} {a:?} {p:?}"
                    );
                }
            }
        }
    }
    // A producer's draft offers submission and withdrawal, nothing else.
    assert_eq!(
        available_actions(
            S::Draft,
            Role::Producer,
            crate::ProcedureVersion::Qd1489Of2025
        ),
        vec![A::Submit, A::Withdraw]
    );
}

fn all_met() -> DossierFacts {
    DossierFacts {
        form_complete: true,
        evidence_complete: true,
        has_comments: true,
        commune_criteria_scored: true,
        sheets_submitted: 3,
        quorum: 3,
        certifiable: true,
        procedure: crate::ProcedureVersion::Qd1489Of2025,
    }
}

#[test]
fn the_stage_before_the_province_is_taken_by_whom_the_procedure_names() {
    use crate::ProcedureVersion as P;
    let under = |procedure| DossierFacts {
        procedure,
        ..all_met()
    };
    let pre = |p, role| transition(S::Submitted, A::PreAssess, role, &under(p)).ok();
    // 1489/2025 and 26/2026: the commune pre-assesses.
    assert_eq!(pre(P::Qd1489Of2025, Role::Commune), Some(S::PreAssessed));
    assert_eq!(pre(P::Qd1489Of2025, Role::Office), None);
    assert_eq!(pre(P::Qd26Of2026, Role::Commune), Some(S::PreAssessed));
    // 1048/2019 and 148/2023: the district council, recorded by the office.
    for p in [P::Qd1048Of2019, P::Qd148Of2023] {
        assert_eq!(pre(p, Role::Office), Some(S::PreAssessed));
        assert_eq!(pre(p, Role::Commune), None);
    }
    // Every other step is the same under every procedure.
    for p in P::ALL {
        assert_eq!(
            transition(S::Scored, A::ReopenScoring, Role::Office, &under(p)).ok(),
            Some(S::InCouncil)
        );
    }
}

/// The expected table, written out independently of the code's table.
fn expected(state: S, action: A) -> Option<S> {
    match (state, action) {
        (S::Draft, A::Submit) => Some(S::Submitted),
        (S::Submitted | S::PreAssessed, A::Return) => Some(S::Returned),
        (S::Returned, A::Resubmit) => Some(S::Submitted),
        (S::Submitted, A::PreAssess) => Some(S::PreAssessed),
        (S::PreAssessed, A::Review) => Some(S::Reviewed),
        (S::Reviewed, A::OpenCouncil) => Some(S::InCouncil),
        (S::InCouncil, A::CloseScoring) => Some(S::Scored),
        (S::Scored, A::ReopenScoring) => Some(S::InCouncil),
        (S::Scored, A::Recognise) => Some(S::Recognised),
        (S::Draft | S::Submitted | S::Returned | S::PreAssessed, A::Withdraw) => Some(S::Withdrawn),
        _ => None,
    }
}

#[test]
fn every_state_and_action_as_the_administrator() {
    for state in S::ALL {
        for action in A::ALL {
            let mut facts = all_met();
            if action == A::Reject {
                facts.certifiable = false;
            }
            let got = transition(state, action, Role::Admin, &facts).ok();
            let want = if action == A::Reject {
                (state == S::Scored).then_some(S::NotRecognised)
            } else {
                expected(state, action)
            };
            assert_eq!(got, want, "{state:?} + {action:?}");
        }
    }
}

#[test]
fn only_the_named_roles_may_act() {
    let facts = all_met();
    assert!(transition(S::Draft, A::Submit, Role::Producer, &facts).is_ok());
    assert!(
        transition(S::Draft, A::Submit, Role::Commune, &facts).is_ok(),
        "an officer files for a household"
    );
    let refused = transition(S::Draft, A::Submit, Role::Council, &facts);
    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("Vai trò «Thành viên hội đồng» không được «nộp» hồ sơ.".into())
    );
    assert!(
        transition(S::Submitted, A::PreAssess, Role::Producer, &facts).is_err(),
        "no self-assessment of one's own"
    );
    assert!(transition(S::Scored, A::Recognise, Role::Department, &facts).is_err());
    for state in S::ALL.into_iter().filter(|s| s.is_final()) {
        for action in A::ALL {
            assert!(
                transition(state, action, Role::Admin, &facts).is_err(),
                "{state:?} is final"
            );
        }
    }
}

#[test]
fn requirements_are_checked_with_clear_reasons() {
    let missing = |f: fn(&mut DossierFacts)| {
        let mut facts = all_met();
        f(&mut facts);
        facts
    };
    let needs = |s, a, r, facts: DossierFacts| match transition(s, a, r, &facts) {
        Err(TransitionError::Requirement(req)) => Some(req),
        _ => None,
    };
    use Requirement as R;
    #[rustfmt::skip]
    let cases: [(S, A, Role, DossierFacts, Requirement); 8] = [
        (S::Draft, A::Submit, Role::Producer, missing(|f| f.evidence_complete = false), R::Evidence),
        (S::Draft, A::Submit, Role::Producer, missing(|f| f.form_complete = false), R::SelfAssessment),
        (S::Submitted, A::Return, Role::Commune, missing(|f| f.has_comments = false), R::ReturnComment),
        (S::Submitted, A::PreAssess, Role::Commune, missing(|f| f.commune_criteria_scored = false), R::CommuneCriteria),
        (S::InCouncil, A::CloseScoring, Role::Office, missing(|f| f.sheets_submitted = 2), R::CouncilSheets),
        (S::Scored, A::ReopenScoring, Role::Office, missing(|f| f.has_comments = false), R::ReopenReason),
        (S::Scored, A::Recognise, Role::Office, missing(|f| f.certifiable = false), R::BelowThreeStars),
        (S::Scored, A::Reject, Role::Office, all_met(), R::Certifiable),
    ];
    for (state, action, role, facts, expected) in cases {
        assert_eq!(
            needs(state, action, role, facts),
            Some(expected),
            "{action:?}"
        );
    }
    let e = |s, a, r, facts: DossierFacts| transition(s, a, r, &facts).map_err(|e| e.to_string());
    assert_eq!(
        e(S::Recognised, A::Submit, Role::Producer, all_met()),
        Err("Không thể «nộp» khi hồ sơ đang ở trạng thái «Đã công nhận».".into())
    );
}
