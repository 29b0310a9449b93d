//! Bitstring construction, `<<x::16-little, rest::binary>>`, shared by the
//! evaluator and the compiler: what a segment's type says ([`Spec`], read
//! from the tree once, with the checks Elixir's compiler makes), and the
//! making of the binary from the segments' values ([`build`]), with the
//! BEAM's rules and error texts.
//!
//! riex's terms hold binaries only, not bitstrings of any bit length: a
//! construction whose segments do not add up to whole bytes is refused.
//! Segments within it may be of any length (`<<1::4, 2::4>>` is `<<18>>`).

use crate::lang::ast::{Ast, Node};
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Term};
use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

/// What a segment's value is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Integer,
    Float,
    Binary,
    Bitstring,
    Utf8,
    Utf16,
    Utf32,
}

impl Type {
    /// As Elixir names it in compile errors (`bytes` is `binary`).
    fn name(self) -> &'static str {
        match self {
            Type::Integer => "integer",
            Type::Float => "float",
            Type::Binary => "binary",
            Type::Bitstring => "bitstring",
            Type::Utf8 => "utf8",
            Type::Utf16 => "utf16",
            Type::Utf32 => "utf32",
        }
    }

    fn is_utf(self) -> bool {
        matches!(self, Type::Utf8 | Type::Utf16 | Type::Utf32)
    }
}

/// A segment's size, in units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// None written: the type's own (8 bits, a float's 64, a whole binary).
    Default,
    /// A literal integer.
    Const(i64),
    /// An expression, evaluated just after the segment's value.
    Dynamic,
}

/// How a segment is written: all but the value and a computed size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub ty: Type,
    pub size: Width,
    /// Bits per unit of size; `None` for the type's own.
    pub unit: Option<u32>,
    pub little: bool,
    /// Read as signed, in a pattern.
    pub signed: bool,
}

impl Spec {
    fn unit_bits(&self) -> u32 {
        self.unit.unwrap_or(match self.ty {
            Type::Binary => 8,
            _ => 1,
        })
    }

    fn error_type(&self) -> &'static str {
        match self.ty {
            Type::Bitstring => "binary",
            t => t.name(),
        }
    }
}

/// The segments of one `<<...>>`, and where it is written: the BEAM's
/// compiled code and iex's evaluator (`erl_eval`) word some errors apart.
#[derive(Clone, Debug)]
pub struct Site {
    pub specs: Box<[Spec]>,
    /// In a module (compiled by Elixir), not typed at the prompt.
    pub in_module: bool,
}

/// A segment's value, as written.
#[derive(Debug)]
pub enum Value<'a> {
    /// An expression.
    Expr(&'a Ast),
    /// A literal string, already encoded as its type says.
    Bytes(Vec<u8>),
}

/// One segment of `<<...>>`, read.
#[derive(Debug)]
pub struct Segment<'a> {
    pub value: Value<'a>,
    /// The size's expression when it is [`Width::Dynamic`].
    pub size: Option<&'a Ast>,
    pub spec: Spec,
}

/// The specifiers of one segment as they are read, each written at most once.
#[derive(Default)]
struct Parts<'a> {
    ty: Option<Type>,
    size: Option<&'a Ast>,
    unit: Option<u32>,
    endian: Option<&'static str>,
    signedness: bool,
    signed: bool,
}

/// Why a segment cannot be built, found before anything runs.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Elixir's `CompileError`, with its text.
    Compile(String),
    /// A unit outside 1..=256, which the Erlang compiler refuses.
    Unit(u32),
}

impl Refusal {
    /// The exception the input raises, about `item` in `scope`.
    pub fn exception(&self, scope: &super::Scope, item: &Ast) -> Exception {
        match self {
            Refusal::Compile(m) => super::compile_error(scope, item, m),
            Refusal::Unit(u) => {
                let what = Term::tuple([Term::atom_named("unit"), Term::int(*u as i64)]);
                Exception::error(Term::tuple([Term::atom_named("undefined_bittype"), what]))
            }
        }
    }
}

