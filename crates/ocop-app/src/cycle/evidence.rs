//! Minh chứng — the papers a dossier's claims need, and attaching them.

use super::*;

/// "3.e — Giấy chứng nhận đăng ký nhãn hiệu …" for every claim of the
/// self-assessment that needs a paper the dossier does not have; with no
/// self-assessment, at least one file of any kind.
pub async fn missing_evidence(
    store: &Store,
    d: &DossierRow,
    set: &CriteriaSet,
) -> Result<Vec<String>, CycleError> {
    let files = store.evidence_lines(d.id).await?;
    let attached: Vec<&str> = files.iter().map(|e| e.criterion_id.as_str()).collect();
    let claims = d.self_assessment.clone().unwrap_or_default();
    let mut missing: Vec<String> = set
        .missing_evidence(&claims, &attached)
        .into_iter()
        .map(|r| format!("{} — {}", r.criterion, r.proof))
        .collect();
    if missing.is_empty() && attached.is_empty() {
        missing.push("ít nhất một tệp minh chứng".to_owned());
    }
    Ok(missing)
}

/// A dossier that may take evidence for `criterion` from this actor: within
/// reach, open for editing, and the criterion in its set. Every way of adding
/// evidence (a file, a vault document) passes here.
pub(crate) async fn open_for_evidence(
    store: &Store,
    actor: &Actor,
    id: i64,
    criterion: &str,
) -> Result<(DossierRow, DossierState), CycleError> {
    let (d, state) = load(store, id).await?;
    if !crate::scope::Sight::load(store, actor)
        .await?
        .prepares_row(&d)
    {
        return Err(crate::scope::ReachError::DossierOutOfReach.into());
    }
    if !matches!(state, DossierState::Draft | DossierState::Returned) {
        return Err(CycleError::EvidenceClosed);
    }
    let set = criteria(store, &d.criteria_set).await?;
    if set.criterion(criterion).is_none() {
        return Err(CycleError::UnknownCriterion(criterion.to_owned()));
    }
    Ok((d, state))
}

/// An uploaded file that passed the byte checks, with its safe name and hash.
pub(crate) struct CheckedFile {
    pub name: String,
    pub content_type: &'static str,
    pub sha256: String,
}

/// Checks an upload from its bytes (shared by evidence and the vault).
pub(crate) fn checked_file(
    filename: &str,
    bytes: &[u8],
) -> Result<CheckedFile, ocop_domain::evidence::UploadError> {
    use sha2::Digest as _;
    let name = ocop_domain::evidence::safe_name(filename);
    let kind = ocop_domain::evidence::check(&name, bytes)?;
    let sha256 = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(CheckedFile {
        name,
        content_type: kind.content_type(),
        sha256,
    })
}

/// Attaches a file of evidence to a criterion. Checked from its bytes before
/// anything is written; a refused file leaves nothing behind.
pub async fn attach_evidence(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    id: i64,
    criterion: &str,
    filename: &str,
    bytes: &[u8],
) -> Result<i64, CycleError> {
    let (_, state) = open_for_evidence(store, actor, id, criterion).await?;
    let file = checked_file(filename, bytes)?;
    let stamp = clock.stamp();
    let e = ocop_store::cycle::NewEvidence {
        criterion_id: criterion,
        filename: &file.name,
        content_type: file.content_type,
        sha256: &file.sha256,
        data: bytes,
    };
    Ok(store
        .add_evidence(id, state.code(), &e, actor.by(&stamp))
        .await?)
}
