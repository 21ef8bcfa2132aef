//! The GS1 Digital Link parser on arbitrary text: it must never panic, and a
//! link it accepts must build back to a path that parses to the same link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_domain::digital_link::DigitalLink;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(link) = DigitalLink::parse(text)
    {
        assert_eq!(DigitalLink::parse(&link.path()), Ok(link));
    }
});
