//! A supervision tree as an SVG picture: a box per process, the root on
//! the left and each level of children in a column to its right, joined
//! by lines, with the facts of the text drawing in each box.
//!
//! ```text
//! ┌──────────────────────┐     ┌─────────────────────────────────────┐
//! │ KV.Supervisor        │──┬──│ KV.BucketSupervisor                 │
//! │ one_for_all (1 of 3  │  │  │ DynamicSupervisor · supervisor · …  │
//! │ restarts in 5 s)     │  │  └─────────────────────────────────────┘
//! └──────────────────────┘  └──│ KV.Registry ...
//! ```
//!
//! A parent sits level with the middle of its children; the boxes of a
//! column are as wide as their own text. Fill colours tell the state as
//! the Mermaid drawing does: blue a running supervisor, green a running
//! worker, yellow a child being restarted, red a terminated one; a legend
//! under the trees says so.

use super::{text_width, Bounds, Paint, Picture, Stroke, Text, LINE_HEIGHT};
use crate::otp::observe::{ChildView, SupervisorView};
use crate::shell::teach::tree::{
    budget, child_class, child_identity, child_name, module_unless_named, name_or_pid, restarts,
    state_word, uptime,
};

const TITLE_SIZE: f64 = 14.0;
const FACT_SIZE: f64 = 12.0;
/// Space between a box's edge and its text.
const PAD: f64 = 10.0;
/// The longest line of facts, in characters, before it is wrapped.
const LINE_CHARS: usize = 48;
/// Space between two columns, where the joining lines run.
const COLUMN_GAP: f64 = 56.0;
/// Space between two boxes of a column.
const ROW_GAP: f64 = 14.0;
/// Space between two trees, and above the legend.
const TREE_GAP: f64 = 32.0;
const LINK: Stroke = Stroke::solid("#64748b", 1.5);
const FACT_COLOR: &str = "#374151";

/// The trees as an SVG document.
pub fn svg(trees: &[SupervisorView]) -> String {
    picture(trees).to_svg()
}

/// The trees as a picture, with a legend of the colours below them.
pub fn picture(trees: &[SupervisorView]) -> Picture {
    let mut p = Picture::default();
    if trees.is_empty() {
        p.text(Text::new("No supervision tree is running.", TITLE_SIZE));
        return p;
    }
    let cards = cards(trees);
    let lefts = column_lefts(&cards);
    let mut boxes = vec![Bounds::new(0.0, 0.0, 0.0, 0.0); cards.len()];
    let mut top = 0.0;
    for root in (0..cards.len()).filter(|i| cards[*i].parent.is_none()) {
        top = place(&cards, &lefts, root, top, &mut boxes) + TREE_GAP;
    }
    draw_links(&mut p, &cards, &lefts, &boxes);
    for (card, at) in cards.iter().zip(&boxes) {
        draw_card(&mut p, card, *at);
    }
    draw_legend(&mut p, top);
    p
}

/// What one box shows: a title (the name or PID) and lines of facts.
struct Card {
    title: String,
    facts: Vec<Fact>,
    paint: Paint,
    depth: usize,
    parent: Option<usize>,
}

/// A line of facts; a supervisor's strategy and budget stand out.
struct Fact {
    text: String,
    strong: bool,
}

impl Fact {
    fn plain(text: String) -> Fact {
        Fact {
            text,
            strong: false,
        }
    }

    fn strong(text: String) -> Fact {
        Fact { text, strong: true }
    }
}

impl Card {
    fn width(&self) -> f64 {
        let title = text_width(&self.title, TITLE_SIZE);
        let facts = self.facts.iter().map(|f| text_width(&f.text, FACT_SIZE));
        facts.fold(title, f64::max) + 2.0 * PAD
    }

    fn height(&self) -> f64 {
        let lines = TITLE_SIZE + self.facts.len() as f64 * FACT_SIZE;
        lines * LINE_HEIGHT + 2.0 * PAD
    }
}

