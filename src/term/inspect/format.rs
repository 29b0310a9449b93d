//! Laying a document out: `Inspect.Algebra.format/2`.
//!
//! The layout walks a stack of `(indent, mode, doc)` entries, as Elixir's
//! `format/3` walks its list: a group is laid out flat when
//! [`fits`](super::fits::fits) says its flat form fits in the rest of the line,
//! otherwise in break mode, where its strict breaks become newlines; a flex
//! break becomes a newline only when the text after it (up to the next
//! possible break) would not fit.

use super::algebra::{BreakMode, Doc, GroupMode, Indent, NestMode, Width};
use super::fits::fits;

/// Whether a group is laid out on one line or broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// On one line.
    Flat,
    /// Broken: strict breaks are newlines.
    Break,
    /// Inside `next_break_fits(_, :disabled)` while measuring.
    FlatNoBreak,
    /// Inside `next_break_fits(_, :enabled)` while measuring.
    BreakNoFlat,
}

/// One entry of the layout stack.
#[derive(Clone, Copy, Debug)]
pub(super) enum Entry<'d> {
    /// A document with its indentation and mode.
    Doc(usize, Mode, &'d Doc),
    /// Sets the width back after a `no_limit` document.
    Width(Width),
    /// The end of a group while measuring: restores the "seen a break" flag.
    Tail(bool),
}

/// `format(doc, width)`: the text of `doc` laid out within `width` columns.
pub fn format(doc: &Doc, width: Width) -> String {
    let mut f = Formatter {
        out: String::new(),
        width,
        column: 0,
        collapse: None,
    };
    let mut stack = vec![Entry::Doc(0, Mode::Flat, doc)];
    while let Some(entry) = stack.pop() {
        match entry {
            Entry::Doc(i, m, d) => f.step(i, m, d, &mut stack),
            Entry::Width(w) => f.width = w,
            Entry::Tail(_) => {}
        }
    }
    f.finish_collapse();
    f.out
}

/// A pending `collapse_lines`: newlines seen so far, the cap, the indent.
struct Collapse {
    max: usize,
    count: usize,
    indent: usize,
}

struct Formatter {
    out: String,
    width: Width,
    column: usize,
    collapse: Option<Collapse>,
}

