//! The riex command. The interactive shell arrives with the language layer;
//! until then this says so, plainly.

fn main() {
    println!(
        "riex {}: the runtime and OTP layers are in place; the shell (parser, evaluator, REPL) is still to come.",
        env!("CARGO_PKG_VERSION")
    );
}
