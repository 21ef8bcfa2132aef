//! The trace-event importer on arbitrary bytes (CSV or JSON): it must never
//! panic, and every problem it reports names a row no larger than the file's.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = ocop_domain::trace_import::parse(data);
    let lines = data.iter().filter(|b| **b == b'\n').count() + 2;
    for p in &parsed.problems {
        assert!(p.row <= lines.max(ocop_domain::trace_import::MAX_ROWS + 2));
    }
});
