//! PDF documents in the layout of Decree 30/2020/NĐ-CP (national motto,
//! issuing body, number, place and date, signature block), set in Liberation
//! Serif — metric-compatible with Times New Roman, which the decree names, and
//! shipped with the crate (SIL Open Font License), so nothing is fetched and
//! every Vietnamese letter is in the font and embedded in the file.

mod certificate;
mod decision;
mod labels;
mod minutes;
mod page;
mod sheet;

pub use certificate::{CertificateDoc, certificate_pdf};
pub use decision::{AnnexRow, DecisionDoc, decision_pdf};
pub use labels::{LABEL_SIZES, LabelDoc, LabelGrid, MAX_LABELS, labels_pdf};
pub use minutes::{MinutesDoc, ScoredDossier, minutes_pdf};
pub use sheet::{Filled, score_sheet_pdf};

/// The fonts, embedded in the binary.
pub(crate) const REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSerif-Regular.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../../fonts/LiberationSerif-Bold.ttf");
pub(crate) const ITALIC: &[u8] = include_bytes!("../../fonts/LiberationSerif-Italic.ttf");
