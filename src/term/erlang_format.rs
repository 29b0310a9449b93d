//! Terms in Erlang's syntax, as `io:format("~tp")` writes them: what OTP's
//! own messages (the `*DBG*` lines of `:sys.trace/2`) show.
//!
//! ```text
//! {push, 1}   [a, b]   'Elixir.MyStack'   <<"text">>   <0.96.0>   #{k => v}
//! ```

use super::{Atom, Term};

/// `t` as Erlang prints it.
pub fn erlang(t: &Term) -> String {
    let mut out = String::new();
    write(t, &mut out);
    out
}

fn write(t: &Term, out: &mut String) {
    match t {
        Term::Int(i) => out.push_str(&i.to_string()),
        Term::Big(b) => out.push_str(&b.to_string()),
        Term::Float(f) => out.push_str(&super::inspect::inspect(&Term::Float(*f))),
        Term::Atom(a) => atom(*a, out),
        Term::Binary(_) => binary(t, out),
        Term::Pid(p) => out.push_str(&format!("<0.{}.0>", p.0)),
        Term::Ref(r) => out.push_str(&format!("#Ref<0.0.0.{}>", r.0)),
        Term::Fun(_) => out.push_str("#Fun<erl_eval.0>"),
        Term::Tuple(items) => {
            out.push('{');
            join(items.iter(), out);
            out.push('}');
        }
        Term::Nil => out.push_str("[]"),
        Term::List(_) => list(t, out),
        Term::Map(m) => {
            out.push_str("#{");
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(k, out);
                out.push_str(" => ");
                write(v, out);
            }
            out.push('}');
        }
    }
}

fn join<'a>(items: impl Iterator<Item = &'a Term>, out: &mut String) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(item, out);
    }
}

/// A list: as a string when every element is a printable character.
fn list(t: &Term, out: &mut String) {
    let Some(items) = t.list_to_vec() else {
        improper(t, out);
        return;
    };
    let printable = items
        .iter()
        .all(|c| matches!(c, Term::Int(n) if (32..127).contains(n) || *n == 10 || *n == 9));
    if printable {
        out.push('"');
        for c in &items {
            let Term::Int(n) = c else {
                unreachable!("checked")
            };
            match *n as u8 {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\t' => out.push_str("\\t"),
                b => out.push(b as char),
            }
        }
        out.push('"');
        return;
    }
    out.push('[');
    join(items.iter(), out);
    out.push(']');
}

fn improper(t: &Term, out: &mut String) {
    out.push('[');
    let mut cur = t;
    let mut first = true;
    while let Term::List(l) = cur {
        if !first {
            out.push(',');
        }
        first = false;
        write(l.head(), out);
        cur = l.tail();
    }
    out.push('|');
    write(cur, out);
    out.push(']');
}

fn binary(t: &Term, out: &mut String) {
    let bytes = t.as_binary().unwrap_or_default();
    match std::str::from_utf8(bytes) {
        Ok(s) if s.chars().all(|c| !c.is_control() || c == '\n' || c == '\t') => {
            out.push_str("<<\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
            out.push('"');
            if !s.is_ascii() {
                out.push_str("/utf8");
            }
            out.push_str(">>");
        }
        _ => {
            out.push_str("<<");
            let parts: Vec<String> = bytes.iter().map(|b| b.to_string()).collect();
            out.push_str(&parts.join(","));
            out.push_str(">>");
        }
    }
}

/// An atom bare when Erlang reads it so, quoted otherwise.
fn atom(a: Atom, out: &mut String) {
    let name = a.name();
    let bare = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
        && !RESERVED.contains(&name);
    if bare {
        out.push_str(name);
    } else {
        out.push('\'');
        for c in name.chars() {
            match c {
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        out.push('\'');
    }
}

/// Erlang's reserved words, which need quotes as atoms.
const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse",
    "receive", "rem", "try", "when", "xor",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Pid;

    #[test]
    fn terms_read_as_erlang_writes_them() {
        let t = Term::tuple([
            Term::atom_named("push"),
            Term::int(1),
            Term::atom_named("Elixir.MyStack"),
            Term::list(vec![Term::atom_named("a"), Term::atom_named("end")]),
            Term::Pid(Pid(96)),
            Term::string("hi"),
            Term::list(vec![Term::int(104), Term::int(105)]),
        ]);
        assert_eq!(
            erlang(&t),
            "{push,1,'Elixir.MyStack',[a,'end'],<0.96.0>,<<\"hi\">>,\"hi\"}"
        );
    }
}
