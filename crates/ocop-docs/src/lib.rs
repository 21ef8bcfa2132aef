//! Documents: spreadsheets and PDFs built from domain data.

pub mod docx;
pub mod lists;
pub mod pdf;
mod score_sheet;
pub mod tables;

pub use score_sheet::blank_score_sheet_xlsx;

#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("không tạo được tệp Excel: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("không đọc được phông chữ kèm theo")]
    Font,
    #[error("không tạo được mã QR")]
    Qr,
    #[error("khổ giấy không hợp lệ")]
    Layout,
    #[error("không tạo được tệp PDF: {0}")]
    Pdf(String),
    #[error("{0}")]
    Read(String),
    #[error("không tạo được tệp Word: {0}")]
    Docx(String),
}
