//! The `intake` binary: parse the command line and dispatch.

fn main() -> std::process::ExitCode {
    intake::cli::run()
}