/// Reads segment `item` (`x`, `x::16-little`, `"abc"::utf16`).
pub fn segment(item: &Ast) -> Result<Segment<'_>, Refusal> {
    let (value, written) = match (item.local_name(), item.as_call()) {
        (Some("::"), Some(c)) if c.args.len() == 2 => (&c.args[0], Some(&c.args[1])),
        _ => (item, None),
    };
    let mut parts = Parts::default();
    if let Some(w) = written {
        specifiers(w, &mut parts).map_err(Refusal::Compile)?;
    }
    let segment = resolve(value, parts).map_err(Refusal::Compile)?;
    match segment.spec.unit {
        Some(u) if !(1..=256).contains(&u) => Err(Refusal::Unit(u)),
        _ => Ok(segment),
    }
}

/// Elixir's refusal of a binary or bitstring segment without a size
/// anywhere but at the end of a pattern (`<<x::binary, "b">>`).
pub const UNSIZED_BINARY: &str = "a binary field without size is only allowed at the end of a \
binary pattern, at the right side of binary concatenation and and never allowed in binary \
generators. The following examples are invalid:\n\n    rest <> \"foo\"\n    \
<<rest::binary, \"foo\">>\n\nThey are invalid because there is a bits/bitstring component \
not at the end. However, the \"reverse\" would work:\n\n    \"foo\" <> rest\n    \
<<\"foo\", rest::binary>>\n\n";

/// Where the first segment of a pattern's `<<...>>`, before its last,
/// takes a binary or bitstring of no given size: its length could not be
/// known. A literal (`"ab"::binary`) has one.
pub fn unsized_before_end(items: &[Ast]) -> Option<usize> {
    let (_, before_last) = items.split_last()?;
    before_last.iter().position(is_unsized)
}

/// A segment taking a binary or bitstring of no given size, or a
/// `<<...>>` that ends in one.
fn is_unsized(item: &Ast) -> bool {
    segment(item).is_ok_and(|s| match s.value {
        Value::Expr(e) if matches!(e.kind, Node::Bitstring(_)) => {
            matches!(&e.kind, Node::Bitstring(inner) if inner.last().is_some_and(is_unsized))
        }
        Value::Expr(e) => {
            matches!(s.spec.ty, Type::Binary | Type::Bitstring)
                && matches!(s.spec.size, Width::Default)
                && !matches!(e.kind, Node::Int(_) | Node::Float(_) | Node::String(_))
        }
        Value::Bytes(_) => false,
    })
}

/// Reads every segment of `<<...>>`; the error names the segment.
pub fn segments(items: &[Ast]) -> Result<Vec<Segment<'_>>, (&Ast, Refusal)> {
    items
        .iter()
        .map(|i| segment(i).map_err(|m| (i, m)))
        .collect()
}

fn specifiers<'a>(w: &'a Ast, p: &mut Parts<'a>) -> Result<(), String> {
    if let (Some("-"), Some(c)) = (w.local_name(), w.as_call()) {
        if c.args.len() == 2 {
            specifiers(&c.args[0], p)?;
            return specifiers(&c.args[1], p);
        }
    }
    if let Node::Int(_) = w.kind {
        return set_size(p, w);
    }
    let call = w.as_call();
    match (name_of(w), call.map_or(0, |c| c.args.len())) {
        (Some("size"), 1) => set_size(p, &call.expect("a call").args[0]),
        (Some("unit"), 1) => match call.expect("a call").args[0].kind {
            Node::Int(u) => set_unit(p, u),
            _ => Err(unknown(w)),
        },
        (Some(name), 0) => named(p, name).ok_or_else(|| unknown(w))?,
        _ => Err(unknown(w)),
    }
}

/// A specifier written as a bare name: a variable or a call without arguments.
fn name_of(w: &Ast) -> Option<&str> {
    match &w.kind {
        Node::Var(n) => Some(n),
        _ => w.local_name(),
    }
}

fn unknown(w: &Ast) -> String {
    let shown = match &w.kind {
        Node::Var(n) => format!("{n}()"),
        _ => text(w),
    };
    format!("unknown bitstring specifier: {shown}")
}

