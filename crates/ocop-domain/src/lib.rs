//! The OCOP domain ("Chương trình mỗi xã một sản phẩm"): the types, rules and
//! calculations of the programme, with no I/O. Everything above this crate
//! (storage, services, web) speaks in these types, so an invalid tax code,
//! GTIN or decision number cannot travel past the edge where it was typed.

pub mod access;
pub mod admin_unit;
pub mod agency;
pub mod audit_words;
pub mod boundary;
pub mod certificate;
pub mod criteria;
pub mod decision;
pub mod digital_link;
pub mod dossier;
pub mod epcis;
pub mod evidence;
pub mod form;
pub mod geo;
pub mod growing_area;
pub mod gtin;
pub mod import;
pub mod market;
pub mod misuse;
pub mod monitoring;
pub mod national;
pub mod procedure;
pub mod producer;
pub mod product;
pub mod redirect;
pub mod reform_place;
pub mod round;
pub mod scan;
pub mod scope;
pub mod search;
pub mod signature;
pub mod stars;
pub mod tax_code;
pub mod text;
pub mod trace;
pub mod trace_import;
pub mod worklist;

pub use admin_unit::{UnitCode, UnitLevel, UnitScheme};
pub use agency::{Agency, ProductGroup};
pub use certificate::{CertificateStatus, CertificateValidity};
pub use decision::DecisionNumber;
pub use gtin::Gtin;
pub use producer::{
    Ethnicity, Gender, LegalForm, LegalRepresentative, Producer, ProducerForm, ProducerKind,
};
pub use round::{CouncilRule, ProcedureVersion, RecognitionLevel, RoundPlan, check_round};
pub use stars::Stars;
pub use tax_code::TaxCode;