/// Every process of the trees, each parent before its children.
fn cards(trees: &[SupervisorView]) -> Vec<Card> {
    let mut out = Vec::new();
    for t in trees {
        out.push(supervisor_card(t));
        child_cards(&t.children, out.len() - 1, 1, &mut out);
    }
    out
}

fn child_cards(children: &[ChildView], parent: usize, depth: usize, out: &mut Vec<Card>) {
    for c in children {
        out.push(child_card(c, parent, depth));
        if let Some(below) = &c.below {
            child_cards(&below.children, out.len() - 1, depth + 1, out);
        }
    }
}

fn supervisor_card(t: &SupervisorView) -> Card {
    let title = name_or_pid(t.name, t.pid);
    let mut facts: Vec<Fact> = module_unless_named(t.module, &title)
        .map(Fact::plain)
        .into_iter()
        .collect();
    facts.push(Fact::strong(budget(t)));
    Card {
        title,
        facts,
        paint: Paint::SUPERVISOR,
        depth: 0,
        parent: None,
    }
}

fn child_card(c: &ChildView, parent: usize, depth: usize) -> Card {
    let title = child_name(c);
    let mut identity: Vec<String> = child_identity(c)
        .into_iter()
        .filter(|f| *f != title)
        .collect();
    // Kind and restart type (`worker · permanent`) read as one fact.
    let role = identity.split_off(identity.len().saturating_sub(2));
    identity.push(role.join(" · "));
    let mut history = vec![restarts(c)];
    history.extend(uptime(c));
    history.extend(state_word(c).map(str::to_string));
    let mut facts: Vec<Fact> = wrap(identity).into_iter().map(Fact::plain).collect();
    facts.extend(wrap(history).into_iter().map(Fact::plain));
    facts.extend(c.below.as_ref().map(|b| Fact::strong(budget(b))));
    Card {
        title,
        facts,
        paint: paint_of(child_class(c)),
        depth,
        parent: Some(parent),
    }
}

/// Facts joined by ` · ` into lines of at most [`LINE_CHARS`], so that
/// long module names make a box taller rather than the tree wider; a
/// fact longer than that has a line of its own.
fn wrap(facts: Vec<String>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for fact in facts {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + fact.chars().count() <= LINE_CHARS => {
                line.push_str(" · ");
                line.push_str(&fact);
            }
            _ => lines.push(fact),
        }
    }
    lines
}

fn paint_of(class: &str) -> Paint {
    match class {
        "supervisor" => Paint::SUPERVISOR,
        "worker" => Paint::WORKER,
        "restarting" => Paint::RESTARTING,
        _ => Paint::TERMINATED,
    }
}

/// The left edge of each column: the widest box of a column decides
/// where the next one starts.
fn column_lefts(cards: &[Card]) -> Vec<f64> {
    let depth = cards.iter().map(|c| c.depth).max().unwrap_or(0);
    let mut widths = vec![0.0_f64; depth + 1];
    for c in cards {
        widths[c.depth] = widths[c.depth].max(c.width());
    }
    let mut lefts = Vec::with_capacity(widths.len());
    let mut x = 0.0;
    for w in widths {
        lefts.push(x);
        x += w + COLUMN_GAP;
    }
    lefts
}

