//! The result tables: a row a measurement, with its target and whether it
//! was met.

use crate::load::Outcome;

/// What was measured, its outcome, the target as said, and whether it met it.
pub type Row<'a> = (&'a str, &'a Outcome, String, bool);

/// Prints the rows; whether every one met its target without errors.
pub fn print(rows: &[Row<'_>]) -> bool {
    println!("| phép đo | yêu cầu/s | p50 ms | p99 ms | lỗi | mục tiêu | đạt |");
    println!("|---|---:|---:|---:|---:|---|---|");
    let mut all = true;
    for (name, o, target, met) in rows {
        let ok = *met && o.errors == 0;
        all &= ok;
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {target} | {} |",
            o.rps,
            o.p50_ms,
            o.p99_ms,
            o.errors,
            if ok { "có" } else { "KHÔNG" }
        );
    }
    all
}
