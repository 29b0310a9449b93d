//! Measuring: `Inspect.Algebra.fits?/4`.
//!
//! Whether the documents ahead fit in the rest of the line. Measuring stops
//! with "fits" at the first break that is laid out broken (the line ends
//! there), and with "does not fit" once the column passes the width after a
//! flat break has been seen: text that overflows with no break before it
//! could not have been helped by breaking.

use super::algebra::{Doc, FitsMode, Width};
use super::format::{apply_nesting, Entry, Mode};

/// `fits?(w, k, b?, entries)`: `local` (top last) is measured first, then the
/// layout stack `rest` from its top down.
pub(super) fn fits<'d>(
    w: Width,
    k: usize,
    b: bool,
    local: Vec<Entry<'d>>,
    rest: &[Entry<'d>],
) -> bool {
    Measure {
        w,
        k,
        b,
        local,
        rest,
        next_rest: rest.len(),
    }
    .run()
}

struct Measure<'d, 'r> {
    w: Width,
    k: usize,
    b: bool,
    local: Vec<Entry<'d>>,
    rest: &'r [Entry<'d>],
    next_rest: usize,
}

/// What one step of measuring decided.
enum Verdict {
    Fits,
    DoesNotFit,
    Continue,
}

impl<'d> Measure<'d, '_> {
    fn run(&mut self) -> bool {
        loop {
            if self.b && self.w.is_some_and(|w| self.k > w) {
                return false;
            }
            let Some(entry) = self.next() else {
                return true;
            };
            let verdict = match entry {
                Entry::Tail(b) => {
                    self.b = b;
                    Verdict::Continue
                }
                Entry::Width(w) => {
                    self.w = w;
                    Verdict::Continue
                }
                Entry::Doc(i, m, d) => self.step(i, m, d),
            };
            match verdict {
                Verdict::Fits => return true,
                Verdict::DoesNotFit => return false,
                Verdict::Continue => {}
            }
        }
    }

    fn next(&mut self) -> Option<Entry<'d>> {
        if let Some(e) = self.local.pop() {
            return Some(e);
        }
        self.next_rest = self.next_rest.checked_sub(1)?;
        Some(self.rest[self.next_rest])
    }

    fn push(&mut self, i: usize, m: Mode, d: &'d Doc) {
        self.local.push(Entry::Doc(i, m, d));
    }

    fn step(&mut self, i: usize, m: Mode, doc: &'d Doc) -> Verdict {
        match (m, doc) {
            (_, Doc::Fits(d, FitsMode::Disabled)) | (Mode::FlatNoBreak, Doc::Fits(d, _)) => {
                self.push(i, Mode::FlatNoBreak, d)
            }
            (_, Doc::Fits(d, FitsMode::Enabled)) => self.push(i, Mode::BreakNoFlat, d),
            (Mode::BreakNoFlat, Doc::Force(d)) => self.push(i, Mode::BreakNoFlat, d),
            (Mode::BreakNoFlat | Mode::Break, Doc::Break(..) | Doc::Line) => return Verdict::Fits,
            (Mode::Break, Doc::Group(d, _)) => self.enter_group(i, Mode::Flat, d),
            (_, Doc::Line) => {
                self.k = i;
                self.b = false;
            }
            (_, Doc::Nil) => {}
            (_, Doc::Collapse(_)) => self.k = i,
            (_, Doc::Color(d, _)) => self.push(i, m, d),
            (_, Doc::Str(_, n)) => self.k += n,
            (_, Doc::Text(s)) => self.k += s.len(),
            (_, Doc::Force(_)) => return Verdict::DoesNotFit,
            (_, Doc::Break(s, _)) => {
                self.k += s.len();
                self.b = true;
            }
            (_, Doc::Nest(d, indent, mode)) => self.nest(i, m, d, *indent, *mode),
            (_, Doc::Cons(a, b)) => {
                self.push(i, m, b);
                self.push(i, m, a);
            }
            (_, Doc::Group(d, _)) => self.enter_group(i, m, d),
            (_, Doc::Limit(d, limit)) => self.limit(i, m, d, *limit),
        }
        Verdict::Continue
    }

    fn enter_group(&mut self, i: usize, m: Mode, d: &'d Doc) {
        self.local.push(Entry::Tail(self.b));
        self.push(i, m, d);
    }

    fn nest(
        &mut self,
        i: usize,
        m: Mode,
        d: &'d Doc,
        indent: super::algebra::Indent,
        mode: super::algebra::NestMode,
    ) {
        if mode == super::algebra::NestMode::Break {
            self.push(i, m, d);
        } else {
            self.push(apply_nesting(i, self.k, indent), m, d);
        }
    }

    fn limit(&mut self, i: usize, m: Mode, d: &'d Doc, limit: Width) {
        match limit {
            None if self.w.is_some() => {
                self.local.push(Entry::Width(self.w));
                self.push(i, Mode::Flat, d);
            }
            _ => self.push(i, m, d),
        }
        self.w = limit;
    }
}
