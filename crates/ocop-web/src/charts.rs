//! Charts as inline SVG: readable without JavaScript, printable, and with
//! their numbers in the markup (a title per bar, the figures as text), so a
//! screen reader and a search engine read what a sighted visitor sees.

/// A horizontal bar chart of (label, value), labels on the left.
pub fn bars(title: &str, data: &[(String, i64)]) -> String {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1);
    let row = 22;
    let label_w = 190;
    let bar_w = 260;
    let height = data.len() * row + 8;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {height}\" width=\"100%\">",
        ocop_domain::text::xml_escape(title),
        label_w + bar_w + 50
    );
    svg.push_str(&format!(
        "<title>{}</title>",
        ocop_domain::text::xml_escape(title)
    ));
    for (i, (label, v)) in data.iter().enumerate() {
        let y = i * row + 4;
        let w = usize::try_from(v * i64::try_from(bar_w).unwrap_or(260) / max)
            .unwrap_or(0)
            .max(1);
        let short: String = if label.chars().count() > 30 {
            label.chars().take(29).chain(std::iter::once('…')).collect()
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            "<g><title>{l}: {v}</title><text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"12\">{s}</text>\
             <rect x=\"{bx}\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"#0b5d3b\"/>\
             <text x=\"{vx}\" y=\"{ty}\" font-size=\"12\">{v}</text></g>",
            l = ocop_domain::text::xml_escape(label),
            s = ocop_domain::text::xml_escape(&short),
            tx = label_w - 6,
            ty = y + 13,
            bx = label_w,
            vx = label_w + w + 4,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale_to_the_largest() {
        let svg = bars(
            "Theo nhóm",
            &[("<script>".to_owned(), 10), ("Thực phẩm".to_owned(), 5)],
        );
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        assert!(svg.contains("width=\"260\"") && svg.contains("width=\"130\""));
        assert!(svg.contains("<title>Thực phẩm: 5</title>"));
    }
}
