//! Golden tests: outputs captured from real Elixir 1.14 (OTP 25).
//!
//! Most cases are generated: the input is the literal Elixir wrote for the
//! term (read back by [`lit::lit`]), the expected text is what `inspect/2`
//! printed with the same options (`golden/emit.sh` regenerates them from the
//! cases in `golden/*.txt`). `transcripts` holds values from the IEx sessions
//! recorded in the oracle.

use super::{inspect_opts, Base, Binaries, Charlists, Opts};

mod lit;

mod colors;
mod layout;
mod limits;
mod long_values;
mod options;
mod scalars;
mod structs;
mod transcripts;

use lit::lit;

/// `Kernel.inspect/2` defaults.
fn plain() -> Opts {
    Opts::default()
}

/// IEx: pretty, width 80, limit 50.
fn iex() -> Opts {
    Opts::iex()
}

/// Pretty at another width.
fn width(width: usize) -> Opts {
    Opts {
        width,
        ..Opts::iex()
    }
}

/// Not pretty, with another limit.
fn limit(limit: usize) -> Opts {
    Opts {
        limit: Some(limit),
        ..Opts::default()
    }
}

/// IEx with another limit.
fn iex_limit(limit: usize) -> Opts {
    Opts {
        limit: Some(limit),
        ..Opts::iex()
    }
}

/// Not pretty, with another `printable_limit`.
fn printable_limit(limit: usize) -> Opts {
    Opts {
        printable_limit: Some(limit),
        ..Opts::default()
    }
}

/// Not pretty, integers in `base`.
fn base(base: Base) -> Opts {
    Opts {
        base,
        ..Opts::default()
    }
}

/// Not pretty, binaries printed as `binaries` says.
fn binaries(binaries: Binaries) -> Opts {
    Opts {
        binaries,
        ..Opts::default()
    }
}

/// Not pretty, lists of integers printed as `charlists` says.
fn charlists(charlists: Charlists) -> Opts {
    Opts {
        charlists,
        ..Opts::default()
    }
}

/// IEx with its default syntax colours.
fn colors() -> Opts {
    Opts {
        syntax_colors: true,
        ..Opts::iex()
    }
}

/// The term written `input` prints as `expected`.
#[track_caller]
fn check(opts: Opts, input: &str, expected: &str) {
    let got = inspect_opts(&lit(input), &opts);
    assert_eq!(
        got, expected,
        "\ninput: {input}\ngot:\n{got}\nexpected:\n{expected}\n"
    );
}

/// The term written `input` prints as `input`.
#[track_caller]
fn same(opts: Opts, input: &str) {
    check(opts, input, input);
}

#[test]
fn the_literal_reader_reads_what_it_is_given() {
    let t = lit(r#"{[a: 1, "b": 2.5], %{"k" => [1 | 2]}, 'hi', <<1>>, -3..3//2}"#);
    assert_eq!(
        super::inspect(&t),
        r#"{[a: 1, b: 2.5], %{"k" => [1 | 2]}, 'hi', <<1>>, -3..3//2}"#
    );
}
