//! `strata models` as a script would run it: a real process with its own HOME and environment,
//! against the Bedrock emulator, reading credentials the way the AWS CLI does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

/// A fresh HOME with no AWS files, and the emulator on a free loopback port.
struct World {
    home: tempfile::TempDir,
    emulator: Option<EmulatorHandle>,
    runtime: tokio::runtime::Runtime,
}

impl World {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emulator = runtime
            .block_on(Emulator::start(EmulatorConfig::for_tests(Seed::Demo)))
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

    fn write(&self, relative: &str, text: &str) {
        let path = self.home.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `strata ARGS` with only the variables given (plus HOME and PATH): nothing leaks in from
    /// the machine running the tests.
    fn strata(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let home = self.home.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
        cmd.args(args)
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(handle) = self.emulator.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn profile_names(v: &Value) -> Vec<String> {
    let mut names: Vec<String> = v["catalog"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "ApplicationProfile")
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

const GUIDE_PROFILES: [&str; 5] = [
    "custom-bedrock-profile",
    "dev-claude-haiku",
    "marketing-team-claude-haiku",
    "prod-claude-sonnet",
    "project-alpha-claude-sonnet",
];

#[test]
fn demo_lists_the_guides_profiles_with_their_tags() {
    let world = World::new();
    let v =
        stdout_json(&world.strata(&["models", "--demo", "--inference-profiles", "--json"], &[]));
    assert_eq!(v["connection"]["demo"], "setting");
    assert_eq!(v["connection"]["region"], "ap-northeast-1");
    assert_eq!(profile_names(&v), GUIDE_PROFILES);
    let alpha = v["catalog"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "project-alpha-claude-sonnet")
        .unwrap();
    let tags = alpha["tags"].as_array().unwrap();
    assert!(
        tags.iter()
            .any(|t| t["key"] == "Project" && t["value"] == "Alpha"),
        "{tags:?}"
    );
}

#[test]
fn without_the_flag_no_application_profile_is_listed() {
    let world = World::new();
    let v = stdout_json(&world.strata(&["models", "--demo", "--json"], &[]));
    assert!(profile_names(&v).is_empty());
    assert!(v["catalog"]["stats"]["foundationModels"].as_u64().unwrap() > 5);
}

#[test]
fn the_table_shows_profiles_first_with_kind_and_tags() {
    let world = World::new();
    let out = world.strata(&["models", "--demo", "--inference-profiles"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("# ap-northeast-1 · demo"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("KIND"), "{}", lines[1]);
    assert!(lines[2].starts_with("application profile"), "{}", lines[2]);
    assert!(text.contains("CostAllocateTag=custom"));
    assert!(text.contains("cross-region (APAC)"));
}

#[test]
fn standard_aws_environment_variables_work_as_for_the_aws_cli() {
    let world = World::new();
    let endpoint = world.emulator().endpoint();
    let env = [
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00"),
        ("AWS_SECRET_ACCESS_KEY", "not-a-real-secret"),
        ("AWS_REGION", "ap-northeast-1"),
        ("AWS_ENDPOINT_URL_BEDROCK", endpoint.as_str()),
    ];
    let v = stdout_json(&world.strata(&["models", "--inference-profiles", "--json"], &env));
    assert_eq!(
        v["connection"]["demo"],
        Value::Null,
        "real AWS mode, not demo"
    );
    assert_eq!(v["connection"]["region"], "ap-northeast-1");
    assert_eq!(profile_names(&v), GUIDE_PROFILES);
    // The emulator saw the SDK's calls, signed for the region from the environment.
    let requests = world.emulator().requests();
    assert!(requests
        .iter()
        .any(|r| r.operation == "ListInferenceProfiles" && r.region == "ap-northeast-1"));
}

#[test]
fn a_named_profile_from_the_config_files_gives_credentials_and_region() {
    let world = World::new();
    world.write(
        ".aws/config",
        "[profile work]\nregion = us-east-1\n\n[default]\nregion = eu-central-1\n",
    );
    world.write(
        ".aws/credentials",
        "[work]\naws_access_key_id = AKIAWORKEXAMPLE00000\naws_secret_access_key = work-secret\n",
    );
    let endpoint = world.emulator().endpoint();
    let args = [
        "models",
        "--json",
        "--profile",
        "work",
        "--endpoint-url",
        endpoint.as_str(),
    ];
    let v = stdout_json(&world.strata(&args, &[]));
    assert_eq!(v["connection"]["region"], "us-east-1");
    assert_eq!(v["connection"]["profile"], "work");

    // AWS_PROFILE picks it too.
    let v = stdout_json(&world.strata(
        &["models", "--json", "--endpoint-url", endpoint.as_str()],
        &[("AWS_PROFILE", "work")],
    ));
    assert_eq!(v["connection"]["region"], "us-east-1");
}

fn failure(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn no_credentials_is_an_error_with_a_hint_not_a_silent_demo() {
    let world = World::new();
    let endpoint = world.emulator().endpoint();
    let err = failure(&world.strata(
        &[
            "models",
            "--region",
            "eu-central-1",
            "--endpoint-url",
            endpoint.as_str(),
        ],
        &[],
    ));
    assert!(
        err.contains("error: No AWS credentials were found."),
        "{err}"
    );
    assert!(err.contains("hint: Run `aws configure`"), "{err}");
    assert!(
        world.emulator().requests().is_empty(),
        "no call was made without credentials"
    );
}

#[test]
fn an_expired_sso_token_says_to_sign_in_again() {
    let world = World::new();
    world.write(
        ".aws/config",
        "[profile sso-dev]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = Developer\nregion = ap-northeast-1\n\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
    );
    // `aws sso login` left this token; it expired and has no refresh token. The SDK finds it
    // under the SHA-1 of the session name: sha1("corp") = ee0bfd25….
    world.write(
        ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
        r#"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
            "accessToken": "expired-token", "expiresAt": "2024-01-01T00:00:00Z"}"#,
    );
    let endpoint = world.emulator().endpoint();
    let err = failure(&world.strata(
        &[
            "models",
            "--profile",
            "sso-dev",
            "--endpoint-url",
            endpoint.as_str(),
        ],
        &[],
    ));
    assert!(err.contains("have expired"), "{err}");
    assert!(err.contains("aws sso login --profile sso-dev"), "{err}");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let world = World::new();
    let out = world.strata(&["models", "--no-such-flag"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--no-such-flag"), "{err}");
}
