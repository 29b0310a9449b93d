//! The riex command: see `riex --help`.

use clap::Parser;

// mimalloc: riex allocates many small, short-lived blocks (messages, terms, tasks).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = riex::shell::cli::Args::parse();
    std::process::exit(riex::shell::run(args));
}
