//! A sequence diagram as an SVG picture: a box per participant at the top
//! and the bottom, a dashed lifeline down from each, and the steps one
//! row each, top to bottom: arrows with their labels above them, a loop
//! for a message a process sends itself, notes over a lifeline.
//!
//! ```text
//!    ┌─────┐          ┌─────────┐
//!    │ iex │          │ MyStack │
//!    └──┬──┘          └────┬────┘
//!       │    call :pop     │
//!       │─────────────────▶│
//!       │     reply :a     │
//!       │◀- - - - - - - - -│
//! ```
//!
//! Participants are spaced so that every label fits between the two
//! lifelines its arrow joins. Replies are dashed, casts have an open
//! arrowhead, `EXIT` signals end in a cross and are red.

use super::{text_width, Bounds, Paint, Picture, Stroke, Text, LINE_HEIGHT};
use crate::shell::teach::seq_diagram::{Arrow, Diagram, Step};

const NAME_SIZE: f64 = 13.0;
const LABEL_SIZE: f64 = 12.0;
/// Space between a box's edge and its text.
const PAD: f64 = 8.0;
/// Least space between two participants' boxes.
const BOX_GAP: f64 = 32.0;
/// Space kept between a label and the lifelines at its arrow's ends.
const LABEL_MARGIN: f64 = 12.0;
/// Space between a label and its arrow, and between two rows.
const LABEL_GAP: f64 = 3.0;
const ROW_GAP: f64 = 14.0;
/// The loop of a message to oneself: how far right, how far down.
const LOOP_WIDTH: f64 = 30.0;
const LOOP_HEIGHT: f64 = 18.0;
const HEAD_LENGTH: f64 = 9.0;
const HEAD_HALF_WIDTH: f64 = 4.5;
const INK: &str = "#1f2937";
const EXIT_INK: &str = "#b91c1c";
const LIFELINE: Stroke = Stroke::dashed("#94a3b8", 1.0);

/// The diagram as an SVG document.
pub fn svg(d: &Diagram) -> String {
    picture(d).to_svg()
}

/// The diagram as a picture.
pub fn picture(d: &Diagram) -> Picture {
    let mut p = Picture::default();
    if d.participants.is_empty() {
        p.text(Text::new("No process sent a message.", NAME_SIZE));
        return p;
    }
    let centers = centers(d);
    let mut steps = Picture::default();
    let top = box_height() + ROW_GAP;
    let bottom = d.steps.iter().fold(top, |y, step| {
        draw_step(&mut steps, &centers, step, y) + ROW_GAP
    });
    for x in &centers {
        p.line(vec![(*x, box_height()), (*x, bottom)], LIFELINE);
    }
    for (label, x) in d.participants.iter().zip(&centers) {
        draw_participant(&mut p, label, *x, 0.0);
        draw_participant(&mut p, label, *x, bottom);
    }
    p.shapes.extend(steps.shapes);
    p
}

fn box_height() -> f64 {
    NAME_SIZE * LINE_HEIGHT + 2.0 * PAD
}

fn label_height() -> f64 {
    LABEL_SIZE * LINE_HEIGHT
}

fn box_width(label: &str) -> f64 {
    text_width(label, NAME_SIZE) + 2.0 * PAD
}

/// Each participant's lifeline, left to right: far enough from the one
/// before for both boxes, and for every label that ends there to fit
/// between its arrow's lifelines.
fn centers(d: &Diagram) -> Vec<f64> {
    let widths: Vec<f64> = d.participants.iter().map(|l| box_width(l)).collect();
    let mut xs: Vec<f64> = Vec::with_capacity(widths.len());
    for (j, w) in widths.iter().enumerate() {
        let Some(&before) = xs.last() else {
            xs.push(0.0);
            continue;
        };
        let boxes = before + widths[j - 1] / 2.0 + BOX_GAP + w / 2.0;
        let labels = d.steps.iter().filter_map(|s| room_for(s, j, &xs));
        xs.push(labels.fold(boxes, f64::max));
    }
    xs
}

