//! `strata costs` as a script runs it: real `strata-cli` processes against the Bedrock emulator
//! (static credentials, `--endpoint-url` for Bedrock and `AWS_ENDPOINT_URL` for Cost Explorer and
//! STS), turns through two profiles with different Project tags, then the JSON and the table of
//! the estimate beside the bill, the tag statuses and their activation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

const REGION: &str = "ap-northeast-1";
const HAIKU_ARN: &str =
    "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const DAY_MS: u64 = 86_400_000;

struct World {
    home: tempfile::TempDir,
    emulator: Option<EmulatorHandle>,
    runtime: tokio::runtime::Runtime,
}

impl World {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emulator = runtime
            .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Empty)))
            .unwrap();
        Self {
            home: tempfile::tempdir().unwrap(),
            emulator: Some(emulator),
            runtime,
        }
    }

    fn emulator(&self) -> &EmulatorHandle {
        self.emulator.as_ref().unwrap()
    }

    fn strata(&self, args: &[&str]) -> Output {
        let endpoint = self.emulator().endpoint();
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
            // Cost Explorer and STS are not Bedrock: the SDK's general override points them here.
            .env("AWS_ENDPOINT_URL", endpoint.as_str())
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.strata(args);
        assert!(
            out.status.success(),
            "strata {args:?}: {}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    fn count(&self, operation: &str) -> usize {
        self.emulator()
            .requests()
            .iter()
            .filter(|r| r.operation == operation)
            .count()
    }

    /// Two profiles with Project Alpha and Beta, a turn through each.
    fn two_projects(&self) {
        for (name, project) in [("alpha-haiku", "Alpha"), ("beta-haiku", "Beta")] {
            self.ok(&[
                "profiles",
                "create",
                "--inference-profile-name",
                name,
                "--model-source",
                &format!("copyFrom={HAIKU_ARN}"),
                "--tags",
                &format!(r#"[{{"key":"Project","value":"{project}"}}]"#),
            ]);
            self.ok(&["chat", "--model", name, "How much do we spend?"]);
        }
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            self.runtime.block_on(emulator.shutdown());
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// From yesterday to the day after tomorrow: the test's turns fall in it even across midnight.
fn around_today() -> (String, String) {
    let now = strata_core::clock::now_ms();
    let day = |ms: u64| strata_core::costs::Day::of_ms(ms).to_string();
    (day(now - DAY_MS), day(now + 2 * DAY_MS))
}

fn group<'a>(json: &'a Value, key: &str) -> &'a Value {
    json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key} in {json}"))
}

#[test]
fn json_sets_each_projects_bill_beside_its_estimate_once_the_tag_is_active() {
    let w = World::new();
    w.two_projects();
    let (from, to) = around_today();
    let args = [
        "costs",
        "--from",
        &from,
        "--to",
        &to,
        "--by",
        "tag:Project",
        "--source",
        "both",
        "--json",
    ];
    // Before activation: billing has the spend under "(Project not set)" only, so what Alpha
    // was billed is unknown (null), never $0.
    let before: Value = serde_json::from_str(&w.ok(&args)).unwrap();
    assert_eq!(group(&before, "Alpha")["billedUsd"], Value::Null);
    let text = w.ok(&args[..args.len() - 1]);
    assert!(
        text.contains("Project is not active for cost allocation yet"),
        "{text}"
    );
    let alpha: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("Alpha"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(alpha[3], "unknown", "{alpha:?}");
    let unassigned = group(&before, "(Project not set)");
    assert_eq!(unassigned["estimatedUsd"], Value::Null);
    assert!(unassigned["billedUsd"].as_f64().unwrap() > 0.0);

    let activated = w.ok(&["costs", "tags", "activate", "Project"]);
    assert!(activated.contains("Project"), "{activated}");
    assert!(activated.contains("active"), "{activated}");
    assert!(activated.contains("24 hours"), "{activated}");

    let refreshed: Vec<&str> = args.iter().copied().chain(["--refresh"]).collect();
    let json: Value = serde_json::from_str(&w.ok(&refreshed)).unwrap();
    // Exactly the documented shape.
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["by", "currency", "from", "groups", "to"]);
    assert_eq!(json["from"], from.as_str());
    assert_eq!(json["to"], to.as_str());
    assert_eq!(json["by"], "tag:Project");
    assert_eq!(json["currency"], "USD");
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{json}");
    for g in groups {
        let mut fields: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "billedUsd",
                "estimatedUsd",
                "inputTokens",
                "key",
                "outputTokens",
                "turns",
                "unknownCostTurns"
            ]
        );
        let (estimated, billed) = (
            g["estimatedUsd"].as_f64().unwrap(),
            g["billedUsd"].as_f64().unwrap(),
        );
        assert!(estimated > 0.0);
        assert!((estimated - billed).abs() < 1e-9, "{g}");
        assert_eq!(g["turns"], 1);
        assert_eq!(g["unknownCostTurns"], 0);
        assert!(g["inputTokens"].as_u64().unwrap() > 0);
    }
    assert_eq!(
        w.count("GetCostAndUsage"),
        2,
        "the refresh and the first ask"
    );
    // Estimate only: no Cost Explorer request, billedUsd null.
    let estimate: Value = serde_json::from_str(&w.ok(&[
        "costs",
        "--from",
        &from,
        "--to",
        &to,
        "--by",
        "tag:Project",
        "--json",
    ]))
    .unwrap();
    assert!(estimate["groups"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["billedUsd"].is_null()));
    assert_eq!(w.count("GetCostAndUsage"), 2);
}

