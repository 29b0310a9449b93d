//! The machine's state while the budgets are measured: how long one read
//! from main memory takes, by a chase of pointers through a 256 MiB array
//! in random order (each read waits for the one before it).
//!
//! The budgets that touch 100,000 processes or keys pay such reads, and on
//! this virtual machine their cost drifts severalfold over a day; a budget
//! figure means little without this one beside it. `scripts/bench.sh` runs
//! it before and after the budgets and prints the line
//! `RIEX-MACHINE memory_read_ns N`.

use std::time::Instant;

const SLOTS: usize = 1 << 25; // 32 Mi slots of 8 bytes
const READS: usize = 5_000_000;

fn main() {
    // One cycle through every slot (Sattolo's shuffle), so that the chase
    // never settles in a short loop the caches could hold.
    let mut next: Vec<usize> = (0..SLOTS).collect();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..SLOTS).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed % i as u64) as usize;
        next.swap(i, j);
    }
    let mut at = 0;
    let t = Instant::now();
    for _ in 0..READS {
        at = next[at];
    }
    let ns = t.elapsed().as_nanos() as f64 / READS as f64;
    std::hint::black_box(at);
    println!("RIEX-MACHINE memory_read_ns {ns:.0}");
}
