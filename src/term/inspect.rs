//! `inspect/2`: terms printed exactly as Elixir 1.14 prints them.
//!
//! (Baseline printer: single-line output. The pretty printer with Elixir's
//! breaking rules replaces the layout, keeping this interface.)

use super::{atom, Ref, Term};

/// Options of `inspect/2`.
#[derive(Clone, Debug)]
pub struct Opts {
    /// Break long output over lines at `width` (IEx results use this).
    pub pretty: bool,
    /// The line width for pretty printing.
    pub width: usize,
    /// How many items of a collection to print before `...`; `None` for all.
    pub limit: Option<usize>,
}

impl Default for Opts {
    fn default() -> Opts {
        Opts {
            pretty: false,
            width: 80,
            limit: Some(50),
        }
    }
}

impl Opts {
    /// How IEx prints results: pretty, width 80, limit 50.
    pub fn iex() -> Opts {
        Opts {
            pretty: true,
            ..Opts::default()
        }
    }

    /// `pretty: true, limit: :infinity`, as KeyError messages use.
    pub fn pretty_unlimited() -> Opts {
        Opts {
            pretty: true,
            limit: None,
            ..Opts::default()
        }
    }
}

/// `inspect(term)` with default options.
pub fn inspect(t: &Term) -> String {
    inspect_opts(t, &Opts::default())
}

/// `inspect(term, opts)`.
pub fn inspect_opts(t: &Term, opts: &Opts) -> String {
    let mut out = String::new();
    write_term(&mut out, t, opts);
    out
}

/// `#Reference<0.A.B.C>` for a reference number.
pub fn reference(r: Ref) -> String {
    format!("#Reference<0.{}.{}.{}>", 3_015_519_226u64, 2_768_240_641u64 + (r.0 >> 32), r.0 & 0xffff_ffff)
}

fn write_term(out: &mut String, t: &Term, opts: &Opts) {
    match t {
        Term::Int(i) => out.push_str(&i.to_string()),
        Term::Big(b) => out.push_str(&b.to_string()),
        Term::Float(f) => out.push_str(&float(*f)),
        Term::Atom(a) => out.push_str(&atom_text(*a)),
        Term::Binary(b) => out.push_str(&binary(b)),
        Term::Pid(p) => out.push_str(&p.to_string()),
        Term::Ref(r) => out.push_str(&reference(*r)),
        Term::Fun(f) => out.push_str(&f.inspect()),
        Term::Tuple(items) => {
            out.push('{');
            write_seq(out, items.iter(), opts);
            out.push('}');
        }
        Term::Nil => out.push_str("[]"),
        Term::List(l) => {
            let (items, tail) = l.split_improper();
            if tail.is_none() && super::build::is_keyword(t) {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let [k, v] = item.as_tuple().unwrap() else { unreachable!() };
                    out.push_str(&key_text(k.as_atom().unwrap()));
                    write_term(out, v, opts);
                }
                out.push(']');
                return;
            }
            if tail.is_none() && is_printable_charlist(&items) {
                out.push('\'');
                for c in &items {
                    let c = char::from_u32(c.as_int().unwrap() as u32).unwrap();
                    out.push_str(&escape_char(c, '\''));
                }
                out.push('\'');
                return;
            }
            out.push('[');
            write_seq(out, items.iter(), opts);
            if let Some(tail) = tail {
                out.push_str(" | ");
                write_term(out, &tail, opts);
            }
            out.push(']');
        }
        Term::Map(m) => {
            if let Some(name) = t.struct_name() {
                out.push_str("%");
                out.push_str(&atom::Atom::module_display(name));
                out.push('{');
                let mut first = true;
                for (k, v) in m.iter() {
                    if k.is_atom(atom::STRUCT) || k.is_atom(atom::EXCEPTION) {
                        continue;
                    }
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    out.push_str(&key_text(k.as_atom().unwrap()));
                    write_term(out, v, opts);
                }
                out.push('}');
                return;
            }
            out.push_str("%{");
            let all_atoms = m.keys().all(|k| matches!(k, Term::Atom(_)));
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if all_atoms {
                    out.push_str(&key_text(k.as_atom().unwrap()));
                } else {
                    write_term(out, k, opts);
                    out.push_str(" => ");
                }
                write_term(out, v, opts);
            }
            out.push('}');
        }
    }
}