/// Where lifeline `j` must be at least, for `step` to fit left of it
/// (given the lifelines `xs` before it); `None` when the step does not
/// reach up to `j`.
fn room_for(step: &Step, j: usize, xs: &[f64]) -> Option<f64> {
    let Step::Message {
        from, to, label, ..
    } = step
    else {
        return None;
    };
    let width = text_width(label, LABEL_SIZE);
    match (*from.min(to), *from.max(to)) {
        (a, b) if a == b && b + 1 == j => {
            Some(xs[a] + LOOP_WIDTH + LABEL_MARGIN + width + LABEL_MARGIN)
        }
        (a, b) if a != b && b == j => Some(xs[a] + LABEL_MARGIN + width + LABEL_MARGIN),
        _ => None,
    }
}

fn draw_participant(p: &mut Picture, label: &str, x: f64, top: f64) {
    let width = box_width(label);
    p.boxed(
        Bounds::new(x - width / 2.0, top, width, box_height()),
        Paint::PARTICIPANT,
    );
    p.text(
        Text::new(label, NAME_SIZE)
            .bold()
            .centered()
            .colored(INK)
            .at(x, top + PAD),
    );
}

/// Draws one step from `top` down; gives the bottom of what it drew.
fn draw_step(p: &mut Picture, xs: &[f64], step: &Step, top: f64) -> f64 {
    match step {
        Step::Message {
            from,
            to,
            label,
            arrow,
        } if from == to => draw_self_message(p, xs[*from], label, *arrow, top),
        Step::Message {
            from,
            to,
            label,
            arrow,
        } => draw_message(p, xs[*from], xs[*to], label, *arrow, top),
        Step::Note { over, text } => draw_note(p, xs[*over], text, top),
    }
}

fn draw_message(p: &mut Picture, from: f64, to: f64, label: &str, arrow: Arrow, top: f64) -> f64 {
    let ink = ink_of(arrow);
    p.text(
        Text::new(label, LABEL_SIZE)
            .centered()
            .colored(ink)
            .at((from + to) / 2.0, top),
    );
    let y = top + label_height() + LABEL_GAP;
    let dir = (to - from).signum();
    let end = match arrow {
        // A filled head covers the line's end: the line stops at its base.
        Arrow::Send | Arrow::Reply => to - dir * HEAD_LENGTH,
        Arrow::Cast | Arrow::Exit => to,
    };
    p.line(vec![(from, y), (end, y)], stroke_of(arrow));
    draw_head(p, (to, y), dir, arrow);
    y + HEAD_HALF_WIDTH
}

/// A loop out to the right and back, the label right of it.
fn draw_self_message(p: &mut Picture, x: f64, label: &str, arrow: Arrow, top: f64) -> f64 {
    let (y0, y1) = (top + HEAD_HALF_WIDTH, top + HEAD_HALF_WIDTH + LOOP_HEIGHT);
    let out = x + LOOP_WIDTH;
    p.line(
        vec![(x, y0), (out, y0), (out, y1), (x + HEAD_LENGTH, y1)],
        stroke_of(arrow),
    );
    draw_head(p, (x, y1), -1.0, arrow);
    p.text(
        Text::new(label, LABEL_SIZE)
            .colored(ink_of(arrow))
            .at(out + LABEL_MARGIN, (y0 + y1 - label_height()) / 2.0),
    );
    y1 + HEAD_HALF_WIDTH
}

fn draw_note(p: &mut Picture, x: f64, text: &str, top: f64) -> f64 {
    let width = text_width(text, LABEL_SIZE) + 2.0 * PAD;
    let height = label_height() + PAD;
    p.boxed(
        Bounds::new(x - width / 2.0, top, width, height),
        Paint::NOTE,
    );
    p.text(
        Text::new(text, LABEL_SIZE)
            .centered()
            .colored(INK)
            .at(x, top + PAD / 2.0),
    );
    top + height
}

/// The arrowhead at `tip`, pointing right (`dir` 1) or left (-1).
fn draw_head(p: &mut Picture, tip: (f64, f64), dir: f64, arrow: Arrow) {
    let (x, y) = tip;
    let base = x - dir * HEAD_LENGTH;
    let ink = ink_of(arrow);
    match arrow {
        Arrow::Send | Arrow::Reply => p.polygon(
            vec![
                (x, y),
                (base, y - HEAD_HALF_WIDTH),
                (base, y + HEAD_HALF_WIDTH),
            ],
            ink,
        ),
        Arrow::Cast => p.line(
            vec![
                (base, y - HEAD_HALF_WIDTH),
                (x, y),
                (base, y + HEAD_HALF_WIDTH),
            ],
            Stroke::solid(ink, 1.5),
        ),
        Arrow::Exit => {
            let (left, right) = (x - dir * 2.0 * HEAD_HALF_WIDTH, x);
            let cross = Stroke::solid(ink, 2.0);
            p.line(
                vec![(left, y - HEAD_HALF_WIDTH), (right, y + HEAD_HALF_WIDTH)],
                cross,
            );
            p.line(
                vec![(left, y + HEAD_HALF_WIDTH), (right, y - HEAD_HALF_WIDTH)],
                cross,
            );
        }
    }
}

