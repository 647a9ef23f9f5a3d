#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| casesearch_fuzz::index_raw(data));
