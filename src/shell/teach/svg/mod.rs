//! SVG pictures of the teaching tools, drawn by riex itself: a picture is
//! a list of shapes and texts placed on a plane, written out as SVG.
//!
//! Texts are set in a monospace font, so a text's width is known without
//! a renderer: each character is [`CHAR_WIDTH`] of the font size wide.
//! The layouts ([`tree`], [`seq`]) size their boxes from it and keep
//! texts apart; [`Picture::to_svg`] moves the whole drawing into view.
//!
//! ```text
//! let mut p = Picture::default();
//! p.boxed(Bounds::new(0.0, 0.0, 80.0, 30.0), Paint::SUPERVISOR);
//! p.text(Text::new("KV.Supervisor", 13.0).at(8.0, 6.0));
//! p.to_svg()   // <svg xmlns=... width=... font-family="monospace">...
//! ```

pub mod seq;
pub mod tree;

use std::fmt::Write as _;

/// A monospace character's width, as a share of the font size (DejaVu
/// Sans Mono, Menlo and Consolas are all within 1% of it).
pub const CHAR_WIDTH: f64 = 0.6;

/// A line of text takes this many times its font size, top to bottom.
pub const LINE_HEIGHT: f64 = 1.4;

/// Empty space kept around the whole drawing.
const MARGIN: f64 = 16.0;

/// The width `s` takes in a monospace font of `size`.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * CHAR_WIDTH * size
}

/// True for a file name ending in `.svg` (in any case).
pub fn is_svg_path(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// A rectangle: its top-left corner and its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Bounds {
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Bounds {
        Bounds {
            x,
            y,
            width,
            height,
        }
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn center_y(&self) -> f64 {
        self.y + self.height / 2.0
    }

    /// True when the two share some area (touching edges do not count).
    pub fn overlaps(&self, other: &Bounds) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// True when `other` lies within these bounds.
    pub fn contains(&self, other: &Bounds) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    fn union(&self, other: &Bounds) -> Bounds {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Bounds::new(
            x,
            y,
            self.right().max(other.right()) - x,
            self.bottom().max(other.bottom()) - y,
        )
    }
}

/// A fill and an outline colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paint {
    pub fill: &'static str,
    pub stroke: &'static str,
}

impl Paint {
    /// The colours of the Mermaid and DOT drawings of a tree, so the
    /// pictures read alike.
    pub const SUPERVISOR: Paint = Paint::new("#dbeafe", "#1e40af");
    pub const WORKER: Paint = Paint::new("#dcfce7", "#166534");
    pub const RESTARTING: Paint = Paint::new("#fef9c3", "#a16207");
    pub const TERMINATED: Paint = Paint::new("#fee2e2", "#991b1b");
    /// A participant of a sequence diagram, a note on it.
    pub const PARTICIPANT: Paint = Paint::new("#f1f5f9", "#334155");
    pub const NOTE: Paint = Paint::new("#fef9c3", "#a16207");

    pub const fn new(fill: &'static str, stroke: &'static str) -> Paint {
        Paint { fill, stroke }
    }
}

/// Where a text's `x` is: its left end or its middle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

/// One line of text, placed by the top-left (or top-middle) of its line.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub content: String,
    pub x: f64,
    pub top: f64,
    pub size: f64,
    pub bold: bool,
    pub anchor: Anchor,
    pub color: &'static str,
}

impl Text {
    pub fn new(content: impl Into<String>, size: f64) -> Text {
        Text {
            content: content.into(),
            x: 0.0,
            top: 0.0,
            size,
            bold: false,
            anchor: Anchor::Start,
            color: "#111827",
        }
    }

    pub fn at(mut self, x: f64, top: f64) -> Text {
        self.x = x;
        self.top = top;
        self
    }

    pub fn bold(mut self) -> Text {
        self.bold = true;
        self
    }

    pub fn centered(mut self) -> Text {
        self.anchor = Anchor::Middle;
        self
    }

    pub fn colored(mut self, color: &'static str) -> Text {
        self.color = color;
        self
    }

    pub fn width(&self) -> f64 {
        text_width(&self.content, self.size)
    }

    pub fn height(&self) -> f64 {
        self.size * LINE_HEIGHT
    }

