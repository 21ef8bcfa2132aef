//! The producer's document vault: keep a document once, with its validity,
//! and reuse it as evidence in any later dossier while it is still valid.

use crate::Clock;
use crate::cycle::{Actor, CycleError};
use ocop_domain::access::Role;
use ocop_domain::dossier::DossierState;
use ocop_domain::evidence::{DOCUMENT_KINDS, DocumentValidity};
use ocop_store::Store;
use ocop_store::cycle::By;

fn field(field: &'static str, message: impl Into<String>) -> CycleError {
    CycleError::Field {
        field,
        message: message.into(),
    }
}

fn date(name: &'static str, label: &str, v: &str) -> Result<Option<chrono::NaiveDate>, CycleError> {
    match v.trim() {
        "" => Ok(None),
        t => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| field(name, format!("{label} không hợp lệ (ngày/tháng/năm)."))),
    }
}

/// What a document form carries.
pub struct DocumentInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub issued_on: &'a str,
    pub valid_until: &'a str,
    pub filename: &'a str,
    pub bytes: &'a [u8],
}

/// The producer behind `slug`, if the person may keep documents for it: the
/// producer itself, its commune officer, the provincial office. Checked
/// before a form body is read.
pub async fn producer_in_reach(
    store: &Store,
    actor: &Actor,
    slug: &str,
) -> Result<ocop_store::catalog::ProducerFacts, CycleError> {
    let producer = store
        .producer_facts(&actor.province_code, slug)
        .await?
        .ok_or(CycleError::NotFound("chủ thể"))?;
    let reach = match actor.role {
        Role::Admin | Role::Office => true,
        Role::Producer => actor.producer_id == Some(producer.id),
        Role::Commune => {
            actor.commune_code.is_some() && actor.commune_code == producer.commune_code_2025
        }
        _ => false,
    };
    if reach {
        Ok(producer)
    } else {
        Err(CycleError::Forbidden(
            "Chủ thể này nằm ngoài phạm vi được giao cho tài khoản.".into(),
        ))
    }
}

/// Keeps a document for a producer within the person's reach.
pub async fn add_document(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    d: &DocumentInput<'_>,
) -> Result<i64, CycleError> {
    use sha2::Digest as _;
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    if !DOCUMENT_KINDS.iter().any(|(k, _)| *k == d.kind) {
        return Err(field("kind", "Chọn loại tài liệu."));
    }
    if d.title.trim().is_empty() {
        return Err(field("title", "Ghi tên tài liệu (số hiệu, cơ quan cấp)."));
    }
    let issued = date("issued_on", "Ngày cấp", d.issued_on)?;
    let until = date("valid_until", "Ngày hết hạn", d.valid_until)?;
    if let (Some(i), Some(u)) = (issued, until)
        && u < i
    {
        return Err(field("valid_until", "Ngày hết hạn phải sau ngày cấp."));
    }
    let name = ocop_domain::evidence::safe_name(d.filename);
    let kind =
        ocop_domain::evidence::check(&name, d.bytes).map_err(|e| field("file", e.to_string()))?;
    let sha: String = sha2::Sha256::digest(d.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let stamp = clock.stamp();
    let (issued_s, until_s) = (issued.map(|x| x.to_string()), until.map(|x| x.to_string()));
    let doc = ocop_store::vault::NewDocument {
        producer_id: producer.id,
        kind: d.kind,
        title: d.title.trim(),
        issued_on: issued_s.as_deref(),
        valid_until: until_s.as_deref(),
        filename: &name,
        content_type: kind.content_type(),
        sha256: &sha,
        data: d.bytes,
    };
    Ok(store
        .add_document(
            &doc,
            By {
                actor: &actor.username,
                at: &stamp,
            },
        )
        .await?)
}

/// Uses a kept document as evidence for a criterion of a dossier. The
/// document must be the dossier's producer's and still valid today.
pub async fn attach_from_vault(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    dossier: i64,
    document: i64,
    criterion: &str,
) -> Result<i64, CycleError> {
    let d = store
        .dossier(dossier)
        .await?
        .ok_or(CycleError::NotFound("hồ sơ"))?;
    let state =
        DossierState::parse(&d.state).ok_or_else(|| CycleError::Invalid(d.state.clone()))?;
    let reach = actor.province_code == d.province_code
        && match actor.role {
            Role::Admin | Role::Office => true,
            Role::Producer => actor.producer_id == Some(d.producer_id),
            Role::Commune => {
                actor.commune_code.is_some() && actor.commune_code == d.commune_code_2025
            }
            _ => false,
        };
    if !reach {
        return Err(CycleError::Forbidden(
            "Hồ sơ này nằm ngoài phạm vi được giao cho tài khoản.".into(),
        ));
    }
    if !matches!(state, DossierState::Draft | DossierState::Returned) {
        return Err(CycleError::Invalid(
            "Chỉ đính kèm minh chứng khi hồ sơ «Đang soạn» hoặc «Trả lại để bổ sung».".into(),
        ));
    }
    let doc = store
        .document(document)
        .await?
        .filter(|x| x.producer_id == d.producer_id)
        .ok_or_else(|| CycleError::Invalid("Chọn một tài liệu trong kho của chủ thể.".into()))?;
    let until = doc
        .valid_until
        .as_deref()
        .and_then(|u| chrono::NaiveDate::parse_from_str(u, "%Y-%m-%d").ok());
    if DocumentValidity::on(until, clock.today()) == DocumentValidity::Expired {
        let end = until
            .map(|u| u.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        return Err(CycleError::Invalid(format!(
            "Tài liệu «{}» đã hết hạn ngày {end}; hãy cập nhật bản còn hạn vào kho.",
            doc.title
        )));
    }
    let set = crate::rules::set(store, &d.criteria_set)
        .await?
        .ok_or(CycleError::NotFound("bộ tiêu chí"))?
        .0;
    if set.criterion(criterion).is_none() {
        return Err(CycleError::Invalid(format!(
            "Bộ tiêu chí không có tiêu chí «{criterion}»."
        )));
    }
    let stamp = clock.stamp();
    Ok(store
        .evidence_from_document(
            dossier,
            state.code(),
            document,
            criterion,
            By {
                actor: &actor.username,
                at: &stamp,
            },
        )
        .await?)
}
