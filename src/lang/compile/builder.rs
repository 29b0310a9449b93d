//! The state of compiling one code: its instructions, registers, and the
//! variables in scope with their registers.

use super::code::{Code, Kind, Label, Op, Reg};
use super::Unsupported;
use crate::term::{Atom, Term};

/// Where a scope starts, to forget its variables when it ends.
#[derive(Clone, Copy)]
pub struct Mark(usize, usize);

/// One code being compiled.
pub struct Builder {
    pub code: Code,
    /// Variables in scope, innermost last: a rebinding shadows.
    names: Vec<(Atom, Reg)>,
    /// For a lambda: the names its enclosing codes can see.
    outer: Vec<Atom>,
    /// For a lambda: the outer names it uses, in capture order.
    pub captured: Vec<Atom>,
    /// The line of what is being compiled, given to each instruction.
    pub line: u32,
}

impl Builder {
    /// A code of `arity` arguments, which take registers `0..arity`.
    pub fn new(kind: Kind, arity: usize, outer: Vec<Atom>) -> Result<Builder, Unsupported> {
        let arity = u16::try_from(arity).map_err(|_| Unsupported)?;
        Ok(Builder {
            code: Code {
                kind,
                arity,
                nregs: arity,
                ops: Vec::new(),
                lines: Vec::new(),
                consts: Vec::new(),
                pats: Vec::new(),
                guards: Vec::new(),
                calls: Vec::new(),
                receives: Vec::new(),
                fallbacks: Vec::new(),
                bitstrings: Vec::new(),
                lambdas: Vec::new(),
                capture_regs: Vec::new(),
                exports: Vec::new(),
                owner: super::code::Owner::NONE,
            },
            names: Vec::new(),
            outer,
            captured: Vec::new(),
            line: 0,
        })
    }

    /// A fresh register.
    pub fn reg(&mut self) -> Result<Reg, Unsupported> {
        let r = self.code.nregs;
        self.code.nregs = r.checked_add(1).ok_or(Unsupported)?;
        Ok(r)
    }

    /// `n` fresh consecutive registers; the first.
    pub fn regs(&mut self, n: usize) -> Result<Reg, Unsupported> {
        let first = self.code.nregs;
        let n = u16::try_from(n).map_err(|_| Unsupported)?;
        self.code.nregs = first.checked_add(n).ok_or(Unsupported)?;
        Ok(first)
    }

    /// Appends `op`; its index.
    pub fn emit(&mut self, op: Op) -> Label {
        self.code.ops.push(op);
        self.code.lines.push(self.line);
        (self.code.ops.len() - 1) as Label
    }

    /// Where the next instruction goes.
    pub fn here(&self) -> Label {
        self.code.ops.len() as Label
    }

    /// Points the jump or test at `at` to `to`.
    pub fn patch(&mut self, at: Label, to: Label) {
        let op = &mut self.code.ops[at as usize];
        match op.label_mut() {
            Some(t) => *t = to,
            None => unreachable!("not a jump: {op:?}"),
        }
    }

    /// Emits a jump (to be patched) taken unless the boolean in `src`
    /// is `true`. When `src` was just written by a comparison it made for
    /// this test alone, the two become one instruction.
    pub fn jump_unless_true(&mut self, src: Reg) -> Label {
        let fused = match self.code.ops.last() {
            Some(&Op::Bin { op, dst, a, b, .. }) if dst == src && op.is_comparison() => {
                Some(Op::JumpUnlessCmp { op, a, b, to: 0 })
            }
            Some(&Op::BinK { op, dst, a, k, .. }) if dst == src && op.is_comparison() => {
                Some(Op::JumpUnlessCmpK { op, a, k, to: 0 })
            }
            _ => None,
        };
        match fused {
            Some(op) => {
                let at = self.code.ops.len() - 1;
                self.code.ops[at] = op;
                at as Label
            }
            None => self.emit(Op::JumpUnlessTrue { src, to: 0 }),
        }
    }

    /// Loads a constant into `dst`.
    pub fn constant(&mut self, dst: Reg, t: Term) {
        let k = self.code.consts.len() as u32;
        self.code.consts.push(t);
        self.emit(Op::Const { dst, k });
    }

    /// Binds `name` to `reg` from here on.
    pub fn bind(&mut self, name: Atom, reg: Reg) {
        self.names.push((name, reg));
    }

    /// The register of the variable `name`, capturing it from the enclosing
    /// code when a lambda uses it.
    pub fn lookup(&mut self, name: Atom) -> Option<Reg> {
        if let Some((_, r)) = self.names.iter().rev().find(|(n, _)| *n == name) {
            return Some(*r);
        }
        if !self.outer.contains(&name) {
            return None;
        }
        let r = self.reg().ok()?;
        self.captured.push(name);
        self.code.capture_regs.push(r);
        // Captures are bound for the whole lambda: at the bottom of the scope.
        self.names.insert(0, (name, r));
        Some(r)
    }

    /// True when `name` is a variable here.
    pub fn is_bound(&self, name: Atom) -> bool {
        self.names.iter().any(|(n, _)| *n == name) || self.outer.contains(&name)
    }

    /// Every name visible here, for a lambda compiled inside.
    pub fn visible(&self) -> Vec<Atom> {
        let mut v: Vec<Atom> = self.outer.clone();
        v.extend(self.names.iter().map(|(n, _)| *n));
        v.sort_unstable_by_key(|a| a.name());
        v.dedup();
        v
    }

    /// The latest binding of each name, oldest first.
    pub fn bindings(&self) -> Vec<(Atom, Reg)> {
        let mut out: Vec<(Atom, Reg)> = Vec::new();
        for (n, r) in self.names.iter().rev() {
            if !out.iter().any(|(m, _)| m == n) {
                out.push((*n, *r));
            }
        }
        out.reverse();
        out
    }

    /// A marker for the current scope's start.
    pub fn mark(&self) -> Mark {
        Mark(self.names.len(), self.captured.len())
    }

    /// Forgets the variables bound since `mark` (captures stay).
    pub fn restore(&mut self, mark: Mark) {
        // Captures made since were inserted at the bottom: they shift the mark.
        let keep = mark.0 + (self.captured.len() - mark.1);
        self.names.truncate(keep);
    }
}
