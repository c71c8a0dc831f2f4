//! `strata-cli prices` (what `strata prices` runs) as a script would run it: a real process with
//! its own HOME and data folder, refreshing from the emulator's AWS Price List (the embedded one
//! with `--demo`, or one named by `AWS_ENDPOINT_URL` with credentials from the environment).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

const SONNET_35: &str = "anthropic.claude-3-5-sonnet-20240620-v1";

/// A fresh HOME and data folder with no AWS files.
struct World {
    home: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// `strata ARGS` with only the variables given (plus HOME, PATH and the data folder).
    fn strata(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let home = self.home.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata-cli"));
        cmd.args(args)
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("STRATA_DATA_DIR", self.data.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// The row of `model` in `strata prices --json`.
fn row<'a>(table: &'a Value, model: &str) -> Option<&'a Value> {
    table["prices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["modelId"] == model)
}

#[test]
fn prices_lists_the_built_in_table_with_sources_and_dates() {
    let world = World::new();
    let table = json(&world.strata(&["prices", "--json"], &[]));
    assert_eq!(table["priceList"], Value::Null);
    assert_eq!(table["sources"].as_array().unwrap().len(), 1);
    let haiku = row(&table, "anthropic.claude-3-haiku-20240307-v1").unwrap();
    assert_eq!(haiku["source"], "BuiltIn");
    assert_eq!(haiku["inputPerMillion"], 0.25);
    assert!(haiku["asOf"].as_str().is_some());
    // Not built in: no row, not a $0 one.
    assert_eq!(row(&table, SONNET_35), None);
    let text = ok(&world.strata(&["prices"], &[]));
    let header = text.lines().nth(1).unwrap();
    assert!(
        header.starts_with("MODEL") && header.contains("SOURCE"),
        "{text}"
    );
    assert!(text.contains("built-in"), "{text}");
}

#[test]
fn prices_refresh_in_demo_mode_prices_claude_3_5_sonnet_from_the_price_list() {
    let world = World::new();
    let refresh = json(&world.strata(&["prices", "refresh", "--demo", "--json"], &[]));
    assert_eq!(refresh["asOf"], "2026-12-01");
    assert_eq!(refresh["unmapped"], 0);
    assert!(refresh["models"].as_u64().unwrap() >= 2, "{refresh}");
    let cache = world.data.path().join("cache").join("price-list.json");
    assert_eq!(refresh["path"], cache.display().to_string());

    let table = json(&world.strata(&["prices", "--json"], &[]));
    assert_eq!(table["priceList"]["region"], "ap-northeast-1");
    assert_eq!(table["priceList"]["asOf"], "2026-12-01");
    let sonnet = row(&table, SONNET_35).unwrap();
    assert_eq!(sonnet["source"], "PriceList");
    assert_eq!(sonnet["asOf"], "2026-12-01");
    assert_eq!(
        (
            sonnet["inputPerMillion"].as_f64(),
            sonnet["outputPerMillion"].as_f64()
        ),
        (Some(3.0), Some(15.0))
    );
    let text = ok(&world.strata(&["prices"], &[]));
    assert!(
        text.contains("AWS Price List for ap-northeast-1 (2026-12-01)"),
        "{text}"
    );
}

#[test]
fn prices_refresh_asks_the_price_list_that_aws_endpoint_url_names() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator: EmulatorHandle = runtime
        .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Demo)))
        .unwrap();
    let world = World::new();
    let endpoint = emulator.endpoint();
    let out = world.strata(
        &["prices", "refresh", "--region", "us-east-1"],
        &[
            ("AWS_ENDPOINT_URL", endpoint.as_str()),
            ("AWS_ACCESS_KEY_ID", "AKIDEMULATORTEST"),
            ("AWS_SECRET_ACCESS_KEY", "emulator-secret"),
        ],
    );
    let text = ok(&out);
    assert!(text.starts_with("Priced "), "{text}");
    assert!(text.contains("2026-12-01"), "{text}");
    let asked: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.operation == "GetProducts")
        .collect();
    assert!(!asked.is_empty());
    let table = json(&world.strata(&["prices", "--json"], &[]));
    assert_eq!(table["priceList"]["region"], "us-east-1");
    runtime.block_on(emulator.shutdown());
}

#[test]
fn a_failed_refresh_exits_1_with_the_error_and_a_broken_cache_is_a_warning() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator: EmulatorHandle = runtime
        .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Demo)))
        .unwrap();
    emulator
        .add_fault(bedrock_emulator::Fault::Error {
            operation: "GetProducts".into(),
            error: bedrock_emulator::ErrorKind::AccessDeniedException,
            count: None,
            message: None,
        })
        .unwrap();
    let world = World::new();
    let endpoint = emulator.endpoint();
    let out = world.strata(
        &["prices", "refresh", "--region", "us-east-1"],
        &[
            ("AWS_ENDPOINT_URL", endpoint.as_str()),
            ("AWS_ACCESS_KEY_ID", "AKIDEMULATORTEST"),
            ("AWS_SECRET_ACCESS_KEY", "emulator-secret"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: ") && stderr.contains("hint: "),
        "{stderr}"
    );
    assert!(!world
        .data
        .path()
        .join("cache")
        .join("price-list.json")
        .exists());
    runtime.block_on(emulator.shutdown());

    let cache = world.data.path().join("cache").join("price-list.json");
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    std::fs::write(&cache, "{broken").unwrap();
    let out = world.strata(&["prices", "--json"], &[]);
    let table = json(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: The Price List cache"), "{stderr}");
    assert_eq!(table["priceList"], Value::Null);
    assert_eq!(table["problems"].as_array().unwrap().len(), 1);
    // The built-in prices still apply.
    assert_eq!(
        row(&table, "anthropic.claude-3-haiku-20240307-v1").unwrap()["source"],
        "BuiltIn"
    );
}
