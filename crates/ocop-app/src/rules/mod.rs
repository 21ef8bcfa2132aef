//! The criteria sets shipped with the platform and the manifest format an
//! administrator uses for a new version: a `manifest.json` naming each set's
//! file, group, lead agency and dates, with corrections and acknowledged
//! problems, beside the CSV files.

mod store;

pub use store::{
    Governing, RulesError, STRUCTURES, Structure, governing, import, import_structure, set,
};

use chrono::NaiveDate;
use ocop_domain::criteria::{Acknowledged, Correction, CriteriaSet, LoadError, SetMeta, parse_set};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    pub title: String,
    pub decision: String,
    pub decision_date: NaiveDate,
    pub legal_reference: String,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_until: Option<NaiveDate>,
    pub source: String,
    pub sets: Vec<ManifestSet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestSet {
    pub number: u8,
    pub file: String,
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub nhom: Option<String>,
    #[serde(default)]
    pub phan_nhom: Option<String>,
    pub lead_agency: String,
    #[serde(default)]
    pub lead_verified: bool,
    #[serde(default)]
    pub corrections: Vec<Correction>,
    #[serde(default)]
    pub acknowledged: Vec<Acknowledged>,
    #[serde(default)]
    pub known_issues: Vec<String>,
    #[serde(default)]
    pub commune_criteria: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<ocop_domain::criteria::EvidenceRule>,
}

impl Manifest {
    pub fn parse(json: &str) -> Result<Self, LoadError> {
        serde_json::from_str(json).map_err(|e| LoadError {
            file: "manifest.json".into(),
            line: u64::try_from(e.line()).unwrap_or(0),
            criterion: None,
            reason: format!("tệp mô tả không hợp lệ: {e}"),
        })
    }

    pub fn meta(&self, s: &ManifestSet) -> SetMeta {
        SetMeta {
            version: self.version.clone(),
            number: s.number,
            name: s.name.clone(),
            group: s.group.clone(),
            nhom: s.nhom.clone(),
            phan_nhom: s.phan_nhom.clone(),
            lead_agency: s.lead_agency.clone(),
            lead_verified: s.lead_verified,
            legal_reference: self.legal_reference.clone(),
            effective_from: self.effective_from,
            effective_until: self.effective_until,
            file: s.file.clone(),
            corrections: s.corrections.clone(),
            acknowledged: s.acknowledged.clone(),
            known_issues: s.known_issues.clone(),
            commune_criteria: s.commune_criteria.clone(),
            evidence: s.evidence.clone(),
        }
    }

    /// Parses every set of the manifest; `file` returns a file's text.
    pub fn load(
        &self,
        file: impl Fn(&str) -> Option<String>,
    ) -> Vec<Result<CriteriaSet, LoadError>> {
        self.sets
            .iter()
            .map(|s| {
                let text = file(&s.file).ok_or_else(|| LoadError {
                    file: s.file.clone(),
                    line: 0,
                    criterion: None,
                    reason: "tệp không có bên cạnh manifest.json".into(),
                })?;
                if ocop_domain::ProductGroup::parse_code(&s.group).is_none() {
                    return Err(LoadError {
                        file: s.file.clone(),
                        line: 0,
                        criterion: None,
                        reason: format!("nhóm sản phẩm \"{}\" không thuộc I–VI", s.group),
                    });
                }
                parse_set(&text, &self.meta(s))
            })
            .collect()
    }
}

macro_rules! shipped {
    ($($n:literal),*) => {
        /// The 26 sets of Decision 148/QĐ-TTg, embedded in the binary.
        pub const QD148_FILES: &[(&str, &str)] = &[
            $((concat!("set-", $n, ".csv"), include_str!(concat!("../../../../rules/criteria/qd148-2023/set-", $n, ".csv")))),*
        ];
    };
}

shipped!(
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "26"
);

pub const QD148_MANIFEST: &str =
    include_str!("../../../../rules/criteria/qd148-2023/manifest.json");

/// The shipped 148/2023 sets, parsed and validated.
pub fn qd148() -> Result<(Manifest, Vec<CriteriaSet>), LoadError> {
    let manifest = Manifest::parse(QD148_MANIFEST)?;
    let sets = manifest
        .load(|f| {
            QD148_FILES
                .iter()
                .find(|(name, _)| *name == f)
                .map(|(_, t)| (*t).to_owned())
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    Ok((manifest, sets))
}

#[cfg(test)]
mod tests;
