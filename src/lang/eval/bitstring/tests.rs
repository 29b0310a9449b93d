//! Segments read from source and built from given values, checked against
//! what Elixir 1.14 makes or says.

use super::*;
use crate::term::inspect::inspect;

/// The value of `<<...>>` in `src`, its variables read from `vars`.
fn make(src: &str, vars: &[(&str, Term)]) -> Result<String, String> {
    let ast = crate::lang::parser::parse(src, 1).expect("parses");
    let Node::Bitstring(items) = &ast.kind else {
        panic!("not a bitstring: {src}");
    };
    let segments = segments(items).map_err(|(_, r)| match r {
        Refusal::Compile(m) => format!("CompileError: {m}"),
        Refusal::Unit(u) => format!("unit {u}"),
    })?;
    let term = |e: &Ast| match &e.kind {
        Node::Var(n) => vars.iter().find(|(v, _)| v == n).expect("bound").1.clone(),
        _ => crate::lang::eval::pattern::literal(e).expect("a literal"),
    };
    let mut regs = Vec::new();
    for s in &segments {
        regs.push(match &s.value {
            Value::Expr(e) => term(e),
            Value::Bytes(b) => Term::binary(b),
        });
        regs.extend(s.size.map(term));
    }
    let site = Site {
        specs: segments.iter().map(|s| s.spec).collect(),
        in_module: false,
    };
    build(&site, &regs)
        .map(|t| inspect(&t))
        .map_err(|e| e.banner())
}

fn ok(src: &str) -> String {
    make(src, &[]).unwrap_or_else(|e| panic!("{src}: {e}"))
}

fn err(src: &str, vars: &[(&str, Term)]) -> String {
    make(src, vars).expect_err(src)
}

#[test]
fn integers_are_truncated_to_their_size_in_either_byte_order() {
    assert_eq!(ok("<<258::16>>"), "<<1, 2>>");
    assert_eq!(ok("<<258>>"), "<<2>>");
    assert_eq!(ok("<<-1::16>>"), "<<255, 255>>");
    assert_eq!(ok("<<1::16-little>>"), "<<1, 0>>");
    assert_eq!(ok("<<1::size(3)-unit(8)>>"), "<<0, 0, 1>>");
    assert_eq!(ok("<<1::8-unit(2)>>"), "<<0, 1>>");
    assert_eq!(ok("<<-1::signed-16>>"), "<<255, 255>>");
    assert_eq!(ok("<<1::native-32>>"), "<<1, 0, 0, 0>>");
    assert_eq!(ok("<<1::size(0)>>"), "\"\"");
    assert_eq!(ok("<<300::size(1)-unit(8)-little>>"), "\",\"");
    assert_eq!(
        ok("<<100000000000000000000000::80>>"),
        "<<21, 45, 2, 199, 225, 74, 246, 128, 0, 0>>"
    );
    assert_eq!(
        ok("<<-100000000000000000000000::little-80>>"),
        "<<0, 0, 128, 9, 181, 30, 56, 253, 210, 234>>"
    );
}

#[test]
fn segments_off_byte_boundaries_add_up_to_whole_bytes() {
    assert_eq!(ok("<<1::4, 2::4>>"), "<<18>>");
    assert_eq!(ok("<<1::7, 1::1, 2>>"), "<<3, 2>>");
    assert_eq!(ok("<<0x123::12-little, 5::4>>"), "<<35, 21>>");
    let ab = [("x", Term::string("ab"))];
    assert_eq!(
        make("<<1::4, x::binary, 3::4>>", &ab).unwrap(),
        "<<22, 22, 35>>"
    );
    assert_eq!(make("<<x::bits-size(4), 1::4>>", &ab).unwrap(), "\"a\"");
}

#[test]
fn a_construction_that_is_not_whole_bytes_is_refused() {
    let e = err("<<1::4>>", &[]);
    assert!(
        e.starts_with("** (ArgumentError) construction of bitstring failed"),
        "{e}"
    );
    assert!(e.contains("4 bits"), "{e}");
}