fn ink_of(arrow: Arrow) -> &'static str {
    match arrow {
        Arrow::Exit => EXIT_INK,
        _ => INK,
    }
}

fn stroke_of(arrow: Arrow) -> Stroke {
    match arrow {
        Arrow::Reply => Stroke::dashed(INK, 1.5),
        _ => Stroke::solid(ink_of(arrow), 1.5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::teach::fixtures::stack_session;
    use crate::shell::teach::svg::tests::assert_readable;

    fn message(from: usize, to: usize, label: &str, arrow: Arrow) -> Step {
        Step::Message {
            from,
            to,
            label: label.to_string(),
            arrow,
        }
    }

    /// Long labels between far and near participants, a message to
    /// oneself, a note wider than its participant's box.
    fn crowded() -> Diagram {
        let crash = "%RuntimeError{message: \"Error, Server worker_1 has crashed\"}";
        Diagram {
            participants: ["iex", "#PID<0.108.0>", "Demo.WorkerSupervisor", "x"]
                .map(String::from)
                .to_vec(),
            steps: vec![
                message(0, 1, "cast :raise", Arrow::Cast),
                message(
                    1,
                    1,
                    "{:tick, %{count: 1, names: [\"a\", \"b\"]}}",
                    Arrow::Send,
                ),
                Step::Note {
                    over: 1,
                    text: format!("exit {crash}"),
                },
                message(1, 2, &format!("EXIT {crash}"), Arrow::Exit),
                message(2, 3, "spawn", Arrow::Send),
                message(
                    3,
                    0,
                    "{:ready, #PID<0.110.0>, \"a long message\"}",
                    Arrow::Send,
                ),
                message(0, 3, "call {:lookup, \"key\"}", Arrow::Send),
                message(3, 0, "reply {:ok, <<1, 2, 3>>}", Arrow::Reply),
                message(3, 3, "self", Arrow::Send),
                Step::Note {
                    over: 3,
                    text: "exit :normal & more".to_string(),
                },
            ],
        }
    }

    #[test]
    fn svg_draws_the_same_diagram() {
        let (names, shell, events) = stack_session();
        insta::assert_snapshot!(svg(&Diagram::of(&names, shell, &events)));
    }

    #[test]
    fn labels_fit_between_the_lifelines_they_join() {
        let d = crowded();
        let xs = centers(&d);
        for step in &d.steps {
            if let Step::Message {
                from, to, label, ..
            } = step
            {
                let span = (xs[*from] - xs[*to]).abs();
                if from != to {
                    assert!(span >= text_width(label, LABEL_SIZE) + 2.0 * LABEL_MARGIN);
                }
            }
        }
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_crowded_diagram_keeps_its_texts_apart() {
        assert_readable(picture(&crowded()));
        assert_readable(picture(&Diagram::default()));
    }

    #[test]
    fn each_step_takes_a_row_below_the_one_before() {
        let p = picture(&crowded());
        let tops: Vec<f64> = p
            .texts()
            .filter(|t| !crowded().participants.contains(&t.content))
            .map(|t| t.top)
            .collect();
        assert_eq!(tops.len(), crowded().steps.len());
        assert!(tops.windows(2).all(|w| w[0] < w[1]), "{tops:?}");
    }

    #[test]
    fn labels_are_escaped_in_the_document() {
        let text = svg(&crowded());
        assert!(text.contains("&quot;Error, Server worker_1 has crashed&quot;"));
        assert!(text.contains("reply {:ok, &lt;&lt;1, 2, 3&gt;&gt;}"));
        assert!(text.contains("exit :normal &amp; more"));
        assert!(!text.contains("<<"));
    }
}
