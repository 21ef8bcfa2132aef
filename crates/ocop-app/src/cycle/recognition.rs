//! Công nhận — the decision, its issuer by the procedure, and its date.

use super::*;

/// A recognition decision as the office enters it.
#[derive(Debug, Clone, Copy)]
pub struct DecisionInput<'a> {
    /// Số quyết định, e.g. `15/QĐ-UBND`.
    pub number: &'a str,
    pub issued_on: chrono::NaiveDate,
    /// Thẩm quyền ký: the head, or a deputy for the head.
    pub sign_as: ocop_domain::signature::SignAs,
    /// Họ tên người ký.
    pub signer: &'a str,
}

/// Issues the recognition decision: a certificate valid 36 months is created
/// and the product's page shows it at once.
pub async fn recognise(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    decision: DecisionInput<'_>,
) -> Result<i64, CycleError> {
    let DecisionInput {
        number: decision_number,
        issued_on,
        sign_as,
        signer,
    } = decision;
    let (d, state) = load(store, id).await?;
    let facts = facts_for(store, &d).await?;
    transition(state, DossierAction::Recognise, actor.role, &facts)?;
    let number = ocop_domain::DecisionNumber::parse(decision_number)?;
    if signer.trim().is_empty() {
        return Err(CycleError::Field {
            field: "signer",
            message: "Ghi họ tên người ký quyết định.".into(),
        });
    }
    // The province (or, under 148/2023, the district for 3★) recognises at
    // most 4★; a 5★ result is only proposed to the ministry.
    let stars = d.council_stars.unwrap_or(0).min(4);
    check_decision_date(store, clock, id, issued_on).await?;
    let procedure = facts.procedure;
    let verified = crate::rounds::verified_procedures(store).await?;
    let level = ocop_domain::Stars::new(stars)
        .map_err(CycleError::from)
        .and_then(|s| {
            procedure
                .issuer_on(s, issued_on, &verified)
                .map_err(|e| CycleError::Field {
                    field: "issued_on",
                    message: e.to_string(),
                })
        })?;
    let product = store
        .product_by_slug(&d.province_code, &d.product_slug)
        .await?
        .ok_or(CycleError::NotFound("sản phẩm"))?;
    let authority = match level {
        ocop_domain::RecognitionLevel::District => {
            format!(
                "UBND {}",
                product
                    .summary
                    .district_pre2025
                    .clone()
                    .unwrap_or_else(|| "cấp huyện".into())
            )
        }
        ocop_domain::RecognitionLevel::Ministry => MINISTRY.to_owned(),
        ocop_domain::RecognitionLevel::Province => {
            let province = store
                .admin_unit(ocop_domain::UnitScheme::Y2025, &d.province_code)
                .await?
                .map_or_else(|| d.province_code.clone(), |u| u.full_name);
            format!("UBND {province}")
        }
    };
    let validity = CertificateValidity::from_issue(issued_on);
    let r = Recognition {
        actor: actor.username.clone(),
        decision_number: number.as_str().to_owned(),
        issued_on,
        signer: signer.trim().to_owned(),
        signer_title: ocop_domain::signature::signature_block(&authority, sign_as),
        issuing_authority: authority,
        level: level.code().into(),
        // The province recognises 3★ and 4★; a 5★ result is proposed nationally.
        stars,
        valid_until: validity.valid_until,
        certificate_number: format!(
            "OCOP-{}-{}-{:05}",
            d.province_code,
            issued_on.format("%Y"),
            id
        ),
    };
    let tell =
        crate::notify::step_notice(store, &d, DossierAction::Recognise, &actor.username, None)
            .await?;
    let certificate = store
        .recognise(id, &r, &actor.username, &clock.stamp(), tell.as_ref())
        .await?;
    Ok(certificate)
}

/// Bộ Nông nghiệp và Môi trường, which recognises 5★ (from 1 Mar 2025).
pub const MINISTRY: &str = "Bộ Nông nghiệp và Môi trường";

/// A decision cannot be dated in the future, nor before the council locked
/// the sheets it rests on.
pub(super) async fn check_decision_date(
    store: &Store,
    clock: &dyn Clock,
    id: i64,
    on: chrono::NaiveDate,
) -> Result<(), CycleError> {
    if on > clock.today() {
        return Err(CycleError::DecisionInFuture { on });
    }
    let locked = store
        .dossier_events(id)
        .await?
        .into_iter()
        .filter(|e| e.action == DossierAction::CloseScoring.code())
        .map(|e| crate::clock::vietnam_day(e.at))
        .next_back();
    if let Some(locked) = locked.filter(|l| on < *l) {
        return Err(CycleError::DecisionBeforeSheetsLocked { on, locked });
    }
    Ok(())
}
