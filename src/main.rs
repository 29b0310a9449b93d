//! The riex command: see `riex --help`.

use clap::Parser;

// mimalloc (see `riex::allocator`): riex allocates many small, short-lived blocks.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

fn main() {
    let args = riex::shell::cli::Args::parse();
    std::process::exit(riex::shell::run(args));
}
