//! `strata-cli`: Strata's headless commands on their own, without the desktop libraries.

fn main() -> std::process::ExitCode {
    strata_cli::run(std::env::args_os())
}
