//! Expressions: each node compiled to instructions that leave its value in a
//! register, or, in tail position, end the code with it (so that a call
//! there replaces the caller's frame instead of growing the stack).

use super::builder::Builder;
use super::code::{
    BinOp, Callee, Code, Failure, Fallback, Kind, LambdaSite, Op, Pat, ReceiveSite, Reg, Type,
    DISCARD, RAISE, WHOLE_WINDOW,
};
use super::{guard, pattern, Unsupported};
use crate::lang::ast::{Ast, Call, Clause, Node, Part, Target};
use crate::lang::eval::inline_arith;
use crate::lang::eval::{call, expr, keyword_block, Scope};
use crate::runtime::Ctx;
use crate::term::{Atom, Term};
use rustc_hash::FxHashMap;
use std::sync::Arc;

mod bitstring;
mod try_block;

type R<T = ()> = Result<T, Unsupported>;

/// What compiling a unit needs to know of its surroundings.
pub struct Compiler<'a> {
    /// The compiling process, to look modules up.
    pub cx: &'a Ctx,
    /// The scope the code is written in.
    pub scope: &'a Arc<Scope>,
    /// The unit's own functions, by name and arity.
    pub own: FxHashMap<(Atom, usize), u32>,
    /// Codes made so far; lambdas are appended.
    pub codes: Vec<Option<Code>>,
    /// Calls of `Enum`'s higher-order functions go to the prelude (not in
    /// the prelude itself, whose last clauses call the native ones).
    pub intrinsics: bool,
    /// Compiling a module's functions (see `Unit::module_functions`).
    pub module_functions: bool,
    /// The whole input being compiled, if it is one: left whole to the
    /// evaluator (a `defmodule`), it is not compiled at all, rather than
    /// copied into a code that would only hand it over.
    pub whole: Option<&'a Ast>,
}

/// Where a value goes.
#[derive(Clone, Copy)]
enum To {
    /// Into this register.
    Reg(Reg),
    /// Returned: the expression is in tail position.
    Return,
}

impl<'a> Compiler<'a> {
    /// Compiles `e` so that its value ends in `dst`.
    pub fn value(&mut self, b: &mut Builder, e: &Ast, dst: Reg) -> R {
        self.expr(b, e, To::Reg(dst))
    }

    /// Compiles `e` in tail position: the code returns its value.
    pub fn tail(&mut self, b: &mut Builder, e: &Ast) -> R {
        self.expr(b, e, To::Return)
    }

    /// The register holding `e`'s value: a variable's own, or a new one.
    fn operand(&mut self, b: &mut Builder, e: &Ast) -> R<Reg> {
        if let Node::Var(n) = &e.kind {
            if let Some(r) = b.lookup(Atom::new(n)) {
                return Ok(r);
            }
        }
        let r = b.reg()?;
        self.value(b, e, r)?;
        Ok(r)
    }

    /// Compiles each of `items` into consecutive registers; the first.
    fn args(&mut self, b: &mut Builder, items: &[Ast]) -> R<Reg> {
        let start = b.regs(items.len())?;
        for (i, item) in items.iter().enumerate() {
            self.value(b, item, start + i as Reg)?;
        }
        Ok(start)
    }

    fn expr(&mut self, b: &mut Builder, e: &Ast, to: To) -> R {
        let line = b.line;
        if e.span.line > 0 {
            b.line = e.span.line;
        }
        let r = self.node(b, e, to);
        b.line = line;
        r
    }

    fn node(&mut self, b: &mut Builder, e: &Ast, to: To) -> R {
        if let Some(t) = literal(e) {
            return self.constant(b, t, to);
        }
        match &e.kind {
            Node::Var(name) => self.var(b, e, name, to),
            Node::Block(items) => self.block(b, items, to),
            Node::Tuple(items) => {
                let start = self.args(b, items)?;
                let n = items.len() as u16;
                self.build(b, to, |dst| Op::Tuple { dst, start, n })
            }
            Node::List(items) => self.list(b, items, to),
            Node::Map(pairs) => {
                let start = self.pairs(b, pairs)?;
                let n = pairs.len() as u16;
                self.build(b, to, |dst| Op::Map { dst, start, n })
            }
            Node::MapUpdate(base, pairs) => {
                let base = self.operand(b, base)?;
                let start = self.pairs(b, pairs)?;
                let n = pairs.len() as u16;
                self.build(b, to, |dst| Op::MapUpdate {
                    dst,
                    base,
                    start,
                    n,
                })
            }
            Node::Interpolation(parts) => self.interpolation(b, parts, to),
            Node::Bitstring(items) => self.bitstring(b, e, items, to),
            Node::CharlistInterpolation(parts) => self.sigil(b, e, 'c', parts, "", to),
            Node::Sigil(letter, parts, mods) => self.sigil(b, e, *letter, parts, mods, to),
            Node::Fn(clauses) => self.lambda(b, clauses, to),
            Node::Alias(parts) => self.constant(b, Term::Atom(self.scope.resolve_alias(parts)), to),
            Node::Call(c) => self.call(b, e, c, to),
            Node::Struct(name, None, pairs) => match self.struct_name(name) {
                Some(module) => self.struct_literal(b, module, pairs, to),
                None => self.fallback(b, e, to),
            },
            // Keys Elixir would refuse as it compiles, the evaluator reports.
            Node::Struct(name, Some(base), pairs) => match self.struct_name(name) {
                Some(module) if self.keys_are_fields(module, pairs) => {
                    self.struct_update(b, module, base, pairs, to)
                }
                _ => self.fallback(b, e, to),
            },
            _ => self.fallback(b, e, to),
        }
    }

    fn constant(&mut self, b: &mut Builder, t: Term, to: To) -> R {
        let dst = self.dst(b, to)?;
        b.constant(dst, t);
        self.finish(b, dst, to);
        Ok(())
    }

    /// The register a value for `to` is built in.
    fn dst(&mut self, b: &mut Builder, to: To) -> R<Reg> {
        match to {
            To::Reg(r) => Ok(r),
            To::Return => b.reg(),
        }
    }

    /// Returns the value in `dst` when `to` asks for it.
    fn finish(&mut self, b: &mut Builder, dst: Reg, to: To) {
        if let To::Return = to {
            b.emit(Op::Return { src: dst });
        }
    }

    /// Emits the instruction `make(dst)` and delivers its value.
    fn build(&mut self, b: &mut Builder, to: To, make: impl FnOnce(Reg) -> Op) -> R {
        let dst = self.dst(b, to)?;
        b.emit(make(dst));
        self.finish(b, dst, to);
        Ok(())
    }

    /// Delivers the value already in `src`.
    fn deliver(&mut self, b: &mut Builder, src: Reg, to: To) {
        match to {
            To::Reg(dst) if dst != src => {
                b.emit(Op::Move { dst, src });
            }
            To::Reg(_) => {}
            To::Return => {
                b.emit(Op::Return { src });
            }
        }
    }

    fn var(&mut self, b: &mut Builder, e: &Ast, name: &str, to: To) -> R {
        if let Some(r) = b.lookup(Atom::new(name)) {
            self.deliver(b, r, to);
            return Ok(());
        }
        match name {
            "__MODULE__" => {
                let m = self.scope.module.map(Term::Atom).unwrap_or_else(Term::nil);
                self.constant(b, m, to)
            }
            "__ENV__" | "__CALLER__" => self.constant(b, Term::nil(), to),
            // A bare name that is no variable is a call without parentheses.
            _ => self.local(b, e, name, &[], to),
        }
    }