#[test]
fn floats_of_each_size_and_integers_as_floats() {
    assert_eq!(ok("<<1.5::float>>"), "<<63, 248, 0, 0, 0, 0, 0, 0>>");
    assert_eq!(ok("<<1.5>>"), "<<63, 248, 0, 0, 0, 0, 0, 0>>");
    assert_eq!(ok("<<1.5::32-float>>"), "<<63, 192, 0, 0>>");
    assert_eq!(ok("<<1.5::float-16>>"), "<<62, 0>>");
    assert_eq!(ok("<<1::float>>"), "<<63, 240, 0, 0, 0, 0, 0, 0>>");
    assert_eq!(ok("<<1::float-32-little>>"), "<<0, 0, 128, 63>>");
    assert_eq!(ok("<<1::float-size(4)-unit(8)>>"), "<<63, 128, 0, 0>>");
    assert_eq!(ok("<<65504::float-16>>"), "<<123, 255>>");
    assert_eq!(ok("<<65520::float-16>>"), "<<124, 0>>");
    assert_eq!(ok("<<1.0e300::float-32>>"), "<<127, 128, 0, 0>>");
    assert_eq!(ok("<<1.0e-10::float-16>>"), "<<0, 0>>");
    assert_eq!(ok("<<-0.0::float>>"), "<<128, 0, 0, 0, 0, 0, 0, 0>>");
    assert_eq!(ok("<<12::float-16>>"), "<<74, 0>>");
}

#[test]
fn binaries_whole_or_cut_to_their_size() {
    let abc = [("x", Term::string("abc"))];
    assert_eq!(make("<<x::binary-size(2)>>", &abc).unwrap(), "\"ab\"");
    assert_eq!(make("<<x::bytes>>", &abc).unwrap(), "\"abc\"");
    assert_eq!(make("<<x::bitstring>>", &abc).unwrap(), "\"abc\"");
    assert_eq!(
        make("<<x::binary-size(1)-unit(16)>>", &abc).unwrap(),
        "\"ab\""
    );
    assert_eq!(make("<<x::bitstring-size(8)>>", &abc).unwrap(), "\"a\"");
    assert_eq!(ok("<<\"abc\">>"), "\"abc\"");
}

#[test]
fn utf_segments_encode_code_points_and_literal_strings() {
    assert_eq!(ok("<<0x1F600::utf16>>"), "<<216, 61, 222, 0>>");
    assert_eq!(ok("<<0x1F600::utf16-little>>"), "<<61, 216, 0, 222>>");
    assert_eq!(ok("<<0x1F600::utf32>>"), "<<0, 1, 246, 0>>");
    assert_eq!(ok("<<?a::utf32-little>>"), "<<97, 0, 0, 0>>");
    assert_eq!(ok("<<233::utf8>>"), "\"é\"");
    assert_eq!(ok("<<\"abc\"::utf16>>"), "<<0, 97, 0, 98, 0, 99>>");
    assert_eq!(ok("<<\"é\"::utf32>>"), "<<0, 0, 0, 233>>");
    assert_eq!(ok("<<\"a\"::utf16-little>>"), "<<97, 0>>");
}

