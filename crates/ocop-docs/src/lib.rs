//! Documents: spreadsheets and PDFs built from domain data.

pub mod csv_out;
pub mod docx;
pub mod lists;
pub mod package;
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
    #[error("không ghi được tệp CSV: {0}")]
    Csv(String),
    #[error("không tạo được tệp nén: {0}")]
    Zip(String),
    #[error("không tạo được tệp Word: {0}")]
    Docx(String),
}

/// A QR code as an inline SVG (dark cells as one path), for pages that show
/// a code to copy or print without an image request.
pub fn qr_svg(data: &str) -> Result<String, DocsError> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|_| DocsError::Qr)?;
    let n = code.width();
    let mut path = String::new();
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % n + 4, i / n + 4));
        }
    }
    let size = n + 8;
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"180\" height=\"180\" role=\"img\" aria-label=\"Mã QR\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}