    fn block(&mut self, b: &mut Builder, items: &[Ast], to: To) -> R {
        let Some((last, init)) = items.split_last() else {
            return self.constant(b, Term::nil(), to);
        };
        for item in init {
            let scratch = b.reg()?;
            self.value(b, item, scratch)?;
        }
        self.expr(b, last, to)
    }

    fn list(&mut self, b: &mut Builder, items: &[Ast], to: To) -> R {
        let (heads, tail) = match items.split_last() {
            Some((last, init)) if last.local_name() == Some("|") => {
                let c = last.as_call().ok_or(Unsupported)?;
                let [h, t] = &c.args[..] else {
                    return Err(Unsupported);
                };
                let mut heads: Vec<Ast> = init.to_vec();
                heads.push(h.clone());
                (heads, Some(t))
            }
            _ => (items.to_vec(), None),
        };
        let start = self.args(b, &heads)?;
        let tail = match tail {
            Some(t) => Some(self.operand(b, t)?),
            None => None,
        };
        let n = heads.len() as u16;
        self.build(b, to, |dst| Op::List {
            dst,
            start,
            n,
            tail,
        })
    }

    fn pairs(&mut self, b: &mut Builder, pairs: &[(Ast, Ast)]) -> R<Reg> {
        let start = b.regs(pairs.len() * 2)?;
        for (i, (k, v)) in pairs.iter().enumerate() {
            self.value(b, k, start + 2 * i as Reg)?;
            self.value(b, v, start + 2 * i as Reg + 1)?;
        }
        Ok(start)
    }

    fn interpolation(&mut self, b: &mut Builder, parts: &[Part], to: To) -> R {
        let start = b.regs(parts.len())?;
        for (i, part) in parts.iter().enumerate() {
            let r = start + i as Reg;
            match part {
                Part::Text(t) => b.constant(r, Term::string(t)),
                Part::Expr(e) => self.value(b, e, r)?,
            }
        }
        let n = parts.len() as u16;
        self.build(b, to, |dst| Op::Interpolate { dst, start, n })
    }