impl Formatter {
    fn step<'d>(&mut self, i: usize, m: Mode, doc: &'d Doc, stack: &mut Vec<Entry<'d>>) {
        match doc {
            Doc::Nil => {}
            Doc::Line => self.newline(i),
            Doc::Cons(a, b) => {
                stack.push(Entry::Doc(i, m, b));
                stack.push(Entry::Doc(i, m, a));
            }
            Doc::Color(d, ansi) => {
                self.emit(ansi);
                stack.push(Entry::Doc(i, m, d));
            }
            Doc::Str(s, n) => self.write(s, *n),
            Doc::Text(s) => self.write(s, s.len()),
            Doc::Force(d) | Doc::Fits(d, _) => stack.push(Entry::Doc(i, m, d)),
            Doc::Collapse(max) => self.start_collapse(*max, i),
            Doc::Break(s, BreakMode::Flex) => self.flex_break(i, m, s, stack),
            Doc::Break(s, BreakMode::Strict) => self.strict_break(i, m, s),
            Doc::Nest(d, indent, mode) => {
                stack.push(Entry::Doc(self.nested(i, m, *indent, *mode), m, d))
            }
            Doc::Group(d, GroupMode::Inherit) if m == Mode::Break => {
                stack.push(Entry::Doc(i, Mode::Break, d))
            }
            Doc::Group(d, _) => stack.push(Entry::Doc(i, self.group_mode(i, d), d)),
            Doc::Limit(d, limit) => self.limit(i, m, d, *limit, stack),
        }
    }

    fn flex_break(&mut self, i: usize, m: Mode, s: &str, stack: &[Entry<'_>]) {
        let k = self.column + s.len();
        if self.width.is_none() || m == Mode::Flat || fits(self.width, k, true, Vec::new(), stack) {
            self.write(s, s.len());
        } else {
            self.newline(i);
        }
    }

    fn strict_break(&mut self, i: usize, m: Mode, s: &str) {
        if m == Mode::Break {
            self.newline(i);
        } else {
            self.write(s, s.len());
        }
    }

    fn nested(&self, i: usize, m: Mode, indent: Indent, mode: NestMode) -> usize {
        if mode == NestMode::Always || m == Mode::Break {
            apply_nesting(i, self.column, indent)
        } else {
            i
        }
    }

    fn group_mode(&self, i: usize, d: &Doc) -> Mode {
        let flat = self.width.is_none()
            || fits(
                self.width,
                self.column,
                false,
                vec![Entry::Doc(i, Mode::Flat, d)],
                &[],
            );
        if flat {
            Mode::Flat
        } else {
            Mode::Break
        }
    }

    fn limit<'d>(
        &mut self,
        i: usize,
        m: Mode,
        d: &'d Doc,
        limit: Width,
        stack: &mut Vec<Entry<'d>>,
    ) {
        match limit {
            None if self.width.is_some() => {
                stack.push(Entry::Width(self.width));
                stack.push(Entry::Doc(i, Mode::Flat, d));
            }
            _ => stack.push(Entry::Doc(i, m, d)),
        }
        self.width = limit;
    }

    fn write(&mut self, s: &str, width: usize) {
        self.emit(s);
        self.column += width;
    }

    fn newline(&mut self, i: usize) {
        self.emit_newline(i);
        self.column = i;
    }

    fn emit_newline(&mut self, i: usize) {
        if let Some(c) = &mut self.collapse {
            c.count += 1;
            return;
        }
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', i));
    }

    fn emit(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.finish_collapse();
        self.out.push_str(s);
    }

    fn start_collapse(&mut self, max: usize, i: usize) {
        self.finish_collapse();
        self.column = i;
        self.collapse = Some(Collapse {
            max,
            count: 0,
            indent: i,
        });
    }

    fn finish_collapse(&mut self) {
        if let Some(c) = self.collapse.take() {
            self.out
                .extend(std::iter::repeat_n('\n', c.count.min(c.max)));
            self.out.extend(std::iter::repeat_n(' ', c.indent));
        }
    }
}

/// `apply_nesting/3`: the indentation inside a nest.
pub(super) fn apply_nesting(i: usize, column: usize, indent: Indent) -> usize {
    match indent {
        Indent::Cursor => column,
        Indent::Reset => 0,
        Indent::By(j) => i + j,
    }
}

#[cfg(test)]
mod tests {
    use super::super::algebra::*;
    use super::*;

    fn words(n: usize) -> Doc {
        fold_doc((0..n).map(|_| text("word")).collect(), |a, b| {
            flex_glue(a, " ", b)
        })
    }

    #[test]
    fn a_group_that_fits_stays_on_one_line() {
        let d = group(glue(text("hello"), " ", text("world")));
        assert_eq!(format(&d, Some(80)), "hello world");
        assert_eq!(format(&d, Some(10)), "hello\nworld");
    }

    #[test]
    fn flex_breaks_fill_the_line() {
        let d = group(nest(words(5), 2));
        assert_eq!(format(&d, Some(15)), "word word word\n  word word");
    }

    #[test]
    fn an_infinite_width_never_breaks() {
        let d = group(glue(text("a"), " ", text("b")));
        assert_eq!(format(&d, None), "a b");
    }

    #[test]
    fn a_group_without_breaks_is_never_broken_even_when_too_long() {
        let d = group(concat(
            text("aaaaaaaaaa"),
            group(glue(text("b"), " ", text("c"))),
        ));
        assert_eq!(format(&d, Some(5)), "aaaaaaaaaab\nc");
    }

