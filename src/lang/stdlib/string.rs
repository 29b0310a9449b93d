//! `String`: UTF-8 binaries, counted in graphemes where Elixir counts them
//! (`length`, `slice`, `at`, `pad_leading` ...).
//!
//! A non-binary argument raises the `FunctionClauseError` Elixir raises
//! (`no function clause matching in String.upcase/2`, arguments in the
//! first frame). `duplicate/2`, `to_integer/1,2`, `to_float/1`,
//! `to_atom/1` and `to_existing_atom/1` are inlined by the compiler into
//! BIFs, so they raise the BIF's `ArgumentError`, as in iex.

use super::errors::{argument_error, badarg_at, elixir_frame, function_clause, stdlib_frame, Def};
use super::text::{graphemes, jaro_distance};
use super::{enumerable, erlang};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

/// The largest text riex builds in one go; beyond it, `SystemLimitError`
/// (rather than exhausting memory).
const MAX_BUILT: usize = 1 << 32;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "String",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/string.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    UPCASE,
    "upcase",
    2,
    831,
    [
        "upcase(\"\", _mode)",
        "upcase(string, :default) when is_binary(string)",
        "upcase(string, :ascii) when is_binary(string)",
        "upcase(string, mode) when is_binary(string) and mode === :greek or mode === :turkic",
    ]
);
def!(
    DOWNCASE,
    "downcase",
    2,
    899,
    [
        "downcase(\"\", _mode)",
        "downcase(string, :default) when is_binary(string)",
        "downcase(string, :ascii) when is_binary(string)",
        "downcase(string, mode) when is_binary(string) and mode === :greek or mode === :turkic",
    ]
);
def!(
    CAPITALIZE,
    "capitalize",
    2,
    945,
    [
        "capitalize(<<char, rest::binary>>, :ascii)",
        "capitalize(string, mode) when is_binary(string)",
    ]
);
def!(
    TRIM,
    "trim",
    1,
    1271,
    ["trim(string) when is_binary(string)"]
);
def!(
    TRIM2,
    "trim",
    2,
    1288,
    ["trim(string, to_trim) when is_binary(string) and is_binary(to_trim)"]
);
def!(
    TRIM_LEADING2,
    "trim_leading",
    2,
    1178,
    ["trim_leading(string, to_trim) when is_binary(string) and is_binary(to_trim)"]
);
def!(
    TRIM_TRAILING2,
    "trim_trailing",
    2,
    1240,
    ["trim_trailing(string, to_trim) when is_binary(string) and is_binary(to_trim)"]
);
def!(
    SPLIT3,
    "split",
    3,
    479,
    [
        "split(string, %Regex{} = pattern, options) when is_binary(string) and is_list(options)",
        "split(string, \"\", options) when is_binary(string) and is_list(options)",
        "split(string, [], options) when is_binary(string) and is_list(options)",
        "split(string, pattern, options) when is_binary(string) and is_list(options)",
    ]
);
def!(REPLACE, "replace", 4, 1521, [
    "replace(subject, pattern, replacement, options) when is_binary(subject) and is_binary(replacement) or is_function(replacement, 1) and is_list(options)",
]);
def!(
    CONTAINS,
    "contains?",
    2,
    2490,
    [
        "contains?(string, contents) when is_binary(string) and is_list(contents)",
        "contains?(string, contents) when is_binary(string)",
    ]
);
def!(
    STARTS_WITH,
    "starts_with?",
    2,
    2346,
    [
        "starts_with?(string, prefix) when is_binary(string) and is_binary(prefix)",
        "starts_with?(string, prefix) when is_binary(string) and is_list(prefix)",
        "starts_with?(string, prefix) when is_binary(string)",
    ]
);
def!(
    ENDS_WITH,
    "ends_with?",
    2,
    2394,
    [
        "ends_with?(string, suffix) when is_binary(string) and is_binary(suffix)",
        "ends_with?(string, suffix) when is_binary(string) and is_list(suffix)",
    ]
);
def!(
    REVERSE,
    "reverse",
    1,
    1657,
    ["reverse(string) when is_binary(string)"]
);
def!(SLICE3, "slice", 3, 2110, [
    "slice(_, _, 0)",
    "slice(string, start, length) when is_binary(string) and is_integer(start) and is_integer(length) and start >= 0 and length >= 0",
    "slice(string, start, length) when is_binary(string) and is_integer(start) and is_integer(length) and start < 0 and length >= 0",
]);
def!(SLICE2, "slice", 2, 2195, [
    "slice(string, first..last//step = range) when is_binary(string)",
    "slice(string, %{__struct__: Range, first: first, last: last} = range) when is_binary(string)",
]);
def!(
    AT,
    "at",
    2,
    2050,
    [
        "at(string, position) when is_binary(string) and is_integer(position) and position >= 0",
        "at(string, position) when is_binary(string) and is_integer(position) and position < 0",
    ]
);
def!(
    FIRST,
    "first",
    1,
    1968,
    ["first(string) when is_binary(string)"]
);
def!(
    LAST,
    "last",
    1,
    1995,
    ["last(\"\")", "last(string) when is_binary(string)"]
);
def!(PAD_LEADING, "pad_leading", 3, 1327, [
    "pad_leading(string, count, padding) when is_binary(padding)",
    "pad_leading(string, count, [_ | _] = padding) when is_binary(string) and is_integer(count) and count >= 0",
]);
def!(PAD_TRAILING, "pad_trailing", 3, 1369, [
    "pad_trailing(string, count, padding) when is_binary(padding)",
    "pad_trailing(string, count, [_ | _] = padding) when is_binary(string) and is_integer(count) and count >= 0",
]);
def!(
    GRAPHEMES,
    "graphemes",
    1,
    1902,
    ["graphemes(string) when is_binary(string)"]
);
def!(
    CODEPOINTS,
    "codepoints",
    1,
    1720,
    ["codepoints(string) when is_binary(string)"]
);
def!(SPLIT_AT, "split_at", 2, 659, [
    "split_at(string, position) when is_binary(string) and is_integer(position) and position >= 0",
    "split_at(string, position) when is_binary(string) and is_integer(position) and position < 0",
]);
def!(
    LENGTH,
    "length",
    1,
    2016,
    ["length(string) when is_binary(string)"]
);
def!(
    JARO,
    "jaro_distance",
    2,
    2759,
    [
        "jaro_distance(string, string)",
        "jaro_distance(_string, \"\")",
        "jaro_distance(\"\", _string)",
        "jaro_distance(string1, string2) when is_binary(string1) and is_binary(string2)",
    ]
);
def!(
    TO_CHARLIST,
    "to_charlist",
    1,
    2529,
    ["to_charlist(string) when is_binary(string)"]
);