/// Places card `i` and everything below it from `top` down; gives the
/// bottom of the lowest box placed.
fn place(cards: &[Card], lefts: &[f64], i: usize, top: f64, boxes: &mut [Bounds]) -> f64 {
    let card = &cards[i];
    let (width, height) = (card.width(), card.height());
    let children: Vec<usize> = (i + 1..cards.len())
        .filter(|c| cards[*c].parent == Some(i))
        .collect();
    let (Some(&first), Some(&last)) = (children.first(), children.last()) else {
        boxes[i] = Bounds::new(lefts[card.depth], top, width, height);
        return top + height;
    };
    let mut bottom = top;
    for c in &children {
        bottom = place(cards, lefts, *c, bottom, boxes) + ROW_GAP;
    }
    bottom -= ROW_GAP;
    let middle = (boxes[first].center_y() + boxes[last].center_y()) / 2.0;
    let mut y = middle - height / 2.0;
    // A parent taller than its children's column pushes them down.
    if y < top {
        let shift = top - y;
        for b in &mut boxes[i + 1..=descendants_end(cards, i)] {
            b.y += shift;
        }
        bottom += shift;
        y = top;
    }
    boxes[i] = Bounds::new(lefts[card.depth], y, width, height);
    bottom.max(y + height)
}

/// The index of the last card below card `i` (`i` itself when a leaf).
fn descendants_end(cards: &[Card], i: usize) -> usize {
    let depth = cards[i].depth;
    (i + 1..cards.len())
        .take_while(|c| cards[*c].depth > depth)
        .last()
        .unwrap_or(i)
}

/// A line from each parent's right edge to each child's left edge,
/// turning in the gap between their columns.
fn draw_links(p: &mut Picture, cards: &[Card], lefts: &[f64], boxes: &[Bounds]) {
    for (child, card) in cards.iter().enumerate() {
        let Some(parent) = card.parent else { continue };
        let (from, to) = (boxes[parent], boxes[child]);
        let turn = lefts[card.depth] - COLUMN_GAP / 2.0;
        p.line(
            vec![
                (from.right(), from.center_y()),
                (turn, from.center_y()),
                (turn, to.center_y()),
                (to.x, to.center_y()),
            ],
            LINK,
        );
    }
}

fn draw_card(p: &mut Picture, card: &Card, at: Bounds) {
    p.boxed(at, card.paint);
    let x = at.x + PAD;
    let mut top = at.y + PAD;
    let title = Text::new(card.title.clone(), TITLE_SIZE).bold().at(x, top);
    top += title.height();
    p.text(title);
    for fact in &card.facts {
        let text = Text::new(fact.text.clone(), FACT_SIZE).at(x, top);
        let text = if fact.strong {
            text.colored(Paint::SUPERVISOR.stroke).bold()
        } else {
            text.colored(FACT_COLOR)
        };
        top += text.height();
        p.text(text);
    }
}

