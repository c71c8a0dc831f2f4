//! `strata doctor`: the window's Doctor checks in a terminal, one line each, or as JSON.
//!
//! Enable Inference Profiles is read from the window's saved settings (the data folder's
//! `settings.json`, which `STRATA_DATA_DIR` moves), so that the doctor explains what the window
//! shows; the connection comes from the usual flags, as for the other commands.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::Value;
use strata_core::costs::{BilledCache, Costs};
use strata_core::data_folder::data_dir;
use strata_core::doctor::{Check, CheckStatus, Doctor, DoctorReport, DoctorRequest};
use strata_core::ledger::UsageLedger;
use strata_core::settings::{self, STORE_KEY};
use strata_core::storage::DATABASE_FILE;

use crate::connection::{self, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;

/// The file the window saves its settings in, in the data folder.
const SETTINGS_FILE: &str = "settings.json";

/// The durable copy the window writes first, and recovers a broken `settings.json` from.
const SETTINGS_BACKUP: &str = "settings.json.bak";

/// Options of `strata doctor`.
#[derive(Debug, clap::Args)]
pub(crate) struct DoctorArgs {
    /// A profile's id, ARN or name: "why is this one missing?" (default: the region's
    /// application profiles as a whole).
    #[arg(long, value_name = "ID|ARN|NAME")]
    profile_identifier: Option<String>,
    /// The model or profile a new profile would copy: "why can't I create one?".
    #[arg(long, value_name = "ID|ARN")]
    model_source: Option<String>,
    /// Print {"checks":[{"id","status","finding","fix","details"}]} instead of lines.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The window's Enable Inference Profiles (the default when nothing is saved), and a note when
/// the saved settings could not be used (the window then starts with the defaults too).
pub(crate) fn saved_inference_profiles(dir: &Path) -> (bool, Option<String>) {
    let mut problems = Vec::new();
    for name in [SETTINGS_FILE, SETTINGS_BACKUP] {
        let path = dir.join(name);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(format!("{} could not be read: {e}", path.display()));
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&bytes) {
            Ok(value @ Value::Object(_)) => value,
            Ok(_) | Err(_) => {
                problems.push(format!("{} is not a settings file", path.display()));
                continue;
            }
        };
        let restored = settings::restore(value.get(STORE_KEY));
        let note = restored.problem.map(|p| {
            format!(
                "{}: {p}; the window uses the default settings",
                path.display()
            )
        });
        return (restored.settings.enable_inference_profiles, note);
    }
    let note = (!problems.is_empty()).then(|| {
        format!(
            "{}; the window starts with the default settings",
            problems.join("; ")
        )
    });
    (
        settings::Settings::default().enable_inference_profiles,
        note,
    )
}

/// Runs `strata doctor`.
pub(crate) async fn run(args: DoctorArgs) -> ExitCode {
    let request = DoctorRequest {
        profile_identifier: args.profile_identifier,
        model_source: args.model_source,
        checks: None,
    };
    // Before anything is built or called: a bad identifier is the user's to fix.
    if let Err(e) = request.validate() {
        print_error(&e);
        return ExitCode::FAILURE;
    }
    let dir = data_dir();
    let (inference_profiles, note) = saved_inference_profiles(&dir);
    if let Some(note) = note {
        eprintln!("warning: {}", sanitize(&note));
    }
    let catalog = Arc::new(connection::service(&args.connection, inference_profiles));
    // The ledger opens its database only when a turn is written, which the doctor never does.
    let costs = Arc::new(Costs::new(
        Arc::clone(&catalog),
        UsageLedger::new(dir.join(DATABASE_FILE)),
        Arc::new(BilledCache::in_memory()),
    ));
    let report = Doctor::new(Arc::clone(&catalog), costs)
        .run(&request, |_| {})
        .await;
    catalog.shutdown().await;
    let report = match report {
        Ok(report) => report,
        Err(e) => {
            print_error(&e);
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        println!("{}", json_report(&report));
    } else {
        print!("{}", sanitize(&text_report(&report)));
    }
    if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The fix as `--json` gives it: the words, then the policy statement when there is one.
fn fix_text(check: &Check) -> Option<String> {
    match (&check.fix, &check.policy) {
        (Some(fix), Some(policy)) => Some(format!("{fix}\n{policy}")),
        (Some(fix), None) => Some(fix.clone()),
        (None, Some(policy)) => Some(policy.clone()),
        (None, None) => None,
    }
}

fn status_word(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Warn => "warn",
        CheckStatus::Fail => "fail",
        CheckStatus::Skipped => "skipped",
    }
}

/// One check as `--json` prints it, its keys in this order.
#[derive(serde::Serialize)]
struct JsonCheck<'a> {
    id: &'a str,
    status: &'static str,
    finding: &'a str,
    fix: Option<String>,
    details: &'a [String],
}

/// The whole report as `--json` prints it.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    checks: Vec<JsonCheck<'a>>,
}