/// Applies a named specifier; `None` when the name is none.
fn named(p: &mut Parts<'_>, name: &str) -> Option<Result<(), String>> {
    let ty = match name {
        "integer" => Type::Integer,
        "float" => Type::Float,
        "binary" | "bytes" => Type::Binary,
        "bitstring" | "bits" => Type::Bitstring,
        "utf8" => Type::Utf8,
        "utf16" => Type::Utf16,
        "utf32" => Type::Utf32,
        "big" => return Some(set_endian(p, "big")),
        "little" => return Some(set_endian(p, "little")),
        "native" => return Some(set_endian(p, "native")),
        "signed" | "unsigned" => {
            let signed = name == "signed";
            if p.signedness && p.signed != signed {
                let old = if p.signed { "signed" } else { "unsigned" };
                return Some(Err(conflict("sign", name, old)));
            }
            p.signedness = true;
            p.signed = signed;
            return Some(Ok(()));
        }
        _ => return None,
    };
    Some(set_type(p, ty))
}

fn conflict(what: &str, new: &str, old: &str) -> String {
    format!("conflicting {what} specification for bit field: \"{new}\" and \"{old}\"")
}

fn set_type(p: &mut Parts<'_>, ty: Type) -> Result<(), String> {
    match p.ty {
        Some(old) if old != ty => Err(conflict("type", ty.name(), old.name())),
        _ => {
            p.ty = Some(ty);
            Ok(())
        }
    }
}

fn set_unit(p: &mut Parts<'_>, unit: i64) -> Result<(), String> {
    let unit = u32::try_from(unit).unwrap_or(u32::MAX);
    match p.unit {
        Some(old) if old != unit => Err(conflict("unit", &unit.to_string(), &old.to_string())),
        _ => {
            p.unit = Some(unit);
            Ok(())
        }
    }
}

fn set_size<'a>(p: &mut Parts<'a>, size: &'a Ast) -> Result<(), String> {
    match p.size {
        Some(old) if old != size => Err(conflict("size", &text(size), &text(old))),
        _ => {
            p.size = Some(size);
            Ok(())
        }
    }
}

/// A specifier as Elixir's messages show it (`size(n)`, `16`, `foo()`).
fn text(a: &Ast) -> String {
    match (&a.kind, a.as_call()) {
        (Node::Int(n), _) => n.to_string(),
        (Node::Var(n), _) => n.clone(),
        (_, Some(c)) => {
            let args: Vec<String> = c.args.iter().map(text).collect();
            format!("{}({})", a.local_name().unwrap_or("..."), args.join(", "))
        }
        _ => "...".into(),
    }
}

fn set_endian(p: &mut Parts<'_>, name: &'static str) -> Result<(), String> {
    match p.endian {
        Some(old) if old != name => Err(conflict("endianness", name, old)),
        _ => {
            p.endian = Some(name);
            Ok(())
        }
    }
}

/// What a literal value is, for the checks Elixir makes of it.
fn literal_type(value: &Ast) -> Result<Option<Type>, String> {
    Ok(match &value.kind {
        Node::Int(_) | Node::BigInt(_) => Some(Type::Integer),
        Node::Float(_) => Some(Type::Float),
        Node::String(_) => Some(Type::Binary),
        Node::Atom(_) | Node::List(_) | Node::Charlist(_) => {
            let shown = crate::lang::eval::pattern::literal(value)
                .map_or_else(|| text(value), |t| inspect(&t));
            return Err(format!("invalid literal {shown} in <<>>"));
        }
        _ => None,
    })
}

/// A value whose type Elixir infers as binary when none is written.
fn binary_like(value: &Ast) -> bool {
    matches!(value.kind, Node::Bitstring(_) | Node::Interpolation(_))
        || value.local_name() == Some("<>")
}

