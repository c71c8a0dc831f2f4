//! How the `strata` binary starts when it cannot or should not open a window: an unknown word is a
//! usage error listing the commands, and a machine without a display gets one line saying so
//! (never a GTK panic with a backtrace).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn strata(args: &[&str], display: Option<&str>) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
    cmd.args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("STRATA_LOG_DIR", home.path().join("logs"));
    if let Some(d) = display {
        cmd.env("DISPLAY", d);
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_unknown_command_is_a_usage_error_listing_the_commands() {
    for args in [&["profile"][..], &["--demo", "--bogus"][..]] {
        let out = strata(args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is not a Strata command"), "{err}");
        for command in ["models", "chat", "usage"] {
            assert!(err.contains(command), "{command} missing in {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn without_a_display_the_window_says_so_in_one_line() {
    for args in [&[][..], &["--demo"][..]] {
        let out = strata(args, None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains("no display"), "{err}");
        assert!(err.contains("xvfb-run"), "{err}");
        assert!(err.contains("strata models"), "{err}");
    }
}

#[test]
fn a_display_that_cannot_be_reached_is_reported_the_same_way() {
    // No X server listens on display 987 in a test run.
    let out = strata(&[], Some(":987"));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no display") && err.contains("xvfb-run"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn the_headless_commands_need_no_display() {
    let out = strata(&["usage"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("No chat turns recorded yet"));
}

#[test]
fn the_app_binary_runs_every_headless_command() {
    // The commands live in strata-cli (whose tests cover them); the app binary hands them over.
    let models = strata(
        &["models", "--demo", "--inference-profiles", "--json"],
        None,
    );
    assert!(models.status.success(), "{}", text(&models.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&models.stdout).unwrap();
    assert_eq!(listed["connection"]["demo"], "flag");
    assert!(
        text(&models.stdout).contains("project-alpha-claude-sonnet"),
        "the guide's profiles"
    );

    let chat = strata(
        &["chat", "--demo", "--model", "dev-claude-haiku", "Hello"],
        None,
    );
    assert!(chat.status.success(), "{}", text(&chat.stderr));
    assert!(!text(&chat.stdout).trim().is_empty(), "an answer");
    assert!(
        text(&chat.stderr).contains("tokens"),
        "{}",
        text(&chat.stderr)
    );

    let missing = strata(&["chat", "--demo", "--model", "no-such-model", "Hi"], None);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing.stderr));
    let usage = strata(&["usage", "--no-such-flag"], None);
    assert_eq!(usage.status.code(), Some(2), "{}", text(&usage.stderr));
}