const BREAK_TRIM_LEADING: Def = Def {
    module: "String.Break",
    name: "trim_leading",
    arity: 1,
    kind: "def",
    file: "lib/elixir/unicode/unicode.ex",
    line: 459,
    clauses: &["trim_leading(string) when is_binary(string)"],
};

const BREAK_TRIM_TRAILING: Def = Def {
    module: "String.Break",
    name: "trim_trailing",
    arity: 1,
    kind: "def",
    file: "lib/elixir/unicode/unicode.ex",
    line: 495,
    clauses: &["trim_trailing(string) when is_binary(string)"],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[
    &UPCASE,
    &DOWNCASE,
    &CAPITALIZE,
    &TRIM,
    &TRIM2,
    &TRIM_LEADING2,
    &TRIM_TRAILING2,
    &SPLIT3,
    &REPLACE,
    &CONTAINS,
    &STARTS_WITH,
    &ENDS_WITH,
    &REVERSE,
    &SLICE3,
    &SLICE2,
    &AT,
    &FIRST,
    &LAST,
    &PAD_LEADING,
    &PAD_TRAILING,
    &GRAPHEMES,
    &CODEPOINTS,
    &SPLIT_AT,
    &LENGTH,
    &JARO,
    &TO_CHARLIST,
    &BREAK_TRIM_LEADING,
    &BREAK_TRIM_TRAILING,
];

/// The text of a binary (invalid UTF-8 replaced), or the clause error of `def`.
fn text(t: &Term, def: &Def, args: &[Term]) -> Result<String, Exception> {
    match t {
        Term::Binary(b) => Ok(String::from_utf8_lossy(b).into_owned()),
        _ => Err(function_clause(def, args.to_vec())),
    }
}

fn string(s: &str) -> Term {
    Term::string(s)
}

fn strings(items: impl IntoIterator<Item = String>) -> Term {
    Term::list(items.into_iter().map(|s| Term::string(&s)).collect())
}

/// Binaries given as a pattern: one binary or a list of them.
fn patterns(t: &Term) -> Option<Vec<Vec<u8>>> {
    match t {
        Term::Binary(b) => Some(vec![b.to_vec()]),
        _ => t
            .list_to_vec()?
            .iter()
            .map(|p| p.as_binary().map(<[u8]>::to_vec))
            .collect(),
    }
}

// ------------------------------------------------------------------ case

fn mode_of(a: &[Term]) -> Option<&'static str> {
    match a.get(1) {
        None => Some("default"),
        Some(Term::Atom(m)) => match m.name() {
            "default" => Some("default"),
            "ascii" => Some("ascii"),
            "greek" => Some("greek"),
            "turkic" => Some("turkic"),
            _ => None,
        },
        Some(_) => None,
    }
}

fn with_mode(a: &[Term]) -> Vec<Term> {
    let mut args = a.to_vec();
    if args.len() == 1 {
        args.push(Term::atom_named("default"));
    }
    args
}

fn upper(s: &str, mode: &str) -> String {
    match mode {
        "ascii" => s.to_ascii_uppercase(),
        "turkic" => s
            .chars()
            .flat_map(|c| match c {
                'i' => vec!['İ'],
                'ı' => vec!['I'],
                c => c.to_uppercase().collect(),
            })
            .collect(),
        _ => s.to_uppercase(),
    }
}

fn lower(s: &str, mode: &str) -> String {
    match mode {
        "ascii" => s.to_ascii_lowercase(),
        "greek" => s.to_lowercase(),
        "turkic" => s
            .chars()
            .flat_map(|c| match c {
                'I' => vec!['ı'],
                'İ' => vec!['i'],
                c => c.to_lowercase().collect(),
            })
            .collect(),
        _ => s.chars().flat_map(char::to_lowercase).collect(),
    }
}

