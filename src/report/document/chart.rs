//! A small SVG chart writer for the document: horizontal bars (per desk, topic, landlord),
//! columns (the week trend) and progress bars with an even-pace mark (targets). Each chart is
//! maud markup, so every label is escaped, and it scales with the page (a `viewBox`, no fixed
//! pixel size). Written here rather than with plotters: three simple chart shapes, text that
//! stays selectable text in the PDF, and no font or raster dependencies.

use maud::{Markup, html};

/// The drawing width in SVG units; charts scale to the column width.
const WIDTH: f64 = 640.0;
/// Where the bars of a bar chart start (the labels stand left of it).
const LABEL_W: f64 = 210.0;
/// Room right of the longest bar for its value.
const VALUE_W: f64 = 70.0;
const ROW_H: f64 = 17.0;
const BAR_H: f64 = 12.0;
/// Labels longer than this are cut with an ellipsis in a chart (the table shows them whole).
const LABEL_CHARS: usize = 29;

/// One bar: a label, the value it is drawn to, and that value as the document writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub text: String,
    /// Drawn lighter: a week only partly inside the period.
    pub partial: bool,
}

/// One target: how far it is, and where an even pace puts it by now.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub label: String,
    pub actual: u64,
    pub target: u64,
    pub pace: u64,
    /// What stands right of the bar, e.g. `412 / 1.100`.
    pub text: String,
}

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
}

/// A round number at or above `v` (1, 2 or 5 times a power of ten) for a chart's scale.
pub fn nice_max(v: u64) -> u64 {
    if v <= 1 {
        return 1;
    }
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= v {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// A chart's scale for values up to `v`: a round step (1, 2 or 5 times a power of ten) that
/// gives at most five steps, and the top of the scale (a whole number of steps).
pub fn scale(v: u64) -> (u64, u64) {
    let step = nice_max(v.div_ceil(5));
    (step, v.div_ceil(step).max(1) * step)
}

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

/// Horizontal bars, one per item, longest = the largest value.
pub fn bars(title: &str, items: &[Bar]) -> Markup {
    let max = items.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let span = WIDTH - LABEL_W - VALUE_W;
    let height = ROW_H * items.len() as f64 + 4.0;
    html! {
        svg class="chart bars" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {}", fmt(height))) aria-label=(title) {
            title { (title) }
            @for (i, b) in items.iter().enumerate() {
                @let y = ROW_H * i as f64 + 2.0;
                @let w = span * b.value as f64 / max;
                g {
                    text class="label" x=(fmt(LABEL_W - 6.0)) y=(fmt(y + BAR_H - 2.0))
                        text-anchor="end" { (short(&b.label)) }
                    rect class="bar" x=(fmt(LABEL_W)) y=(fmt(y)) width=(fmt(w))
                        height=(fmt(BAR_H)) data-value=(b.value) {
                        title { (b.label) ": " (b.text) }
                    }
                    text class="value" x=(fmt(LABEL_W + w + 5.0)) y=(fmt(y + BAR_H - 2.0)) { (b.text) }
                }
            }
        }
    }
}

/// Columns over time (weeks), with a scale on the left; `ticks` writes a scale value, and
/// a column's label is shown under every `every`-th column so they never overlap.
pub fn columns(title: &str, items: &[Bar], ticks: impl Fn(u64) -> String) -> Markup {
    let (left, right, top, bottom) = (44.0, 8.0, 10.0, 26.0);
    let height = 220.0;
    let plot_h = height - top - bottom;
    let plot_w = WIDTH - left - right;
    let (step, max) = scale(items.iter().map(|b| b.value).max().unwrap_or(0));
    let n = items.len().max(1) as f64;
    let slot = plot_w / n;
    let col_w = (slot * 0.7).max(1.0);
    // At most about 18 labels under the axis.
    let every = items.len().div_ceil(18).max(1);
    let scale: Vec<u64> = (0..=max / step).map(|k| k * step).collect();
    html! {
        svg class="chart columns" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {height}")) aria-label=(title) {
            title { (title) }
            @for v in &scale {
                @let y = top + plot_h - plot_h * *v as f64 / max as f64;
                line class="grid" x1=(fmt(left)) x2=(fmt(WIDTH - right)) y1=(fmt(y)) y2=(fmt(y)) {}
                text class="tick" x=(fmt(left - 5.0)) y=(fmt(y + 4.0)) text-anchor="end" { (ticks(*v)) }
            }
            @for (i, b) in items.iter().enumerate() {
                @let h = plot_h * b.value as f64 / max as f64;
                @let x = left + slot * i as f64 + (slot - col_w) / 2.0;
                rect class=(if b.partial { "bar partial" } else { "bar" }) x=(fmt(x))
                    y=(fmt(top + plot_h - h)) width=(fmt(col_w))
                    height=(fmt(h)) data-value=(b.value) {
                    title { (b.label) ": " (b.text) }
                }
                @if i.is_multiple_of(every) {
                    text class="tick" x=(fmt(x + col_w / 2.0)) y=(fmt(height - bottom + 14.0))
                        text-anchor="middle" { (b.label) }
                }
            }
        }
    }
}