fn write_seq<'a>(out: &mut String, items: impl Iterator<Item = &'a Term>, opts: &Opts) {
    for (i, item) in items.enumerate() {
        if opts.limit.is_some_and(|l| i >= l) {
            out.push_str(", ...");
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        write_term(out, item, opts);
    }
}

fn is_printable_charlist(items: &[Term]) -> bool {
    !items.is_empty()
        && items.iter().all(|c| match c.as_int() {
            Some(c) => (32..127).contains(&c) || matches!(c, 7..=13 | 27) || (160..=0x10FFFF).contains(&c),
            None => false,
        })
}

/// Shortest round-trip float text in Erlang's style.
pub fn float(f: f64) -> String {
    let s = format!("{f:?}");
    if s.contains('e') {
        let (m, e) = s.split_once('e').unwrap();
        let m = if m.contains('.') { m.to_owned() } else { format!("{m}.0") };
        return format!("{m}e{e}");
    }
    if f.abs() >= 1e16 {
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap();
        let m = if m.contains('.') { m.to_owned() } else { format!("{m}.0") };
        return format!("{m}e{e}");
    }
    s
}

fn is_identifier_atom(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    if !(first.is_ascii_lowercase() || first == '_') {
        return false;
    }
    let body: Vec<char> = s.chars().collect();
    let n = body.len();
    body.iter().enumerate().all(|(i, c)| {
        c.is_ascii_alphanumeric() || *c == '_' || ((*c == '?' || *c == '!') && i == n - 1) || (*c == '@' && i > 0)
    })
}

fn is_operator_atom(s: &str) -> bool {
    matches!(
        s,
        "+" | "-" | "*" | "/" | "==" | "!=" | "===" | "!==" | "<" | ">" | "<=" | ">=" | "&&" | "||" | "!"
            | "<>" | "++" | "--" | ".." | "|>" | "=~" | "->" | "<-" | "\\\\" | "::" | "@" | "&" | "^" | "|"
            | "=" | "<<>>" | "%{}" | "{}" | "%" | "..//" | "**" | "<<<" | ">>>" | "&&&" | "|||" | "~~~"
    )
}

/// `:ok`, `:"foo bar"`, `Foo.Bar`, `nil`, `true`.
pub fn atom_text(a: atom::Atom) -> String {
    let s = a.name();
    if a == atom::NIL || a == atom::TRUE || a == atom::FALSE {
        return s.to_owned();
    }
    if let Some(alias) = s.strip_prefix("Elixir.") {
        if alias.split('.').all(|part| {
            let mut c = part.chars();
            c.next().is_some_and(|f| f.is_ascii_uppercase()) && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }) {
            return alias.to_owned();
        }
    }
    if is_identifier_atom(s) || is_operator_atom(s) {
        return format!(":{s}");
    }
    format!(":\"{}\"", escape_str(s, '"'))
}

fn key_text(a: atom::Atom) -> String {
    let s = a.name();
    if is_identifier_atom(s) || (s.starts_with(char::is_uppercase) && s.chars().all(|c| c.is_alphanumeric() || c == '_')) {
        format!("{s}: ")
    } else {
        format!("\"{}\": ", escape_str(s, '"'))
    }
}

fn binary(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) if s.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r' | '\x07'..='\x0d' | '\x1b')) => {
            format!("\"{}\"", escape_str(s, '"'))
        }
        _ => {
            let parts: Vec<String> = b.iter().map(|x| x.to_string()).collect();
            format!("<<{}>>", parts.join(", "))
        }
    }
}

fn escape_str(s: &str, quote: char) -> String {
    s.chars().map(|c| escape_char(c, quote)).collect()
}

fn escape_char(c: char, quote: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        '\x07' => "\\a".into(),
        '\x08' => "\\b".into(),
        '\x0b' => "\\v".into(),
        '\x0c' => "\\f".into(),
        '\x1b' => "\\e".into(),
        '\\' => "\\\\".into(),
        '#' if quote == '"' => "#".into(),
        c if c == quote => format!("\\{c}"),
        c => c.to_string(),
    }
}