fn upcase(a: Vec<Term>) -> R {
    let args = with_mode(&a);
    let s = text(&a[0], &UPCASE, &args)?;
    match mode_of(&a) {
        Some(m) => Ok(string(&upper(&s, m))),
        None if s.is_empty() => Ok(string("")),
        None => Err(function_clause(&UPCASE, args)),
    }
}

fn downcase(a: Vec<Term>) -> R {
    let args = with_mode(&a);
    let s = text(&a[0], &DOWNCASE, &args)?;
    match mode_of(&a) {
        Some(m) => Ok(string(&lower(&s, m))),
        None if s.is_empty() => Ok(string("")),
        None => Err(function_clause(&DOWNCASE, args)),
    }
}

fn capitalize(a: Vec<Term>) -> R {
    let args = with_mode(&a);
    let s = text(&a[0], &CAPITALIZE, &args)?;
    let Some(mode) = mode_of(&a) else {
        return Err(function_clause(&CAPITALIZE, args));
    };
    let parts = graphemes(&s);
    let Some((first, rest)) = parts.split_first() else {
        return Ok(string(""));
    };
    let out = format!("{}{}", upper(first, mode), lower(&rest.concat(), mode));
    Ok(string(&out))
}

// ------------------------------------------------------------------ trim

fn trim_chars(s: &str, leading: bool, trailing: bool) -> &str {
    let s = if leading { s.trim_start() } else { s };
    if trailing {
        s.trim_end()
    } else {
        s
    }
}

fn trim_repeated<'a>(mut s: &'a str, to_trim: &str, leading: bool, trailing: bool) -> &'a str {
    if to_trim.is_empty() {
        return s;
    }
    while leading && s.starts_with(to_trim) {
        s = &s[to_trim.len()..];
    }
    while trailing && s.ends_with(to_trim) {
        s = &s[..s.len() - to_trim.len()];
    }
    s
}

fn trim_with(a: Vec<Term>, leading: bool, trailing: bool, defs: (&Def, &Def)) -> R {
    match a.as_slice() {
        [t] => {
            let s = text(t, defs.0, &a)?;
            Ok(string(trim_chars(&s, leading, trailing)))
        }
        [t, Term::Binary(_)] => {
            let s = text(t, defs.1, &a)?;
            let to_trim = a[1].as_str().unwrap_or("").to_owned();
            Ok(string(trim_repeated(&s, &to_trim, leading, trailing)))
        }
        _ => Err(function_clause(defs.1, a.clone())),
    }
}

fn trim(a: Vec<Term>) -> R {
    trim_with(a, true, true, (&TRIM, &TRIM2))
}

fn trim_leading(a: Vec<Term>) -> R {
    trim_with(a, true, false, (&BREAK_TRIM_LEADING, &TRIM_LEADING2))
}

fn trim_trailing(a: Vec<Term>) -> R {
    trim_with(a, false, true, (&BREAK_TRIM_TRAILING, &TRIM_TRAILING2))
}

// ------------------------------------------------------------ searching

/// The earliest match of any pattern at or after `from`: `(position, length)`,
/// the longest pattern winning at the same position.
fn find_match(hay: &[u8], pats: &[Vec<u8>], from: usize) -> Option<(usize, usize)> {
    (from..hay.len()).find_map(|i| {
        pats.iter()
            .filter(|p| !p.is_empty() && hay[i..].starts_with(p))
            .map(|p| p.len())
            .max()
            .map(|len| (i, len))
    })
}

fn contains(a: Vec<Term>) -> R {
    let s = text(&a[0], &CONTAINS, &a)?;
    let pats = patterns(&a[1]).ok_or_else(|| function_clause(&CONTAINS, a.clone()))?;
    let bytes = s.as_bytes();
    Ok(Term::bool(pats.iter().any(|p| {
        p.is_empty() || bytes.windows(p.len()).any(|w| w == &p[..])
    })))
}

fn starts_with(a: Vec<Term>) -> R {
    let s = text(&a[0], &STARTS_WITH, &a)?;
    let pats = patterns(&a[1]).ok_or_else(|| function_clause(&STARTS_WITH, a.clone()))?;
    Ok(Term::bool(pats.iter().any(|p| s.as_bytes().starts_with(p))))
}

fn ends_with(a: Vec<Term>) -> R {
    let s = text(&a[0], &ENDS_WITH, &a)?;
    let pats = patterns(&a[1]).ok_or_else(|| function_clause(&ENDS_WITH, a.clone()))?;
    Ok(Term::bool(pats.iter().any(|p| s.as_bytes().ends_with(p))))
}

// ---------------------------------------------------------------- split

fn split_whitespace(a: Vec<Term>) -> R {
    let Some(s) = a[0].as_binary() else {
        let whitespace = Term::list(vec![Term::string(" ")]);
        let frame = stdlib_frame("binary", "split", vec![a[0].clone(), whitespace, Term::Nil]);
        return Err(badarg_at(frame, &[(1, "not a binary")], None));
    };
    let s = String::from_utf8_lossy(s);
    Ok(strings(s.split_whitespace().map(str::to_owned)))
}