/// One bar per target: the full width is the target, the filled part the count so far
/// (capped at the target), a mark where an even pace through the year puts it by now.
pub fn progress(title: &str, items: &[Progress], pace_label: &str) -> Markup {
    let row = 40.0;
    let (left, bar_w) = (4.0, WIDTH - 4.0 - 120.0);
    let height = row * items.len() as f64 + 6.0;
    html! {
        svg class="chart progress" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {WIDTH} {}", fmt(height))) aria-label=(title) {
            title { (title) }
            @for (i, p) in items.iter().enumerate() {
                @let y = row * i as f64 + 16.0;
                @let target = p.target.max(1) as f64;
                @let done = bar_w * (p.actual as f64 / target).min(1.0);
                @let pace = left + bar_w * (p.pace as f64 / target).min(1.0);
                g {
                    text class="label" x=(fmt(left)) y=(fmt(y - 4.0)) { (short(&p.label)) }
                    rect class="track" x=(fmt(left)) y=(fmt(y)) width=(fmt(bar_w)) height=(fmt(BAR_H)) {}
                    rect class=(if p.actual >= p.pace { "bar ahead" } else { "bar behind" })
                        x=(fmt(left)) y=(fmt(y)) width=(fmt(done)) height=(fmt(BAR_H))
                        data-value=(p.actual) {
                        title { (p.label) ": " (p.text) }
                    }
                    line class="pace" x1=(fmt(pace)) x2=(fmt(pace)) y1=(fmt(y - 3.0))
                        y2=(fmt(y + BAR_H + 3.0)) {
                        title { (pace_label) ": " (p.pace) }
                    }
                    text class="value" x=(fmt(left + bar_w + 8.0)) y=(fmt(y + BAR_H - 2.0)) { (p.text) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: u64) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: value.to_string(),
            partial: false,
        }
    }

    /// The `width` of every `rect class="bar"`, in order.
    fn bar_widths(svg: &str) -> Vec<f64> {
        svg.split("<rect class=\"bar")
            .skip(1)
            .map(|s| {
                let w = s.split("width=\"").nth(1).unwrap();
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn bars_are_proportional_and_the_longest_fills_the_span() {
        let svg = bars("t", &[bar("a", 10), bar("b", 5), bar("c", 0)]).into_string();
        let w = bar_widths(&svg);
        assert_eq!(w.len(), 3);
        assert!((w[0] - (WIDTH - LABEL_W - VALUE_W)).abs() < 0.1, "{w:?}");
        assert!((w[1] - w[0] / 2.0).abs() < 0.1, "{w:?}");
        assert_eq!(w[2], 0.0);
        assert!(svg.starts_with("<svg class=\"chart bars\""));
        assert!(svg.contains("viewBox=\"0 0 640 55.0\""), "{svg}");
    }

    #[test]
    fn labels_are_escaped_and_long_ones_cut_in_the_chart_only() {
        let long = "Woningcorporatie met een heel erg lange naam die niet past";
        let svg = bars("<b>", &[bar("<script>alert(1)</script>", 3), bar(long, 1)]).into_string();
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("aria-label=\"&lt;b&gt;\""));
        assert!(svg.contains("Woningcorporatie met een hee\u{2026}"));
        // the tooltip keeps the whole label
        assert!(svg.contains(&format!("{long}: 1")));
    }

    #[test]
    fn scales_have_round_steps() {
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(7), (2, 8));
        assert_eq!(scale(236), (50, 250));
        assert_eq!(scale(52), (20, 60));
        assert_eq!(scale(1000), (200, 1000));
    }

    #[test]
    fn nice_maxima() {
        let got: Vec<u64> = [0, 1, 2, 3, 7, 10, 11, 180, 201, 999, 1001]
            .iter()
            .map(|&v| nice_max(v))
            .collect();
        assert_eq!(got, vec![1, 1, 2, 5, 10, 10, 20, 200, 500, 1000, 2000]);
    }

    #[test]
    fn columns_scale_to_a_round_maximum_and_thin_out_their_labels() {
        let items: Vec<Bar> = (0..53).map(|i| bar(&format!("W{i}"), i)).collect();
        let svg = columns("weeks", &items, |v| v.to_string()).into_string();
        let w = bar_widths(&svg);
        assert_eq!(w.len(), 53);
        // scale 0..60 in steps of 20 (four grid lines)
        assert_eq!(svg.matches("class=\"grid\"").count(), 4);
        assert!(svg.contains(">60</text>") && !svg.contains(">80</text>"));
        // 53 columns, every third labelled
        assert!(svg.contains(">W0</text>") && svg.contains(">W3</text>"));
        assert!(!svg.contains(">W1</text>"));
        // the tallest column: 52 of 60 of the plot height (184)
        let before = svg.split(" data-value=\"52\"").next().unwrap();
        let h: f64 = before
            .rsplit("height=\"")
            .next()
            .unwrap()
            .trim_end_matches('"')
            .parse()
            .unwrap();
        assert!((h - 184.0 * 52.0 / 60.0).abs() < 0.1, "{h}");
    }

    #[test]
    fn progress_marks_the_pace_and_caps_the_bar_at_the_target() {
        let p = |actual, pace| Progress {
            label: "Formulieren".into(),
            actual,
            target: 100,
            pace,
            text: format!("{actual} / 100"),
        };
        let svg = progress("targets", &[p(50, 40), p(150, 90), p(10, 40)], "pace").into_string();
        let w = bar_widths(&svg);
        let full = WIDTH - 4.0 - 120.0;
        assert!((w[0] - full / 2.0).abs() < 0.1);
        assert!((w[1] - full).abs() < 0.1, "capped at the target");
        assert_eq!(svg.matches("class=\"bar ahead\"").count(), 2);
        assert_eq!(svg.matches("class=\"bar behind\"").count(), 1);
        assert!(svg.contains(&format!("x1=\"{}\"", fmt(4.0 + full * 0.4))));
    }
}
