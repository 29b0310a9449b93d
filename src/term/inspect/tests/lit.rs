//! A reader of Elixir term literals, for golden tests: it reads what
//! `inspect(term, limit: :infinity, printable_limit: :infinity)` writes, so
//! a case can be given as the text Elixir printed for its input.

use crate::runtime::Ctx;
use crate::term::fun::{CallFuture, Callable};
use crate::term::{atom, build, Atom, Pid, Ref, TMap, Term};
use num_bigint::BigInt;
use std::any::Any;
use std::sync::Arc;

/// The term written as `src`.
pub fn lit(src: &str) -> Term {
    let mut r = Reader {
        s: src.as_bytes(),
        i: 0,
    };
    let t = r.term();
    r.ws();
    assert!(r.i == r.s.len(), "trailing input at {} in {src}", r.i);
    t
}

/// A function term that inspects as the given text.
struct Printed(String);

impl Callable for Printed {
    fn arity(&self) -> usize {
        0
    }

    fn call<'a>(&'a self, _cx: &'a mut Ctx, _args: Vec<Term>) -> CallFuture<'a> {
        unreachable!("test functions are only printed")
    }

    fn inspect(&self) -> String {
        self.0.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

const OPERATORS: &[&str] = &[
    "..//", "<<>>", "%{}", "{}", "...", "<<<", ">>>", "<<~", "~>>", "<~>", "<|>", "|||", "&&&",
    "^^^", "~~~", "===", "!==", "+++", "---", "\\\\", "..", "<-", "->", "::", "||", "&&", "==",
    "!=", "=~", "<=", ">=", "|>", "<~", "~>", "++", "--", "<>", "**", "%", ".", "+", "-", "*", "/",
    "<", ">", "=", "|", "&", "!", "^", "@",
];

impl Reader<'_> {
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn rest(&self) -> &[u8] {
        &self.s[self.i..]
    }

    fn eat(&mut self, p: &str) -> bool {
        let ok = self.rest().starts_with(p.as_bytes());
        if ok {
            self.i += p.len();
        }
        ok
    }

    fn expect(&mut self, p: &str) {
        assert!(self.eat(p), "expected {p:?} at {}", self.i);
    }

    fn ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\n') {
            self.i += 1;
        }
    }

    fn term(&mut self) -> Term {
        self.ws();
        let t = self.primary();
        if let (Term::Int(_) | Term::Big(_), true) = (&t, self.rest().starts_with(b"..")) {
            return self.range(t);
        }
        t
    }

    fn primary(&mut self) -> Term {
        match self.peek() {
            b'[' => self.list(),
            b'{' => self.tuple(),
            b'%' => self.map(),
            b'"' => Term::string(&self.quoted(b'"')),
            b'\'' => build::charlist(&self.quoted(b'\'')),
            b'<' if self.rest().starts_with(b"<<") => self.binary(),
            b':' => self.atom(),
            b'#' | b'&' => self.opaque(),
            b'-' | b'0'..=b'9' => self.number(),
            c if c.is_ascii_uppercase() => self.alias_or_call(),
            _ => self.bare_atom(),
        }
    }

    fn items(&mut self, close: &str, mut item: impl FnMut(&mut Self)) {
        self.ws();
        if self.eat(close) {
            return;
        }
        loop {
            item(self);
            self.ws();
            if self.eat(close) {
                return;
            }
            self.expect(",");
        }
    }

    fn list(&mut self) -> Term {
        self.expect("[");
        let mut items = Vec::new();
        let mut tail = Term::Nil;
        self.items("]", |r| {
            r.ws();
            items.push(r.entry());
            r.ws();
            if r.eat("|") {
                tail = r.term();
            }
        });
        crate::term::List::from_vec(items, tail)
    }

    /// An element, or in keyword style `key: value` as `{:key, value}`.
    fn entry(&mut self) -> Term {
        match self.key() {
            Some(k) => Term::tuple([Term::Atom(k), self.term()]),
            None => self.term(),
        }
    }

    /// `name: ` or `"quoted": ` at the cursor.
    fn key(&mut self) -> Option<Atom> {
        let start = self.i;
        let (name, quoted) = if self.peek() == b'"' {
            (self.quoted(b'"'), true)
        } else if let Some(op) = OPERATORS
            .iter()
            .find(|op| self.rest().starts_with(op.as_bytes()))
        {
            self.i += op.len();
            (op.to_string(), false)
        } else {
            (self.word(), false)
        };
        if (quoted || !name.is_empty()) && self.eat(": ") {
            return Some(Atom::new(&name));
        }
        self.i = start;
        None
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while let Some((c, n)) = std::str::from_utf8(self.rest())
            .ok()
            .and_then(|s| s.chars().next().map(|c| (c, c.len_utf8())))
        {
            if !(c.is_alphanumeric() || matches!(c, '_' | '@' | '?' | '!')) {
                break;
            }
            self.i += n;
        }
        String::from_utf8(self.s[start..self.i].to_vec()).unwrap()
    }

    fn tuple(&mut self) -> Term {
        self.expect("{");
        let mut items = Vec::new();
        self.items("}", |r| items.push(r.term()));
        Term::tuple(items)
    }

    fn map(&mut self) -> Term {
        self.expect("%");
        let name = if self.peek() == b'{' {
            None
        } else {
            Some(self.struct_name())
        };
        self.expect("{");
        let mut pairs = Vec::new();
        self.items("}", |r| {
            r.ws();
            let pair = match r.key() {
                Some(k) => (Term::Atom(k), r.term()),
                None => {
                    let k = r.term();
                    r.ws();
                    r.expect("=>");
                    (k, r.term())
                }
            };
            pairs.push(pair);
        });
        if let Some(module) = name {
            pairs.push((Term::Atom(atom::STRUCT), Term::Atom(module)));
            let exception = crate::term::inspect::structs::struct_fields(module)
                .is_some_and(|f| f.contains(&atom::EXCEPTION));
            if exception {
                pairs.push((Term::Atom(atom::EXCEPTION), Term::bool(true)));
            }
        }
        Term::Map(TMap::from_pairs(pairs))
    }

    fn struct_name(&mut self) -> Atom {
        match self.atom() {
            Term::Atom(a) => a,
            _ => unreachable!(),
        }
    }

    fn binary(&mut self) -> Term {
        self.expect("<<");
        let mut bytes = Vec::new();
        self.items(">>", |r| {
            r.ws();
            match r.number() {
                Term::Int(b) => bytes.push(b as u8),
                _ => panic!("byte"),
            }
        });
        Term::binary(&bytes)
    }

    fn quoted(&mut self, q: u8) -> String {
        self.i += 1;
        let mut out = Vec::new();
        while self.peek() != q {
            if self.peek() == b'\\' {
                self.i += 1;
                self.escape(&mut out);
            } else {
                out.push(self.peek());
                self.i += 1;
            }
        }
        self.i += 1;
        String::from_utf8(out).expect("tests use valid UTF-8")
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let c = self.peek();
        self.i += 1;
        let simple = match c {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'r' => Some(b'\r'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'v' => Some(11),
            b'f' => Some(12),
            b'e' => Some(27),
            b'd' => Some(127),
            b'0' => Some(0),
            b'x' | b'u' => None,
            c => Some(c),
        };
        if let Some(b) = simple {
            out.push(b);
            return;
        }
        let code = self.hex_escape(c);
        let mut buf = [0; 4];
        out.extend_from_slice(
            char::from_u32(code)
                .unwrap()
                .encode_utf8(&mut buf)
                .as_bytes(),
        );
    }

    fn hex_escape(&mut self, kind: u8) -> u32 {
        let braced = self.eat("{");
        let len = if braced {
            self.rest().iter().position(|c| *c == b'}').unwrap()
        } else if kind == b'u' {
            4
        } else {
            2
        };
        let digits = std::str::from_utf8(&self.s[self.i..self.i + len]).unwrap();
        self.i += len + braced as usize;
        u32::from_str_radix(digits, 16).unwrap()
    }

    fn atom(&mut self) -> Term {
        if self.peek() == b':' {
            self.i += 1;
            if self.peek() == b'"' {
                return Term::Atom(Atom::new(&self.quoted(b'"')));
            }
            if let Some(op) = OPERATORS
                .iter()
                .find(|op| self.rest().starts_with(op.as_bytes()))
            {
                self.i += op.len();
                return Term::Atom(Atom::new(op));
            }
            return Term::Atom(Atom::new(&self.word()));
        }
        self.alias()
    }

    fn bare_atom(&mut self) -> Term {
        let w = self.word();
        assert!(
            matches!(w.as_str(), "nil" | "true" | "false"),
            "unexpected {w:?} at {}",
            self.i
        );
        Term::atom_named(&w)
    }

    fn alias(&mut self) -> Term {
        let start = self.i;
        loop {
            self.word();
            let more = self.peek() == b'.'
                && self
                    .s
                    .get(self.i + 1)
                    .is_some_and(|c| c.is_ascii_uppercase());
            if !more {
                break;
            }
            self.i += 1;
        }
        let name = std::str::from_utf8(&self.s[start..self.i]).unwrap();
        if name == "Elixir" || name.starts_with("Elixir.") {
            return Term::atom_named(name);
        }
        Term::Atom(Atom::module(name))
    }

    fn alias_or_call(&mut self) -> Term {
        let t = self.alias();
        if self.eat(".new(") {
            let elems = self.term().list_to_vec().unwrap();
            self.expect(")");
            let map = TMap::from_pairs(elems.into_iter().map(|e| (e, Term::Nil)).collect());
            return build::structure(
                Atom::module("MapSet"),
                vec![("map", Term::Map(map)), ("version", Term::int(2))],
            );
        }
        t
    }

    fn number(&mut self) -> Term {
        let start = self.i;
        self.eat("-");
        while self.peek().is_ascii_digit()
            || (self.peek() == b'.' && self.s.get(self.i + 1).is_some_and(u8::is_ascii_digit))
            || (self.peek() == b'e' && self.i > start)
            || (self.peek() == b'-' && self.s[self.i - 1] == b'e')
        {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap();
        if text.contains('.') {
            return Term::Float(text.parse().unwrap());
        }
        Term::big(text.parse::<BigInt>().unwrap())
    }

    fn range(&mut self, first: Term) -> Term {
        self.expect("..");
        let last = self.primary();
        let step = if self.eat("//") {
            self.primary()
        } else {
            Term::int(1)
        };
        build::structure(
            Atom::module("Range"),
            vec![("first", first), ("last", last), ("step", step)],
        )
    }

    /// `#PID<0.N.0>`, `#Reference<...>`, `#Function<...>`, `&Mod.fun/1`.
    fn opaque(&mut self) -> Term {
        let start = self.i;
        if self.eat("&") {
            while !matches!(self.peek(), b',' | b']' | b'}' | b' ' | 0) {
                self.i += 1;
            }
        } else {
            let end = self.rest().iter().position(|c| *c == b'>').unwrap();
            self.i += end + 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap();
        if let Some(n) = text
            .strip_prefix("#PID<0.")
            .and_then(|s| s.strip_suffix(".0>"))
        {
            return Term::Pid(Pid(n.parse().unwrap()));
        }
        if let Some(r) = text.strip_prefix("#Reference<0.3015519226.") {
            let (hi, lo) = r.trim_end_matches('>').split_once('.').unwrap();
            let hi: u64 = hi.parse::<u64>().unwrap() - 2_768_240_641;
            return Term::Ref(Ref(hi << 32 | lo.parse::<u64>().unwrap()));
        }
        Term::Fun(Arc::new(Printed(text.to_owned())))
    }
}