fn split_options(opts: &Term) -> (Option<usize>, bool) {
    let parts = crate::term::build::keyword_get(opts, Atom::new("parts"))
        .and_then(|p| p.as_int())
        .filter(|p| *p > 0)
        .map(|p| p as usize);
    let trim =
        crate::term::build::keyword_get(opts, Atom::new("trim")).is_some_and(|t| t.is_truthy());
    (parts, trim)
}

/// Pieces between matches, honouring `parts:` and `trim:` as `String.split/3`.
fn split_pieces(s: &[u8], pats: &[Vec<u8>], parts: Option<usize>, trim: bool) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut pos = 0;
    while parts.is_none_or(|n| out.len() + 1 < n) {
        let Some((at, len)) = find_match(s, pats, pos) else {
            break;
        };
        let piece = s[pos..at].to_vec();
        pos = at + len;
        if !(trim && piece.is_empty()) {
            out.push(piece);
        }
    }
    let rest = s[pos..].to_vec();
    if !(trim && rest.is_empty()) {
        out.push(rest);
    }
    out
}

fn split_graphemes(s: &str, parts: Option<usize>, trim: bool) -> Vec<String> {
    let mut pieces: Vec<String> = vec![String::new()];
    pieces.extend(graphemes(s).into_iter().map(str::to_owned));
    pieces.push(String::new());
    if trim {
        pieces.retain(|p| !p.is_empty());
    }
    match parts {
        Some(n) if pieces.len() > n && n > 0 => {
            let rest: String = pieces[n - 1..].concat();
            pieces.truncate(n - 1);
            pieces.push(rest);
            pieces
        }
        _ => pieces,
    }
}

fn split(a: Vec<Term>) -> R {
    if a.len() == 1 {
        return split_whitespace(a);
    }
    let opts = a.get(2).cloned().unwrap_or(Term::Nil);
    let full = vec![a[0].clone(), a[1].clone(), opts.clone()];
    let s = text(&a[0], &SPLIT3, &full)?;
    let (parts, trim) = split_options(&opts);
    let Some(pats) = patterns(&a[1]) else {
        let frame = stdlib_frame(
            "binary",
            "split",
            vec![
                a[0].clone(),
                a[1].clone(),
                Term::list(vec![Term::atom_named("global")]),
            ],
        );
        let caller = elixir_frame("String", "split", Term::int(3), "lib/string.ex", 509);
        return Err(badarg_at(
            frame,
            &[(2, "not a valid pattern")],
            Some(caller),
        ));
    };
    if pats.is_empty() {
        return Ok(strings(vec![s]));
    }
    if pats.iter().all(Vec::is_empty) {
        return Ok(strings(split_graphemes(&s, parts, trim)));
    }
    let pieces = split_pieces(s.as_bytes(), &pats, parts, trim);
    Ok(Term::list(pieces.iter().map(|p| Term::binary(p)).collect()))
}

fn split_at(a: Vec<Term>) -> R {
    let s = text(&a[0], &SPLIT_AT, &a)?;
    let Term::Int(pos) = a[1] else {
        return Err(function_clause(&SPLIT_AT, a));
    };
    let gs = graphemes(&s);
    let n = gs.len() as i64;
    let at = if pos < 0 {
        (n + pos).max(0)
    } else {
        pos.min(n)
    } as usize;
    Ok(Term::tuple([
        string(&gs[..at].concat()),
        string(&gs[at..].concat()),
    ]))
}

// --------------------------------------------------------------- replace

