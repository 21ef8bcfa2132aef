//! Charts as inline SVG: readable without JavaScript, printable, and with
//! their numbers in the markup (a title per bar, the figures as text), so a
//! screen reader and a search engine read what a sighted visitor sees. The
//! markup is a template (`templates/chart_bars.svg`), escaped by askama.

use askama::Template;

const ROW: usize = 22;
const LABEL_W: usize = 190;
const BAR_W: i64 = 260;

/// One bar, laid out.
struct Bar {
    label: String,
    /// The label cut to fit the left margin (the whole one is in the title).
    short: String,
    value: i64,
    y: usize,
    text_y: usize,
    width: usize,
    value_x: usize,
}

/// The chart's markup is a template: the template engine escapes every
/// label (an SVG is XML; askama's HTML escaping covers `<`, `>`, `&` and
/// quotes), the layout is computed here.
#[derive(Template)]
#[template(path = "chart_bars.svg", escape = "html")]
struct BarChart<'a> {
    title: &'a str,
    width: usize,
    height: usize,
    label_x: usize,
    bar_x: usize,
    bars: Vec<Bar>,
}

/// A horizontal bar chart of (label, value), labels on the left.
pub fn bars(title: &str, data: &[(String, i64)]) -> String {
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1);
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let y = i * ROW + 4;
            let width = usize::try_from(v * BAR_W / max).unwrap_or(0).max(1);
            Bar {
                label: label.clone(),
                short: if label.chars().count() > 30 {
                    label.chars().take(29).chain(std::iter::once('…')).collect()
                } else {
                    label.clone()
                },
                value: *v,
                y,
                text_y: y + 13,
                width,
                value_x: LABEL_W + width + 4,
            }
        })
        .collect();
    let chart = BarChart {
        title,
        width: LABEL_W + usize::try_from(BAR_W).unwrap_or(260) + 50,
        height: data.len() * ROW + 8,
        label_x: LABEL_W - 6,
        bar_x: LABEL_W,
        bars,
    };
    // Rendering fixed markup with escaped strings does not fail; an empty
    // chart is the harmless answer if it ever did.
    chart.render().unwrap_or_default()
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
        assert!(
            !svg.contains("<script>") && svg.contains("&#60;script&#62;"),
            "{svg}"
        );
        assert!(svg.contains("width=\"260\"") && svg.contains("width=\"130\""));
        assert!(svg.contains("<title>Thực phẩm: 5</title>"));
    }
}