    /// `~w(a b c)a`, `~s(...)`: a constant when nothing is interpolated,
    /// a string built as an interpolation is for `~s` and `~r`; the others
    /// (and a sigil whose value is an error) are left to the evaluator.
    fn sigil(
        &mut self,
        b: &mut Builder,
        e: &Ast,
        letter: char,
        parts: &[Part],
        mods: &str,
        to: To,
    ) -> R {
        let literal: Option<String> = parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                Part::Expr(_) => None,
            })
            .collect();
        match literal {
            Some(text) => match crate::lang::eval::expr::sigil_value(letter, &text, mods) {
                Ok(value) => self.constant(b, value, to),
                Err(_) => self.fallback(b, e, to),
            },
            None if matches!(letter, 's' | 'r') => self.interpolation(b, parts, to),
            None if matches!(letter, 'c' | 'w') => {
                // The text interpolated, then made the sigil's value.
                let start = b.regs(2)?;
                self.interpolation(b, parts, To::Reg(start))?;
                b.constant(start + 1, Term::string(&format!("{letter}{mods}")));
                self.call_at(b, sync_native(interpolated_sigil), start, 2, to)
            }
            None => self.fallback(b, e, to),
        }
    }

    /// Emits the test of a clause's guard; the failures to point at the
    /// next clause. The common guards (comparisons of variables and
    /// literals, type tests, `and`) become instructions; the rest a guard
    /// tree, evaluated as a whole.
    fn test_guard(&mut self, b: &mut Builder, g: &Ast) -> R<Vec<u32>> {
        if quick_guard(b, g) {
            let mut fails = Vec::new();
            self.guard_jumps(b, g, &mut fails)?;
            return Ok(fails);
        }
        let g = guard::compile(b, g)?;
        let id = b.code.guards.len() as u32;
        b.code.guards.push(g);
        Ok(vec![b.emit(Op::Guard {
            guard: id,
            fail: RAISE,
        })])
    }

    fn guard_jumps(&mut self, b: &mut Builder, g: &Ast, fails: &mut Vec<u32>) -> R {
        let c = g.as_call().ok_or(Unsupported)?;
        match (g.local_name(), &c.args[..]) {
            (Some("and"), [l, r]) => {
                self.guard_jumps(b, l, fails)?;
                self.guard_jumps(b, r, fails)
            }
            (Some(f), args) if type_test(f, args).is_some() => {
                let ty = type_test(f, args).ok_or(Unsupported)?;
                let src = self.operand(b, &args[0])?;
                fails.push(b.emit(Op::TypeTest {
                    src,
                    ty,
                    fail: RAISE,
                }));
                Ok(())
            }
            (Some(op), [l, r]) => {
                let op = bin_op(op).ok_or(Unsupported)?;
                let dst = b.reg()?;
                self.binary(b, op, l, r, To::Reg(dst))?;
                let jump = b.jump_unless_true(dst);
                b.patch(jump, RAISE);
                fails.push(jump);
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }

    /// `fn clauses end`: a lambda of the unit, capturing what it uses.
    fn lambda(&mut self, b: &mut Builder, clauses: &[Clause], to: To) -> R {
        let arity = clauses.first().map(|c| c.patterns.len()).unwrap_or(0);
        if clauses.iter().any(|c| c.patterns.len() != arity) {
            return Err(Unsupported);
        }
        let mut lb = Builder::new(Kind::Lambda, arity, b.visible())?;
        lb.line = b.line;
        self.clauses(&mut lb, clauses, Failure::LambdaClause)?;
        let captures = lb
            .captured
            .clone()
            .into_iter()
            .map(|name| b.lookup(name).ok_or(Unsupported))
            .collect::<R<Vec<Reg>>>()?;
        let code = self.codes.len() as u32;
        self.codes.push(Some(lb.code));
        let site = b.code.lambdas.len() as u32;
        b.code.lambdas.push(LambdaSite { code, captures });
        self.build(b, to, |dst| Op::Lambda { dst, site })
    }

    /// A function's clauses over its arguments in registers `0..arity`:
    /// each head matched in turn, the first that fits runs its body.
    pub fn clauses(&mut self, b: &mut Builder, clauses: &[Clause], failure: Failure) -> R {
        for clause in clauses {
            b.line = clause.span.line;
            let mark = b.mark();
            let mut bound = Vec::new();
            let mut tests = Vec::new();
            for (i, p) in clause.patterns.iter().enumerate() {
                if let Node::Var(n) = &p.kind {
                    let a = Atom::new(n);
                    if !n.starts_with('_') && !bound.iter().any(|(m, _)| *m == a) {
                        bound.push((a, i as Reg));
                        continue;
                    }
                }
                let pat = pattern::compile(b, p, &mut bound)?;
                if !matches!(pat, Pat::Any) {
                    tests.push((pat, i as Reg));
                }
            }
            // Variables bound by the head are visible to the guard.
            let mut fails: Vec<u32> = tests
                .into_iter()
                .filter_map(|(pat, src)| test(b, pat, src))
                .collect();
            for (name, r) in bound {
                b.bind(name, r);
            }
            if let Some(g) = &clause.guard {
                fails.extend(self.test_guard(b, g)?);
            }
            self.tail(b, &clause.body)?;
            b.restore(mark);
            let next = b.here();
            for f in fails {
                b.patch(f, next);
            }
        }
        b.emit(Op::Fail {
            what: failure,
            src: 0,
        });
        Ok(())
    }

    fn call(&mut self, b: &mut Builder, e: &Ast, c: &Call, to: To) -> R {
        match &c.target {
            Target::Local(name) => self.local(b, e, name, &c.args, to),
            Target::Remote(recv, fun) => self.remote(b, e, recv, fun, &c.args, c.no_parens, to),
            Target::Anonymous(f) => {
                let fun = self.operand(b, f)?;
                let start = self.args(b, &c.args)?;
                let n = c.args.len() as u16;
                self.apply(b, to, |dst, tail| Op::Apply {
                    fun,
                    start,
                    n,
                    dst,
                    tail,
                    frame: WHOLE_WINDOW,
                })
            }
        }
    }

    /// Emits a call; in tail position, as a tail call.
    fn apply(&mut self, b: &mut Builder, to: To, make: impl FnOnce(Reg, bool) -> Op) -> R {
        match to {
            To::Reg(dst) => {
                b.emit(make(dst, false));
            }
            To::Return => {
                let dst = b.reg()?;
                b.emit(make(dst, true));
            }
        }
        Ok(())
    }

    fn call_callee(&mut self, b: &mut Builder, callee: Callee, args: &[Ast], to: To) -> R {
        if is_send(&callee, args.len()) {
            // The commonest message primitive, without a native call.
            let start = self.args(b, args)?;
            return self.build(b, to, |dst| Op::Send { dst, start });
        }
        let callee = match callee {
            Callee::Remote(m, fun) => self.native(m, fun, args.len()).unwrap_or(callee),
            other => other,
        };
        let start = self.args(b, args)?;
        self.call_at(b, callee, start, args.len(), to)
    }

    /// The module of `%Name{...}` when the name is known as it compiles.
    fn struct_name(&self, name: &Ast) -> Option<Atom> {
        match &name.kind {
            Node::Alias(parts) => Some(self.scope.resolve_alias(parts)),
            Node::Atom(a) => Some(Atom::new(a)),
            _ => None,
        }
    }

    /// `%Module{k: v, ...}`: the keys and values in order, then the struct
    /// made as the evaluator makes it (`__struct__/1` checks the keys).
    fn struct_literal(&mut self, b: &mut Builder, module: Atom, pairs: &[(Ast, Ast)], to: To) -> R {
        let n = 1 + 2 * pairs.len();
        let start = b.regs(n)?;
        b.constant(start, Term::Atom(module));
        self.key_values(b, pairs, start + 1)?;
        self.call_at(b, native(expr::struct_literal_native), start, n, to)
    }

    /// A struct expression's keys and values, one after the other from `at`.
    fn key_values(&mut self, b: &mut Builder, pairs: &[(Ast, Ast)], at: Reg) -> R {
        for (i, (k, v)) in pairs.iter().enumerate() {
            let k_at = at + 2 * i as Reg;
            self.value(b, k, k_at)?;
            self.value(b, v, k_at + 1)?;
        }
        Ok(())
    }

    /// True when every key of `%Module{base | k: v}` is a literal field of
    /// the struct as it is now defined.
    fn keys_are_fields(&self, module: Atom, pairs: &[(Ast, Ast)]) -> bool {
        let fields =
            crate::lang::module::with_user_module(self.cx, module, |u| u.struct_fields.clone())
                .flatten();
        let Some(fields) = fields else {
            return false;
        };
        pairs.iter().all(|(k, _)| {
            matches!(&k.kind, Node::Atom(key) if fields.iter().any(|(f, _)| f.name() == key))
        })
    }

    /// `%Module{base | k: v, ...}`: the base checked to be a `Module`
    /// struct, then the keys and values in order, then the update.
    fn struct_update(
        &mut self,
        b: &mut Builder,
        module: Atom,
        base: &Ast,
        pairs: &[(Ast, Ast)],
        to: To,
    ) -> R {
        let check = b.regs(2)?;
        b.constant(check, Term::Atom(module));
        self.value(b, base, check + 1)?;
        let n = 1 + 2 * pairs.len();
        let start = b.regs(n)?;
        let checked = sync_native(expr::struct_base_native);
        self.call_at(b, checked, check, 2, To::Reg(start))?;
        self.key_values(b, pairs, start + 1)?;
        self.call_at(b, sync_native(expr::struct_update_native), start, n, to)
    }

    fn call_at(&mut self, b: &mut Builder, callee: Callee, start: Reg, n: usize, to: To) -> R {
        let id = b.code.calls.len() as u32;
        b.code.calls.push(callee);
        let n = n as u16;
        self.apply(b, to, |dst, tail| Op::Call {
            callee: id,
            start,
            n,
            dst,
            tail,
            frame: WHOLE_WINDOW,
        })
    }

    fn local(&mut self, b: &mut Builder, e: &Ast, name: &str, args: &[Ast], to: To) -> R {
        match (name, args) {
            ("=", [pat, rhs]) => self.matching(b, pat, rhs, to),
            ("__block__", items) => self.block(b, items, to),
            ("if", [cond, block]) => self.if_(b, cond, block, false, to),
            ("unless", [cond, block]) => self.if_(b, cond, block, true, to),
            ("case", [subject, block]) => self.case(b, subject, block, to),
            ("match?", [pat, subject]) => {
                let case = crate::lang::eval::pattern::match_as_case(e, pat, subject);
                self.node(b, &case, to)
            }
            ("cond", [block]) => self.cond(b, block, to),
            ("receive", [block]) => self.receive(b, e, block, to),
            ("try", [block]) => self.try_block(b, e, block, to),
            ("|>", [lhs, rhs]) => self.pipe(b, e, lhs, rhs, to),
            ("&&", [l, r]) => self.short_circuit(b, l, r, false, to),
            ("||", [l, r]) => self.short_circuit(b, l, r, true, to),
            ("and", [l, r]) => self.boolean(b, l, r, "and", to),
            ("or", [l, r]) => self.boolean(b, l, r, "or", to),
            ("!", [a]) => {
                let src = self.operand(b, a)?;
                self.build(b, to, |dst| Op::Not { dst, src })
            }
            ("&", [inner]) if inner.local_name() != Some("/") => self.capture(b, e, inner, to),
            ("&", [inner]) => match remote_capture(inner) {
                // `&Mod.fun/arity`: the same function term every time.
                Some((module, fun, arity)) => {
                    let dst = self.dst(b, to)?;
                    let module = match module {
                        Node::Alias(parts) => self.scope.resolve_alias(parts),
                        Node::Atom(a) => Atom::new(a),
                        Node::Value(v) => v.0.as_atom().expect("an atom, checked"),
                        _ => unreachable!("checked by remote_capture"),
                    };
                    let fun = crate::lang::eval::closure::RemoteCapture::term(module, fun, arity);
                    b.constant(dst, fun);
                    self.finish(b, dst, to);
                    Ok(())
                }
                None => self.capture(b, e, inner, to),
            },
            ("with", _) => self.with(b, e, args, to),
            ("for", _) => match super::comprehension::rewrite(args, e.span) {
                Some(rewritten) => self.expr(b, &rewritten, to),
                None => self.fallback(b, e, to),
            },
            ("in", [x, coll]) => self.member(b, x, coll, false, to),
            ("not in", [x, coll]) => self.member(b, x, coll, true, to),
            ("<>", [l, r]) => self.binary(b, BinOp::Concat, l, r, to),
            ("..", [l, r]) => self.binary(b, BinOp::Range, l, r, to),
            // Kernel's operator, unless an `import Kernel, except:` left it
            // out (the module's own or another import's is then called).
            (op, [l, r]) if bin_op(op).is_some() && self.kernel_has(op, 2) => {
                self.binary(b, bin_op(op).ok_or(Unsupported)?, l, r, to)
            }
            ("raise", [_] | [_, _]) => self.call_callee(b, native(call::raise_native), args, to),
            ("reraise", [_, _] | [_, _, _]) => {
                self.call_callee(b, native(call::reraise_native), args, to)
            }
            ("binding", []) => self.binding(b, to),
            // In a module's function the expand stage resolved the names
            // an `alias` shortens; the directive's effect on the module's
            // scope is made once, as the function compiles, so the local
            // calls compiled after an `import` resolve through it.
            ("require" | "alias" | "import", [target, ..])
                if (self.module_functions || self.at_top_of_input(e)) && args.len() <= 2 =>
            {
                match call::directive(self.scope, name, target, args.get(1)) {
                    Ok(value) => self.constant(b, value, to),
                    Err(_) => self.fallback(b, e, to),
                }
            }
            ("not", [_]) => self.call_callee(b, sync_native(call::not_native), args, to),
            ("..//", [_, _, _]) => {
                self.call_callee(b, sync_native(call::stepped_range_native), args, to)
            }
            _ if is_special(name) => self.fallback(b, e, to),
            _ => self.function(b, e, name, args, to),
        }
    }

    /// True when `e` is one of the expressions of the input's top level,
    /// where a directive applies to the rest of the input and after it.
    fn at_top_of_input(&self, e: &Ast) -> bool {
        match self.whole.map(|w| &w.kind) {
            Some(Node::Block(items)) => items.iter().any(|i| std::ptr::eq(i, e)),
            _ => false,
        }
    }

    /// `binding()`: the variables in scope, as a keyword list sorted by
    /// name, but those whose names start with an underscore.
    fn binding(&mut self, b: &mut Builder, to: To) -> R {
        let names: Vec<Atom> = b
            .visible()
            .into_iter()
            // Names the compiler makes (`acc@for`) are no user's.
            .filter(|n| {
                let name = n.name();
                !name.starts_with(['_', '&']) && !name.contains(['@', ' '])
            })
            .collect();
        let start = b.regs(names.len())?;
        for (i, name) in names.iter().enumerate() {
            let var = b.lookup(*name).ok_or(Unsupported)?;
            let pair = b.regs(2)?;
            b.constant(pair, Term::Atom(*name));
            b.emit(Op::Move {
                dst: pair + 1,
                src: var,
            });
            b.emit(Op::Tuple {
                dst: start + i as Reg,
                start: pair,
                n: 2,
            });
        }
        let n = names.len() as u16;
        self.build(b, to, |dst| Op::List {
            dst,
            start,
            n,
            tail: None,
        })
    }

    /// `&(&1 + 1)`: a lambda whose parameters are `&1`, `&2`, ...
    fn capture(&mut self, b: &mut Builder, e: &Ast, inner: &Ast, to: To) -> R {
        use crate::lang::eval::closure::{
            max_capture_arg, replace_capture_args, skipped_capture_arg,
        };
        let arity = max_capture_arg(inner);
        if let (0, Some((name, n))) = (arity, local_capture(inner)) {
            return self.local_capture(b, name, n, inner, to);
        }
        // What Elixir refuses to compile, the evaluator reports.
        if arity == 0 || skipped_capture_arg(inner).is_some() {
            return self.fallback(b, e, to);
        }
        let clause = Clause {
            patterns: (1..=arity)
                .map(|i| Ast::new(Node::Var(format!("&{i}")), inner.span))
                .collect(),
            guard: None,
            body: replace_capture_args(inner),
            span: inner.span,
        };
        self.lambda(b, std::slice::from_ref(&clause), to)
    }

    /// `&name/arity`: a lambda calling the local function, as a local call
    /// finds it, or the capture of Kernel's.
    fn local_capture(&mut self, b: &mut Builder, name: &str, n: usize, at: &Ast, to: To) -> R {
        use crate::lang::eval::closure::{kernel_capture, local_capture_clause};
        let fun = Atom::new(name);
        let own = self.own.contains_key(&(fun, n))
            || self.scope.module.is_some_and(|m| self.defines(m, fun, n));
        let imported = || {
            let imports = self.scope.imports.lock();
            imports
                .iter()
                .any(|i| i.admits(fun, n) && self.exports(i.module, fun, n))
        };
        if own || imported() {
            let clause = local_capture_clause(name, n, at.span);
            return self.lambda(b, std::slice::from_ref(&clause), to);
        }
        self.constant(b, kernel_capture(name, n), to)
    }

    /// True when a local call of `name/arity` reaches Kernel's function:
    /// the module does not define it, and no `import Kernel` leaves it out.
    fn kernel_has(&self, name: &str, arity: usize) -> bool {
        let fun = Atom::new(name);
        let own = self.own.contains_key(&(fun, arity))
            || self
                .scope
                .module
                .is_some_and(|m| self.defines(m, fun, arity));
        let imports = self.scope.imports.lock();
        !own && crate::lang::eval::kernel_admits(&imports, fun, arity)
    }

    /// A local call of a function: the unit's own, the module's, a helper,
    /// an import's or Kernel's.
    fn function(&mut self, b: &mut Builder, e: &Ast, name: &str, args: &[Ast], to: To) -> R {
        let fun = Atom::new(name);
        let arity = args.len();
        if self.is_macro(None, fun, arity) {
            return self.fallback(b, e, to);
        }
        if let Some(&idx) = self.own.get(&(fun, arity)) {
            return self.call_callee(b, Callee::Own(idx), args, to);
        }
        if self
            .scope
            .module
            .is_some_and(|m| self.defines(m, fun, arity))
        {
            return self.fallback(b, e, to);
        }
        if self
            .scope
            .helpers
            .as_ref()
            .is_some_and(|h| h.has(name, arity))
        {
            return self.call_callee(b, Callee::Helper(fun), args, to);
        }
        let imported = self.scope.imports.lock().iter().rev().find_map(|i| {
            (i.admits(fun, arity) && self.exports(i.module, fun, arity)).then_some(i.module)
        });
        if let Some(m) = imported {
            return self.call_callee(b, Callee::Remote(m, fun), args, to);
        }
        let kernel = Atom::module("Kernel");
        if let (Some(op), [l, r]) = (int_op(name), args) {
            return self.binary(b, op, l, r, to);
        }
        if self.exports(kernel, fun, arity) {
            return self.call_callee(b, Callee::Remote(kernel, fun), args, to);
        }
        // Undefined: the evaluator reports it as Elixir does.
        self.fallback(b, e, to)
    }

    #[allow(clippy::too_many_arguments)]
    fn remote(
        &mut self,
        b: &mut Builder,
        e: &Ast,
        recv: &Ast,
        fun: &str,
        args: &[Ast],
        no_parens: bool,
        to: To,
    ) -> R {
        let module = match &recv.kind {
            Node::Alias(parts) => Some(self.scope.resolve_alias(parts)),
            Node::Atom(a) => Some(Atom::new(a)),
            Node::Value(v) => v.0.as_atom(),
            Node::Var(n) if n == "__MODULE__" && !b.is_bound(Atom::new(n)) => self.scope.module,
            _ => None,
        };
        let fun_atom = Atom::new(fun);
        match module {
            Some(m) => {
                if no_parens && args.is_empty() && fun.starts_with(|c: char| c.is_ascii_uppercase())
                {
                    return self.fallback(b, e, to);
                }
                // Logger's macros take their arguments' values as calls do,
                // once `require Logger` let them be used.
                let unrequired_logger = m == Atom::module("Logger")
                    && call::is_logger_macro(fun)
                    && !self.scope.is_required(m);
                if unrequired_logger || self.is_macro(Some(m), fun_atom, args.len()) {
                    return self.fallback(b, e, to);
                }
                if m == Atom::module("Logger") {
                    if let Some(level) = call::logger_level_literal(fun, args) {
                        let level = Ast::value(Term::atom_named(level), e.span);
                        return self.logger_call(b, e, level, fun_atom, args, to);
                    }
                    if call::logs_at_run_time_level(fun, args) {
                        return self.logger_run_time_level(b, e, fun_atom, args, to);
                    }
                }
                if self.intrinsics && m == Atom::module("Enum") {
                    if let Some(idx) = super::prelude::lookup(self.cx, fun_atom, args.len()) {
                        return self.call_callee(b, Callee::Prelude(idx), args, to);
                    }
                }
                self.call_callee(b, Callee::Remote(m, fun_atom), args, to)
            }
            None if no_parens && args.is_empty() => {
                let src = self.operand(b, recv)?;
                self.build(b, to, |dst| Op::Field {
                    dst,
                    src,
                    key: fun_atom,
                })
            }
            // `module.fun(args)` with the module a value: applied as
            // `apply/3` would.
            None => {
                let start = b.regs(args.len() + 1)?;
                self.value(b, recv, start)?;
                for (i, arg) in args.iter().enumerate() {
                    self.value(b, arg, start + 1 + i as Reg)?;
                }
                self.call_at(b, Callee::Dynamic(fun_atom), start, args.len() + 1, to)
            }
        }
    }

    /// The Rust function `m.fun/arity` is, when `m` is a native module.
    fn native(&self, m: Atom, fun: Atom, arity: usize) -> Option<Callee> {
        let module = self.cx.node().module(m)?;
        module.native(fun, arity).map(Callee::Native)
    }

    fn is_macro(&self, module: Option<Atom>, fun: Atom, arity: usize) -> bool {
        if module.is_none()
            && !self
                .scope
                .has_macros
                .load(std::sync::atomic::Ordering::Relaxed)
            && self.scope.imports.lock().is_empty()
        {
            return false;
        }
        crate::lang::module::macros::macro_module(self.cx, self.scope, module, fun, arity).is_some()
    }

    fn exports(&self, m: Atom, fun: Atom, arity: usize) -> bool {
        self.cx
            .node()
            .module(m)
            .is_some_and(|module| module.exports_fun(fun, arity))
    }

    fn defines(&self, m: Atom, fun: Atom, arity: usize) -> bool {
        self.cx
            .node()
            .module(m)
            .is_some_and(|module| module.defines(fun, arity))
    }

    /// `pat = rhs`.
    fn matching(&mut self, b: &mut Builder, pat: &Ast, rhs: &Ast, to: To) -> R {
        let src = self.operand(b, rhs)?;
        let mut bound = Vec::new();
        let compiled = pattern::compile(b, pat, &mut bound)?;
        // No next clause: a mismatch raises `MatchError`.
        test(b, compiled, src);
        for (name, r) in bound {
            b.bind(name, r);
        }
        self.deliver(b, src, to);
        Ok(())
    }

    fn if_(&mut self, b: &mut Builder, cond: &Ast, block: &Ast, negate: bool, to: To) -> R {
        let (Some(yes), no) = (keyword_block(block, "do"), keyword_block(block, "else")) else {
            return Err(Unsupported);
        };
        let (yes, no) = if negate {
            (no, Some(yes))
        } else {
            (Some(yes), no)
        };
        let c = self.operand(b, cond)?;
        // A comparison's value is a boolean, for this test alone.
        let comparison = cond.as_call().is_some_and(|call| call.args.len() == 2)
            && cond
                .local_name()
                .and_then(bin_op)
                .is_some_and(BinOp::is_comparison);
        let test = if comparison {
            b.jump_unless_true(c)
        } else {
            b.emit(Op::JumpIfFalsy { src: c, to: 0 })
        };
        let dst = self.dst(b, to)?;
        let out = match to {
            To::Return => To::Return,
            To::Reg(_) => To::Reg(dst),
        };
        self.branch(b, yes, out)?;
        let skip = self.jump_out(b, to);
        let other = b.here();
        b.patch(test, other);
        self.branch(b, no, out)?;
        if let Some(skip) = skip {
            let end = b.here();
            b.patch(skip, end);
        }
        Ok(())
    }

    /// A `Logger` macro call at `level`, as Elixir 1.14's macro expands:
    /// the level is checked first (`Logger.__should_log__/2`), the message
    /// and metadata are evaluated only when it passes, and a filtered call
    /// is `:ok`.
    fn logger_call(
        &mut self,
        b: &mut Builder,
        e: &Ast,
        level: Ast,
        fun: Atom,
        args: &[Ast],
        to: To,
    ) -> R {
        let logger = Atom::module("Logger");
        let module = self.scope.module.map_or(Term::nil(), Term::Atom);
        let check = [level, Ast::value(module, e.span)];
        let passes = b.reg()?;
        let should_log = Callee::Remote(logger, Atom::new("__should_log__"));
        self.call_callee(b, should_log, &check, To::Reg(passes))?;
        let test = b.emit(Op::JumpIfFalsy { src: passes, to: 0 });
        let dst = self.dst(b, to)?;
        let out = match to {
            To::Return => To::Return,
            To::Reg(_) => To::Reg(dst),
        };
        self.call_callee(b, Callee::Remote(logger, fun), args, out)?;
        let skip = self.jump_out(b, to);
        let filtered = b.here();
        b.patch(test, filtered);
        self.constant(b, Term::ok(), out)?;
        if let Some(skip) = skip {
            let end = b.here();
            b.patch(skip, end);
        }
        Ok(())
    }

    /// `Logger.log(level, message, ...)` with a level computed when it
    /// runs: the level once, then the check, then the message only when
    /// the level passes, as the macro expands (`Logger.__should_log__/2`
    /// on the level's value).
    fn logger_run_time_level(
        &mut self,
        b: &mut Builder,
        e: &Ast,
        fun: Atom,
        args: &[Ast],
        to: To,
    ) -> R {
        let mark = b.mark();
        let level = b.reg()?;
        self.expr(b, &args[0], To::Reg(level))?;
        // A name no variable of the program can have.
        let name = "logger level";
        b.bind(Atom::new(name), level);
        let var = Ast::new(Node::Var(name.to_string()), args[0].span);
        let mut with_level = vec![var.clone()];
        with_level.extend(args[1..].iter().cloned());
        let r = self.logger_call(b, e, var, fun, &with_level, to);
        b.restore(mark);
        r
    }

    /// A branch's body in its own scope (`None`: nil).
    fn branch(&mut self, b: &mut Builder, body: Option<&Ast>, to: To) -> R {
        let mark = b.mark();
        let r = match body {
            Some(body) => self.expr(b, body, to),
            None => self.constant(b, Term::nil(), to),
        };
        b.restore(mark);
        r
    }

    /// After a branch: a jump to the end, unless the branch returned.
    fn jump_out(&mut self, b: &mut Builder, to: To) -> Option<u32> {
        match to {
            To::Return => None,
            To::Reg(_) => Some(b.emit(Op::Jump { to: 0 })),
        }
    }

    fn case(&mut self, b: &mut Builder, subject: &Ast, block: &Ast, to: To) -> R {
        let clauses = clauses_of(keyword_block(block, "do")).ok_or(Unsupported)?;
        let src = self.operand(b, subject)?;
        self.match_clauses(b, clauses, src, to, Failure::Case)
    }

    /// The first of `clauses` whose pattern and guard take `src` runs;
    /// when none does, `failure` is raised.
    fn match_clauses(
        &mut self,
        b: &mut Builder,
        clauses: &[Clause],
        src: Reg,
        to: To,
        failure: Failure,
    ) -> R {
        let mut ends = Vec::new();
        self.clauses_then_fail(b, clauses, src, to, failure, &mut ends)?;
        let end = b.here();
        for j in ends {
            b.patch(j, end);
        }
        Ok(())
    }

    /// [`Compiler::match_clauses`], leaving the jumps out of the clauses in
    /// `ends` for the caller to point past what it puts after them.
    fn clauses_then_fail(
        &mut self,
        b: &mut Builder,
        clauses: &[Clause],
        src: Reg,
        to: To,
        failure: Failure,
        ends: &mut Vec<u32>,
    ) -> R {
        for clause in clauses {
            let [pat] = &clause.patterns[..] else {
                return Err(Unsupported);
            };
            let mark = b.mark();
            let fails = self.head(b, pat, clause.guard.as_ref(), src)?;
            self.expr(b, &clause.body, to)?;
            ends.extend(self.jump_out(b, to));
            b.restore(mark);
            let next = b.here();
            for f in fails {
                b.patch(f, next);
            }
        }
        b.emit(Op::Fail { what: failure, src });
        Ok(())
    }

    /// `with p <- e, ..., do: body, else: clauses`: each step's value
    /// matched in turn; the first that does not match is the result, or
    /// goes through the `else` clauses.
    fn with(&mut self, b: &mut Builder, e: &Ast, args: &[Ast], to: To) -> R {
        let Some((opts, steps)) = args.split_last() else {
            return self.fallback(b, e, to);
        };
        let (Some(body), otherwise) = (keyword_block(opts, "do"), keyword_block(opts, "else"))
        else {
            return self.fallback(b, e, to);
        };
        let otherwise = match otherwise {
            Some(block) => Some(clauses_of(Some(block)).ok_or(Unsupported)?),
            None => None,
        };
        let dst = self.dst(b, to)?;
        let out = match to {
            To::Return => To::Return,
            To::Reg(_) => To::Reg(dst),
        };
        let failed = b.reg()?;
        let mark = b.mark();
        let mut fails = Vec::new();
        for step in steps {
            match (step.local_name(), step.as_call()) {
                (Some("<-"), Some(c)) if c.args.len() == 2 => {
                    self.value(b, &c.args[1], failed)?;
                    let (pat, guard) = match (c.args[0].local_name(), c.args[0].as_call()) {
                        (Some("when"), Some(w)) if w.args.len() == 2 => {
                            (&w.args[0], Some(&w.args[1]))
                        }
                        _ => (&c.args[0], None),
                    };
                    fails.extend(self.head(b, pat, guard, failed)?);
                }
                _ => {
                    let scratch = b.reg()?;
                    self.value(b, step, scratch)?;
                }
            }
        }
        self.expr(b, body, out)?;
        let skip = self.jump_out(b, to);
        b.restore(mark);
        let mismatch = b.here();
        for f in fails {
            b.patch(f, mismatch);
        }
        match otherwise {
            Some(clauses) => self.match_clauses(b, clauses, failed, out, Failure::With)?,
            None => self.deliver(b, failed, out),
        }
        if let Some(skip) = skip {
            let end = b.here();
            b.patch(skip, end);
        }
        Ok(())
    }

    /// Matches `src` against one clause's pattern and guard, binding its
    /// variables; the instructions to point at the next clause.
    fn head(&mut self, b: &mut Builder, pat: &Ast, guard: Option<&Ast>, src: Reg) -> R<Vec<u32>> {
        let mut bound = Vec::new();
        let compiled = pattern::compile(b, pat, &mut bound)?;
        let mut fails: Vec<u32> = test(b, compiled, src).into_iter().collect();
        for (name, r) in bound {
            b.bind(name, r);
        }
        if let Some(g) = guard {
            fails.extend(self.test_guard(b, g)?);
        }
        Ok(fails)
    }

    fn cond(&mut self, b: &mut Builder, block: &Ast, to: To) -> R {
        let clauses = clauses_of(keyword_block(block, "do")).ok_or(Unsupported)?;
        let mut ends = Vec::new();
        let probe = b.reg()?;
        for clause in clauses {
            let [condition] = &clause.patterns[..] else {
                return Err(Unsupported);
            };
            self.value(b, condition, probe)?;
            let test = b.emit(Op::JumpIfFalsy { src: probe, to: 0 });
            self.branch(b, Some(&clause.body), to)?;
            ends.extend(self.jump_out(b, to));
            let next = b.here();
            b.patch(test, next);
        }
        b.emit(Op::Fail {
            what: Failure::Cond,
            src: probe,
        });
        let end = b.here();
        for j in ends {
            b.patch(j, end);
        }
        Ok(())
    }

    fn receive(&mut self, b: &mut Builder, e: &Ast, block: &Ast, to: To) -> R {
        let clauses = match keyword_block(block, "do") {
            Some(body) => clauses_of(Some(body)).ok_or(Unsupported)?,
            None => &[],
        };
        let after = match keyword_block(block, "after") {
            Some(a) => match clauses_of(Some(a)).ok_or(Unsupported)? {
                [only] if only.patterns.len() == 1 => Some(only),
                _ => return Err(Unsupported),
            },
            None => None,
        };
        if clauses.is_empty() && after.is_none() {
            return self.fallback(b, e, to);
        }
        let timeout = match after {
            Some(a) => Some(self.operand(b, &a.patterns[0])?),
            None => None,
        };
        let site = b.code.receives.len() as u32;
        b.code.receives.push(ReceiveSite {
            clauses: Vec::new(),
            after: None,
        });
        b.emit(Op::Receive { site });
        let dst = self.dst(b, to)?;
        let out = match to {
            To::Return => To::Return,
            To::Reg(_) => To::Reg(dst),
        };
        let mut ends = Vec::new();
        let mut compiled = Vec::new();
        for clause in clauses {
            let [pat] = &clause.patterns[..] else {
                return Err(Unsupported);
            };
            let mark = b.mark();
            let mut bound = Vec::new();
            let p = pattern::compile(b, pat, &mut bound)?;
            for (name, r) in bound {
                b.bind(name, r);
            }
            let g = match &clause.guard {
                Some(g) => {
                    let g = guard::compile(b, g)?;
                    b.code.guards.push(g);
                    Some(b.code.guards.len() as u32 - 1)
                }
                None => None,
            };
            b.code.pats.push(p);
            let body = b.here();
            compiled.push((b.code.pats.len() as u32 - 1, g, body));
            self.expr(b, &clause.body, out)?;
            ends.extend(self.jump_out(b, to));
            b.restore(mark);
        }
        let after_site = match (after, timeout) {
            (Some(a), Some(t)) => {
                let body = b.here();
                self.branch(b, Some(&a.body), out)?;
                ends.extend(self.jump_out(b, to));
                Some((t, body))
            }
            _ => None,
        };
        let end = b.here();
        for j in ends {
            b.patch(j, end);
        }
        b.code.receives[site as usize] = ReceiveSite {
            clauses: compiled,
            after: after_site,
        };
        Ok(())
    }

    fn pipe(&mut self, b: &mut Builder, e: &Ast, lhs: &Ast, rhs: &Ast, to: To) -> R {
        let piped = match &rhs.kind {
            Node::Var(name) => Ast::local(name, vec![lhs.clone()], rhs.span),
            Node::Call(c) => {
                let mut call = (**c).clone();
                call.args.insert(0, lhs.clone());
                call.no_parens = false;
                Ast::new(Node::Call(Box::new(call)), rhs.span)
            }
            _ => return self.fallback(b, e, to),
        };
        self.expr(b, &piped, to)
    }

    /// `l && r` (`or_else`: `l || r`).
    fn short_circuit(&mut self, b: &mut Builder, l: &Ast, r: &Ast, or_else: bool, to: To) -> R {
        let dst = self.dst(b, to)?;
        self.value(b, l, dst)?;
        self.unless_decided(b, dst, or_else, r, to)
    }

    /// The right side of `&&`, `||`, `and`, `or`, computed into `dst` only
    /// when the left one (in `dst`) did not decide: when it is truthy for
    /// `and`, falsy for `or`.
    fn unless_decided(&mut self, b: &mut Builder, dst: Reg, or: bool, r: &Ast, to: To) -> R {
        let test = if or {
            b.emit(Op::JumpIfTruthy { src: dst, to: 0 })
        } else {
            b.emit(Op::JumpIfFalsy { src: dst, to: 0 })
        };
        self.value(b, r, dst)?;
        let end = b.here();
        b.patch(test, end);
        self.finish(b, dst, to);
        Ok(())
    }

    /// `l and r`, `l or r`: the left side must be a boolean.
    fn boolean(&mut self, b: &mut Builder, l: &Ast, r: &Ast, op: &str, to: To) -> R {
        let dst = self.dst(b, to)?;
        self.value(b, l, dst)?;
        b.emit(Op::Boolean {
            src: dst,
            op: Atom::new(op),
        });
        self.unless_decided(b, dst, op == "or", r, to)
    }

    /// `x in coll` is `Enum.member?(coll, x)`.
    fn member(&mut self, b: &mut Builder, x: &Ast, coll: &Ast, negate: bool, to: To) -> R {
        let start = b.regs(2)?;
        self.value(b, coll, start)?;
        self.value(b, x, start + 1)?;
        let callee = Callee::Remote(Atom::module("Enum"), Atom::new("member?"));
        if !negate {
            return self.call_at(b, callee, start, 2, to);
        }
        let found = b.reg()?;
        self.call_at(b, callee, start, 2, To::Reg(found))?;
        self.build(b, to, |dst| Op::Not { dst, src: found })
    }

    fn binary(&mut self, b: &mut Builder, op: BinOp, l: &Ast, r: &Ast, to: To) -> R {
        // A module's code is compiled by the BEAM, the shell's input
        // evaluated: only the former has inline arithmetic.
        let module = self.module_functions;
        if module && inline_arith::swaps(op.symbol(), l, r) {
            return self.binary(b, op, r, l, to);
        }
        let bare = module && inline_arith::fails_bare(op.symbol(), l, r);
        if let Node::Int(k) = r.kind {
            if let (Ok(k), false) = (i32::try_from(k), matches!(op, BinOp::Concat | BinOp::Range)) {
                let a = self.operand(b, l)?;
                return self.build(b, to, |dst| Op::with_constant(op, dst, a, k, bare));
            }
        }
        let a = self.operand(b, l)?;
        let rb = self.operand(b, r)?;
        self.build(b, to, |dst| Op::Bin {
            op,
            dst,
            a,
            b: rb,
            bare,
        })
    }

    /// Leaves `e` to the tree-walking evaluator, with the variables it uses.
    fn fallback(&mut self, b: &mut Builder, e: &Ast, to: To) -> R {
        if binds_outward(e) || self.whole.is_some_and(|w| std::ptr::eq(w, e)) {
            return Err(Unsupported);
        }
        let mut names = Vec::new();
        let mut all = false;
        crate::lang::expand::visit(e, &mut |n| match &n.kind {
            Node::Var(v) => names.push(Atom::new(v)),
            // `binding()` shows every variable in scope.
            Node::Call(_) if n.local_name() == Some("binding") => all = true,
            _ => {}
        });
        if all {
            names = b.visible();
        }
        let mut vars = Vec::new();
        for a in names {
            if let Some(r) = b.lookup(a) {
                if !vars.iter().any(|(m, _)| *m == a) {
                    vars.push((a, r));
                }
            }
        }
        let site = b.code.fallbacks.len() as u32;
        b.code.fallbacks.push(Fallback {
            ast: e.clone(),
            vars,
        });
        self.build(b, to, |dst| Op::Fallback { site, dst })
    }
}

/// Emits the test of `pat` on `src`: nothing for `_`, a move for a plain
/// variable, one instruction for a literal or `[head | tail]` of
/// variables, else a match. Returns the test whose failure is to be
/// pointed at the next clause.
fn test(b: &mut Builder, pat: Pat, src: Reg) -> Option<u32> {
    match pat {
        Pat::Any => None,
        Pat::Bind(r) => {
            b.emit(Op::Move { dst: r, src });
            None
        }
        // The commonest literal in a pattern, tested without the constants.
        Pat::Const(crate::term::Term::Int(k)) if i32::try_from(k).is_ok() => {
            Some(b.emit(Op::IsInt {
                src,
                k: k as i32,
                fail: RAISE,
            }))
        }
        Pat::Const(t) => {
            let k = b.code.consts.len() as u32;
            b.code.consts.push(t);
            Some(b.emit(Op::IsConst {
                src,
                k,
                fail: RAISE,
            }))
        }
        Pat::List(heads, tail) if heads.len() == 1 && plain(&heads[0]) && plain(&tail) => {
            Some(b.emit(Op::Cons {
                src,
                head: plain_reg(&heads[0]),
                tail: plain_reg(&tail),
                fail: RAISE,
            }))
        }
        pat => {
            let id = b.code.pats.len() as u32;
            b.code.pats.push(pat);
            Some(b.emit(Op::Match {
                pat: id,
                src,
                fail: RAISE,
                apart: false,
            }))
        }
    }
}

/// A pattern that takes any value: `_` or a new variable.
fn plain(p: &Pat) -> bool {
    matches!(p, Pat::Any | Pat::Bind(_))
}

fn plain_reg(p: &Pat) -> Reg {
    match p {
        Pat::Bind(r) => *r,
        _ => DISCARD,
    }
}

/// True when the guard is made only of what [`Compiler::guard_jumps`]
/// compiles: `and`s of comparisons between variables and literals, and
/// type tests of variables. None of these can raise.
fn quick_guard(b: &Builder, g: &Ast) -> bool {
    let simple = |e: &Ast| match &e.kind {
        Node::Var(n) => b.is_bound(Atom::new(n)),
        _ => literal(e).is_some(),
    };
    let Some(c) = g.as_call() else {
        return false;
    };
    match (g.local_name(), &c.args[..]) {
        (Some("and"), [l, r]) => quick_guard(b, l) && quick_guard(b, r),
        (Some(f), args) if type_test(f, args).is_some() => {
            matches!(&args[0].kind, Node::Var(n) if b.is_bound(Atom::new(n)))
        }
        (Some(op), [l, r]) if bin_op(op).is_some_and(BinOp::is_comparison) => {
            simple(l) && simple(r)
        }
        _ => false,
    }
}

/// The type `f(args)` tests, when it is a type test of one instruction.
fn type_test(f: &str, args: &[Ast]) -> Option<Type> {
    Some(match (f, args) {
        ("is_integer", [_]) => Type::Integer,
        ("is_float", [_]) => Type::Float,
        ("is_number", [_]) => Type::Number,
        ("is_atom", [_]) => Type::Atom,
        ("is_boolean", [_]) => Type::Boolean,
        ("is_nil", [_]) => Type::Nil,
        ("is_binary", [_]) => Type::Binary,
        ("is_list", [_]) => Type::List,
        ("is_map", [_]) => Type::Map,
        ("is_tuple", [_]) => Type::Tuple,
        ("is_pid", [_]) => Type::Pid,
        ("is_function", [_]) => Type::Function(None),
        ("is_function", [_, n]) => match n.kind {
            Node::Int(n) if (0..=255).contains(&n) => Type::Function(Some(n as u16)),
            _ => return None,
        },
        _ => return None,
    })
}

/// The term a literal stands for. Aliases are not literals here: they
/// resolve through the scope's `alias` directives.
fn literal(e: &Ast) -> Option<Term> {
    match &e.kind {
        Node::Alias(_) => None,
        Node::Tuple(items) => Some(Term::tuple(
            items.iter().map(literal).collect::<Option<Vec<_>>>()?,
        )),
        Node::List(items) if items.iter().all(|i| i.local_name() != Some("|")) => Some(Term::list(
            items.iter().map(literal).collect::<Option<Vec<_>>>()?,
        )),
        _ => crate::lang::eval::pattern::literal(e),
    }
}

/// The value of a sigil from its interpolated text and its letter followed
/// by its modifiers (`"wa"`).
fn interpolated_sigil(_cx: &mut Ctx, args: Vec<Term>) -> Result<Term, crate::term::Exception> {
    let [text, sigil] = &args[..] else {
        unreachable!("compiled with two arguments");
    };
    let (Some(text), Some(sigil)) = (text.as_binary(), sigil.as_str()) else {
        unreachable!("an interpolation and a constant");
    };
    // As the evaluator reads an interpolated sigil's text.
    let text = String::from_utf8_lossy(text);
    let mut sigil = sigil.chars();
    let letter = sigil.next().unwrap_or('s');
    expr::sigil_value(letter, &text, sigil.as_str())
}

/// A native function of the evaluator's that never waits, as a call target.
fn sync_native(f: crate::runtime::code::SyncFn) -> Callee {
    Callee::Native(crate::runtime::code::Native::Sync(f))
}

/// A native function of the evaluator's that may wait, as a call target.
fn native(f: crate::runtime::code::NativeFn) -> Callee {
    Callee::Native(crate::runtime::code::Native::Async(f))
}

/// The `->` clauses of a block.
fn clauses_of(block: Option<&Ast>) -> Option<&[Clause]> {
    match block.map(|b| &b.kind) {
        Some(Node::Clauses(c)) => Some(c),
        _ => None,
    }
}

/// `Kernel`'s integer division and remainder: instructions of their own,
/// as `+` is.
fn int_op(name: &str) -> Option<BinOp> {
    match name {
        "div" => Some(BinOp::IntDiv),
        "rem" => Some(BinOp::Rem),
        _ => None,
    }
}

fn bin_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "===" => BinOp::StrictEq,
        "!==" => BinOp::StrictNe,
        "<" => BinOp::Lt,
        ">" => BinOp::Gt,
        "<=" => BinOp::Le,
        ">=" => BinOp::Ge,
        _ => return None,
    })
}

