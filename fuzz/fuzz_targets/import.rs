//! The spreadsheet importer on arbitrary bytes: reading (xlsx or CSV) and
//! checking rows must never panic, whatever a file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = ocop_docs::tables::read_table(data) {
        let headers = table.first().cloned().unwrap_or_default();
        let mapping = ocop_domain::import::guess_mapping(&headers);
        let _ = ocop_domain::import::parse(&table, &mapping, |c| Some(c.to_owned()));
    }
});
