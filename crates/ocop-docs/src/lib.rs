//! Documents: spreadsheets (and, later, PDFs) built from domain data.

mod score_sheet;

pub use score_sheet::blank_score_sheet_xlsx;

#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("không tạo được tệp Excel: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}
