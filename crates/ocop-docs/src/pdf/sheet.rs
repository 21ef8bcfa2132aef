//! Phiếu chấm — a score sheet as PDF: every criterion of a set with its
//! options and points, a box per option, blank for a council member to tick
//! by hand or filled from a submitted sheet (the chosen box filled, the
//! total and star at the end), with the member's signature line.

use super::page::{Face, Fonts, centred, rule, text, wrap};
use crate::DocsError;
use krilla::Document;
use krilla::geom::{PathBuilder, Rect};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use ocop_domain::criteria::{Choice, CriteriaSet, ScoreSheet};

/// Who filled the sheet and what it came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled<'a> {
    pub sheet: &'a ScoreSheet,
    pub product: &'a str,
    pub member: &'a str,
    pub total: i64,
    pub stars: Option<u8>,
}

const W: f32 = 595.0;
const H: f32 = 842.0;
const LEFT: f32 = 50.0;
const BOTTOM: f32 = H - 60.0;

fn square(s: &mut Surface<'_>, x: f32, y: f32, filled: bool) {
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(x, y - 8.0, 8.0, 8.0) {
        pb.push_rect(r);
    }
    if let Some(inner) = Rect::from_xywh(x + 0.8, y - 7.2, 6.4, 6.4).filter(|_| !filled) {
        // A hollow box: outer square minus the inner one (even-odd).
        pb.push_rect(inner);
    }
    if let Some(p) = pb.finish() {
        s.set_fill(Some(krilla::paint::Fill {
            rule: krilla::paint::FillRule::EvenOdd,
            ..Default::default()
        }));
        s.draw_path(&p);
        s.set_fill(Some(krilla::paint::Fill::default()));
    }
}

/// Lines of `t` wrapped to `max`, drawn from `y`; returns the next y.
fn lines(s: &mut Surface<'_>, face: &Face, size: f32, x: f32, y: f32, max: f32, t: &str) -> f32 {
    let mut y = y;
    for l in wrap(face, size, max, t) {
        text(s, face, size, x, y, &l);
        y += size + 3.0;
    }
    y
}

