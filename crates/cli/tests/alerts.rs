//! `strata alerts` as a script runs it: real `strata-cli` processes against the emulator (static
//! credentials, `AWS_ENDPOINT_URL` for Budgets, CloudWatch and STS as the AWS CLI reads it), with
//! the emulator's request log as the witness of what was (and was not) sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

const REGION: &str = "ap-northeast-1";

struct World {
    home: tempfile::TempDir,
    emulator: EmulatorHandle,
    _runtime: tokio::runtime::Runtime,
}

impl World {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emulator = runtime
            .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Demo)))
            .unwrap();
        Self {
            home: tempfile::tempdir().unwrap(),
            emulator,
            _runtime: runtime,
        }
    }

    fn strata(&self, args: &[&str]) -> Output {
        let endpoint = self.emulator.endpoint();
        let home = self.home.path();
        Command::new(env!("CARGO_BIN_EXE_strata-cli"))
            .args(args)
            .args(["--endpoint-url", endpoint.as_str(), "--region", REGION])
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("STRATA_DATA_DIR", home.join("data"))
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .env("AWS_ENDPOINT_URL", endpoint.as_str())
            .output()
            .unwrap()
    }

    fn operations(&self) -> Vec<(String, String)> {
        self.emulator
            .requests()
            .into_iter()
            .map(|r| (r.operation, r.region))
            .collect()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_ok(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

#[test]
fn a_project_budget_and_the_billing_alarm_are_created_listed_and_deleted() {
    let world = World::new();
    let budget = json_ok(&world.strata(&[
        "alerts",
        "create",
        "--name",
        "project-alpha",
        "--monthly-usd",
        "100",
        "--tag",
        "Project=Alpha",
        "--email",
        "alpha-lead@example.com",
        "--json",
    ]));
    assert_eq!(budget["kind"], "budget");
    assert_eq!(budget["limitUsd"], 100.0);
    assert_eq!(
        budget["tag"],
        serde_json::json!({"key": "Project", "value": "Alpha"})
    );
    assert_eq!(
        budget["thresholdsPercent"],
        serde_json::json!([80.0, 100.0])
    );
    assert_eq!(
        budget["emails"],
        serde_json::json!(["alpha-lead@example.com"])
    );
    let alarm = json_ok(&world.strata(&[
        "alerts",
        "create",
        "--billing-alarm",
        "--name",
        "Project-Alpha-Bedrock-Cost-Alert",
        "--threshold-usd",
        "100",
        "--json",
    ]));
    assert_eq!(alarm["kind"], "billingAlarm");
    assert!(alarm["scope"]
        .as_str()
        .unwrap()
        .contains("no tag dimension"));
    let puts: Vec<String> = world
        .operations()
        .into_iter()
        .filter(|(op, _)| op == "PutMetricAlarm")
        .map(|(_, region)| region)
        .collect();
    assert_eq!(puts, ["us-east-1"]);

    let listed = json_ok(&world.strata(&["alerts", "list", "--json"]));
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["project-alpha", "Project-Alpha-Bedrock-Cost-Alert"]);
    let text = ok(&world.strata(&["alerts", "list"]));
    assert!(
        text.contains("project-alpha  budget  $100.00 a month"),
        "{text}"
    );
    assert!(
        text.contains("e-mails alpha-lead@example.com at 80%, 100% of the limit"),
        "{text}"
    );
    assert!(
        text.contains("covers: Spend tagged Project = Alpha"),
        "{text}"
    );
    assert!(text.contains("billing alarm  above $100.00"), "{text}");

    let deleted = ok(&world.strata(&["alerts", "delete", "--name", "project-alpha"]));
    assert!(
        deleted.starts_with("deleted: project-alpha  budget"),
        "{deleted}"
    );
    ok(&world.strata(&[
        "alerts",
        "delete",
        "--name",
        "Project-Alpha-Bedrock-Cost-Alert",
    ]));
    let empty = ok(&world.strata(&["alerts", "list"]));
    assert_eq!(empty, "No budgets or billing alarms made by Strata.\n");
}

#[test]
fn bad_input_exits_1_with_the_field_before_any_request() {
    let world = World::new();
    let base = ["alerts", "create", "--name", "alpha"];
    for (extra, wanted) in [
        (
            vec!["--monthly-usd", "lots"],
            "--monthly-usd: \"lots\" is not a number",
        ),
        (vec!["--monthly-usd", "0"], "Monthly limit"),
        (
            vec!["--monthly-usd", "100", "--tag", "ProjectAlpha"],
            "--tag: \"ProjectAlpha\" is not KEY=VALUE",
        ),
        (
            vec!["--monthly-usd", "100", "--tag", "aws:Project=Alpha"],
            "Tag key",
        ),
        (
            vec!["--monthly-usd", "100", "--email", "alpha-lead"],
            "E-mail",
        ),
        (
            vec![
                "--monthly-usd",
                "100",
                "--email",
                "a@example.com",
                "--threshold-percent",
                "0",
            ],
            "Threshold",
        ),
        (
            vec!["--monthly-usd", "100", "--threshold-percent", "50"],
            "Threshold",
        ),
    ] {
        let args: Vec<&str> = base.iter().copied().chain(extra).collect();
        let out = world.strata(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(wanted), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("hint: "), "{}", stderr(&out));
    }
    let out = world.strata(&["alerts", "create", "--name", "a:b", "--monthly-usd", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Budget name"), "{}", stderr(&out));
    let out = world.strata(&[
        "alerts",
        "create",
        "--billing-alarm",
        "--name",
        "alarm",
        "--threshold-usd",
        "-5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Threshold"), "{}", stderr(&out));
    assert_eq!(world.operations(), vec![], "nothing was sent");
}

#[test]
fn missing_or_clashing_flags_are_usage_errors() {
    let world = World::new();
    for args in [
        vec!["alerts", "create", "--name", "alpha"],
        vec!["alerts", "create", "--billing-alarm", "--name", "alarm"],
        vec![
            "alerts",
            "create",
            "--name",
            "a",
            "--monthly-usd",
            "5",
            "--threshold-usd",
            "5",
        ],
        vec![
            "alerts",
            "create",
            "--billing-alarm",
            "--name",
            "a",
            "--threshold-usd",
            "5",
            "--monthly-usd",
            "5",
        ],
    ] {
        let out = world.strata(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(world.operations(), vec![]);
}

#[test]
fn deleting_an_alert_strata_did_not_make_says_so() {
    let world = World::new();
    let out = world.strata(&["alerts", "delete", "--name", "nobody-made-this"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("No budget or billing alarm named \"nobody-made-this\" was made by Strata."),
        "{}",
        stderr(&out)
    );
    assert!(!world
        .operations()
        .iter()
        .any(|(op, _)| op == "DeleteBudget" || op == "DeleteAlarms"));
}
