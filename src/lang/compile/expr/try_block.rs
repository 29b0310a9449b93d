//! `try do ... rescue ... catch ... else ... after ... end`, compiled.
//!
//! ```elixir
//! try do
//!   Map.fetch!(map, key)
//! rescue
//!   e in KeyError -> {:missing, e.key}
//! after
//!   IO.puts("looked")
//! end
//! ```
//!
//! The body runs between an [`Op::Try`] and an [`Op::TryEnd`]: an
//! exception leaving it (or anything it calls) comes back to the handler,
//! compiled after it, with its kind, reason and stacktrace in three
//! registers. The handler's clauses are ordinary compiled clauses: a
//! `rescue` clause tests the error's exception struct (an Erlang error
//! normalized first, `:badarg` becoming `ArgumentError`), a `catch`
//! clause matches the kind and the value. When none takes the exception,
//! [`Op::Reraise`] raises it again with its stacktrace. The `else`
//! clauses match the body's value once the `try` is left, so their errors
//! are not rescued. An `after` block is a second `try` around all of it,
//! its code compiled twice, as the BEAM's compiler does: once on the way
//! out with a value, once on the way out with an exception, which it
//! raises again.
//!
//! A call in the body is not a tail call (the frame keeps its handler),
//! nor anything when there is an `after`; without one, the clauses'
//! bodies are in the `try`'s own position.

use super::{clauses_of, Compiler, To, R};
use crate::lang::ast::{Ast, Clause, Node};
use crate::lang::compile::builder::Builder;
use crate::lang::compile::code::{Callee, Failure, Guard, Label, Op, Reg};
use crate::lang::eval::keyword_block;
use crate::runtime::code::Native;
use crate::runtime::Ctx;
use crate::term::exception::normalize;
use crate::term::{atom, Atom, Exception, Term};

/// The parts of a `try`, when the compiler knows their shape.
struct Parts<'a> {
    body: Option<&'a Ast>,
    rescue: &'a [Clause],
    catch: &'a [Clause],
    otherwise: Option<&'a [Clause]>,
    after: Option<&'a Ast>,
}

/// What a `rescue` clause's pattern asks of an error.
struct Rescue<'a> {
    /// The variable bound to the exception (`e`, `_`), if any.
    var: Option<&'a Ast>,
    /// The exception modules it takes; `None`: any.
    modules: Option<Vec<Atom>>,
}

