//! Quyết định công nhận — the recognition decision with its annex of
//! products, A4 portrait in the Decree 30 layout; the annex runs over as
//! many pages as it needs, with its heading repeated.

use super::page::{Fonts, centred, rule, text, wrap};
use crate::DocsError;
use krilla::page::PageSettings;

/// One product of the annex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexRow {
    pub product: String,
    pub producer: String,
    pub stars: u8,
    pub certificate: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDoc {
    /// The issuer the decision names, as two heading lines
    /// (`ỦY BAN NHÂN DÂN` / `TỈNH LÂM ĐỒNG`).
    pub issuer_lines: [String; 2],
    pub place: String,
    /// The signer's capacity, e.g. `TM. Ủy ban nhân dân / Chủ tịch`.
    pub signer_title: String,
    pub number: String,
    pub issued: (u32, u32, i32),
    pub signer: String,
    pub rows: Vec<AnnexRow>,
}

const W: f32 = 595.0;
const H: f32 = 842.0;
const RIGHT: f32 = 400.0;

fn header(s: &mut krilla::surface::Surface<'_>, f: &Fonts, d: &DecisionDoc) {
    let (day, month, year) = d.issued;
    super::page::decree_header(
        s,
        f,
        &d.issuer_lines[0],
        &d.issuer_lines[1],
        Some(&d.number),
        &format!("{}, ngày {:02} tháng {} năm {}", d.place, day, month, year),
    );
}

/// Writes a paragraph from `y`, wrapped to the text block; returns the next line's y.
fn para(s: &mut krilla::surface::Surface<'_>, face: &super::page::Face, y: f32, t: &str) -> f32 {
    let mut y = y;
    for line in wrap(face, 13.0, W - 150.0, t) {
        text(s, face, 13.0, 85.0, y, &line);
        y += 18.0;
    }
    y
}