fn resolve<'a>(value: &'a Ast, p: Parts<'a>) -> Result<Segment<'a>, String> {
    let literal = literal_type(value)?;
    if let Node::String(s) = &value.kind {
        return literal_string(s, &p);
    }
    let ty = match (p.ty, literal) {
        (Some(t), Some(l)) if !accepts(t, l) => return Err(conflict("type", t.name(), l.name())),
        (Some(t), _) => t,
        (None, Some(l)) => l,
        (None, None) if binary_like(value) => Type::Binary,
        (None, None) => Type::Integer,
    };
    let spec = spec_of(ty, &p)?;
    Ok(Segment {
        value: Value::Expr(value),
        size: p.size.filter(|_| spec.size == Width::Dynamic),
        spec,
    })
}

/// Whether a literal of type `lit` may be written as a segment of type `ty`.
fn accepts(ty: Type, lit: Type) -> bool {
    ty == lit || (lit == Type::Integer && (ty == Type::Float || ty.is_utf()))
}

fn spec_of(ty: Type, p: &Parts<'_>) -> Result<Spec, String> {
    if p.signedness && !matches!(ty, Type::Integer | Type::Float) {
        return Err(
            "signed and unsigned specifiers are supported only on integer and float types".into(),
        );
    }
    // `bits` means a unit of 1, as if written.
    if let (Type::Bitstring, Some(u)) = (ty, p.unit.filter(|u| *u != 1)) {
        return Err(conflict("unit", &u.to_string(), "1"));
    }
    if ty.is_utf() && (p.size.is_some() || p.unit.is_some()) {
        return Err("size and unit are not supported on utf types".into());
    }
    let size = match p.size.map(|s| &s.kind) {
        None => Width::Default,
        Some(Node::Int(n)) => Width::Const(*n),
        Some(_) => Width::Dynamic,
    };
    if matches!(ty, Type::Integer | Type::Float) && size == Width::Default && p.unit.is_some() {
        return Err(
            "integer and float types require a size specifier if the unit specifier is given"
                .into(),
        );
    }
    let spec = Spec {
        ty,
        size,
        unit: p.unit,
        little: is_little(p.endian),
        signed: p.signed,
    };
    if let (Type::Float, Width::Const(n)) = (ty, size) {
        let bits = n.saturating_mul(spec.unit_bits() as i64);
        if ![16, 32, 64].contains(&bits) {
            return Err(format!(
                "float requires size*unit to be 16, 32, or 64 (default), got: {bits}"
            ));
        }
    }
    Ok(spec)
}

fn is_little(endian: Option<&str>) -> bool {
    endian == Some("little") || (endian == Some("native") && cfg!(target_endian = "little"))
}

/// A literal string's segment: its characters encoded at once.
fn literal_string<'a>(s: &str, p: &Parts<'a>) -> Result<Segment<'a>, String> {
    if p.size.is_some() || p.unit.is_some() {
        return Err("literal string in bitstring supports only endianness and type specifiers, which must be one of: little, big, native, utf8, utf16, utf32, bits, bytes, binary or bitstring".into());
    }
    let ty = p.ty.unwrap_or(Type::Binary);
    if matches!(ty, Type::Integer | Type::Float) {
        return Err(conflict("type", ty.name(), "binary"));
    }
    let spec = spec_of(ty, p)?;
    let bytes = match ty {
        Type::Binary | Type::Bitstring => s.as_bytes().to_vec(),
        _ => {
            let mut out = Bits::default();
            s.chars().for_each(|c| utf(&mut out, ty, spec.little, c));
            out.bytes
        }
    };
    Ok(Segment {
        value: Value::Bytes(bytes),
        size: None,
        spec: Spec {
            ty: Type::Binary,
            size: Width::Default,
            unit: None,
            little: false,
            signed: false,
        },
    })
}

/// A bitstring being written, bit by bit where it must.
#[derive(Default)]
pub struct Bits {
    bytes: Vec<u8>,
    /// Bits written; the last byte's low bits past it are zero.
    len: u64,
}

impl Bits {
    /// Appends whole bytes.
    fn push_bytes(&mut self, b: &[u8]) {
        if self.len.is_multiple_of(8) {
            self.bytes.extend_from_slice(b);
            self.len += 8 * b.len() as u64;
        } else {
            b.iter().for_each(|x| self.push_low(*x, 8));
        }
    }

