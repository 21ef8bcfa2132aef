//! Biên bản họp hội đồng — the minutes of a council session: who sat (and
//! who stood aside for a conflict), each dossier scored with the members'
//! totals, the average and the resulting star, and the signatures.

use super::page::{Fonts, centred, decree_header, rule, text, wrap};
use crate::DocsError;
use krilla::page::PageSettings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredDossier {
    pub product: String,
    pub producer: String,
    /// (member, total)
    pub totals: Vec<(String, i64)>,
    /// e.g. `73,50`.
    pub average: String,
    pub stars: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesDoc {
    pub issuer: String,
    pub place: String,
    pub round: String,
    /// (day, month, year)
    pub date: (u32, u32, i32),
    /// (full name with position when recorded, chair)
    pub members: Vec<(String, bool)>,
    pub dossiers: Vec<ScoredDossier>,
}

const W: f32 = 595.0;
const H: f32 = 842.0;
const LEFT: f32 = 60.0;

pub fn minutes_pdf(d: &MinutesDoc) -> Result<Vec<u8>, DocsError> {
    let f = Fonts::load()?;
    let mut doc =
        super::page::archival_document(format!("Biên bản họp hội đồng — {}", d.round), d.date);
    let settings = || PageSettings::from_wh(W, H).ok_or(DocsError::Layout);
    let mut page = doc.start_page_with(settings()?);
    let mut s = page.surface();
    let (day, month, year) = d.date;
    let top = decree_header(
        &mut s,
        &f,
        &format!("UBND {}", d.issuer.to_uppercase()),
        "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        None,
        &format!("{}, ngày {:02} tháng {} năm {}", d.place, day, month, year),
    );
    centred(&mut s, &f.bold, 14.0, W / 2.0, top + 20.0, "BIÊN BẢN");
    centred(
        &mut s,
        &f.bold,
        13.0,
        W / 2.0,
        top + 38.0,
        "Họp hội đồng đánh giá, phân hạng sản phẩm OCOP",
    );
    centred(&mut s, &f.italic, 12.0, W / 2.0, top + 56.0, &d.round);
    let mut y = top + 90.0;
    text(&mut s, &f.bold, 12.0, LEFT, y, "I. THÀNH PHẦN HỘI ĐỒNG");
    y += 18.0;
    for (name, chair) in &d.members {
        let role = if *chair {
            "Chủ tịch hội đồng"
        } else {
            "Thành viên"
        };
        // A name with its position can be longer than the line.
        let line = format!("- {name}: {role}");
        for (i, part) in wrap(&f.regular, 12.0, W - 2.0 * LEFT - 25.0, &line)
            .iter()
            .enumerate()
        {
            let indent = if i == 0 { 15.0 } else { 24.0 };
            text(&mut s, &f.regular, 12.0, LEFT + indent, y, part);
            y += 16.0;
        }
    }
    y += 8.0;
    text(&mut s, &f.bold, 12.0, LEFT, y, "II. KẾT QUẢ CHẤM ĐIỂM");
    y += 18.0;
    if d.dossiers.is_empty() {
        text(
            &mut s,
            &f.regular,
            12.0,
            LEFT + 15.0,
            y,
            "Không có hồ sơ nào đã chấm xong trong đợt.",
        );
        y += 16.0;
    }
    for (i, r) in d.dossiers.iter().enumerate() {
        if y > H - 140.0 {
            s.finish();
            page.finish();
            page = doc.start_page_with(settings()?);
            s = page.surface();
            y = 60.0;
        }
        for line in wrap(
            &f.bold,
            12.0,
            W - 2.0 * LEFT,
            &format!("{}. {} — {}", i + 1, r.product, r.producer),
        ) {
            text(&mut s, &f.bold, 12.0, LEFT, y, &line);
            y += 15.0;
        }
        let totals = r
            .totals
            .iter()
            .map(|(m, t)| format!("{m}: {t}"))
            .collect::<Vec<_>>()
            .join("; ");
        for line in wrap(
            &f.regular,
            11.0,
            W - 2.0 * LEFT - 15.0,
            &format!("Điểm của từng thành viên: {totals}"),
        ) {
            text(&mut s, &f.regular, 11.0, LEFT + 15.0, y, &line);
            y += 14.0;
        }
        let star = r
            .stars
            .map_or_else(|| "chưa đạt 3 sao".to_owned(), |n| format!("{n} sao"));
        text(
            &mut s,
            &f.regular,
            11.0,
            LEFT + 15.0,
            y,
            &format!("Điểm bình quân: {} — Kết quả: {star}", r.average),
        );
        y += 20.0;
    }
    if y > H - 130.0 {
        s.finish();
        page.finish();
        page = doc.start_page_with(settings()?);
        s = page.surface();
        y = 60.0;
    }
    rule(&mut s, LEFT, W - LEFT, y);
    y += 30.0;
    centred(&mut s, &f.bold, 12.0, 150.0, y, "THƯ KÝ HỘI ĐỒNG");
    centred(&mut s, &f.bold, 12.0, 420.0, y, "CHỦ TỊCH HỘI ĐỒNG");
    let chair = d
        .members
        .iter()
        .find(|(_, c)| *c)
        .map_or("", |(n, _)| n.as_str());
    centred(&mut s, &f.bold, 12.0, 420.0, y + 70.0, chair);
    s.finish();
    page.finish();
    doc.finish().map_err(|e| DocsError::Pdf(format!("{e:?}")))
}
