//! Which province a deployment serves. The name and identity are
//! configuration; the default is today's Lâm Đồng (code 68), which took in the
//! former Đắk Nông where directive 4276/UBND-NNTNMT was issued.

/// The province this deployment serves, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// The 2025 province code, e.g. `"68"`.
    pub code: String,
}

impl Default for Province {
    fn default() -> Self {
        Self { code: "68".into() }
    }
}
