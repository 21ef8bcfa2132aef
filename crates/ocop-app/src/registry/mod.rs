//! Registering producers and products: the form is parsed by the domain, then
//! checked against reference data (the commune must be one of the province's
//! 2025 communes) before anything is written.

use crate::{Clock, Province};
use ocop_domain::form::{English as _, FieldErrors};
use ocop_domain::{ProducerForm, UnitCode, UnitLevel, UnitScheme};
use ocop_store::registry::Created;
use ocop_store::{Store, StoreError};
use thiserror::Error;

mod correction;
pub use correction::{registration_review, update_registration};

mod application;
mod products;

pub use application::*;
pub use products::*;

#[derive(Debug, Error)]
pub enum RegisterError {
    /// The form's problems, each tied to its field.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// Over the sender's or the province's budget of applications.
    #[error("Đã nhận quá nhiều đơn đăng ký từ nơi gửi này; xin thử lại sau một giờ.")]
    TooMany,
    /// No producer of the province has this slug.
    #[error("không có chủ thể này")]
    UnknownProducer,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn province_code(province: &Province) -> Result<UnitCode, RegisterError> {
    UnitCode::parse(UnitLevel::Province, &province.code).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.add("province", e.to_string());
        RegisterError::Invalid(errors)
    })
}

/// Checks that `code` is a 2025 commune of the province.
async fn commune_in_province(
    store: &Store,
    code: &UnitCode,
    province: &Province,
) -> Result<bool, StoreError> {
    Ok(store
        .admin_unit(UnitScheme::Y2025, code.as_str())
        .await?
        .is_some_and(|u| u.level == "commune" && u.province_code == province.code))
}

pub async fn register_producer(
    store: &Store,
    clock: &dyn Clock,
    province: &Province,
    form: &ProducerForm,
    actor: &str,
) -> Result<Created, RegisterError> {
    let producer = parsed(store, province, form).await?;
    Ok(store
        .create_producer(&producer, actor, &clock.stamp())
        .await?)
}

/// Checks the form whole, and that its commune is one of the province's.
async fn parsed(
    store: &Store,
    province: &Province,
    form: &ProducerForm,
) -> Result<ocop_domain::Producer, RegisterError> {
    let producer = form
        .parse(&province_code(province)?)
        .map_err(RegisterError::Invalid)?;
    if let Some(c) = &producer.commune_code
        && !commune_in_province(store, c, province).await?
    {
        let mut errors = FieldErrors::default();
        errors.add_both(
            "commune_code",
            format!("Mã xã {c} không phải một xã, phường của tỉnh theo danh mục từ 01/7/2025."),
            format!("{c} is not a commune of the province in the list in force since 1 July 2025."),
        );
        return Err(RegisterError::Invalid(errors));
    }
    Ok(producer)
}