impl Compiler<'_> {
    /// `try` with `block` its keyword list of parts.
    pub(super) fn try_block(&mut self, b: &mut Builder, e: &Ast, block: &Ast, to: To) -> R {
        let Some(parts) = self.parts(block) else {
            return self.fallback(b, e, to);
        };
        let dst = self.dst(b, to)?;
        match parts.after {
            None => self.protected(b, &parts, dst, to),
            Some(after) => {
                let kind = b.regs(3)?;
                let enter = b.emit(Op::Try { kind, handler: 0 });
                self.protected(b, &parts, dst, To::Reg(dst))?;
                b.emit(Op::TryEnd);
                self.discarded(b, after)?;
                self.deliver(b, dst, to);
                let skip = self.jump_out(b, to);
                let handler = b.here();
                b.patch(enter, handler);
                self.discarded(b, after)?;
                b.emit(Op::Reraise { kind });
                if let Some(skip) = skip {
                    let end = b.here();
                    b.patch(skip, end);
                }
                Ok(())
            }
        }
    }

    /// The parts of a `try` whose every clause the compiler can compile;
    /// `None` leaves it to the evaluator, which reports what is wrong.
    fn parts<'b>(&self, block: &'b Ast) -> Option<Parts<'b>> {
        let Node::List(items) = &block.kind else {
            return None;
        };
        let known = ["do", "rescue", "catch", "else", "after"];
        let keys_known = items.iter().all(|item| match &item.kind {
            Node::Tuple(kv) if kv.len() == 2 => {
                matches!(&kv[0].kind, Node::Atom(k) if known.contains(&k.as_str()))
            }
            _ => false,
        });
        let clauses = |key| match keyword_block(block, key) {
            Some(b) => clauses_of(Some(b)),
            None => Some(&[][..]),
        };
        let parts = Parts {
            body: keyword_block(block, "do"),
            rescue: clauses("rescue")?,
            catch: clauses("catch")?,
            otherwise: match keyword_block(block, "else") {
                Some(b) => Some(clauses_of(Some(b))?),
                None => None,
            },
            after: keyword_block(block, "after"),
        };
        let handles = !parts.rescue.is_empty() || !parts.catch.is_empty() || parts.after.is_some();
        let shapes = parts.rescue.iter().all(|c| self.rescue(c).is_some())
            && parts
                .catch
                .iter()
                .all(|c| matches!(c.patterns.len(), 1 | 2))
            && parts
                .otherwise
                .is_none_or(|cs| cs.iter().all(|c| c.patterns.len() == 1));
        (keys_known && handles && shapes).then_some(parts)
    }

    /// The body, its `else` clauses and its handler, the value going to
    /// `dst` (or returned, as `to` says).
    fn protected(&mut self, b: &mut Builder, parts: &Parts, dst: Reg, to: To) -> R {
        if parts.rescue.is_empty() && parts.catch.is_empty() {
            // Only `after` handles what the body raises.
            self.branch(b, parts.body, To::Reg(dst))?;
            let mut ends = Vec::new();
            match parts.otherwise {
                Some(clauses) => self.else_clauses(b, clauses, dst, to, &mut ends)?,
                None => self.deliver(b, dst, to),
            }
            let end = b.here();
            for j in ends {
                b.patch(j, end);
            }
            return Ok(());
        }
        let kind = b.regs(3)?;
        let enter = b.emit(Op::Try { kind, handler: 0 });
        self.branch(b, parts.body, To::Reg(dst))?;
        b.emit(Op::TryEnd);
        let mut ends = Vec::new();
        match parts.otherwise {
            Some(clauses) => self.else_clauses(b, clauses, dst, to, &mut ends)?,
            None => {
                self.deliver(b, dst, to);
                ends.extend(self.jump_out(b, to));
            }
        }
        let handler = b.here();
        b.patch(enter, handler);
        self.handler(b, parts, kind, to, &mut ends)?;
        let end = b.here();
        for j in ends {
            b.patch(j, end);
        }
        Ok(())
    }

    /// The `else` clauses, matching the body's value in `src`.
    fn else_clauses(
        &mut self,
        b: &mut Builder,
        clauses: &[Clause],
        src: Reg,
        to: To,
        ends: &mut Vec<Label>,
    ) -> R {
        self.clauses_then_fail(b, clauses, src, out(src, to), Failure::Try, ends)
    }

    /// The handler: the exception in `kind`, `kind + 1` (its reason) and
    /// `kind + 2` (its stacktrace) goes through the `rescue` clauses (if
    /// an error), then the `catch` clauses, and is raised again when none
    /// takes it.
    fn handler(
        &mut self,
        b: &mut Builder,
        parts: &Parts,
        kind: Reg,
        to: To,
        ends: &mut Vec<Label>,
    ) -> R {
        let (reason, stack) = (kind + 1, kind + 2);
        let dst = self.dst(b, to)?;
        let out = out(dst, to);
        if !parts.rescue.is_empty() {
            let not_error = self.unless_kind(b, kind, atom::ERROR);
            let value = b.reg()?;
            let start = b.reg()?;
            b.emit(Op::Move {
                dst: start,
                src: reason,
            });
            let callee = b.code.calls.len() as u32;
            b.code.calls.push(Callee::Native(Native::Sync(normalized)));
            b.emit(Op::Call {
                callee,
                start,
                n: 1,
                dst: value,
                tail: false,
                frame: 0,
            });
            for clause in parts.rescue {
                let mark = b.mark();
                let rescue = self.rescue(clause).expect("checked by `parts`");
                let mut fails = Vec::new();
                if let Some(modules) = rescue.modules {
                    fails.push(self.struct_test(b, value, modules));
                }
                if let Some(var) = rescue.var {
                    fails.extend(self.head(b, var, None, value)?);
                }
                self.clause_body(b, clause, stack, out, ends)?;
                b.restore(mark);
                let next = b.here();
                for f in fails {
                    b.patch(f, next);
                }
            }
            let catches = b.here();
            b.patch(not_error, catches);
        }
        for clause in parts.catch {
            let mark = b.mark();
            let fails = match &clause.patterns[..] {
                [value] => {
                    let mut fails = vec![self.unless_kind(b, kind, atom::THROW)];
                    fails.extend(self.head(b, value, clause.guard.as_ref(), reason)?);
                    fails
                }
                [k, value] => {
                    let mut fails = self.head(b, k, None, kind)?;
                    fails.extend(self.head(b, value, clause.guard.as_ref(), reason)?);
                    fails
                }
                _ => unreachable!("checked by `parts`"),
            };
            self.clause_body(b, clause, stack, out, ends)?;
            b.restore(mark);
            let next = b.here();
            for f in fails {
                b.patch(f, next);
            }
        }
        b.emit(Op::Reraise { kind });
        Ok(())
    }

    /// A handler clause's body, with `__STACKTRACE__` bound.
    fn clause_body(
        &mut self,
        b: &mut Builder,
        clause: &Clause,
        stack: Reg,
        out: To,
        ends: &mut Vec<Label>,
    ) -> R {
        b.bind(Atom::new("__STACKTRACE__"), stack);
        self.expr(b, &clause.body, out)?;
        ends.extend(self.jump_out(b, out));
        Ok(())
    }

    /// A test, to be pointed at the next clause, failing unless the kind in
    /// `kind` is `want`.
    fn unless_kind(&mut self, b: &mut Builder, kind: Reg, want: Atom) -> Label {
        let k = b.code.consts.len() as u32;
        b.code.consts.push(Term::Atom(want));
        b.emit(Op::IsConst {
            src: kind,
            k,
            fail: 0,
        })
    }

    /// A test, to be pointed at the next clause, failing unless `value` is
    /// an exception of one of `modules`.
    fn struct_test(&mut self, b: &mut Builder, value: Reg, modules: Vec<Atom>) -> Label {
        let module = Guard::Field(Box::new(Guard::Reg(value)), atom::STRUCT);
        let modules = Term::list(modules.into_iter().map(Term::Atom).collect());
        let guard = b.code.guards.len() as u32;
        b.code.guards.push(Guard::Binary(
            "in".to_owned(),
            Box::new(module),
            Box::new(Guard::Const(modules)),
        ));
        b.emit(Op::Guard { guard, fail: 0 })
    }

    /// What a `rescue` clause asks: `e`, `_`, `Alias`, `[A, B]`,
    /// `e in Alias`, `e in [A, B]`; `None` for any other shape (or a
    /// guard, which `rescue` does not take).
    fn rescue<'c>(&self, clause: &'c Clause) -> Option<Rescue<'c>> {
        let [pat] = &clause.patterns[..] else {
            return None;
        };
        if clause.guard.is_some() {
            return None;
        }
        match &pat.kind {
            Node::Var(_) => Some(Rescue {
                var: Some(pat),
                modules: None,
            }),
            _ if pat.local_name() == Some("in") => {
                let c = pat.as_call()?;
                let [var, modules] = &c.args[..] else {
                    return None;
                };
                matches!(var.kind, Node::Var(_)).then_some(())?;
                Some(Rescue {
                    var: Some(var),
                    modules: Some(self.modules(modules)?),
                })
            }
            _ => Some(Rescue {
                var: None,
                modules: Some(self.modules(pat)?),
            }),
        }
    }

    /// The modules of `Alias` or `[A, B]`.
    fn modules(&self, e: &Ast) -> Option<Vec<Atom>> {
        let one = |a: &Ast| match &a.kind {
            Node::Alias(parts) => Some(self.scope.resolve_alias(parts)),
            Node::Value(v) => v.0.as_atom(),
            _ => None,
        };
        match &e.kind {
            Node::List(items) => items.iter().map(one).collect(),
            _ => Some(vec![one(e)?]),
        }
    }

    /// `e` for its effects alone.
    fn discarded(&mut self, b: &mut Builder, e: &Ast) -> R {
        let scratch = b.reg()?;
        self.branch(b, Some(e), To::Reg(scratch))
    }
}

/// Where a clause's value goes: returned, or into `dst` (which the value
/// being matched may occupy: it is read before the body runs).
fn out(dst: Reg, to: To) -> To {
    match to {
        To::Return => To::Return,
        To::Reg(_) => To::Reg(dst),
    }
}

/// An error's reason as `rescue` sees it: an exception struct, an Erlang
/// error made one (`:badarg` is `ArgumentError`).
fn normalized(_cx: &mut Ctx, args: Vec<Term>) -> Result<Term, Exception> {
    Ok(normalize(&args[0]))
}
