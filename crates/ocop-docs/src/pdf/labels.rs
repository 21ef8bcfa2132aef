//! Tem nhãn — sheets of QR labels for a batch on A4 label paper: the QR
//! (GS1 Digital Link or the portal's short code), the product, lot, expiry,
//! OCOP stars and producer, in the label size the printer's paper has.

use super::page::{Fonts, qr, star, text, wrap};
use crate::DocsError;
use krilla::Document;
use krilla::page::PageSettings;

/// Common A4 label papers (width × height in mm): (code, mm, mm, label).
pub const LABEL_SIZES: [(&str, f32, f32, &str); 4] = [
    ("38x21", 38.1, 21.2, "38,1 × 21,2 mm (65 tem/tờ)"),
    ("48x25", 48.5, 25.4, "48,5 × 25,4 mm (44 tem/tờ)"),
    ("64x34", 63.5, 33.9, "63,5 × 33,9 mm (24 tem/tờ)"),
    ("99x57", 99.1, 57.0, "99,1 × 57 mm (10 tem/tờ)"),
];

/// At most this many labels in one file (about 31 sheets of the smallest).
pub const MAX_LABELS: usize = 2_000;

/// What every label of the sheet says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelDoc {
    pub qr_address: String,
    pub product: String,
    pub producer: String,
    pub lot: String,
    /// `dd/mm/yyyy`, when the batch has one.
    pub expiry: Option<String>,
    /// Stars of a valid certificate; `None` prints no star.
    pub stars: Option<u8>,
    /// One of [`LABEL_SIZES`]' codes.
    pub size: String,
    pub count: usize,
}

const MM: f32 = 72.0 / 25.4;
const A4: (f32, f32) = (210.0 * MM, 297.0 * MM);

/// The grid a label size fits on A4: (columns, rows, left, top) in points.
fn grid(w: f32, h: f32) -> (usize, usize, f32, f32) {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let cols = ((A4.0 - 8.0 * MM) / w).floor().max(1.0) as usize;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rows = ((A4.1 - 10.0 * MM) / h).floor().max(1.0) as usize;
    #[allow(clippy::cast_precision_loss)]
    let (left, top) = (
        (A4.0 - cols as f32 * w) / 2.0,
        (A4.1 - rows as f32 * h) / 2.0,
    );
    (cols, rows, left, top)
}

pub fn labels_pdf(d: &LabelDoc) -> Result<Vec<u8>, DocsError> {
    let (_, wmm, hmm, _) = LABEL_SIZES
        .iter()
        .find(|(c, ..)| *c == d.size)
        .ok_or(DocsError::Layout)?;
    if d.count == 0 || d.count > MAX_LABELS {
        return Err(DocsError::Layout);
    }
    let (w, h) = (wmm * MM, hmm * MM);
    let (cols, rows, left, top) = grid(w, h);
    let f = Fonts::load()?;
    let mut doc = Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("Tem truy xuất lô {} — {}", d.lot, d.product))
            .language("vi".to_owned()),
    );
    let per_page = cols * rows;
    let pad = 1.5 * MM;
    let side = h - 2.0 * pad;
    let size = (h / 7.5).clamp(5.0, 10.0);
    let text_x = pad + side + pad;
    let text_w = w - text_x - pad;
    let mut lines = wrap(&f.bold, size, text_w, &d.product);
    lines.truncate(2);
    let mut remaining = d.count;
    while remaining > 0 {
        let settings = PageSettings::from_wh(A4.0, A4.1).ok_or(DocsError::Layout)?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for i in 0..per_page.min(remaining) {
            #[allow(clippy::cast_precision_loss)]
            let (x, y) = (left + (i % cols) as f32 * w, top + (i / cols) as f32 * h);
            qr(&mut s, &d.qr_address, x + pad, y + pad, side)?;
            let mut ty = y + pad + size;
            for l in &lines {
                text(&mut s, &f.bold, size, x + text_x, ty, l);
                ty += size * 1.15;
            }
            text(
                &mut s,
                &f.regular,
                size,
                x + text_x,
                ty,
                &format!("Lô: {}", d.lot),
            );
            ty += size * 1.15;
            if let Some(e) = &d.expiry {
                text(
                    &mut s,
                    &f.regular,
                    size,
                    x + text_x,
                    ty,
                    &format!("HSD: {e}"),
                );
                ty += size * 1.15;
            }
            if let Some(n) = d.stars {
                text(&mut s, &f.bold, size, x + text_x, ty, "OCOP");
                let sx = x + text_x + f.bold.width("OCOP ", size);
                for k in 0..n {
                    star(
                        &mut s,
                        sx + f32::from(k) * size * 0.95 + size / 2.0,
                        ty - size * 0.35,
                        size * 0.45,
                    );
                }
                ty += size * 1.15;
            }
            if ty + size < y + h {
                let p = wrap(&f.italic, size * 0.85, text_w, &d.producer);
                if let Some(first) = p.first() {
                    text(&mut s, &f.italic, size * 0.85, x + text_x, ty, first);
                }
            }
        }
        remaining -= per_page.min(remaining);
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| DocsError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_fill_a4_like_the_papers_sold() {
        let fits: Vec<usize> = LABEL_SIZES
            .iter()
            .map(|(_, w, h, _)| {
                let (c, r, ..) = grid(w * MM, h * MM);
                c * r
            })
            .collect();
        assert_eq!(fits, [65, 44, 24, 10]);
    }

    #[test]
    fn counts_over_a_page_make_more_pages_and_bad_sizes_are_refused() {
        let d = LabelDoc {
            qr_address: "https://ocop.example/q/0123456789".into(),
            product: "Cà phê bột Đắk Đam".into(),
            producer: "HTX Đắk Đam".into(),
            lot: "L2026-11".into(),
            expiry: Some("01/11/2027".into()),
            stars: Some(4),
            size: "99x57".into(),
            count: 11,
        };
        let pdf = labels_pdf(&d).unwrap_or_default();
        assert!(pdf.starts_with(b"%PDF-"));
        // Two pages and the page tree.
        assert!(pdf.windows(10).filter(|w| w == b"/Type /Pag").count() >= 3);
        assert!(
            labels_pdf(&LabelDoc {
                size: "1x1".into(),
                ..d.clone()
            })
            .is_err()
        );
        assert!(labels_pdf(&LabelDoc { count: 0, ..d }).is_err());
    }
}
