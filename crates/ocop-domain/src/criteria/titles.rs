//! Reading a criteria row's title: its mark (stars), letter, sub-title and
//! the words that say a criterion may not apply.

use crate::text::fold;

/// A title's star mark (`***`) and the title without it. The mark ends the
/// title, or is followed only by a note ("…*****\nGhi chú: …"), which is kept.
pub(super) fn split_mark(title: &str) -> (String, usize) {
    let trimmed = title.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let Some(end) = trimmed.rfind('*') else {
        return (trimmed.to_owned(), 0);
    };
    let (head, tail) = trimmed.split_at(end + 1);
    let after = tail.trim();
    if !after.is_empty() && !fold(after).starts_with("ghi chu") {
        return (trimmed.to_owned(), 0);
    }
    let stars = head.chars().rev().take_while(|c| *c == '*').count();
    let text = head.trim_end_matches('*').trim_end();
    let text = if after.is_empty() {
        text.to_owned()
    } else {
        format!("{text} ({after})")
    };
    (text, stars)
}

/// `a) Tên`, `a ) Tên`, `đ) Tên` or `a. Tên` → (`a`, `Tên`).
pub(super) fn split_letter(title: &str) -> Option<(String, String)> {
    let pos = title.find([')', '.'])?;
    let (letter, rest) = title.split_at(pos);
    let letter = letter.trim();
    let ok = !letter.is_empty()
        && letter.chars().count() <= 2
        && letter.chars().all(char::is_alphabetic);
    ok.then(|| (letter.to_owned(), rest[1..].trim().to_owned()))
}

/// A sub-criterion line ("- Tạp chất") under a lettered criterion.
pub(super) fn sub_title(title: &str) -> Option<String> {
    let t = title.trim_start();
    ["-", "–", "+"]
        .iter()
        .find_map(|d| t.strip_prefix(d))
        .map(one_line)
}

pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm)" → "SẢN PHẨM VÀ SỨC
/// MẠNH CỦA CỘNG ĐỒNG": without the part label and the points in brackets.
pub(super) fn part_title(title: &str) -> String {
    let line = one_line(title);
    let rest: String = line.chars().skip("Phần A".chars().count()).collect();
    let rest = rest.trim_start_matches([':', '.', ' ']);
    let rest = match rest.rfind('(') {
        Some(i) if fold(&rest[i..]).contains("diem") => &rest[..i],
        _ => rest,
    };
    rest.trim().to_owned()
}

pub(super) fn optional(s: &str) -> Option<String> {
    Some(one_line(s)).filter(|v| !v.is_empty())
}

pub(super) fn ascii_letter(letter: &str) -> String {
    letter.replace(['đ', 'Đ'], "dd").to_lowercase()
}

/// The text tells evaluators the criterion may not apply to every product.
pub(super) fn may_not_apply(title: &str, note: Option<&str>) -> bool {
    let f = fold(&format!("{title} {}", note.unwrap_or_default()));
    ["chi ap dung khi", "khong danh gia", "khong xem xet"]
        .iter()
        .any(|k| f.contains(k))
}
