//! Đánh giá 5 sao cấp quốc gia — the office carries a product the council
//! found worthy of 5★ through the ministry's steps ([`ocop_domain::national`]).

use crate::Clock;
use crate::cycle::{Actor, CycleError};
use ocop_domain::access::Permission;
use ocop_domain::national::{NationalState, NationalStep, next};
use ocop_store::Store;
use ocop_store::cycle::Recognition;
use ocop_store::national::StepFields;

/// A step as the office records it.
#[derive(Debug, Clone)]
pub enum Record {
    /// The package went to the ministry on `on`, under `reference`.
    Send {
        on: chrono::NaiveDate,
        reference: String,
    },
    /// The ministry council's average, as typed ("91,50" or "91.5").
    MinistryResult {
        on: chrono::NaiveDate,
        points: String,
    },
    /// The ministry's decision.
    Decision {
        recognised: bool,
        number: String,
        on: chrono::NaiveDate,
        /// The number printed on the ministry's certificate.
        certificate_number: String,
        note: String,
    },
}

fn field(field: &'static str, message: impl Into<String>) -> CycleError {
    CycleError::Field {
        field,
        message: message.into(),
    }
}

/// Hundredths of a point from what was typed, with a comma or a point.
fn hundredths(typed: &str) -> Option<u64> {
    let t = typed.trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if frac.len() > 2 || whole.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let frac: u64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

/// Records one step; the office only. Dates cannot be in the future nor
/// before the step they follow.
pub async fn record(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    dossier: i64,
    step: Record,
) -> Result<NationalState, CycleError> {
    // The same permission the route asks: carrying a dossier to the
    // ministry is the office's, as running rounds is.
    if !actor.role.can(Permission::ManageRounds) {
        return Err(CycleError::NationalOfficeOnly);
    }
    let d = store
        .dossier(dossier)
        .await?
        .filter(|d| d.province_code == actor.province_code)
        .ok_or(CycleError::NotFound("hồ sơ"))?;
    let referral = store
        .referral(dossier)
        .await?
        .ok_or(CycleError::NotFound("đề nghị đánh giá 5 sao"))?;
    let state = referral.state;
    let today = clock.today();
    let (day, after) = match &step {
        Record::Send { on, .. } => (*on, None),
        Record::MinistryResult { on, .. } => (*on, referral.sent_on),
        Record::Decision { on, .. } => (*on, referral.ministry_scored_on),
    };
    if day > today {
        return Err(field(
            "on",
            format!("Ngày {} ở tương lai.", day.format("%d/%m/%Y")),
        ));
    }
    if let Some(before) = after.filter(|b| day < *b) {
        return Err(field(
            "on",
            format!(
                "Ngày {} trước bước trước ({}).",
                day.format("%d/%m/%Y"),
                before.format("%d/%m/%Y")
            ),
        ));
    }
    let stamp = clock.stamp();
    let ministry = referral
        .ministry_hundredths
        .and_then(|h| u64::try_from(h).ok());
    match step {
        Record::Send { on, reference } => {
            if reference.trim().is_empty() {
                return Err(field("reference", "Ghi số công văn gửi Bộ."));
            }
            let to = next(state, NationalStep::Send, ministry).map_err(invalid)?;
            let f = StepFields {
                sent_on: Some(on),
                sent_reference: Some(reference.trim().to_owned()),
                ..StepFields::default()
            };
            advance(store, clock, &d, state, to, &f, actor).await
        }
        Record::MinistryResult { on, points } => {
            let h = hundredths(&points).ok_or_else(|| {
                field(
                    "points",
                    "Ghi điểm dạng 91,50 (tối đa hai chữ số thập phân).",
                )
            })?;
            let to = next(
                state,
                NationalStep::MinistryResult { hundredths: h },
                ministry,
            )
            .map_err(|e| field("points", e.to_string()))?;
            let f = StepFields {
                ministry_hundredths: i64::try_from(h).ok(),
                ministry_scored_on: Some(on),
                ..StepFields::default()
            };
            advance(store, clock, &d, state, to, &f, actor).await
        }
        Record::Decision {
            recognised,
            number,
            on,
            certificate_number,
            note,
        } => {
            let number = ocop_domain::DecisionNumber::parse(&number)
                .map_err(|e| field("number", e.to_string()))?;
            let to =
                next(state, NationalStep::Decision { recognised }, ministry).map_err(invalid)?;
            let f = StepFields {
                decision_number: Some(number.as_str().to_owned()),
                decision_on: Some(on),
                note: Some(note.trim().to_owned()).filter(|n| !n.is_empty()),
                ..StepFields::default()
            };
            if !recognised {
                // Không công nhận: the province's certificate stands.
                return advance(store, clock, &d, state, to, &f, actor).await;
            }
            if certificate_number.trim().is_empty() {
                return Err(field(
                    "certificate_number",
                    "Ghi số giấy chứng nhận do Bộ cấp.",
                ));
            }
            let validity = ocop_domain::CertificateValidity::from_issue(on);
            let r = Recognition {
                actor: actor.username.clone(),
                decision_number: number.as_str().to_owned(),
                issued_on: on,
                signer: "Bộ trưởng Bộ Nông nghiệp và Môi trường".to_owned(),
                signer_title: ocop_domain::signature::signature_block(
                    crate::cycle::MINISTRY,
                    ocop_domain::signature::SignAs::Head,
                ),
                issuing_authority: crate::cycle::MINISTRY.to_owned(),
                level: ocop_domain::RecognitionLevel::Ministry.code().to_owned(),
                stars: 5,
                valid_until: validity.valid_until,
                certificate_number: certificate_number.trim().to_owned(),
            };
            store.ministry_recognise(dossier, &f, &r, &stamp).await?;
            crate::notify::after_national(store, clock, &d, to).await;
            Ok(to)
        }
    }
}

fn invalid(e: ocop_domain::national::NationalError) -> CycleError {
    CycleError::National(e)
}

async fn advance(
    store: &Store,
    clock: &dyn Clock,
    d: &ocop_store::cycle::DossierRow,
    from: NationalState,
    to: NationalState,
    f: &StepFields,
    actor: &Actor,
) -> Result<NationalState, CycleError> {
    store
        .advance_referral(
            d.id,
            from.code(),
            to.code(),
            f,
            &actor.username,
            &clock.stamp(),
        )
        .await?;
    crate::notify::after_national(store, clock, d, to).await;
    Ok(to)
}

#[cfg(test)]
mod tests {
    #[test]
    fn points_are_read_with_a_comma_or_a_point() {
        assert_eq!(super::hundredths("91,5"), Some(9150));
        assert_eq!(super::hundredths("91.50"), Some(9150));
        assert_eq!(super::hundredths("90"), Some(9000));
        assert_eq!(super::hundredths("90,123"), None);
        assert_eq!(super::hundredths("chín mươi"), None);
        assert_eq!(super::hundredths(""), None);
    }
}