/// `{"checks":[{"id","status","finding","fix","details"}]}`, the keys in that order.
fn json_report(report: &DoctorReport) -> String {
    let checks = report
        .checks
        .iter()
        .map(|c| JsonCheck {
            id: c.id.as_str(),
            status: status_word(c.status),
            finding: &c.finding,
            fix: fix_text(c),
            details: &c.details,
        })
        .collect();
    // Strings, string lists and null only: this cannot fail.
    serde_json::to_string(&JsonReport { checks }).unwrap_or_default()
}

/// One line per check (`FAIL credentials  No AWS credentials …`), then its fix, policy and
/// what it looked at, indented.
fn text_report(report: &DoctorReport) -> String {
    let width = report
        .checks
        .iter()
        .map(|c| c.id.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for c in &report.checks {
        let word = match c.status {
            CheckStatus::Pass => "PASS",
            CheckStatus::Warn => "WARN",
            CheckStatus::Fail => "FAIL",
            CheckStatus::Skipped => "SKIP",
        };
        out.push_str(&format!(
            "{word} {:<width$}  {}\n",
            c.id.as_str(),
            c.finding
        ));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("     fix: {fix}\n"));
        }
        if let Some(policy) = &c.policy {
            out.push_str("     policy:\n");
            for line in policy.lines() {
                out.push_str(&format!("       {line}\n"));
            }
        }
        for detail in &c.details {
            out.push_str(&format!("     - {detail}\n"));
        }
    }
    let failed = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .count();
    out.push_str(&match failed {
        0 => "Nothing failed.\n".to_owned(),
        1 => "1 check failed.\n".to_owned(),
        n => format!("{n} checks failed.\n"),
    });
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use strata_core::doctor::CheckId;

    use super::*;

    fn report() -> DoctorReport {
        DoctorReport {
            checks: vec![
                Check::new(CheckId::Setting, CheckStatus::Pass, "on.").with_detail("setting: on"),
                Check::new(CheckId::Permissions, CheckStatus::Fail, "denied.")
                    .with_fix("Add the statement.")
                    .with_policy("{\n  \"Effect\": \"Allow\"\n}"),
                Check::skipped(CheckId::ModelSource, "No source given."),
            ],
        }
    }

    #[test]
    fn json_has_exactly_the_five_keys_in_order_with_the_policy_after_the_fix() {
        let text = json_report(&report());
        assert!(
            text.starts_with(r#"{"checks":[{"id":"setting","status":"pass","finding":"on.","fix":null,"details":["setting: on"]}"#),
            "{text}"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        let checks = v["checks"].as_array().unwrap();
        assert_eq!(checks.len(), 3);
        for c in checks {
            let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["details", "finding", "fix", "id", "status"]);
        }
        assert_eq!(checks[1]["id"], "permissions");
        assert_eq!(checks[1]["status"], "fail");
        assert_eq!(
            checks[1]["fix"],
            "Add the statement.\n{\n  \"Effect\": \"Allow\"\n}"
        );
        assert_eq!(checks[2]["id"], "model-source");
        assert_eq!(checks[2]["status"], "skipped");
        assert!(checks[2]["fix"].is_null());
        assert_eq!(checks[0]["details"], serde_json::json!(["setting: on"]));
    }

    #[test]
    fn text_has_a_line_per_check_then_the_fix_and_policy_indented() {
        let text = text_report(&report());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "PASS setting       on.");
        assert_eq!(lines[1], "     - setting: on");
        assert_eq!(lines[2], "FAIL permissions   denied.");
        assert_eq!(lines[3], "     fix: Add the statement.");
        assert_eq!(lines[4], "     policy:");
        assert_eq!(lines[6], "         \"Effect\": \"Allow\"");
        assert_eq!(lines[8], "SKIP model-source  No source given.");
        assert_eq!(lines.last(), Some(&"1 check failed."));
    }

    #[test]
    fn the_saved_setting_is_read_as_the_window_writes_it_and_missing_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(saved_inference_profiles(dir.path()), (false, None));
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            r#"{"settings":{"schemaVersion":1,"enableInferenceProfiles":true}}"#,
        )
        .unwrap();
        assert_eq!(saved_inference_profiles(dir.path()), (true, None));
        std::fs::write(dir.path().join(SETTINGS_FILE), "{not json").unwrap();
        let (on, note) = saved_inference_profiles(dir.path());
        assert!(!on);
        assert!(note.unwrap().contains("is not a settings file"));
        // The durable copy is what the window recovers from.
        std::fs::write(
            dir.path().join(SETTINGS_BACKUP),
            r#"{"settings":{"enableInferenceProfiles":true}}"#,
        )
        .unwrap();
        assert!(saved_inference_profiles(dir.path()).0);
    }
}