    /// The area the line takes: its width, and the full height of a line.
    pub fn bounds(&self) -> Bounds {
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - self.width() / 2.0,
        };
        Bounds::new(left, self.top, self.width(), self.height())
    }

    /// SVG places text by its baseline: this one centres the letters in
    /// the line (a monospace font's capitals are about 0.7 of its size).
    fn baseline(&self) -> f64 {
        self.top + self.height() / 2.0 + self.size * 0.35
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub color: &'static str,
    pub width: f64,
    pub dashed: bool,
}

impl Stroke {
    pub const fn solid(color: &'static str, width: f64) -> Stroke {
        Stroke {
            color,
            width,
            dashed: false,
        }
    }

    pub const fn dashed(color: &'static str, width: f64) -> Stroke {
        Stroke {
            color,
            width,
            dashed: true,
        }
    }
}

/// What a picture is made of.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A box with rounded corners.
    Box {
        at: Bounds,
        paint: Paint,
    },
    /// Straight segments through the points; filled when `fill` is given
    /// (closed, as an arrowhead).
    Path {
        points: Vec<(f64, f64)>,
        stroke: Stroke,
        fill: Option<&'static str>,
    },
    Text(Text),
}

impl Shape {
    fn bounds(&self) -> Bounds {
        match self {
            Shape::Box { at, .. } => *at,
            Shape::Path { points, stroke, .. } => {
                let xs = points.iter().map(|p| p.0);
                let ys = points.iter().map(|p| p.1);
                let (x0, x1) = (
                    xs.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                );
                let (y0, y1) = (
                    ys.clone().fold(f64::MAX, f64::min),
                    ys.fold(f64::MIN, f64::max),
                );
                let w = stroke.width / 2.0;
                Bounds::new(x0 - w, y0 - w, x1 - x0 + 2.0 * w, y1 - y0 + 2.0 * w)
            }
            Shape::Text(t) => t.bounds(),
        }
    }

    fn moved(&mut self, dx: f64, dy: f64) {
        match self {
            Shape::Box { at, .. } => {
                at.x += dx;
                at.y += dy;
            }
            Shape::Path { points, .. } => {
                for p in points {
                    p.0 += dx;
                    p.1 += dy;
                }
            }
            Shape::Text(t) => {
                t.x += dx;
                t.top += dy;
            }
        }
    }
}

/// Shapes and texts on a plane, in drawing order (later ones on top).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    pub shapes: Vec<Shape>,
}

impl Picture {
    pub fn boxed(&mut self, at: Bounds, paint: Paint) {
        self.shapes.push(Shape::Box { at, paint });
    }

    pub fn line(&mut self, points: Vec<(f64, f64)>, stroke: Stroke) {
        self.shapes.push(Shape::Path {
            points,
            stroke,
            fill: None,
        });
    }

    pub fn polygon(&mut self, points: Vec<(f64, f64)>, color: &'static str) {
        self.shapes.push(Shape::Path {
            points,
            stroke: Stroke::solid(color, 1.0),
            fill: Some(color),
        });
    }

    pub fn text(&mut self, t: Text) {
        self.shapes.push(Shape::Text(t));
    }

    /// Every text, in drawing order.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Text(t) => Some(t),
            _ => None,
        })
    }

    /// Every box, in drawing order.
    pub fn boxes(&self) -> impl Iterator<Item = &Bounds> {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Box { at, .. } => Some(at),
            _ => None,
        })
    }

    /// Moves the drawing so that it starts a margin from the top-left
    /// corner, and gives its size with the margin on every side.
    pub fn fit(&mut self) -> (f64, f64) {
        let Some(all) = self
            .shapes
            .iter()
            .map(Shape::bounds)
            .reduce(|a, b| a.union(&b))
        else {
            return (2.0 * MARGIN, 2.0 * MARGIN);
        };
        for s in &mut self.shapes {
            s.moved(MARGIN - all.x, MARGIN - all.y);
        }
        (all.width + 2.0 * MARGIN, all.height + 2.0 * MARGIN)
    }

    /// The picture as an SVG document on a white ground.
    pub fn to_svg(mut self) -> String {
        let (width, height) = self.fit();
        let (w, h) = (num(width), num(height));
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" font-family=\"monospace\">\n"
        );
        let _ = writeln!(out, "  <rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>");
        for s in &self.shapes {
            write_shape(&mut out, s);
        }
        out.push_str("</svg>\n");
        out
    }
}