#[test]
fn values_of_the_wrong_kind_fail_as_on_the_beam() {
    let prefix = "** (ArgumentError) construction of binary failed: segment 1 of type";
    let cases: &[(&str, Term, &str)] = &[
        (
            "<<x>>",
            Term::atom_named("no"),
            "'integer': expected an integer but got: :no",
        ),
        (
            "<<x>>",
            Term::string("abc"),
            "'integer': expected an integer but got: \"abc\"",
        ),
        (
            "<<x::16>>",
            Term::Float(2.5),
            "'integer': expected an integer but got: 2.5",
        ),
        (
            "<<x::float>>",
            Term::atom_named("a"),
            "'float': expected a float or an integer but got: :a",
        ),
        (
            "<<x::binary-size(1)>>",
            Term::int(1),
            "'binary': expected a binary but got: 1",
        ),
        (
            "<<x::binary-size(4)>>",
            Term::string("abc"),
            "'binary': the value \"abc\" is shorter than the size of the segment",
        ),
        (
            "<<x::bitstring-size(30)>>",
            Term::string("abc"),
            "'binary': the value \"abc\" is shorter than the size of the segment",
        ),
        (
            "<<x::utf8>>",
            Term::int(0xD800),
            "'utf8': expected a non-negative integer encodable as utf8 but got: 55296",
        ),
        (
            "<<x::utf8>>",
            Term::string("a"),
            "'utf8': expected a non-negative integer encodable as utf8 but got: \"a\"",
        ),
        (
            "<<x::utf16>>",
            Term::int(-1),
            "'utf16': expected a non-negative integer encodable as utf16 but got: -1",
        ),
        (
            "<<x::utf32>>",
            Term::int(0x110000),
            "'utf32': expected a non-negative integer encodable as utf32 but got: 1114112",
        ),
        (
            "<<1::size(x)>>",
            Term::int(-1),
            "'integer': expected a non-negative integer as size but got: -1",
        ),
        (
            "<<1::size(x)-unit(3)>>",
            Term::int(-2),
            "'integer': expected a non-negative integer as size but got: -6",
        ),
        (
            "<<1::size(x)>>",
            Term::Float(1.0),
            "'integer': expected a non-negative integer as size but got: 1.0",
        ),
        ("<<\"a\"::binary-size(x)>>", Term::Float(1.0), ""),
        (
            "<<1::float-size(x)>>",
            Term::int(24),
            "'float': expected one of the supported sizes 16, 32, or 64 but got: 24",
        ),
    ];
    for (src, x, expected) in cases {
        let got = make(src, &[("x", x.clone())]);
        if expected.is_empty() {
            assert!(got.unwrap_err().starts_with("CompileError: literal string"));
            continue;
        }
        assert_eq!(got.unwrap_err(), format!("{prefix} {expected}"), "{src}");
    }
    let atom = [("x", Term::atom_named("a"))];
    assert!(err("<<1::size(x)>>", &atom).starts_with("** (ArgumentError) argument error"));
    assert!(err("<<x::bits>>", &atom).contains("1st argument: not a bitstring"));
    let big = [("x", Term::big(num_bigint::BigInt::from(10).pow(21)))];
    assert_eq!(
        err("<<1::size(x)>>", &big),
        "** (SystemLimitError) construction of binary failed: segment 1 of type 'integer': the size 1000000000000000000000 is too large"
    );
    let huge = [("x", Term::big(num_bigint::BigInt::from(10).pow(400)))];
    assert!(err("<<x::float>>", &huge).ends_with("is outside the range expressible as a float"));
    assert_eq!(
        make("<<x::float-32>>", &huge).unwrap(),
        "<<127, 128, 0, 0>>"
    );
}

#[test]
fn what_elixir_refuses_to_compile() {
    let cases = [
        ("<<1::foo>>", "unknown bitstring specifier: foo()"),
        ("<<1::x>>", "unknown bitstring specifier: x()"),
        ("<<1.5::float-24>>", "float requires size*unit to be 16, 32, or 64 (default), got: 24"),
        ("<<\"abc\"::16>>", "literal string in bitstring supports only endianness and type specifiers, which must be one of: little, big, native, utf8, utf16, utf32, bits, bytes, binary or bitstring"),
        ("<<1.5::integer>>", "conflicting type specification for bit field: \"integer\" and \"float\""),
        ("<<\"a\"::float>>", "conflicting type specification for bit field: \"float\" and \"binary\""),
        ("<<1::binary>>", "conflicting type specification for bit field: \"binary\" and \"integer\""),
        ("<<1::integer-binary>>", "conflicting type specification for bit field: \"binary\" and \"integer\""),
        ("<<1::unit(2)>>", "integer and float types require a size specifier if the unit specifier is given"),
        ("<<1::utf8-size(8)>>", "size and unit are not supported on utf types"),
        ("<<1::size(8)-size(16)>>", "conflicting size specification for bit field: \"16\" and \"8\""),
        ("<<1::8-16>>", "conflicting size specification for bit field: \"16\" and \"8\""),
        ("<<1::big-little>>", "conflicting endianness specification for bit field: \"little\" and \"big\""),
        ("<<1::bits-unit(8)>>", "conflicting type specification for bit field: \"bitstring\" and \"integer\""),
        ("<<x::bits-unit(8)>>", "conflicting unit specification for bit field: \"8\" and \"1\""),
        ("<<x::binary-signed>>", "signed and unsigned specifiers are supported only on integer and float types"),
        ("<<:a>>", "invalid literal :a in <<>>"),
        ("<<nil>>", "invalid literal nil in <<>>"),
        ("<<[1]>>", "invalid literal [1] in <<>>"),
    ];
    assert_eq!(make("<<1::size(8)-unit(0)>>", &[]), Err("unit 0".into()));
    assert_eq!(
        make("<<1::size(1)-unit(257)>>", &[]),
        Err("unit 257".into())
    );
    assert_eq!(ok("<<1::size(1)-unit(256)>>").matches(", ").count(), 31);
    for (src, message) in cases {
        let got = make(src, &[("x", Term::string("ab"))]);
        assert_eq!(got, Err(format!("CompileError: {message}")), "{src}");
    }
}