async fn replace(cx: &mut Ctx, a: Vec<Term>) -> R {
    let opts = a.get(3).cloned().unwrap_or(Term::Nil);
    let full = vec![a[0].clone(), a[1].clone(), a[2].clone(), opts.clone()];
    let s = text(&a[0], &REPLACE, &full)?;
    let replacement_ok =
        matches!(&a[2], Term::Binary(_)) || matches!(&a[2], Term::Fun(f) if f.arity() == 1);
    if !replacement_ok || !opts.is_list() {
        return Err(function_clause(&REPLACE, full));
    }
    let pats = patterns(&a[1]).ok_or_else(|| function_clause(&REPLACE, full.clone()))?;
    let global =
        crate::term::build::keyword_get(&opts, Atom::new("global")).is_none_or(|g| g.is_truthy());
    if pats.iter().all(Vec::is_empty) && !pats.is_empty() {
        return replace_empty(cx, &s, &a[2], global).await;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while let Some((at, len)) = find_match(bytes, &pats, pos) {
        out.extend_from_slice(&bytes[pos..at]);
        out.extend(replacement(cx, &a[2], &bytes[at..at + len]).await?);
        pos = at + len;
        if !global {
            break;
        }
    }
    out.extend_from_slice(&bytes[pos..]);
    Ok(Term::binary(&out))
}

async fn replacement(cx: &mut Ctx, with: &Term, matched: &[u8]) -> Result<Vec<u8>, Exception> {
    match with {
        Term::Binary(b) => Ok(b.to_vec()),
        f => {
            let r = apply_fun(cx, f, vec![Term::binary(matched)]).await?;
            super::text::to_string(&r)
        }
    }
}

async fn replace_empty(cx: &mut Ctx, s: &str, with: &Term, global: bool) -> R {
    let mut out = Vec::new();
    out.extend(replacement(cx, with, b"").await?);
    if !global {
        out.extend_from_slice(s.as_bytes());
        return Ok(Term::binary(&out));
    }
    for g in graphemes(s) {
        out.extend_from_slice(g.as_bytes());
        out.extend(replacement(cx, with, b"").await?);
    }
    Ok(Term::binary(&out))
}

fn replace_edge(a: Vec<Term>, prefix: bool, repeated: bool) -> R {
    let name = match (prefix, repeated) {
        (true, false) => "replace_prefix",
        (false, false) => "replace_suffix",
        (true, true) => "replace_leading",
        (false, true) => "replace_trailing",
    };
    let (Some(s), Some(m), Some(r)) = (a[0].as_binary(), a[1].as_binary(), a[2].as_binary()) else {
        let frame = elixir_frame("String", name, Term::list(a.clone()), "lib/string.ex", 1400);
        return Err(super::errors::function_clause_error(
            Atom::module("String"),
            name,
            3,
            frame,
        ));
    };
    let (mut rest, mut count) = (s.to_vec(), 0usize);
    while !m.is_empty() && (count == 0 || repeated) {
        let hit = if prefix {
            rest.starts_with(m)
        } else {
            rest.ends_with(m)
        };
        if !hit {
            break;
        }
        rest = if prefix {
            rest[m.len()..].to_vec()
        } else {
            rest[..rest.len() - m.len()].to_vec()
        };
        count += 1;
    }
    let reps = r.repeat(count);
    let out = if prefix {
        [reps, rest].concat()
    } else {
        [rest, reps].concat()
    };
    Ok(Term::binary(&out))
}

fn replace_prefix(a: Vec<Term>) -> R {
    replace_edge(a, true, false)
}

fn replace_suffix(a: Vec<Term>) -> R {
    replace_edge(a, false, false)
}

fn replace_leading(a: Vec<Term>) -> R {
    replace_edge(a, true, true)
}

fn replace_trailing(a: Vec<Term>) -> R {
    replace_edge(a, false, true)
}

// ------------------------------------------------------------- graphemes

fn length(a: Vec<Term>) -> R {
    let s = text(&a[0], &LENGTH, &a)?;
    Ok(Term::int(graphemes(&s).len() as i64))
}

fn reverse(a: Vec<Term>) -> R {
    let s = text(&a[0], &REVERSE, &a)?;
    let mut gs = graphemes(&s);
    gs.reverse();
    Ok(string(&gs.concat()))
}

fn graphemes_fn(a: Vec<Term>) -> R {
    let s = text(&a[0], &GRAPHEMES, &a)?;
    Ok(strings(graphemes(&s).into_iter().map(str::to_owned)))
}

fn codepoints(a: Vec<Term>) -> R {
    let s = text(&a[0], &CODEPOINTS, &a)?;
    Ok(strings(s.chars().map(String::from)))
}

fn first(a: Vec<Term>) -> R {
    let s = text(&a[0], &FIRST, &a)?;
    Ok(graphemes(&s).first().map_or_else(Term::nil, |g| string(g)))
}

fn last(a: Vec<Term>) -> R {
    let s = text(&a[0], &LAST, &a)?;
    Ok(graphemes(&s).last().map_or_else(Term::nil, |g| string(g)))
}

fn at(a: Vec<Term>) -> R {
    let s = text(&a[0], &AT, &a)?;
    let Term::Int(pos) = a[1] else {
        return Err(function_clause(&AT, a));
    };
    let gs = graphemes(&s);
    let i = if pos < 0 { gs.len() as i64 + pos } else { pos };
    Ok(if i < 0 {
        Term::nil()
    } else {
        gs.get(i as usize).map_or_else(Term::nil, |g| string(g))
    })
}

fn slice(a: Vec<Term>) -> R {
    if a.len() == 3 {
        return slice_amount(a);
    }
    let s = text(&a[0], &SLICE2, &a)?;
    let Some(r) = enumerable::as_range(&a[1]) else {
        return Err(function_clause(&SLICE2, a));
    };
    let step = match r.step {
        -1 if r.first > r.last => 1,
        st if st > 0 => st,
        _ => {
            return Err(argument_error(
                &format!(
                    "String.slice/2 does not accept ranges with negative steps, got: {}",
                    inspect(&a[1])
                ),
                vec![elixir_frame(
                    "String",
                    "slice",
                    Term::int(2),
                    "lib/string.ex",
                    2205,
                )],
            ))
        }
    };
    let gs = graphemes(&s);
    let n = gs.len() as i64;
    let first = if r.first < 0 {
        (n + r.first).max(0)
    } else {
        r.first
    };
    let last = if r.last < 0 { n + r.last } else { r.last };
    if first > last || first >= n {
        return Ok(string(""));
    }
    let picked: String = (first..=last.min(n - 1))
        .step_by(step as usize)
        .map(|i| gs[i as usize])
        .collect();
    Ok(string(&picked))
}

fn slice_amount(a: Vec<Term>) -> R {
    if matches!(a[2], Term::Int(0)) {
        return Ok(string(""));
    }
    let s = text(&a[0], &SLICE3, &a)?;
    let (Term::Int(start), Term::Int(len)) = (&a[1], &a[2]) else {
        return Err(function_clause(&SLICE3, a));
    };
    if *len < 0 {
        return Err(function_clause(&SLICE3, a));
    }
    let gs = graphemes(&s);
    let n = gs.len() as i64;
    let start = if *start < 0 {
        (n + start).max(0)
    } else {
        *start
    };
    if start >= n {
        return Ok(string(""));
    }
    let end = start.saturating_add(*len).min(n);
    Ok(string(&gs[start as usize..end as usize].concat()))
}

fn pad(a: Vec<Term>, leading: bool) -> R {
    let def = if leading { &PAD_LEADING } else { &PAD_TRAILING };
    let padding = a.get(2).cloned().unwrap_or_else(|| Term::string(" "));
    let pad_list = match &padding {
        Term::Binary(_) => {
            let p = padding.as_str().unwrap_or("").to_owned();
            graphemes(&p).into_iter().map(str::to_owned).collect()
        }
        other => other
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect::<Vec<String>>(),
    };
    let full = vec![a[0].clone(), a[1].clone(), strings(pad_list.clone())];
    let (Some(s), Term::Int(count)) = (a[0].as_str(), &a[1]) else {
        return Err(function_clause(def, full));
    };
    if pad_list.is_empty() || *count < 0 {
        return Err(function_clause(def, full));
    }
    let missing = (*count as usize).saturating_sub(graphemes(s).len());
    if missing > MAX_BUILT {
        let at = elixir_frame("String", def.name, Term::int(3), "lib/string.ex", def.line);
        return Err(super::errors::system_limit(at));
    }
    let fill: String = pad_list
        .iter()
        .cycle()
        .take(missing)
        .map(String::as_str)
        .collect();
    let out = if leading {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    };
    Ok(string(&out))
}

fn pad_leading(a: Vec<Term>) -> R {
    pad(a, true)
}

fn pad_trailing(a: Vec<Term>) -> R {
    pad(a, false)
}

fn next_grapheme(a: Vec<Term>) -> R {
    let s = text(&a[0], &GRAPHEMES, &a)?;
    Ok(match graphemes(&s).first() {
        Some(g) => Term::tuple([string(g), string(&s[g.len()..])]),
        None => Term::nil(),
    })
}

fn next_codepoint(a: Vec<Term>) -> R {
    let s = text(&a[0], &CODEPOINTS, &a)?;
    Ok(match s.chars().next() {
        Some(c) => Term::tuple([string(&c.to_string()), string(&s[c.len_utf8()..])]),
        None => Term::nil(),
    })
}

// ------------------------------------------------------------ conversions

fn duplicate(a: Vec<Term>) -> R {
    let frame = || stdlib_frame("binary", "copy", a.clone());
    let Term::Binary(b) = &a[0] else {
        return Err(badarg_at(frame(), &[(1, "not a binary")], None));
    };
    match a[1] {
        Term::Int(n) if n >= 0 => {
            let size = (b.len() as u128) * (n as u128);
            if size > MAX_BUILT as u128 {
                return Err(super::errors::system_limit(frame()));
            }
            Ok(Term::binary(&b.repeat(n as usize)))
        }
        Term::Int(_) => Err(badarg_at(frame(), &[(2, "out of range")], None)),
        _ => Err(badarg_at(frame(), &[(2, "not an integer")], None)),
    }
}

fn to_integer(a: Vec<Term>) -> R {
    erlang::binary_to_integer(a)
}

fn to_float(a: Vec<Term>) -> R {
    erlang::binary_to_float(a)
}

fn to_atom(a: Vec<Term>) -> R {
    erlang::binary_to_atom(vec![a[0].clone(), Term::atom_named("utf8")])
}

fn to_existing_atom(a: Vec<Term>) -> R {
    erlang::binary_to_existing_atom(vec![a[0].clone(), Term::atom_named("utf8")])
}

fn to_charlist(a: Vec<Term>) -> R {
    let s = text(&a[0], &TO_CHARLIST, &a)?;
    Ok(crate::term::build::charlist(&s))
}

fn jaro(a: Vec<Term>) -> R {
    let (Some(x), Some(y)) = (a[0].as_binary(), a[1].as_binary()) else {
        return Err(function_clause(&JARO, a));
    };
    let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
    Ok(Term::Float(jaro_distance(&x, &y)))
}

fn bag_distance(a: Vec<Term>) -> R {
    let (Some(x), Some(y)) = (a[0].as_str(), a[1].as_str()) else {
        return Err(function_clause(&JARO, a));
    };
    if x == y {
        return Ok(Term::Float(1.0));
    }
    let (gx, gy) = (graphemes(x), graphemes(y));
    if gx.is_empty() || gy.is_empty() {
        return Ok(Term::Float(0.0));
    }
    let missing = |from: &[&str], other: &[&str]| {
        let mut rest: Vec<&str> = other.to_vec();
        from.iter()
            .filter(|g| match rest.iter().position(|o| o == *g) {
                Some(i) => {
                    rest.remove(i);
                    false
                }
                None => true,
            })
            .count()
    };
    let diff = missing(&gx, &gy).max(missing(&gy, &gx)) as f64;
    Ok(Term::Float(1.0 - diff / gx.len().max(gy.len()) as f64))
}

fn valid(a: Vec<Term>) -> R {
    Ok(Term::bool(a[0].as_str().is_some()))
}

fn printable(a: Vec<Term>) -> R {
    let Some(s) = a[0].as_str() else {
        return Ok(Term::bool(false));
    };
    let limit = a.get(1).and_then(Term::as_int).unwrap_or(i64::MAX).max(0) as usize;
    let ok = s.chars().take(limit).all(|c| {
        !c.is_control()
            || matches!(
                c,
                '\n' | '\r' | '\t' | '\u{b}' | '\u{8}' | '\u{c}' | '\u{1b}' | '\u{7}'
            )
    });
    Ok(Term::bool(ok))
}

/// The `String` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("String"))
        .export_native("upcase", 1, pure!(upcase))
        .export_native("upcase", 2, pure!(upcase))
        .export_native("downcase", 1, pure!(downcase))
        .export_native("downcase", 2, pure!(downcase))
        .export_native("capitalize", 1, pure!(capitalize))
        .export_native("capitalize", 2, pure!(capitalize))
        .export_native("trim", 1, pure!(trim))
        .export_native("trim", 2, pure!(trim))
        .export_native("trim_leading", 1, pure!(trim_leading))
        .export_native("trim_leading", 2, pure!(trim_leading))
        .export_native("trim_trailing", 1, pure!(trim_trailing))
        .export_native("trim_trailing", 2, pure!(trim_trailing))
        .export_native("split", 1, pure!(split))
        .export_native("split", 2, pure!(split))
        .export_native("split", 3, pure!(split))
        .export_native("split_at", 2, pure!(split_at))
        .export("replace", 3, suspending!(replace))
        .export("replace", 4, suspending!(replace))
        .export_native("replace_prefix", 3, pure!(replace_prefix))
        .export_native("replace_suffix", 3, pure!(replace_suffix))
        .export_native("replace_leading", 3, pure!(replace_leading))
        .export_native("replace_trailing", 3, pure!(replace_trailing))
        .export_native("contains?", 2, pure!(contains))
        .export_native("starts_with?", 2, pure!(starts_with))
        .export_native("ends_with?", 2, pure!(ends_with))
        .export_native("duplicate", 2, pure!(duplicate))
        .export_native("reverse", 1, pure!(reverse))
        .export_native("length", 1, pure!(length))
        .export_native("graphemes", 1, pure!(graphemes_fn))
        .export_native("codepoints", 1, pure!(codepoints))
        .export_native("next_grapheme", 1, pure!(next_grapheme))
        .export_native("next_codepoint", 1, pure!(next_codepoint))
        .export_native("first", 1, pure!(first))
        .export_native("last", 1, pure!(last))
        .export_native("at", 2, pure!(at))
        .export_native("slice", 2, pure!(slice))
        .export_native("slice", 3, pure!(slice))
        .export_native("pad_leading", 2, pure!(pad_leading))
        .export_native("pad_leading", 3, pure!(pad_leading))
        .export_native("pad_trailing", 2, pure!(pad_trailing))
        .export_native("pad_trailing", 3, pure!(pad_trailing))
        .export_native("to_integer", 1, pure!(to_integer))
        .export_native("to_integer", 2, pure!(to_integer))
        .export_native("to_float", 1, pure!(to_float))
        .export_native("to_atom", 1, pure!(to_atom))
        .export_native("to_existing_atom", 1, pure!(to_existing_atom))
        .export_native("to_charlist", 1, pure!(to_charlist))
        .export_native("jaro_distance", 2, pure!(jaro))
        .export_native("bag_distance", 2, pure!(bag_distance))
        .export_native("valid?", 1, pure!(valid))
        .export_native("printable?", 1, pure!(printable))
        .export_native("printable?", 2, pure!(printable))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::build::keyword;
    use crate::term::Term;

    fn st(f: &str, args: Vec<Term>) -> String {
        show("String", f, args)
    }

    #[test]
    fn upcase_of_a_non_binary_is_the_transcripts_error() {
        assert_eq!(
            st("upcase", vec![int(123)]),
            "** (FunctionClauseError) no function clause matching in String.upcase/2\n\nThe following arguments were given to String.upcase/2:\n\n    # 1\n    123\n\n    # 2\n    :default\n\nAttempted function clauses (showing 4 out of 4):\n\n    def upcase(\"\", _mode)\n    def upcase(string, :default) when is_binary(string)\n    def upcase(string, :ascii) when is_binary(string)\n    def upcase(string, mode) when is_binary(string) and mode === :greek or mode === :turkic\n"
        );
        let e = call("String", "upcase", vec![int(123)]).unwrap_err();
        assert_eq!(
            top_frame(&e),
            "{String, :upcase, [123, :default], [file: 'lib/string.ex', line: 831]}"
        );
    }

    #[test]
    fn case_conversions() {
        assert_eq!(st("upcase", vec![s("straße")]), "\"STRASSE\"");
        assert_eq!(st("downcase", vec![s("ΣΑΣ")]), "\"σασ\"");
        assert_eq!(st("capitalize", vec![s("hELLO wORLD")]), "\"Hello world\"");
        assert_eq!(st("capitalize", vec![s("élan")]), "\"Élan\"");
        assert_eq!(st("upcase", vec![s("héllo"), atom("ascii")]), "\"HéLLO\"");
    }

    #[test]
    fn lengths_count_graphemes() {
        assert_eq!(st("length", vec![s("héllo")]), "5");
        assert_eq!(st("reverse", vec![s("héllo")]), "\"olléh\"");
        assert_eq!(st("slice", vec![s("héllo"), int(1), int(3)]), "\"éll\"");
        assert_eq!(st("slice", vec![s("héllo"), int(-3), int(2)]), "\"ll\"");
        assert_eq!(st("slice", vec![s("héllo"), range(1, -2, -1)]), "\"éll\"");
        assert_eq!(st("at", vec![s("héllo"), int(-1)]), "\"o\"");
        assert_eq!(st("at", vec![s("héllo"), int(10)]), "nil");
        assert_eq!(st("first", vec![s("")]), "nil");
        assert_eq!(
            st("split_at", vec![s("héllo"), int(-2)]),
            "{\"hél\", \"lo\"}"
        );
    }

    #[test]
    fn splitting() {
        assert_eq!(
            st("split", vec![s("  a  b\tc\n ")]),
            "[\"a\", \"b\", \"c\"]"
        );
        assert_eq!(
            st("split", vec![s("a,b,,c,"), s(",")]),
            "[\"a\", \"b\", \"\", \"c\", \"\"]"
        );
        let trim = keyword(vec![("trim", Term::bool(true))]);
        assert_eq!(
            st("split", vec![s("a,b,,c,"), s(","), trim]),
            "[\"a\", \"b\", \"c\"]"
        );
        let opts = keyword(vec![("parts", int(2)), ("trim", Term::bool(true))]);
        assert_eq!(
            st("split", vec![s(",a,b,c"), s(","), opts]),
            "[\"a\", \"b,c\"]"
        );
        assert_eq!(
            st("split", vec![s("abc"), s("")]),
            "[\"\", \"a\", \"b\", \"c\", \"\"]"
        );
        assert_eq!(
            st("split", vec![s("a-b_c"), Term::list(vec![s("-"), s("_")])]),
            "[\"a\", \"b\", \"c\"]"
        );
        assert_eq!(
            st("split", vec![s("a"), int(1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 2nd argument: not a valid pattern\n"
        );
    }

    #[test]
    fn replacing_and_searching() {
        assert_eq!(st("replace", vec![s("abc"), s(""), s("-")]), "\"-a-b-c-\"");
        let once = keyword(vec![("global", Term::bool(false))]);
        assert_eq!(
            st("replace", vec![s("aaa"), s("a"), s("b"), once]),
            "\"baa\""
        );
        assert_eq!(
            st(
                "replace",
                vec![s("abc"), Term::list(vec![s("a"), s("c")]), s("x")]
            ),
            "\"xbx\""
        );
        assert_eq!(
            st(
                "contains?",
                vec![s("abc"), Term::list(vec![s("x"), s("b")])]
            ),
            "true"
        );
        assert_eq!(st("starts_with?", vec![s("abc"), s("")]), "true");
        assert_eq!(st("ends_with?", vec![s("abc"), s("bc")]), "true");
        assert_eq!(st("trim", vec![s("  hi \n")]), "\"hi\"");
        assert_eq!(st("trim", vec![s("xxaxx"), s("x")]), "\"a\"");
        assert_eq!(st("trim_leading", vec![s("xxaxx"), s("x")]), "\"axx\"");
        assert_eq!(
            st("replace_leading", vec![s("aaab"), s("a"), s("x")]),
            "\"xxxb\""
        );
    }

    #[test]
    fn padding() {
        assert_eq!(
            st("pad_leading", vec![s("abc"), int(6), s("12")]),
            "\"121abc\""
        );
        assert_eq!(st("pad_trailing", vec![s("abc"), int(6)]), "\"abc   \"");
        assert_eq!(st("pad_leading", vec![s("abc"), int(2)]), "\"abc\"");
        assert!(st("pad_leading", vec![s("a"), int(3), s("")]).starts_with(
            "** (FunctionClauseError) no function clause matching in String.pad_leading/3"
        ));
    }

    #[test]
    fn conversions_raise_the_bifs_errors() {
        assert_eq!(
            st("to_integer", vec![s("abc")]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"
        );
        let e = call("String", "to_integer", vec![s("abc")]).unwrap_err();
        assert_eq!(
            top_frame(&e),
            "{:erlang, :binary_to_integer, [\"abc\"], [error_info: %{module: :erl_erts_errors}]}"
        );
        assert_eq!(st("to_integer", vec![s("ff"), int(16)]), "255");
        assert_eq!(st("to_float", vec![s("1.5")]), "1.5");
        assert_eq!(st("to_atom", vec![s("hello")]), ":hello");
        assert_eq!(st("duplicate", vec![s("ab"), int(3)]), "\"ababab\"");
        assert_eq!(
            st("duplicate", vec![s("a"), int(-1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 2nd argument: out of range\n"
        );
        assert_eq!(
            st("jaro_distance", vec![s("Dwayne"), s("Duane")]),
            "0.8222222222222223"
        );
        assert_eq!(
            st("bag_distance", vec![s("abc"), s("acd")]),
            "0.6666666666666667"
        );
    }
}
