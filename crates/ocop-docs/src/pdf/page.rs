//! Placing text and shapes on a page: measured, centred, wrapped.

use crate::DocsError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// One face: what krilla embeds, and what measures its glyphs.
pub(crate) struct Face {
    pub font: Font,
    data: &'static [u8],
}

impl Face {
    pub fn load(data: &'static [u8]) -> Result<Self, DocsError> {
        let font = Font::new(data.to_vec().into(), 0).ok_or(DocsError::Font)?;
        ttf_parser::Face::parse(data, 0).map_err(|_| DocsError::Font)?;
        Ok(Self { font, data })
    }

    /// The advance width of `text` at `size` points (Vietnamese letters in
    /// NFC are single glyphs in this font).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = ttf_parser::Face::parse(self.data, 0) else {
            return 0.0;
        };
        let units = f32::from(face.units_per_em());
        text.chars()
            .filter_map(|c| face.glyph_index(c))
            .filter_map(|g| face.glyph_hor_advance(g))
            .map(|a| f32::from(a) * size / units)
            .sum()
    }
}

pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
    pub italic: Face,
}

impl Fonts {
    pub fn load() -> Result<Self, DocsError> {
        Ok(Self {
            regular: Face::load(super::REGULAR)?,
            bold: Face::load(super::BOLD)?,
            italic: Face::load(super::ITALIC)?,
        })
    }
}

/// A document kept for years (a certificate, a decision, the minutes):
/// written as PDF/A-2u, which krilla checks as it writes (every font
/// embedded, every glyph mapped to its Unicode text, XMP metadata, an
/// output intent) and refuses to finish otherwise.
///
/// PDF/A asks for the document's date: the date the document itself bears
/// (day, month, year), so the same record always makes the same file.
pub(crate) fn archival_document(
    title: String,
    (day, month, year): (u32, u32, i32),
) -> krilla::Document {
    let mut doc = krilla::Document::new_with(krilla::SerializeSettings {
        configuration: krilla::configure::Configuration::new_with_validator(
            krilla::configure::Validator::A2_U,
        ),
        ..krilla::SerializeSettings::default()
    });
    let date = krilla::metadata::DateTime::new(u16::try_from(year).unwrap_or(2000))
        .month(u8::try_from(month).unwrap_or(1))
        .day(u8::try_from(day).unwrap_or(1));
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title)
            .language("vi".to_owned())
            .creation_date(date),
    );
    doc
}

/// Draws text with its baseline at `y`, left edge at `x`.
pub(crate) fn text(s: &mut Surface<'_>, face: &Face, size: f32, x: f32, y: f32, t: &str) {
    s.draw_text(
        Point::from_xy(x, y),
        face.font.clone(),
        size,
        t,
        false,
        TextDirection::Auto,
    );
}

/// Draws text centred on `cx`.
pub(crate) fn centred(s: &mut Surface<'_>, face: &Face, size: f32, cx: f32, y: f32, t: &str) {
    let w = face.width(t, size);
    text(s, face, size, cx - w / 2.0, y, t);
}

/// Breaks `t` into lines no wider than `max` points, at spaces.
pub(crate) fn wrap(face: &Face, size: f32, max: f32, t: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in t.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if face.width(&candidate, size) > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A horizontal rule from `x1` to `x2`.
pub(crate) fn rule(s: &mut Surface<'_>, x1: f32, x2: f32, y: f32) {
    if let Some(r) = Rect::from_xywh(x1, y, x2 - x1, 0.6) {
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        if let Some(p) = pb.finish() {
            s.draw_path(&p);
        }
    }
}

/// A five-pointed star of outer radius `r` centred on (`cx`, `cy`).
pub(crate) fn star(s: &mut Surface<'_>, cx: f32, cy: f32, r: f32) {
    let mut pb = PathBuilder::new();
    for i in 0..10 {
        let radius = if i % 2 == 0 { r } else { r * 0.382 };
        #[allow(clippy::cast_precision_loss)]
        let angle = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
        let (x, y) = (cx + radius * angle.cos(), cy + radius * angle.sin());
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb.close();
    if let Some(p) = pb.finish() {
        s.draw_path(&p);
    }
}

/// A QR code of `data`, `size` points wide, top-left at (`x`, `y`).
pub(crate) fn qr(
    s: &mut Surface<'_>,
    data: &str,
    x: f32,
    y: f32,
    size: f32,
) -> Result<(), DocsError> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|_| DocsError::Qr)?;
    let n = code.width();
    #[allow(clippy::cast_precision_loss)]
    let cell = size / n as f32;
    let mut pb = PathBuilder::new();
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            #[allow(clippy::cast_precision_loss)]
            let (cx, cy) = ((i % n) as f32, (i / n) as f32);
            if let Some(r) = Rect::from_xywh(x + cx * cell, y + cy * cell, cell, cell) {
                pb.push_rect(r);
            }
        }
    }
    if let Some(p) = pb.finish() {
        s.draw_path(&p);
    }
    Ok(())
}

/// The heading block of Decree 30/2020/NĐ-CP on an A4 page, two columns that
/// never meet: on the left the parent body (regular) and the issuing body
/// (bold, wrapped to its column) with a short rule under it, then the
/// document's number when it has one; on the right the national motto with
/// its rule, then the place and date (italic). Returns the y below it.
pub(crate) fn decree_header(
    s: &mut Surface<'_>,
    f: &Fonts,
    parent: &str,
    body: &str,
    number: Option<&str>,
    place_date: &str,
) -> f32 {
    // Column centres and widths on a 595 pt page with 30 mm / 15 mm margins.
    const LEFT_CENTRE: f32 = 160.0;
    const LEFT_WIDTH: f32 = 200.0;
    const RIGHT_CENTRE: f32 = 420.0;
    let mut y = 60.0;
    if !parent.is_empty() {
        for line in wrap(&f.regular, 12.0, LEFT_WIDTH, parent) {
            centred(s, &f.regular, 12.0, LEFT_CENTRE, y, &line);
            y += 15.0;
        }
    }
    for line in wrap(&f.bold, 12.0, LEFT_WIDTH, body) {
        centred(s, &f.bold, 12.0, LEFT_CENTRE, y, &line);
        y += 15.0;
    }
    rule(s, LEFT_CENTRE - 30.0, LEFT_CENTRE + 30.0, y - 10.0);
    // The number and the place and date share one line, under both columns.
    let line_y = (y + 12.0).max(100.0);
    if let Some(n) = number {
        centred(
            s,
            &f.regular,
            13.0,
            LEFT_CENTRE,
            line_y,
            &format!("Số: {n}"),
        );
    }
    centred(
        s,
        &f.bold,
        12.0,
        RIGHT_CENTRE,
        60.0,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    let motto = "Độc lập - Tự do - Hạnh phúc";
    centred(s, &f.bold, 13.0, RIGHT_CENTRE, 75.0, motto);
    let m = f.bold.width(motto, 13.0);
    rule(s, RIGHT_CENTRE - m / 2.0, RIGHT_CENTRE + m / 2.0, 80.0);
    centred(s, &f.italic, 13.0, RIGHT_CENTRE, line_y, place_date);
    line_y + 20.0
}
