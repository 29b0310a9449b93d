//! Golden cases: IEx's default syntax colours.
//!
//! Generated from real Elixir 1.14 by golden/emit.sh: each case is the term
//! as Elixir wrote it with `limit: :infinity`, and what `inspect/2` printed
//! with the options.

use super::*;

#[test]
fn iex_colours_each_kind_of_term_and_resets_to_yellow() {
    check(
        colors(),
        r#"[1, :ok, "s", nil, true, 1.5, %{a: {1}}, #PID<0.108.0>, 'a']"#,
        "\x1B[39m[\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[36m:ok\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[32m\"s\"\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[35mnil\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[35mtrue\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m1.5\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[39m%{\x1B[0m\x1B[33m\x1B[36ma:\x1B[0m\x1B[33m \x1B[39m{\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m\x1B[39m}\x1B[0m\x1B[33m\x1B[39m}\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m #PID<0.108.0>\x1B[39m,\x1B[0m\x1B[33m \x1B[33m'a'\x1B[0m\x1B[33m\x1B[39m]\x1B[0m\x1B[33m",
    );
    check(
        colors(),
        r#"%{1..2 => [a: 1], "k" => <<1, 2>>}"#,
        "\x1B[39m%{\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m..\x1B[33m2\x1B[0m\x1B[33m\x1B[39m => \x1B[0m\x1B[33m\x1B[39m[\x1B[0m\x1B[33m\x1B[36ma:\x1B[0m\x1B[33m \x1B[33m1\x1B[0m\x1B[33m\x1B[39m]\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[32m\"k\"\x1B[0m\x1B[33m\x1B[39m => \x1B[0m\x1B[33m\x1B[39m<<\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m, \x1B[33m2\x1B[0m\x1B[33m\x1B[39m>>\x1B[0m\x1B[33m\x1B[39m}\x1B[0m\x1B[33m",
    );
    check(
        colors(),
        "[1 | 2]",
        "\x1B[39m[\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m | \x1B[33m2\x1B[0m\x1B[33m\x1B[39m]\x1B[0m\x1B[33m",
    );
    check(
        colors(),
        "MapSet.new([1])",
        "MapSet.new(\x1B[39m[\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m\x1B[39m]\x1B[0m\x1B[33m)",
    );
    check(
        colors(),
        r#"%RuntimeError{message: "boom"}"#,
        "\x1B[39m%RuntimeError{\x1B[0m\x1B[33m\x1B[36mmessage:\x1B[0m\x1B[33m \x1B[32m\"boom\"\x1B[0m\x1B[33m\x1B[39m}\x1B[0m\x1B[33m",
    );
}

#[test]
fn colours_do_not_change_the_layout() {
    check(
        colors(),
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]",
        "\x1B[39m[\x1B[0m\x1B[33m\x1B[33m1\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m2\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m3\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m4\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m5\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m6\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m7\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m8\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m9\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m10\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m11\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m12\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m13\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m14\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m15\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m16\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m17\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m18\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m19\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m20\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m21\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m22\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m\n \x1B[33m23\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m24\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m25\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m26\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m27\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m28\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m29\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m \x1B[33m30\x1B[0m\x1B[33m\x1B[39m]\x1B[0m\x1B[33m",
    );
    check(
        colors(),
        r#"[name: "a fairly long name", strategy: :one_for_one, max_restarts: 3, max_seconds: 5]"#,
        "\x1B[39m[\x1B[0m\x1B[33m\n  \x1B[36mname:\x1B[0m\x1B[33m \x1B[32m\"a fairly long name\"\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m\n  \x1B[36mstrategy:\x1B[0m\x1B[33m \x1B[36m:one_for_one\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m\n  \x1B[36mmax_restarts:\x1B[0m\x1B[33m \x1B[33m3\x1B[0m\x1B[33m\x1B[39m,\x1B[0m\x1B[33m\n  \x1B[36mmax_seconds:\x1B[0m\x1B[33m \x1B[33m5\x1B[0m\x1B[33m\n\x1B[39m]\x1B[0m\x1B[33m",
    );
}
