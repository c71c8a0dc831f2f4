//! `strata <COMMAND>` runs the same code as `strata-cli <COMMAND>`: the app binary hands its
//! arguments to this crate, so both print the same catalog.
//!
//! The app binary belongs to the root package, which cargo builds for the root package's tests
//! and for `cargo test --workspace`, not for this crate's alone: the test is ignored by default
//! and `./scripts/test` runs it (`--include-ignored`, after the workspace build). It fails, never
//! skips, when the binary is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The app binary beside this crate's binary (both in the target's profile folder).
fn app_binary() -> PathBuf {
    let cli = PathBuf::from(env!("CARGO_BIN_EXE_strata-cli"));
    let app = cli
        .with_file_name("strata")
        .with_extension(std::env::consts::EXE_EXTENSION);
    assert!(
        app.is_file(),
        "{} is missing: build it with `cargo build -p strata` (or run `cargo test --workspace`)",
        app.display()
    );
    app
}

/// `binary ARGS` with a fresh HOME and nothing else from the machine's environment.
fn run(binary: &std::path::Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(binary)
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_CONFIG_FILE", home.path().join(".aws/config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join(".aws/credentials"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        binary.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The output with the header line's load time (`(12 ms)`) masked: the one figure that differs
/// from run to run.
fn masked(out: &Output) -> String {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    let (before, after) = header.rsplit_once(" (").unwrap();
    assert!(
        after.ends_with(" ms)"),
        "the header ends with the load time: {header}"
    );
    format!("{before} (… ms)\n{rest}")
}

#[test]
#[ignore = "needs the strata app binary; cargo test --workspace builds it"]
fn strata_models_and_strata_cli_models_print_the_same() {
    let args = ["models", "--demo", "--inference-profiles"];
    let cli = run(
        std::path::Path::new(env!("CARGO_BIN_EXE_strata-cli")),
        &args,
    );
    let app = run(&app_binary(), &args);
    let cli = masked(&cli);
    assert!(cli.contains("project-alpha-claude-sonnet"), "{cli}");
    assert_eq!(masked(&app), cli);
}
