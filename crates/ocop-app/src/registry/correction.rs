//! Phiếu đăng ký — a producer's registration facts after it registered:
//! what the dossier's registration form still needs, and corrections,
//! checked as a new registration is.

use super::{RegisterError, parsed, province_code};
use crate::{Clock, Province};
use ocop_domain::ProducerForm;
use ocop_domain::form::FieldErrors;
use ocop_store::Store;

/// What a producer's record still lacks for the dossier's registration
/// form: the form's own refusals (a cooperative without a tax code), or
/// else the facts the printed form needs (empty when complete).
pub fn registration_review(
    province: &Province,
    form: &ProducerForm,
) -> Result<Vec<&'static str>, FieldErrors> {
    let code = province_code(province).map_err(|e| match e {
        RegisterError::Invalid(f) => f,
        _ => FieldErrors::default(),
    })?;
    form.parse(&code).map(|p| {
        p.registration_gaps()
            .into_iter()
            .map(|(_, what)| what)
            .collect()
    })
}

/// Corrects a producer's registration facts (the dossier's registration
/// form), checked as a new registration is; audited. Who may is the page's
/// to decide (the producer's own account, its commune, the office).
pub async fn update_registration(
    store: &Store,
    clock: &dyn Clock,
    province: &Province,
    slug: &str,
    form: &ProducerForm,
    actor: &str,
) -> Result<(), RegisterError> {
    let producer = parsed(store, province, form).await?;
    if store
        .update_producer(&province.code, slug, &producer, actor, &clock.stamp())
        .await?
    {
        Ok(())
    } else {
        Err(RegisterError::UnknownProducer)
    }
}