/// A swatch and a word for each colour, in a row under the trees.
fn draw_legend(p: &mut Picture, top: f64) {
    let entries = [
        (Paint::SUPERVISOR, "running supervisor"),
        (Paint::WORKER, "running worker"),
        (Paint::RESTARTING, "restarting"),
        (Paint::TERMINATED, "terminated"),
    ];
    let swatch = FACT_SIZE * LINE_HEIGHT;
    let mut x = 0.0;
    for (paint, word) in entries {
        p.boxed(Bounds::new(x, top, swatch, swatch), paint);
        let text = Text::new(word, FACT_SIZE)
            .colored(FACT_COLOR)
            .at(x + swatch + PAD / 2.0, top);
        x += swatch + PAD / 2.0 + text.width() + 2.0 * PAD;
        p.text(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::child_spec::{ChildType, Restart};
    use crate::otp::observe::ChildState;
    use crate::shell::teach::fixtures::kv;
    use crate::shell::teach::svg::tests::assert_readable;
    use crate::term::{atom, Atom, Pid, Term};
    use std::time::Duration;

    #[test]
    fn svg_draws_the_same_tree() {
        insta::assert_snapshot!(svg(&[kv()]));
    }

    #[test]
    fn every_fact_of_the_text_drawing_is_in_the_picture() {
        let picture = picture(&[kv()]);
        let texts: Vec<&str> = picture.texts().map(|t| t.content.as_str()).collect();
        for expected in [
            "KV.Supervisor",
            "one_for_all (1 of 3 restarts in 5 s)",
            "DynamicSupervisor · supervisor · permanent",
            "1 restart · up 1 min 15 s",
            "one_for_one (0 of 3 restarts in 5 s)",
            "#PID<0.130.0>",
            "KV.Bucket · worker · temporary",
            "worker · permanent",
            "1 restart · up 1 h 2 min",
            "KV.Cache · worker · transient",
            "2 restarts · terminated",
        ] {
            assert!(texts.contains(&expected), "{expected:?} not in {texts:?}");
        }
    }

    #[test]
    fn long_facts_wrap_between_facts_not_within_them() {
        let long = "MyApplication.Infrastructure.VeryLongWorkerName".to_string();
        let facts = vec![
            "id :a".to_string(),
            long.clone(),
            "worker".into(),
            "transient".into(),
        ];
        assert_eq!(wrap(facts), ["id :a", long.as_str(), "worker · transient"]);
        let short = vec!["KV.Bucket".to_string(), "worker".into(), "temporary".into()];
        assert_eq!(wrap(short), ["KV.Bucket · worker · temporary"]);
    }

    #[test]
    fn a_parent_sits_level_with_the_middle_of_its_children() {
        let picture = picture(&[kv()]);
        let boxes: Vec<&Bounds> = picture.boxes().collect();
        let (root, buckets, registry, cache) = (boxes[0], boxes[1], boxes[4], boxes[5]);
        let middle = (buckets.center_y() + cache.center_y()) / 2.0;
        assert!((root.center_y() - middle).abs() < 0.01);
        assert!(buckets.x > root.right() && boxes[2].x > buckets.right());
        assert_eq!(registry.x, buckets.x);
    }

    #[test]
    fn a_wide_deep_tree_with_long_names_keeps_its_texts_apart() {
        assert_readable(picture(&[wide_and_deep(4, 3), wide_and_deep(1, 5)]));
        assert_readable(picture(&[kv()]));
        assert_readable(picture(&[]));
    }

    #[test]
    fn a_parent_taller_than_its_children_pushes_them_down() {
        let one = wide_and_deep(1, 1);
        let picture = picture(&[one.clone(), one]);
        let boxes: Vec<Bounds> = picture.boxes().copied().collect();
        let (supervisor, worker) = (boxes[1], boxes[2]);
        assert!(worker.height < supervisor.height);
        assert!((worker.center_y() - supervisor.center_y()).abs() < 0.01);
        assert_readable(picture);
    }

    /// A supervisor with `width` children per level, `depth` levels of
    /// supervisors, long module names and children in every state.
    fn wide_and_deep(depth: u32, width: u64) -> SupervisorView {
        let module = |level: u32| {
            Atom::module(&format!(
                "MyApplication.Infrastructure.Level{level}.VeryLongSupervisorName"
            ))
        };
        let children = (0..width)
            .map(|i| {
                let pid = Pid(1000 + depth as u64 * 100 + i);
                let state = match i % 4 {
                    1 => ChildState::Restarting,
                    2 => ChildState::Terminated,
                    _ => ChildState::Running(pid),
                };
                let below = (i == 0 && depth > 0).then(|| wide_and_deep(depth - 1, width));
                ChildView {
                    id: Term::atom_named(&format!("child_with_a_rather_long_id_{i}")),
                    state,
                    name: (i % 2 == 0).then(|| module(depth)),
                    module: module(depth),
                    kind: if below.is_some() {
                        ChildType::Supervisor
                    } else {
                        ChildType::Worker
                    },
                    restart: Restart::Transient,
                    restarts: i as u32,
                    uptime: Some(Duration::from_secs(4000 * i)),
                    below,
                }
            })
            .collect();
        SupervisorView {
            pid: Pid(900 + depth as u64),
            name: None,
            module: module(depth),
            strategy: atom::REST_FOR_ONE,
            max_restarts: 10,
            max_seconds: 60,
            recent_restarts: 7,
            children,
        }
    }
}