pub fn score_sheet_pdf(
    set: &CriteriaSet,
    filled: Option<&Filled<'_>>,
) -> Result<Vec<u8>, DocsError> {
    let f = Fonts::load()?;
    let mut doc = Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!(
                "Phiếu đánh giá, phân hạng sản phẩm OCOP — {}",
                set.meta.name
            ))
            .language("vi".to_owned()),
    );
    let settings = || PageSettings::from_wh(W, H).ok_or(DocsError::Layout);
    // Lay out as a list of drawing steps grouped by criterion, starting a new
    // page whenever the next criterion would cross the bottom margin.
    let mut page = doc.start_page_with(settings()?);
    let mut s = page.surface();
    centred(
        &mut s,
        &f.bold,
        14.0,
        W / 2.0,
        50.0,
        "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
    );
    let mut y = lines(
        &mut s,
        &f.bold,
        12.0,
        LEFT,
        72.0,
        W - 2.0 * LEFT,
        &format!("Bộ {}: {}", set.meta.number, set.meta.name),
    );
    y = lines(
        &mut s,
        &f.italic,
        10.0,
        LEFT,
        y,
        W - 2.0 * LEFT,
        &set.meta.legal_reference,
    );
    y += 6.0;
    let (product, member) = filled.map_or(("", ""), |x| (x.product, x.member));
    text(
        &mut s,
        &f.regular,
        12.0,
        LEFT,
        y,
        &format!("Sản phẩm: {product}"),
    );
    y += 16.0;
    text(
        &mut s,
        &f.regular,
        12.0,
        LEFT,
        y,
        &format!("Người chấm: {member}"),
    );
    y += 10.0;
    rule(&mut s, LEFT, W - LEFT, y);
    y += 18.0;
    let chosen = |cid: &str| filled.and_then(|x| x.sheet.choices.get(cid));
    for part in &set.parts {
        if y > BOTTOM - 40.0 {
            s.finish();
            page.finish();
            page = doc.start_page_with(settings()?);
            s = page.surface();
            y = 50.0;
        }
        y = lines(
            &mut s,
            &f.bold,
            12.0,
            LEFT,
            y,
            W - 2.0 * LEFT,
            &format!("PHẦN {}: {} ({} điểm)", part.code, part.title, part.max),
        ) + 4.0;
        for section in &part.sections {
            for c in &section.criteria {
                // Height of this criterion: title lines + one line per option.
                let title_lines = wrap(
                    &f.bold,
                    10.0,
                    W - 2.0 * LEFT - 40.0,
                    &format!("{}. {}", ocop_domain::criteria::shown_id(&c.id), c.title),
                )
                .len();
                let option_lines: usize = c
                    .options
                    .iter()
                    .map(|o| wrap(&f.regular, 10.0, W - 2.0 * LEFT - 70.0, &o.text).len())
                    .sum();
                #[allow(clippy::cast_precision_loss)]
                let need = (title_lines + option_lines) as f32 * 13.0 + 10.0;
                if y + need > BOTTOM {
                    s.finish();
                    page.finish();
                    page = doc.start_page_with(settings()?);
                    s = page.surface();
                    y = 50.0;
                }
                y = lines(
                    &mut s,
                    &f.bold,
                    10.0,
                    LEFT,
                    y,
                    W - 2.0 * LEFT - 40.0,
                    &format!("{}. {}", ocop_domain::criteria::shown_id(&c.id), c.title),
                );
                text(
                    &mut s,
                    &f.regular,
                    10.0,
                    W - LEFT - 30.0,
                    y - 13.0,
                    &format!("{} đ", c.max),
                );
                for o in &c.options {
                    let tick = matches!(chosen(&c.id), Some(Choice::Option(id)) if *id == o.id);
                    square(&mut s, LEFT + 10.0, y, tick);
                    let ny = lines(
                        &mut s,
                        &f.regular,
                        10.0,
                        LEFT + 24.0,
                        y,
                        W - 2.0 * LEFT - 70.0,
                        &o.text,
                    );
                    text(
                        &mut s,
                        &f.regular,
                        10.0,
                        W - LEFT - 30.0,
                        y,
                        &o.points.to_string(),
                    );
                    y = ny;
                }
                if c.may_not_apply {
                    let na = matches!(chosen(&c.id), Some(Choice::NotApplicable));
                    square(&mut s, LEFT + 10.0, y, na);
                    text(&mut s, &f.italic, 10.0, LEFT + 24.0, y, "Không áp dụng");
                    y += 13.0;
                }
                y += 5.0;
            }
        }
    }
    if y > BOTTOM - 90.0 {
        s.finish();
        page.finish();
        page = doc.start_page_with(settings()?);
        s = page.surface();
        y = 50.0;
    }
    rule(&mut s, LEFT, W - LEFT, y);
    y += 20.0;
    match filled {
        Some(x) => {
            text(
                &mut s,
                &f.bold,
                12.0,
                LEFT,
                y,
                &format!("Tổng điểm: {}/100", x.total),
            );
            y += 16.0;
            let star = x
                .stars
                .map_or_else(|| "chưa đạt 3 sao".to_owned(), |n| format!("{n} sao"));
            text(
                &mut s,
                &f.bold,
                12.0,
                LEFT,
                y,
                &format!("Xếp hạng theo phiếu: {star}"),
            );
        }
        None => {
            text(&mut s, &f.bold, 12.0, LEFT, y, "Tổng điểm: ........../100");
            y += 16.0;
            text(
                &mut s,
                &f.bold,
                12.0,
                LEFT,
                y,
                "Xếp hạng theo phiếu: ............ sao",
            );
        }
    }
    centred(&mut s, &f.bold, 12.0, W - 150.0, y + 30.0, "NGƯỜI CHẤM");
    centred(
        &mut s,
        &f.italic,
        10.0,
        W - 150.0,
        y + 44.0,
        "(Ký, ghi rõ họ tên)",
    );
    centred(&mut s, &f.bold, 12.0, W - 150.0, y + 100.0, member);
    s.finish();
    page.finish();
    doc.finish().map_err(|e| DocsError::Pdf(format!("{e:?}")))
}
