//! The producer's document vault: keep a document once, with its validity,
//! and reuse it as evidence in any later dossier while it is still valid.

use crate::Clock;
use crate::cycle::{Actor, CycleError};
use crate::record_error::RecordError;
use crate::scope::producer_in_reach;
use ocop_domain::evidence::{DocumentKind, DocumentValidity};
use ocop_store::Store;
use ocop_store::cycle::By;

fn field(field: &'static str, message: impl Into<String>) -> RecordError {
    RecordError::field(field, message)
}

fn date(
    name: &'static str,
    label: &str,
    v: &str,
) -> Result<Option<chrono::NaiveDate>, RecordError> {
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

/// Keeps a document for a producer within the person's reach.
pub async fn add_document(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    producer_slug: &str,
    d: &DocumentInput<'_>,
) -> Result<i64, RecordError> {
    let producer = producer_in_reach(store, actor, producer_slug).await?;
    let kind = DocumentKind::parse(d.kind).ok_or_else(|| field("kind", "Chọn loại tài liệu."))?;
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
    let file = crate::cycle::checked_file(d.filename, d.bytes)
        .map_err(|e| field("file", e.to_string()))?;
    let stamp = clock.stamp();
    let doc = ocop_store::vault::NewDocument {
        producer_id: producer.id,
        kind,
        title: d.title.trim(),
        issued_on: issued,
        valid_until: until,
        filename: &file.name,
        content_type: file.content_type,
        sha256: &file.sha256,
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
    let (d, state) = crate::cycle::open_for_evidence(store, actor, dossier, criterion).await?;
    let doc = store
        .document(document)
        .await?
        .filter(|x| x.producer_id == d.producer_id)
        .ok_or(CycleError::NotInVault)?;
    if doc.validity(clock.today()) == DocumentValidity::Expired {
        let end = doc
            .valid_until
            .map(|u| u.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        return Err(CycleError::DocumentExpired {
            title: doc.title.clone(),
            until: end,
        });
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
