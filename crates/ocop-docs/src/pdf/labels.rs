//! Tem nhãn — sheets of QR labels for a batch on A4 label paper: the QR
//! (GS1 Digital Link or the portal's short code), the product, lot, expiry,
//! OCOP stars and producer, in the label size the printer's paper has.

use super::page::{Fonts, qr, star, text};
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

/// Where the labels of a paper sit on its A4 sheet, in points from the top
/// left: what a printer aligns and what a test checks the text against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelGrid {
    pub columns: usize,
    pub rows: usize,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

impl LabelGrid {
    /// The grid of one of [`LABEL_SIZES`]' codes.
    #[must_use]
    pub fn of(size: &str) -> Option<Self> {
        let (_, wmm, hmm, _) = LABEL_SIZES.iter().find(|(c, ..)| *c == size)?;
        let (width, height) = (wmm * MM, hmm * MM);
        let (columns, rows, left, top) = grid(width, height);
        Some(Self {
            columns,
            rows,
            left,
            top,
            width,
            height,
        })
    }
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
    let text_x = pad + side + pad;
    let text_w = w - text_x - pad;
    let layout = fit(&f, d, text_w, side, (h / 7.5).clamp(5.0, 10.0));
    let mut remaining = d.count;
    while remaining > 0 {
        let settings = PageSettings::from_wh(A4.0, A4.1).ok_or(DocsError::Layout)?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for i in 0..per_page.min(remaining) {
            #[allow(clippy::cast_precision_loss)]
            let (x, y) = (left + (i % cols) as f32 * w, top + (i / cols) as f32 * h);
            qr(&mut s, &d.qr_address, x + pad, y + pad, side)?;
            let size = layout.size;
            let mut ty = y + pad + size;
            for line in &layout.lines {
                match line {
                    Line::Text(style, t) => {
                        let (face, sz) = style.face(&f, size);
                        text(&mut s, face, sz, x + text_x, ty, t);
                    }
                    Line::Stars(n) => {
                        text(&mut s, &f.bold, size, x + text_x, ty, "OCOP");
                        let sx = x + text_x + f.bold.width("OCOP ", size);
                        for k in 0..*n {
                            star(
                                &mut s,
                                sx + f32::from(k) * size * 0.95 + size / 2.0,
                                ty - size * 0.35,
                                size * 0.45,
                            );
                        }
                    }
                }
                ty += size * LEADING;
            }
        }
        remaining -= per_page.min(remaining);
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| DocsError::Pdf(format!("{e:?}")))
}

/// Line height as a multiple of the type size.
const LEADING: f32 = 1.15;
/// Below this a label's text is not read reliably; lines are dropped or
/// shortened instead of shrinking further.
const SMALLEST: f32 = 4.5;

#[derive(Debug, Clone, Copy)]
enum Style {
    Bold,
    Regular,
    /// The producer, a little smaller.
    Italic,
}

impl Style {
    fn face(self, f: &super::page::Fonts, size: f32) -> (&super::page::Face, f32) {
        match self {
            Self::Bold => (&f.bold, size),
            Self::Regular => (&f.regular, size),
            Self::Italic => (&f.italic, size * 0.85),
        }
    }
}

#[derive(Debug, Clone)]
enum Line {
    Text(Style, String),
    /// "OCOP" and this many drawn stars.
    Stars(u8),
}

/// What one label prints, at one size, every line inside the label's text box.
#[derive(Debug, Clone)]
struct Layout {
    size: f32,
    lines: Vec<Line>,
}

impl Layout {
    fn width(&self, f: &super::page::Fonts) -> f32 {
        self.lines
            .iter()
            .map(|l| match l {
                Line::Text(style, t) => {
                    let (face, sz) = style.face(f, self.size);
                    face.width(t, sz)
                }
                Line::Stars(n) => {
                    f.bold.width("OCOP ", self.size) + f32::from(*n) * self.size * 0.95
                }
            })
            .fold(0.0, f32::max)
    }

    #[allow(clippy::cast_precision_loss)]
    fn height(&self) -> f32 {
        // The first baseline sits one size down; each further line one leading.
        self.size
            + (self.lines.len().saturating_sub(1)) as f32 * self.size * LEADING
            + self.size * 0.25
    }
}

/// The largest size at which every line fits the text box; when even the
/// smallest readable size is too large, the producer is left off, then the
/// product's second line, and what is still too wide is shortened with "…".
/// The lot, expiry and stars are always printed: they are what the label is for.
fn fit(f: &super::page::Fonts, d: &LabelDoc, width: f32, height: f32, largest: f32) -> Layout {
    let build = |size: f32, producer: bool, product_lines: usize| {
        let wrapped = super::page::wrap(&f.bold, size, width, &d.product);
        let cut = wrapped.len() > product_lines;
        let mut lines: Vec<Line> = wrapped
            .into_iter()
            .take(product_lines)
            .map(|l| Line::Text(Style::Bold, l))
            .collect();
        // A name that goes on says so.
        if cut && let Some(Line::Text(_, last)) = lines.last_mut() {
            *last = shorten(&f.bold, size, width, &format!("{last}\u{2026}"));
        }
        lines.push(Line::Text(Style::Regular, format!("Lô: {}", d.lot)));
        if let Some(e) = &d.expiry {
            lines.push(Line::Text(Style::Regular, format!("HSD: {e}")));
        }
        if let Some(n) = d.stars {
            lines.push(Line::Stars(n));
        }
        if producer {
            lines.push(Line::Text(Style::Italic, d.producer.clone()));
        }
        Layout { size, lines }
    };
    for (producer, product_lines) in [(true, 2), (false, 2), (false, 1)] {
        let mut size = largest;
        while size >= SMALLEST {
            let l = build(size, producer, product_lines);
            if l.width(f) <= width && l.height() <= height {
                return l;
            }
            size -= 0.25;
        }
    }
    let mut l = build(SMALLEST, false, 1);
    for line in &mut l.lines {
        if let Line::Text(style, t) = line {
            let (face, sz) = style.face(f, SMALLEST);
            *t = shorten(face, sz, width, t);
        }
    }
    l
}

/// `t` cut at a character boundary so that it and "…" fit `width`.
fn shorten(face: &super::page::Face, size: f32, width: f32, t: &str) -> String {
    if face.width(t, size) <= width {
        return t.to_owned();
    }
    let mut out: String = t.trim_end_matches('\u{2026}').to_owned();
    while !out.is_empty() && face.width(&format!("{out}…"), size) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
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