fn write_shape(out: &mut String, s: &Shape) {
    match s {
        Shape::Box { at, paint } => {
            let _ = writeln!(
                out,
                "  <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                num(at.x),
                num(at.y),
                num(at.width),
                num(at.height),
                // Small boxes (a legend's swatches) stay square-ish.
                num(at.height.min(at.width).min(24.0) / 4.0),
                paint.fill,
                paint.stroke
            );
        }
        Shape::Path {
            points,
            stroke,
            fill,
        } => {
            let d: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            let (element, fill) = match fill {
                Some(f) => ("polygon", *f),
                None => ("polyline", "none"),
            };
            let dash = if stroke.dashed {
                " stroke-dasharray=\"6 4\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  <{element} points=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                d.join(" "),
                stroke.color,
                num(stroke.width)
            );
        }
        Shape::Text(t) => {
            let anchor = match t.anchor {
                Anchor::Start => "",
                Anchor::Middle => " text-anchor=\"middle\"",
            };
            let weight = if t.bold { " font-weight=\"bold\"" } else { "" };
            let _ = writeln!(
                out,
                "  <text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"{anchor}{weight} xml:space=\"preserve\">{}</text>",
                num(t.x),
                num(t.baseline()),
                num(t.size),
                t.color,
                escape(&t.content)
            );
        }
    }
}

/// A coordinate to a tenth of a pixel, without a trailing `.0`.
fn num(v: f64) -> String {
    let s = format!("{:.1}", v);
    match s.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// Text as XML character data or an attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Asserts what every picture keeps: no two texts share any area, no
    /// two boxes do, and everything lies within the picture's size (to a
    /// hundredth of a pixel: sums of line heights are not exact).
    pub fn assert_readable(mut p: Picture) {
        let (width, height) = p.fit();
        let canvas = Bounds::new(-0.01, -0.01, width + 0.02, height + 0.02);
        let texts: Vec<Bounds> = p.texts().map(|t| inset(t.bounds())).collect();
        let boxes: Vec<Bounds> = p.boxes().map(|b| inset(*b)).collect();
        for (what, all) in [("text", &texts), ("box", &boxes)] {
            for (i, a) in all.iter().enumerate() {
                for b in &all[i + 1..] {
                    assert!(!a.overlaps(b), "{what}s overlap: {a:?} and {b:?}");
                }
            }
        }
        for s in &p.shapes {
            assert!(canvas.contains(&s.bounds()), "{s:?} outside {canvas:?}");
        }
    }

    fn inset(b: Bounds) -> Bounds {
        Bounds::new(b.x + 0.01, b.y + 0.01, b.width - 0.02, b.height - 0.02)
    }

    #[test]
    fn text_is_as_wide_as_its_characters() {
        assert_eq!(text_width("KV.Registry", 10.0), 66.0);
        assert_eq!(text_width("a · b", 10.0), 30.0);
        let centred = Text::new("abcd", 10.0).at(100.0, 5.0).centered();
        assert_eq!(centred.bounds(), Bounds::new(88.0, 5.0, 24.0, 14.0));
    }

    #[test]
    fn labels_are_escaped_for_xml() {
        assert_eq!(
            escape("#PID<0.1.0> & \"a\""),
            "#PID&lt;0.1.0&gt; &amp; &quot;a&quot;"
        );
        let mut p = Picture::default();
        p.text(Text::new("%{a: <<1>>}", 12.0));
        assert!(p.to_svg().contains(">%{a: &lt;&lt;1&gt;&gt;}</text>"));
    }

    #[test]
    fn fitting_moves_the_drawing_into_view() {
        let mut p = Picture::default();
        p.boxed(Bounds::new(-50.0, 20.0, 30.0, 10.0), Paint::WORKER);
        p.text(Text::new("ab", 10.0).at(100.0, -5.0));
        let (w, h) = p.fit();
        assert_eq!((w, h), (162.0 + 2.0 * MARGIN, 35.0 + 2.0 * MARGIN));
        assert_eq!(p.boxes().next().unwrap().x, MARGIN);
        assert_eq!(p.texts().next().unwrap().top, MARGIN);
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
    }
}
