//! Đình chỉ, thu hồi — the office suspends, lifts or revokes a certificate
//! by a decision, with its date and grounds. The star check, the portal and
//! the marketplace feed follow at once (the change moves the catalogue
//! signature); the audit log keeps before and after.

use crate::Clock;
use crate::cycle::Actor;
use crate::record_error::RecordError;
use ocop_domain::access::Permission;
use ocop_domain::decision::DecisionNumber;
use ocop_store::Store;
use ocop_store::certificates::{ChangeRecord, StandingChange, StandingRefusal};

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::Field {
        field,
        message: message.into(),
    }
}

/// The form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StandingForm {
    /// `suspend`, `lift` or `revoke`.
    pub action: String,
    /// The day it takes effect (ISO), for a suspension or revocation.
    pub on: String,
    pub reason: String,
    /// The decision behind it, like `125/QĐ-UBND`.
    pub decision: String,
}

/// Who may change a certificate's standing: the office that runs the
/// programme (and the administrator).
pub fn may_change(actor: &Actor) -> bool {
    actor.role.can(Permission::ManageRounds)
}

pub async fn change(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    certificate_id: i64,
    f: &StandingForm,
) -> Result<(), RecordError> {
    if !may_change(actor) {
        return Err(RecordError::Forbidden(
            "Chỉ Văn phòng Điều phối OCOP đình chỉ hoặc thu hồi giấy chứng nhận.",
        ));
    }
    let decision =
        DecisionNumber::parse(&f.decision).map_err(|e| field("decision", e.to_string()))?;
    let reason = ocop_domain::text::nfc(&f.reason);
    // A date that cannot be: in the future, or before the certificate existed.
    let issued_on = store
        .certificate_print(&actor.province_code, certificate_id)
        .await?
        .and_then(|c| c.issued_on);
    let today = clock.today();
    let on = || {
        let d = chrono::NaiveDate::parse_from_str(f.on.trim(), "%Y-%m-%d")
            .map_err(|_| field("on", "Nhập ngày có hiệu lực (năm-tháng-ngày)."))?;
        if d > today {
            return Err(field(
                "on",
                format!(
                    "Ngày {} ở tương lai: chỉ ghi quyết định đã ban hành.",
                    d.format("%d/%m/%Y")
                ),
            ));
        }
        match issued_on.filter(|i| d < *i) {
            Some(i) => Err(field(
                "on",
                format!(
                    "Ngày {} trước ngày cấp giấy chứng nhận ({}).",
                    d.format("%d/%m/%Y"),
                    i.format("%d/%m/%Y")
                ),
            )),
            None => Ok(d),
        }
    };
    let need_reason = || {
        if reason.is_empty() {
            Err(field("reason", "Ghi rõ căn cứ, lý do."))
        } else {
            Ok(())
        }
    };
    let day;
    let change = match f.action.trim() {
        "suspend" => {
            day = on()?.to_string();
            need_reason()?;
            StandingChange::Suspend {
                on: &day,
                reason: &reason,
            }
        }
        "revoke" => {
            day = on()?.to_string();
            need_reason()?;
            StandingChange::Revoke {
                on: &day,
                reason: &reason,
            }
        }
        "lift" => StandingChange::Lift,
        _ => {
            return Err(field(
                "action",
                "Chọn việc cần làm: đình chỉ, bỏ đình chỉ hoặc thu hồi.",
            ));
        }
    };
    let stamp = clock.stamp();
    let rec = ChangeRecord {
        decision: Some(decision.as_str()),
        actor: &actor.username,
        now: &stamp,
    };
    match store
        .change_certificate_standing(&actor.province_code, certificate_id, change, rec)
        .await?
    {
        Ok(()) => Ok(()),
        Err(StandingRefusal::NotFound) => Err(RecordError::NotFound("giấy chứng nhận")),
        Err(StandingRefusal::AlreadyRevoked) => Err(field(
            "action",
            "Giấy chứng nhận đã bị thu hồi; không thay đổi được nữa.",
        )),
        Err(StandingRefusal::NotSuspended) => Err(field(
            "action",
            "Giấy chứng nhận không bị đình chỉ nên không có gì để bỏ.",
        )),
    }
}
