//! `Inspect.BitString`: strings and other binaries.
//!
//! A printable UTF-8 binary prints as an escaped string (`"a\tb"`); past
//! `printable_limit` characters it ends in `<> ...`. Any other binary prints
//! as its bytes, `<<1, 2, 3>>`, filling lines (flex breaks, nested by 2) and
//! counting bytes against `limit`.

use super::algebra::{concat, flex_glue, group, nest, text, Doc};
use super::color::{color, Key};
use super::escape::{escape, is_printable_string};
use super::opts::{Base, Binaries, Opts};
use super::to_doc::integer;
use num_bigint::BigInt;

/// The document of a binary.
pub fn binary_doc(bytes: &[u8], o: &Opts) -> Doc {
    let as_string = o.base == Base::Decimal
        && match o.binaries {
            Binaries::AsStrings => true,
            Binaries::Infer => is_printable_string(bytes, o.printable_limit),
            Binaries::AsBinaries => false,
        };
    if as_string {
        string(bytes, o)
    } else {
        bitstring(bytes, o)
    }
}

fn string(bytes: &[u8], o: &Opts) -> Doc {
    let (escaped, more) = escape(bytes, b'"', o.printable_limit);
    let suffix = if more { " <> ..." } else { "" };
    color(
        text(format!("\"{escaped}\"{suffix}")),
        Key::String,
        o.syntax_colors,
    )
}

/// `<<1, 2, 3>>`.
fn bitstring(bytes: &[u8], o: &Opts) -> Doc {
    let c = o.syntax_colors;
    if bytes.is_empty() {
        return color(text("<<>>"), Key::Binary, c);
    }
    let left = color(text("<<"), Key::Binary, c);
    let right = color(text(">>"), Key::Binary, c);
    group(concat(concat(left, nest(each_byte(bytes, o), 2)), right))
}

/// `each_bit/3`: the bytes joined by `,` and flex breaks, `...` past the limit.
fn each_byte(bytes: &[u8], o: &Opts) -> Doc {
    let shown = o.limit.map_or(bytes.len(), |l| l.min(bytes.len()));
    let mut acc = if shown < bytes.len() {
        text("...")
    } else {
        integer(&BigInt::from(bytes[shown - 1]), o)
    };
    let glued = if shown < bytes.len() {
        shown
    } else {
        shown - 1
    };
    for &b in bytes[..glued].iter().rev() {
        acc = flex_glue(concat(integer(&BigInt::from(b), o), text(",")), " ", acc);
    }
    acc
}