/// The forms the tree-walking evaluator gives meaning to, beyond functions.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "try"
            | "with"
            | "for"
            | "&"
            | "^"
            | "..//"
            | "not"
            | "raise"
            | "reraise"
            | "require"
            | "import"
            | "alias"
            | "binding"
            | "h"
            | "import_file"
            | "defprotocol"
            | "defimpl"
            | "defmodule"
            | "def"
            | "defp"
            | "defmacro"
            | "defmacrop"
            | "defstruct"
            | "defexception"
            | "defdelegate"
            | "@"
            | "."
            | "quote"
            | "unquote"
            | "super"
            | "__block__"
            | "receive"
            | "case"
            | "cond"
            | "if"
            | "unless"
    )
}

/// True when `e` may bind a variable the code after it sees: a `=` (or a
/// directive, which changes how later names resolve) outside the forms
/// whose bindings stay inside.
fn binds_outward(e: &Ast) -> bool {
    match &e.kind {
        Node::Fn(_) | Node::Clauses(_) => false,
        Node::Call(c) => {
            let name = e.local_name();
            let scoped = |n: &str| {
                matches!(n, "try" | "for" | "with") || crate::lang::ast::is_quote_or_definition(n)
            };
            if name.is_some_and(scoped) {
                return false;
            }
            if matches!(
                name,
                Some("=" | "require" | "import" | "alias" | "import_file")
            ) {
                return true;
            }
            let target = match &c.target {
                Target::Remote(r, _) => binds_outward(r),
                Target::Anonymous(f) => binds_outward(f),
                Target::Local(_) => false,
            };
            target || c.args.iter().any(binds_outward)
        }
        Node::Block(items) | Node::Tuple(items) | Node::List(items) | Node::Bitstring(items) => {
            items.iter().any(binds_outward)
        }
        Node::Map(pairs) => pairs
            .iter()
            .any(|(k, v)| binds_outward(k) || binds_outward(v)),
        Node::MapUpdate(base, pairs) => {
            binds_outward(base)
                || pairs
                    .iter()
                    .any(|(k, v)| binds_outward(k) || binds_outward(v))
        }
        Node::Struct(n, base, pairs) => {
            binds_outward(n)
                || base.as_deref().is_some_and(binds_outward)
                || pairs
                    .iter()
                    .any(|(k, v)| binds_outward(k) || binds_outward(v))
        }
        Node::Interpolation(parts) | Node::CharlistInterpolation(parts) => parts
            .iter()
            .any(|p| matches!(p, Part::Expr(x) if binds_outward(x))),
        _ => false,
    }
}

