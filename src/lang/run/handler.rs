//! `try` in compiled code: the handlers a machine has entered, innermost
//! last, and how an exception arrives in one.
//!
//! An [`Op::Try`](crate::lang::compile::code::Op::Try) pushes a handler
//! that names its frame by depth (how many callers it has). An exception
//! raised while the handler is on top unwinds the frames above that one,
//! and the frame goes on at the handler with the exception's kind, reason
//! and stacktrace in three registers, where compiled clauses match them,
//! as the BEAM's `try` does with its catch tag on the stack. A `try` ends
//! with [`Op::TryEnd`](crate::lang::compile::code::Op::TryEnd), or when
//! its handler takes an exception: a frame leaves a `try`'s body no other
//! way, for nothing in the body is a tail call.

use crate::lang::compile::code::{Label, Reg};
use crate::term::exception::Kind;
use crate::term::{atom, Exception, Term};

/// A `try` a frame has entered.
#[derive(Clone, Copy, Debug)]
pub(super) struct Handler {
    /// How many callers the frame has.
    pub depth: u32,
    /// Where the frame goes on when an exception comes.
    pub at: Label,
    /// The first of the three registers the exception arrives in.
    pub kind: Reg,
}

/// The handlers of a machine, innermost last: one word until the first
/// `try` (a `Vec` would be three), since every process idle in `receive`
/// keeps a machine.
#[allow(clippy::box_collection)]
#[derive(Default)]
pub(super) struct Handlers(Option<Box<Vec<Handler>>>);

impl Handlers {
    pub fn push(&mut self, h: Handler) {
        self.0.get_or_insert_with(Default::default).push(h);
    }

    pub fn pop(&mut self) -> Option<Handler> {
        self.0.as_mut()?.pop()
    }

    pub fn clear(&mut self) {
        if let Some(v) = &mut self.0 {
            v.clear();
        }
    }
}

/// The values an exception arrives in a handler as: its kind's atom, its
/// reason and its stacktrace (a list, empty when none was kept).
pub(super) fn arrival(e: Exception) -> [Term; 3] {
    let kind = e.kind.atom();
    let stack = match e.stack {
        Term::Nil => Term::list(Vec::new()),
        stack => stack,
    };
    [Term::Atom(kind), e.reason, stack]
}

/// The exception a handler was given, from the values it arrived as: a
/// `try` whose clauses all refuse it raises it again as it was.
pub(super) fn departure(kind: &Term, reason: Term, stack: Term) -> Exception {
    let kind = match kind.as_atom() {
        Some(a) if a == atom::EXIT_KIND => Kind::Exit,
        Some(a) if a == atom::THROW => Kind::Throw,
        _ => Kind::Error,
    };
    Exception {
        kind,
        reason,
        stack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exception_departs_as_it_arrived() {
        for e in [
            Exception::error(Term::int(1)),
            Exception::exit(Term::Atom(atom::NORMAL)),
            Exception::throw(Term::list(vec![Term::int(2)])),
        ] {
            let [kind, reason, stack] = arrival(e.clone());
            assert_eq!(stack, Term::list(Vec::new()));
            let back = departure(&kind, reason, stack);
            assert_eq!((back.kind, back.reason), (e.kind, e.reason));
        }
    }
}
