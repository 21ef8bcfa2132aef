//! Giấy chứng nhận sản phẩm OCOP — the certificate, A4 landscape, with the
//! national motto, the issuing body, its number, the product and its stars,
//! the decision it rests on, validity, place and date, signature block, and a
//! QR code to the public star check.

use super::page::{Fonts, centred, qr, rule, star, text, wrap};
use crate::DocsError;
use krilla::page::PageSettings;

/// What the certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateDoc {
    /// The issuer as its decision names it, in two heading lines:
    /// `ỦY BAN NHÂN DÂN` / `TỈNH LÂM ĐỒNG`, or `BỘ NÔNG NGHIỆP` / `VÀ MÔI TRƯỜNG`.
    pub issuer_lines: [String; 2],
    /// The issuer's place for the place line: `Lâm Đồng`, `Tánh Linh`.
    pub place: String,
    pub number: String,
    pub product: String,
    pub producer: String,
    pub producer_address: Option<String>,
    pub stars: u8,
    pub decision_number: String,
    /// `dd/mm/yyyy`.
    pub decision_date: String,
    /// (day, month, year) of issue, for the place and date line.
    pub issued: (u32, u32, i32),
    /// `dd/mm/yyyy`.
    pub valid_until: String,
    /// `CHỦ TỊCH`, `KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`…
    pub signer_title: String,
    pub signer_name: String,
    /// Where the QR code leads: the public star check for this number.
    pub verify_url: String,
}

const W: f32 = 842.0;
const H: f32 = 595.0;

pub fn certificate_pdf(d: &CertificateDoc) -> Result<Vec<u8>, DocsError> {
    let f = Fonts::load()?;
    let mut doc = super::page::archival_document(
        format!("Giấy chứng nhận sản phẩm OCOP số {}", d.number),
        d.issued,
    );
    let settings = PageSettings::from_wh(W, H).ok_or(DocsError::Layout)?;
    let mut page = doc.start_page_with(settings);
    let mut s = page.surface();
    // Header: issuing body on the left, national motto on the right (Decree 30).
    let left = 190.0;
    let right = 560.0;
    centred(&mut s, &f.regular, 13.0, left, 60.0, &d.issuer_lines[0]);
    centred(&mut s, &f.bold, 13.0, left, 77.0, &d.issuer_lines[1]);
    rule(&mut s, left - 40.0, left + 40.0, 83.0);
    centred(
        &mut s,
        &f.bold,
        13.0,
        right,
        60.0,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    centred(
        &mut s,
        &f.bold,
        14.0,
        right,
        77.0,
        "Độc lập - Tự do - Hạnh phúc",
    );
    let motto = f.bold.width("Độc lập - Tự do - Hạnh phúc", 14.0);
    rule(&mut s, right - motto / 2.0, right + motto / 2.0, 83.0);
    centred(
        &mut s,
        &f.regular,
        13.0,
        left,
        100.0,
        &format!("Số: {}", d.number),
    );
    // Title and product.
    centred(&mut s, &f.bold, 24.0, W / 2.0, 150.0, "GIẤY CHỨNG NHẬN");
    centred(
        &mut s,
        &f.bold,
        16.0,
        W / 2.0,
        172.0,
        "SẢN PHẨM ĐẠT CHUẨN OCOP",
    );
    let mut y = 210.0;
    for line in wrap(&f.bold, 20.0, 640.0, &d.product) {
        centred(&mut s, &f.bold, 20.0, W / 2.0, y, &line);
        y += 24.0;
    }
    // The stars, drawn (no font carries a reliable star glyph).
    let n = f32::from(d.stars);
    let gap = 34.0;
    for i in 0..d.stars {
        star(
            &mut s,
            W / 2.0 - (n - 1.0) * gap / 2.0 + f32::from(i) * gap,
            y + 8.0,
            14.0,
        );
    }
    y += 40.0;
    centred(
        &mut s,
        &f.bold,
        15.0,
        W / 2.0,
        y,
        &format!("Hạng: {} sao", d.stars),
    );
    y += 26.0;
    centred(
        &mut s,
        &f.regular,
        14.0,
        W / 2.0,
        y,
        &format!("Chủ thể: {}", d.producer),
    );
    if let Some(a) = &d.producer_address {
        y += 20.0;
        for line in wrap(&f.regular, 13.0, 600.0, &format!("Địa chỉ: {a}")) {
            centred(&mut s, &f.regular, 13.0, W / 2.0, y, &line);
            y += 17.0;
        }
        y -= 17.0;
    }
    y += 22.0;
    centred(
        &mut s,
        &f.italic,
        13.0,
        W / 2.0,
        y,
        &format!(
            "Được công nhận theo Quyết định số {} ngày {}",
            d.decision_number, d.decision_date
        ),
    );
    y += 20.0;
    centred(
        &mut s,
        &f.regular,
        13.0,
        W / 2.0,
        y,
        &format!("Giấy chứng nhận có giá trị đến ngày {}", d.valid_until),
    );
    // Place and date, signature block (right); QR and its caption (left).
    let (day, month, year) = d.issued;
    centred(
        &mut s,
        &f.italic,
        13.0,
        right,
        470.0,
        &format!("{}, ngày {:02} tháng {} năm {}", d.place, day, month, year),
    );
    let mut sy = 490.0;
    for line in d.signer_title.split('/').map(str::trim) {
        centred(&mut s, &f.bold, 13.0, right, sy, &line.to_uppercase());
        sy += 17.0;
    }
    centred(&mut s, &f.bold, 13.0, right, 575.0, &d.signer_name);
    qr(&mut s, &d.verify_url, 60.0, 455.0, 90.0)?;
    text(&mut s, &f.italic, 9.0, 158.0, 500.0, "Quét mã để kiểm tra");
    text(
        &mut s,
        &f.italic,
        9.0,
        158.0,
        512.0,
        "tình trạng giấy chứng nhận",
    );
    s.finish();
    page.finish();
    doc.finish().map_err(|e| DocsError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_a_one_page_pdf_with_its_fonts_embedded() {
        let d = CertificateDoc {
            issuer_lines: ["ỦY BAN NHÂN DÂN".into(), "TỈNH LÂM ĐỒNG".into()],
            place: "Lâm Đồng".into(),
            number: "OCOP-68-2026-00001".into(),
            product: "Mắm nêm Seagull".into(),
            producer: "Công ty TNHH Seagull".into(),
            producer_address: None,
            stars: 3,
            decision_number: "3981/QĐ-UBND".into(),
            decision_date: "05/08/2026".into(),
            issued: (5, 8, 2026),
            valid_until: "05/08/2029".into(),
            signer_title: "KT. Chủ tịch / Phó Chủ tịch".into(),
            signer_name: "Nguyễn Văn A".into(),
            verify_url: "https://ocop.example/kiem-tra-sao?q=OCOP-68-2026-00001".into(),
        };
        let pdf = certificate_pdf(&d).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.windows(9).any(|w| w == b"/FontFile"), "fonts embedded");
    }
}
