//! The `casesearch` command: build an index, search it, show a document, serve the widget.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    casesearch::cli::main()
}