    /// Appends the low `n` (at most 8) bits of `v`, the highest first.
    fn push_low(&mut self, v: u8, n: u32) {
        if n == 0 {
            return;
        }
        let v = (v as u16) & ((1u16 << n) - 1);
        let used = (self.len % 8) as u32;
        let free = 8 - used;
        if used == 0 {
            self.bytes.push((v << (8 - n)) as u8);
        } else if n <= free {
            *self.bytes.last_mut().expect("a partial byte") |= (v << (free - n)) as u8;
        } else {
            *self.bytes.last_mut().expect("a partial byte") |= (v >> (n - free)) as u8;
            self.bytes.push((v << (8 - (n - free))) as u8);
        }
        self.len += n as u64;
    }

    /// Appends the first `bits` bits of `b`, which has that many at least.
    fn push_prefix(&mut self, b: &[u8], bits: u64) {
        let whole = (bits / 8) as usize;
        self.push_bytes(&b[..whole]);
        let rest = (bits % 8) as u32;
        if rest > 0 {
            self.push_low(b[whole] >> (8 - rest), rest);
        }
    }

    /// Appends `bits` bits of an integer given as its little-endian bytes,
    /// two's complement, of that many bits at least.
    fn push_int(&mut self, le: &[u8], bits: u64, little: bool) {
        let whole = (bits / 8) as usize;
        let rest = (bits % 8) as u32;
        if little {
            self.push_bytes(&le[..whole]);
            if rest > 0 {
                self.push_low(le[whole], rest);
            }
        } else {
            if rest > 0 {
                self.push_low(le[whole], rest);
            }
            le[..whole].iter().rev().for_each(|b| self.push_low(*b, 8));
        }
    }

    /// The binary written, or its length in bits when not whole bytes.
    pub fn finish(self) -> Result<Vec<u8>, u64> {
        match self.len % 8 {
            0 => Ok(self.bytes),
            _ => Err(self.len),
        }
    }
}

/// The binary of `<<...>>` at `site` from the values in `regs`: each
/// segment's value, then its size when the size is [`Width::Dynamic`].
pub fn build(site: &Site, regs: &[Term]) -> Result<Term, Exception> {
    let mut out = Bits::default();
    let mut regs = regs.iter();
    for (i, spec) in site.specs.iter().enumerate() {
        let value = regs.next().expect("a value for each segment");
        let size = match spec.size {
            Width::Dynamic => Some(regs.next().expect("a size register")),
            _ => None,
        };
        let at = At {
            n: i + 1,
            spec,
            in_module: site.in_module,
        };
        append(&mut out, &at, value, size)?;
    }
    out.finish()
        .map(|b| Term::binary(&b))
        .map_err(not_whole_bytes)
}

fn not_whole_bytes(bits: u64) -> Exception {
    Exception::argument_error(&format!(
        "construction of bitstring failed: it would have {bits} bits, not a whole number of bytes, and riex supports only bitstrings that are binaries"
    ))
}

/// The segment being appended, for its errors.
pub struct At<'a> {
    /// Its number, from 1.
    pub n: usize,
    pub spec: &'a Spec,
    pub in_module: bool,
}

impl At<'_> {
    fn failed(&self, why: &str) -> Exception {
        Exception::argument_error(&format!(
            "construction of binary failed: segment {} of type '{}': {why}",
            self.n,
            self.spec.error_type()
        ))
    }

    fn bad_size(&self, shown: &Term) -> Exception {
        let why = format!(
            "expected a non-negative integer as size but got: {}",
            inspect(shown)
        );
        self.failed(&why)
    }

    fn too_large(&self, size: &Term) -> Exception {
        Exception::raise(
            Atom::module("SystemLimitError"),
            &format!(
                "construction of binary failed: segment {} of type '{}': the size {} is too large",
                self.n,
                self.spec.error_type(),
                inspect(size)
            ),
        )
    }
}

