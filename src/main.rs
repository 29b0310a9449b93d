//! The riex command: see `riex --help`.

use clap::Parser;

fn main() {
    let args = riex::shell::cli::Args::parse();
    std::process::exit(riex::shell::run(args));
}