#[test]
fn the_table_shows_both_columns_the_difference_the_sources_and_the_cache() {
    let w = World::new();
    w.two_projects();
    w.ok(&["costs", "tags", "activate", "Project"]);
    let (from, to) = around_today();
    let args = [
        "costs",
        "--from",
        &from,
        "--to",
        &to,
        "--by",
        "tag:Project",
        "--source",
        "both",
    ];
    let first = w.ok(&args);
    for expected in [
        "ESTIMATE",
        "BILLED",
        "DIFFERENCE",
        "Alpha",
        "Beta",
        "Estimate priced with built-in prices of ",
        "24–48 hours",
        "$0.01",
        "1 Cost Explorer request(s)",
    ] {
        assert!(first.contains(expected), "{expected:?} in:\n{first}");
    }
    // Each Project's row: its estimate and its bill are the same figure, the difference nil.
    for project in ["Alpha", "Beta"] {
        let row: Vec<&str> = first
            .lines()
            .find(|l| l.starts_with(project))
            .unwrap()
            .split_whitespace()
            .collect();
        assert_eq!(row.len(), 5, "{row:?}");
        assert_eq!(row[2], row[3], "{row:?}");
        assert!(row[2].starts_with('$') && row[2] != "$0.000000", "{row:?}");
        assert_eq!(row[4], "$0.000000", "{row:?}");
    }
    let second = w.ok(&args);
    assert!(second.contains("This answer was cached"), "{second}");
    assert_eq!(w.count("GetCostAndUsage"), 1);

    // By profile the bill is missing, said on stderr; the estimate still prints (exit 0).
    let by_profile = w.strata(&["costs", "--from", &from, "--to", &to, "--source", "both"]);
    assert!(by_profile.status.success());
    assert!(
        text(&by_profile.stderr).contains("tag keys only"),
        "{}",
        text(&by_profile.stderr)
    );
    assert!(
        text(&by_profile.stdout).contains("arn:aws:bedrock:ap-northeast-1:"),
        "{}",
        text(&by_profile.stdout)
    );
    // --source billed without a bill: exit 1.
    let billed_only = w.strata(&["costs", "--from", &from, "--to", &to, "--source", "billed"]);
    assert_eq!(billed_only.status.code(), Some(1));
    assert!(text(&billed_only.stderr).contains("tag keys only"));
}

#[test]
fn the_guides_monthly_report_is_one_line() {
    let w = World::new();
    let out = w.ok(&[
        "costs",
        "--from",
        "2024-01-01",
        "--to",
        "2024-02-01",
        "--by",
        "tag:Project",
        "--source",
        "billed",
    ]);
    assert!(out.contains("2024-01-01 to 2024-02-01"), "{out}");
    assert!(
        out.contains("No chat turns and no bill in this period."),
        "{out}"
    );
    assert!(out.contains("Cost Explorer"), "{out}");
    assert_eq!(w.count("GetCostAndUsage"), 1);
    let json: Value = serde_json::from_str(&w.ok(&[
        "costs",
        "--from",
        "2024-01-01",
        "--to",
        "2024-02-01",
        "--by",
        "tag:Project",
        "--source",
        "billed",
        "--json",
    ]))
    .unwrap();
    assert_eq!(json["groups"], serde_json::json!([]));
    assert_eq!(w.count("GetCostAndUsage"), 1, "cached");
}

#[test]
fn tags_lists_each_keys_status_and_bad_input_is_refused_before_any_call() {
    let w = World::new();
    w.two_projects();
    w.ok(&[
        "profiles",
        "create",
        "--inference-profile-name",
        "idle",
        "--model-source",
        &format!("copyFrom={HAIKU_ARN}"),
        "--tags",
        r#"[{"key":"Owner","value":"Data"}]"#,
    ]);
    let json: Value = serde_json::from_str(&w.ok(&["costs", "tags", "--json"])).unwrap();
    let tags = json["tags"].as_array().unwrap();
    let status = |key: &str| {
        let t = tags.iter().find(|t| t["key"] == key).unwrap();
        (
            t["status"].as_str().unwrap().to_owned(),
            t["profiles"].as_u64().unwrap(),
        )
    };
    assert_eq!(status("Project"), ("inactive".to_owned(), 2));
    assert_eq!(status("Owner"), ("notSeen".to_owned(), 1));
    let table = w.ok(&["costs", "tags"]);
    assert!(
        table.contains(
            "Spend under Project will not appear in Cost Explorer until this tag is activated"
        ),
        "{table}"
    );
    assert!(table.contains("Billing has not seen Owner yet"), "{table}");

    let bad = w.strata(&["costs", "tags", "activate", "aws:Project"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("aws:Project"),
        "{}",
        text(&bad.stderr)
    );
    let bad_period = w.strata(&["costs", "--from", "2024-02-30", "--to", "2024-03-01"]);
    assert_eq!(bad_period.status.code(), Some(1));
    assert!(text(&bad_period.stderr).contains("2024-02-30"));
    let bad_source = w.strata(&["costs", "--source", "invoice"]);
    assert_eq!(bad_source.status.code(), Some(1));
    assert_eq!(w.count("UpdateCostAllocationTagsStatus"), 0);
    assert_eq!(w.count("GetCostAndUsage"), 0);
}