/// Appends a segment of value `v` and (when dynamic) size `size`.
pub fn append(out: &mut Bits, at: &At, v: &Term, size: Option<&Term>) -> Result<(), Exception> {
    let bits = bit_size(at, size)?;
    match at.spec.ty {
        Type::Integer => integer(out, at, v, bits.unwrap_or(8)),
        Type::Float => float(out, at, v, bits.unwrap_or(64)),
        Type::Binary | Type::Bitstring => binary(out, at, v, bits),
        utf_ty => {
            let c = codepoint(v).ok_or_else(|| {
                let what = format!("a non-negative integer encodable as {}", utf_ty.name());
                at.failed(&format!("expected {what} but got: {}", inspect(v)))
            })?;
            utf(out, utf_ty, at.spec.little, c);
            Ok(())
        }
    }
}

fn codepoint(v: &Term) -> Option<char> {
    match v {
        Term::Int(i) => u32::try_from(*i).ok().and_then(char::from_u32),
        _ => None,
    }
}

/// The segment's size in bits, `None` for the type's default.
fn bit_size(at: &At, size: Option<&Term>) -> Result<Option<u64>, Exception> {
    let size = match (at.spec.size, size) {
        (Width::Default, _) => return Ok(None),
        (Width::Const(k), _) => Term::int(k),
        (Width::Dynamic, Some(t)) => t.clone(),
        (Width::Dynamic, None) => unreachable!("a dynamic size is given"),
    };
    let unit = at.spec.unit_bits() as i64;
    match &size {
        Term::Int(k) => match k.checked_mul(unit) {
            Some(b) if b < 0 => Err(bad_size(at, &size)),
            Some(b) if b <= MAX_BITS => Ok(Some(b as u64)),
            _ => Err(at.too_large(&size)),
        },
        Term::Big(b) if b.sign() == Sign::Minus => Err(bad_size(at, &size)),
        Term::Big(_) => Err(at.too_large(&size)),
        _ => Err(bad_size(at, &size)),
    }
}

/// A size that is no non-negative integer: the BEAM's compiled code shows
/// it as written; `erl_eval` shows it times the unit, or, when it is no
/// number at all, says only "argument error".
fn bad_size(at: &At, size: &Term) -> Exception {
    if at.in_module {
        return at.bad_size(size);
    }
    let unit = at.spec.unit_bits() as i64;
    match size {
        Term::Int(k) => at.bad_size(&Term::int(k * unit)),
        Term::Big(b) => at.bad_size(&Term::big(&**b * unit)),
        Term::Float(f) => at.bad_size(&Term::Float(f * unit as f64)),
        // `erl_eval` multiplies the size by the unit first.
        _ => crate::lang::stdlib::errors::plain_badarg("*", vec![size.clone(), Term::int(unit)]),
    }
}

/// The most bits riex makes one segment of: 2 GiB.
const MAX_BITS: i64 = 1 << 34;

fn integer(out: &mut Bits, at: &At, v: &Term, bits: u64) -> Result<(), Exception> {
    let width = bits.div_ceil(8) as usize;
    let mut le = match v {
        Term::Int(i) => i.to_le_bytes().to_vec(),
        Term::Big(b) => b.to_signed_bytes_le(),
        _ => {
            let why = format!("expected an integer but got: {}", inspect(v));
            return Err(at.failed(&why));
        }
    };
    let fill = if le.last().is_some_and(|b| b & 0x80 != 0) {
        0xff
    } else {
        0
    };
    le.resize(width.max(le.len()), fill);
    out.push_int(&le, bits, at.spec.little);
    Ok(())
}

fn float(out: &mut Bits, at: &At, v: &Term, bits: u64) -> Result<(), Exception> {
    if ![16, 32, 64].contains(&bits) {
        let why = format!("expected one of the supported sizes 16, 32, or 64 but got: {bits}");
        return Err(at.failed(&why));
    }
    let x = match v {
        Term::Float(f) => *f,
        Term::Int(i) => *i as f64,
        Term::Big(b) => big_to_f64(b, bits).ok_or_else(|| {
            let why = format!(
                "the value {} is outside the range expressible as a float",
                inspect(v)
            );
            at.failed(&why)
        })?,
        _ => {
            let why = format!("expected a float or an integer but got: {}", inspect(v));
            return Err(at.failed(&why));
        }
    };
    let mut bytes: Vec<u8> = match bits {
        64 => x.to_be_bytes().to_vec(),
        32 => (x as f32).to_be_bytes().to_vec(),
        _ => f16_bits(x).to_be_bytes().to_vec(),
    };
    if at.spec.little {
        bytes.reverse();
    }
    out.push_bytes(&bytes);
    Ok(())
}