/// The values `<<...>>` pattern `src` reads from `bytes`, each segment's
/// size a constant; `None` on a mismatch.
fn read_all(src: &str, bytes: &[u8]) -> Option<Vec<String>> {
    let ast = crate::lang::parser::parse(src, 1).expect("parses");
    let Node::Bitstring(items) = &ast.kind else {
        panic!("not a bitstring: {src}");
    };
    let mut r = read::Reader::new(bytes);
    let mut out = Vec::new();
    for s in segments(items).expect("reads") {
        match &s.value {
            Value::Bytes(b) => r.literal(b).then_some(())?,
            Value::Expr(_) => out.push(inspect(&r.read(&s.spec, None)?)),
        }
    }
    r.at_end().then_some(out)
}

#[test]
fn patterns_read_back_what_construction_writes() {
    let cases: &[(&str, &[u8], &[&str])] = &[
        ("<<a::16, b::16-little>>", &[1, 2, 1, 2], &["258", "513"]),
        (
            "<<a::signed-16, b::16>>",
            &[255, 254, 255, 254],
            &["-2", "65534"],
        ),
        ("<<a::4, b::12-little>>", &[0x12, 0x35], &["1", "1315"]),
        ("<<a::1, b::7>>", &[0x83], &["1", "3"]),
        (
            "<<x::float-16, y::float-32-little>>",
            &[62, 0, 0, 0, 192, 63],
            &["1.5", "1.5"],
        ),
        ("<<x::float>>", &[63, 248, 0, 0, 0, 0, 0, 0], &["1.5"]),
        (
            "<<c::utf8, r::binary>>",
            "élan".as_bytes(),
            &["233", "\"lan\""],
        ),
        (
            "<<c::utf16, d::utf16-little>>",
            &[216, 61, 222, 0, 0x41, 0],
            &["128512", "65"],
        ),
        ("<<c::utf32>>", &[0, 1, 246, 0], &["128512"]),
        ("<<\"ab\", r::binary>>", b"abc", &["\"c\""]),
        (
            "<<a::4, b::binary-size(1), c::4>>",
            &[0x16, 0x1f],
            &["1", "\"a\"", "15"],
        ),
        (
            "<<big::80>>",
            &[21, 45, 2, 199, 225, 74, 246, 128, 0, 0],
            &["100000000000000000000000"],
        ),
        (
            "<<n::signed-little-80>>",
            &[0, 0, 128, 9, 181, 30, 56, 253, 210, 234],
            &["-100000000000000000000000"],
        ),
    ];
    for (src, bytes, expected) in cases {
        let got = read_all(src, bytes).unwrap_or_else(|| panic!("{src} does not match"));
        assert_eq!(got, *expected, "{src}");
    }
}

#[test]
fn patterns_that_do_not_fit_the_binary_do_not_match() {
    for (src, bytes) in [
        ("<<a::8>>", &b"ab"[..]),
        ("<<a::binary-size(4)>>", b"abc"),
        ("<<c::utf8>>", &[255]),
        ("<<c::utf16>>", &[0xdc, 0]),
        ("<<c::utf32>>", &[0, 0x11, 0, 0]),
        ("<<x::float-16>>", &[0x7c, 0]),
        ("<<a::4, r::binary>>", b"a"),
        ("<<\"ab\", r::binary>>", b"ba"),
    ] {
        assert_eq!(read_all(src, bytes), None, "{src}");
    }
}

#[test]
fn a_literal_integer_in_a_float_segment_reads_as_a_float() {
    assert_eq!(
        read_all("<<1::float>>", &[63, 240, 0, 0, 0, 0, 0, 0]),
        Some(vec!["1.0".into()])
    );
}