pub fn decision_pdf(d: &DecisionDoc) -> Result<Vec<u8>, DocsError> {
    let f = Fonts::load()?;
    let mut doc = super::page::archival_document(format!("Quyết định số {}", d.number), d.issued);
    let settings = || PageSettings::from_wh(W, H).ok_or(DocsError::Layout);
    {
        let mut page = doc.start_page_with(settings()?);
        let mut s = page.surface();
        header(&mut s, &f, d);
        centred(&mut s, &f.bold, 14.0, W / 2.0, 150.0, "QUYẾT ĐỊNH");
        centred(
            &mut s,
            &f.bold,
            13.0,
            W / 2.0,
            168.0,
            "Về việc công nhận sản phẩm đạt chuẩn OCOP",
        );
        centred(
            &mut s,
            &f.bold,
            13.0,
            W / 2.0,
            198.0,
            format!("{} {}", d.issuer_lines[0], d.issuer_lines[1]).trim(),
        );
        let mut y = 225.0;
        for basis in [
            "Căn cứ Luật Tổ chức chính quyền địa phương;",
            "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm;",
            "Theo kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh.",
        ] {
            y = para(&mut s, &f.italic, y, basis) + 4.0;
        }
        centred(&mut s, &f.bold, 14.0, W / 2.0, y + 10.0, "QUYẾT ĐỊNH:");
        y += 38.0;
        y = para(
            &mut s,
            &f.regular,
            y,
            &format!(
                "Điều 1. Công nhận {} sản phẩm đạt chuẩn OCOP (chi tiết tại Phụ lục kèm theo).",
                d.rows.len()
            ),
        ) + 4.0;
        y = para(
            &mut s,
            &f.regular,
            y,
            "Điều 2. Giấy chứng nhận sản phẩm OCOP có giá trị 36 tháng kể từ ngày ký Quyết định này. Chủ thể có sản phẩm được công nhận có trách nhiệm duy trì, nâng cao chất lượng sản phẩm theo đúng hạng sao đã được công nhận.",
        ) + 4.0;
        para(
            &mut s,
            &f.regular,
            y,
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nông nghiệp và Môi trường, Thủ trưởng các sở, ngành, Chủ tịch Ủy ban nhân dân các xã, phường có liên quan và các chủ thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        );
        text(&mut s, &f.bold, 11.0, 60.0, 640.0, "Nơi nhận:");
        for (i, r) in [
            "- Như Điều 3;",
            "- Văn phòng Điều phối NTM Trung ương;",
            "- Lưu: VT.",
        ]
        .iter()
        .enumerate()
        {
            #[allow(clippy::cast_precision_loss)]
            text(&mut s, &f.regular, 10.0, 60.0, 655.0 + i as f32 * 13.0, r);
        }
        // The signature block as Decree 30 sets it: each line of the
        // capacity ("TM. Ủy ban nhân dân / KT. Chủ tịch / Phó Chủ tịch") in
        // capitals on its own line, the name under the signature space.
        let mut y = 640.0;
        for line in d
            .signer_title
            .split('/')
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            centred(&mut s, &f.bold, 13.0, RIGHT, y, &line.to_uppercase());
            y += 16.0;
        }
        centred(&mut s, &f.bold, 13.0, RIGHT, 745.0, &d.signer);
        s.finish();
        page.finish();
    }
    // The annex: a table that runs over pages.
    let cols = [
        (40.0, "STT"),
        (75.0, "Tên sản phẩm"),
        (270.0, "Chủ thể"),
        (440.0, "Hạng"),
        (480.0, "Số GCN"),
    ];
    let mut rows = d.rows.iter().enumerate().peekable();
    let mut first = true;
    while rows.peek().is_some() || first {
        let mut page = doc.start_page_with(settings()?);
        let mut s = page.surface();
        let mut y = 60.0;
        if first {
            centred(&mut s, &f.bold, 13.0, W / 2.0, y, "PHỤ LỤC");
            centred(
                &mut s,
                &f.italic,
                12.0,
                W / 2.0,
                y + 16.0,
                &format!(
                    "Danh sách sản phẩm đạt chuẩn OCOP (kèm theo Quyết định số {})",
                    d.number
                ),
            );
            y += 40.0;
            first = false;
        }
        for (x, h) in cols {
            text(&mut s, &f.bold, 11.0, x, y, h);
        }
        rule(&mut s, 35.0, W - 35.0, y + 5.0);
        y += 20.0;
        let mut placed = 0;
        while let Some((i, r)) = rows.peek().copied() {
            let name = wrap(&f.regular, 11.0, 185.0, &r.product);
            let producer = wrap(&f.regular, 11.0, 160.0, &r.producer);
            let lines = name.len().max(producer.len()).max(1);
            #[allow(clippy::cast_precision_loss)]
            let height = lines as f32 * 14.0 + 6.0;
            // A row that does not fit goes to the next page (unless the
            // page is empty, so a page always makes progress).
            if y + height > H - 50.0 && placed > 0 {
                break;
            }
            placed += 1;
            text(&mut s, &f.regular, 11.0, 40.0, y, &(i + 1).to_string());
            for (k, l) in name.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                text(&mut s, &f.regular, 11.0, 75.0, y + k as f32 * 14.0, l);
            }
            for (k, l) in producer.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                text(&mut s, &f.regular, 11.0, 270.0, y + k as f32 * 14.0, l);
            }
            text(
                &mut s,
                &f.regular,
                11.0,
                440.0,
                y,
                &format!("{} sao", r.stars),
            );
            text(&mut s, &f.regular, 9.5, 480.0, y, &r.certificate);
            y += height;
            rows.next();
        }
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| DocsError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_annex_runs_over_pages() {
        let row = |i: usize| AnnexRow {
            product: format!("Sản phẩm thử nghiệm có tên khá dài để xuống dòng số {i}"),
            producer: "Hợp tác xã Nông nghiệp và Dịch vụ Tổng hợp".into(),
            stars: 3,
            certificate: format!("OCOP-68-2026-{i:05}"),
        };
        let pages = |n: usize| {
            let d = DecisionDoc {
                issuer_lines: ["ỦY BAN NHÂN DÂN".into(), "TỈNH LÂM ĐỒNG".into()],
                signer_title: "TM. Ủy ban nhân dân / Chủ tịch".into(),
                place: "Lâm Đồng".into(),
                number: "1/QĐ-UBND".into(),
                issued: (1, 1, 2026),
                signer: "Nguyễn Văn A".into(),
                rows: (1..=n).map(row).collect(),
            };
            let pdf = decision_pdf(&d).unwrap_or_default();
            // The page tree's /Count is the number of pages.
            let at = pdf
                .windows(7)
                .position(|w| w == b"/Count ")
                .map_or(pdf.len(), |i| i + 7);
            pdf[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .fold(0usize, |n, b| n * 10 + usize::from(b - b'0'))
        };
        let few = pages(3);
        let many = pages(120);
        assert!(few >= 2, "decision and annex: {few}");
        assert!(many > few + 2, "120 rows need more pages: {many} vs {few}");
    }
}