/// True for `send/2` of `Kernel` or `:erlang`.
fn is_send(callee: &Callee, arity: usize) -> bool {
    let Callee::Remote(m, fun) = callee else {
        return false;
    };
    arity == 2
        && fun.name() == "send"
        && (*m == Atom::module("Kernel") || *m == Atom::new("erlang"))
}

/// `name/arity` of a capture of a local function: its name and arity.
fn local_capture(inner: &Ast) -> Option<(&str, usize)> {
    let slash = inner.as_call()?;
    if inner.local_name() != Some("/") {
        return None;
    }
    let [target, arity] = slash.args.as_slice() else {
        return None;
    };
    let arity = match arity.kind {
        Node::Int(n) if n >= 0 => n as usize,
        _ => return None,
    };
    match &target.kind {
        Node::Var(name) => Some((name, arity)),
        Node::Call(c) if c.args.is_empty() => match &c.target {
            Target::Local(name) => Some((name, arity)),
            _ => None,
        },
        _ => None,
    }
}

/// `Mod.fun/arity` of a capture whose module is written as an alias or an
/// atom: the module's node, the function and the arity.
fn remote_capture(inner: &Ast) -> Option<(&Node, Atom, usize)> {
    let slash = inner.as_call()?;
    let [target, arity] = slash.args.as_slice() else {
        return None;
    };
    let Node::Int(arity) = arity.kind else {
        return None;
    };
    let call = target.as_call()?;
    let Target::Remote(recv, fun) = &call.target else {
        return None;
    };
    let literal = match &recv.kind {
        Node::Alias(_) | Node::Atom(_) => true,
        Node::Value(v) => v.0.as_atom().is_some(),
        _ => false,
    };
    (literal && call.args.is_empty() && arity >= 0)
        .then(|| (&recv.kind, Atom::new(fun), arity as usize))
}
