//! `<<a, n::16-little, rest::binary>>`, compiled.
//!
//! Each segment's value, then its size when that is an expression
//! (`x::size(n)`), goes to consecutive registers; one [`Op::Bitstring`]
//! makes the binary from them, with the segments' types kept beside the
//! code ([`Code::bitstrings`](crate::lang::compile::code::Code)). A
//! segment Elixir's compiler refuses is left to the evaluator, which
//! raises its `CompileError`.

use super::{Compiler, To, R};
use crate::lang::ast::Ast;
use crate::lang::compile::builder::Builder;
use crate::lang::compile::code::Op;
use crate::lang::eval::bitstring::{self, Site, Value};
use crate::term::Term;

impl Compiler<'_> {
    /// `<<...>>`: its segments' values and sizes, then the binary.
    pub(super) fn bitstring(&mut self, b: &mut Builder, e: &Ast, items: &[Ast], to: To) -> R {
        let Ok(segments) = bitstring::segments(items) else {
            return self.fallback(b, e, to);
        };
        let n = segments.len() + segments.iter().filter(|s| s.size.is_some()).count();
        let start = b.regs(n)?;
        let mut r = start;
        for s in &segments {
            match &s.value {
                Value::Expr(v) => self.value(b, v, r)?,
                Value::Bytes(bytes) => b.constant(r, Term::binary(bytes)),
            }
            r += 1;
            if let Some(size) = s.size {
                self.value(b, size, r)?;
                r += 1;
            }
        }
        let site = b.code.bitstrings.len() as u32;
        b.code.bitstrings.push(Site {
            specs: segments.iter().map(|s| s.spec).collect(),
            in_module: self.scope.module.is_some(),
        });
        let n = n as u16;
        self.build(b, to, |dst| Op::Bitstring {
            dst,
            start,
            n,
            site,
        })
    }
}