/// A big integer as a float: out of `f64`'s range it is an error at 64
/// bits, and infinity at 32 or 16, as on the BEAM.
fn big_to_f64(b: &BigInt, bits: u64) -> Option<f64> {
    let x = b.to_f64().filter(|x| x.is_finite());
    match (x, bits) {
        (None, 64) => None,
        (None, _) => Some(if b.sign() == Sign::Minus {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        (x, _) => x,
    }
}

/// A float as IEEE 754 half precision, rounded to nearest, ties to even.
fn f16_bits(x: f64) -> u16 {
    let b = x.to_bits();
    let sign = ((b >> 48) & 0x8000) as u16;
    let exp = ((b >> 52) & 0x7ff) as i64;
    let man = b & ((1 << 52) - 1);
    if exp == 0x7ff {
        return sign | 0x7c00 | if man != 0 { 0x200 } else { 0 };
    }
    let e = exp - 1023 + 15;
    if e >= 31 {
        return sign | 0x7c00;
    }
    if e <= 0 {
        // Subnormal: the value in units of 2^-24.
        let shift = (1051 - exp) as u32;
        return sign | round_shift(man | (1 << 52), shift) as u16;
    }
    // A carry out of the mantissa moves on to the exponent, up to infinity.
    sign | (((e as u64) << 10) + round_shift(man, 42)) as u16
}

/// `m >> shift`, rounded to nearest, ties to even.
fn round_shift(m: u64, shift: u32) -> u64 {
    if shift >= 64 {
        return 0;
    }
    let q = m >> shift;
    let rem = m & ((1 << shift) - 1);
    let half = 1 << (shift - 1);
    if rem > half || (rem == half && q & 1 == 1) {
        q + 1
    } else {
        q
    }
}

fn binary(out: &mut Bits, at: &At, v: &Term, bits: Option<u64>) -> Result<(), Exception> {
    let Some(b) = v.as_binary() else {
        return Err(match (bits, at.in_module) {
            // `erl_eval` takes a whole binary's size first.
            (None, false) => crate::lang::stdlib::errors::badarg(
                "bit_size",
                vec![v.clone()],
                &[(1, "not a bitstring")],
            ),
            _ => at.failed(&format!("expected a binary but got: {}", inspect(v))),
        });
    };
    let have = 8 * b.len() as u64;
    match bits {
        None if !have.is_multiple_of(at.spec.unit_bits() as u64) => Err(not_of_unit(at, v)),
        None => {
            out.push_bytes(b);
            Ok(())
        }
        Some(bits) if bits > have => {
            let why = format!(
                "the value {} is shorter than the size of the segment",
                inspect(v)
            );
            Err(at.failed(&why))
        }
        Some(bits) => {
            out.push_prefix(b, bits);
            Ok(())
        }
    }
}

fn not_of_unit(at: &At, v: &Term) -> Exception {
    match at.in_module {
        true => at.failed(&format!(
            "the size of the value {} is not a multiple of the unit for the segment",
            inspect(v)
        )),
        false => Exception::argument_error("argument error"),
    }
}

fn utf(out: &mut Bits, ty: Type, little: bool, c: char) {
    let mut units = [0u16; 2];
    match ty {
        Type::Utf8 => out.push_bytes(c.encode_utf8(&mut [0; 4]).as_bytes()),
        Type::Utf16 => {
            for u in c.encode_utf16(&mut units).iter() {
                out.push_bytes(&if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                });
            }
        }
        _ => {
            let u = c as u32;
            out.push_bytes(&if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
    }
}

pub mod read;
#[cfg(test)]
mod tests;