    #[test]
    fn line_always_breaks_and_resets_the_column() {
        let d = group(nest(line_join(text("a"), text("b")), 2));
        assert_eq!(format(&d, Some(80)), "a\n  b");
    }

    #[test]
    fn nest_at_cursor_aligns_with_the_current_column() {
        let d = concat(
            text("abc "),
            nest_with(
                glue(text("x"), " ", text("y")),
                Indent::Cursor,
                NestMode::Always,
            ),
        );
        assert_eq!(format(&group(d), Some(3)), "abc x\n    y");
    }

    #[test]
    fn nest_in_break_mode_applies_only_when_the_group_breaks() {
        let inner = nest_with(
            glue(text("x"), " ", text("y")),
            Indent::By(4),
            NestMode::Break,
        );
        assert_eq!(format(&group(inner.clone()), Some(80)), "x y");
        assert_eq!(format(&group(inner), Some(2)), "x\n    y");
    }

    #[test]
    fn no_limit_lays_its_document_out_flat() {
        let d = group(concat(
            no_limit(group(glue(text("aaaa"), " ", text("bbbb")))),
            glue(text(""), " ", text("c")),
        ));
        assert_eq!(format(&d, Some(5)), "aaaa bbbb\nc");
    }

    #[test]
    fn collapse_lines_caps_consecutive_newlines() {
        let d = concat_all(vec![
            text("a"),
            collapse_lines(1),
            line(),
            line(),
            line(),
            text("b"),
        ]);
        assert_eq!(format(&d, Some(80)), "a\nb");
    }

    #[test]
    fn force_unfit_breaks_its_group() {
        let d = group(force_unfit(glue(text("a"), " ", text("b"))));
        assert_eq!(format(&d, Some(80)), "a\nb");
    }

    #[test]
    fn next_break_fits_measures_only_up_to_the_first_break() {
        // Golden: Inspect.Algebra.format/2 of the same documents in Elixir 1.14.
        let call = |arg: Doc| {
            group(concat(
                text("f("),
                concat(
                    nest(concat(break_(""), arg), 2),
                    concat(break_(""), text(")")),
                ),
            ))
        };
        let list = group(glue(text("[aaaa,"), " ", text("bbbb]")));
        let plain = group(concat(text("x = "), call(list.clone())));
        assert_eq!(format(&plain, Some(20)), "x = f([aaaa, bbbb])");
        assert_eq!(format(&plain, Some(15)), "x = f(\n  [aaaa, bbbb]\n)");
        let fits = group(concat(
            text("x = "),
            next_break_fits(call(list), FitsMode::Enabled),
        ));
        assert_eq!(format(&fits, Some(8)), "x = f(\n  [aaaa,\n  bbbb]\n)");
        let inner = next_break_fits(glue(text("b"), " ", text("c")), FitsMode::Disabled);
        let outer = next_break_fits(group(concat(text("a"), inner)), FitsMode::Enabled);
        assert_eq!(
            format(&group(concat(outer, text("dddd"))), Some(3)),
            "ab\ncdddd"
        );
    }

    #[test]
    fn collapse_lines_without_newlines_still_indents() {
        let d = concat_all(vec![
            text("a"),
            collapse_lines(2),
            text("b"),
            line(),
            line(),
            text("c"),
        ]);
        assert_eq!(format(&group(nest(d, 3)), Some(80)), "a   b\n   \n   c");
        let d = concat_all(vec![
            text("a"),
            collapse_lines(2),
            line(),
            line(),
            line(),
            text("b"),
        ]);
        assert_eq!(format(&group(d), Some(80)), "a\n\nb");
    }

    #[test]
    fn colours_take_no_width() {
        let d = group(glue(colored(text("abc"), "\x1b[36m"), " ", text("d")));
        assert_eq!(format(&d, Some(5)), "\x1b[36mabc d");
    }
}
