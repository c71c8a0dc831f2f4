//! `strata doctor` as a script runs it: real `strata-cli` processes, each with its own
//! environment (a temporary HOME, AWS config files and data folder, nothing from the machine
//! running the tests), against the Bedrock emulator: no credentials, an expired SSO sign-in,
//! keys in the environment, demo mode with the window's setting off, and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

const REGION: &str = "ap-northeast-1";
const ACCOUNT: &str = "444455556666";
const KEY_ID: &str = "AKIAEXAMPLEEXAMPLE42";
const SECRET: &str = "not-a-real-secret-but-kept-out-anyway";

/// The checks, in the order `--json` lists them.
const IDS: [&str; 9] = [
    "setting",
    "credentials",
    "identity",
    "region",
    "profile",
    "permissions",
    "model-source",
    "tags",
    "network",
];

/// A fresh HOME and data folder, and the emulator on a free loopback port.
struct World {
    home: tempfile::TempDir,
    data: tempfile::TempDir,
    emulator: Option<EmulatorHandle>,
    runtime: tokio::runtime::Runtime,
}

impl World {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emulator = runtime
            .block_on(Emulator::start(
                EmulatorConfig::for_tests(Seed::Demo).with_account_id(ACCOUNT),
            ))
            .unwrap();
        Self {
            home: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            emulator: Some(emulator),
            runtime,
        }
    }

    fn endpoint(&self) -> String {
        self.emulator.as_ref().unwrap().endpoint()
    }

    /// A file in the temporary HOME.
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.home.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The window's saved settings in the data folder, as its store writes them.
    fn save_setting(&self, enable_inference_profiles: bool) {
        std::fs::write(
            self.data.path().join("settings.json"),
            format!(
                r#"{{"settings":{{"schemaVersion":1,"enableInferenceProfiles":{enable_inference_profiles}}}}}"#
            ),
        )
        .unwrap();
    }

    /// `strata-cli ARGS` with only `vars` (and HOME, PATH, the AWS files in HOME, the data
    /// folder) in its environment.
    fn strata(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let home = self.home.path();
        let mut command = Command::new(env!("CARGO_BIN_EXE_strata-cli"));
        command
            .args(args)
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("STRATA_DATA_DIR", self.data.path());
        for (name, value) in vars {
            command.env(name, value);
        }
        command.output().unwrap()
    }

    /// The operations the emulator answered.
    fn operations(&self) -> Vec<String> {
        self.emulator
            .as_ref()
            .unwrap()
            .requests()
            .into_iter()
            .map(|r| r.operation)
            .collect()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(handle) = self.emulator.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

/// A proxy that accepts connections and counts them (answering nothing): with HTTPS_PROXY
/// pointing at it, any call to a real AWS host shows up here instead of leaving the machine.
struct CountingProxy {
    url: String,
    accepted: Arc<AtomicUsize>,
}

impl CountingProxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counter.fetch_add(1, Ordering::SeqCst);
                // Read a little and close: the caller gets an error, never an answer.
                if let Ok(mut stream) = stream {
                    let mut buf = [0u8; 256];
                    let _ = stream.read(&mut buf);
                }
            }
        });
        Self { url, accepted }
    }

    fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The check `id` of a `--json` report.
fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} check in {report}"))
}

/// The `--json` shape, key by key, for every check.
fn assert_shape(report: &Value) {
    let object = report.as_object().unwrap();
    assert_eq!(object.keys().collect::<Vec<_>>(), ["checks"]);
    let checks = report["checks"].as_array().unwrap();
    let ids: Vec<&str> = checks.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, IDS);
    for c in checks {
        let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["details", "finding", "fix", "id", "status"], "{c}");
        assert!(
            ["pass", "warn", "fail", "skipped"].contains(&c["status"].as_str().unwrap()),
            "{c}"
        );
        assert!(!c["finding"].as_str().unwrap().is_empty(), "{c}");
        assert!(c["fix"].is_null() || c["fix"].is_string(), "{c}");
        assert!(
            c["details"]
                .as_array()
                .unwrap()
                .iter()
                .all(Value::is_string),
            "{c}"
        );
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn no_credentials_fail_with_how_to_configure_them_and_exit_1() {
    let world = World::new();
    let endpoint = world.endpoint();
    let out = world.strata(
        &[
            "doctor",
            "--json",
            "--region",
            REGION,
            "--endpoint-url",
            &endpoint,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = json_of(&out);
    assert_shape(&report);
    let credentials = check(&report, "credentials");
    assert_eq!(credentials["status"], "fail");
    assert_eq!(
        credentials["finding"],
        "No AWS credentials were found: no AWS_ACCESS_KEY_ID in the environment, no profile with \
         credentials, no web identity or container endpoint."
    );
    let fix = credentials["fix"].as_str().unwrap();
    assert!(
        fix.contains("aws configure") && fix.contains("aws configure sso"),
        "{fix}"
    );
    assert!(
        fix.contains("AWS_PROFILE") && fix.contains("Demo mode"),
        "{fix}"
    );
    let identity = check(&report, "identity");
    assert_eq!(identity["status"], "skipped");
    assert!(identity["finding"]
        .as_str()
        .unwrap()
        .starts_with("Needs credentials"));
    // The region still says where it came from.
    assert_eq!(check(&report, "region")["status"], "pass");
    assert!(check(&report, "region")["details"]
        .as_array()
        .unwrap()
        .contains(&Value::from(
            "from: Strata's Region setting (Settings → AWS, or --region)"
        )));
    // Nothing unsigned went to the emulator's STS.
    assert!(!world.operations().contains(&"GetCallerIdentity".to_owned()));
}

#[test]
fn an_expired_sso_sign_in_fails_with_the_login_command_and_nothing_leaves_the_machine() {
    let world = World::new();
    world.write(
        ".aws/config",
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\
         region = ap-northeast-1\n\n[sso-session corp]\nsso_start_url = https://corp-example.awsapps.com/start\n\
         sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n",
    );
    // The SDK's token cache: ~/.aws/sso/cache/<sha1 of the session name>.json; sha1("corp")
    // is ee0bfd25… (`printf corp | sha1sum`). No refresh token: it cannot be renewed.
    world.write(
        ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
        r#"{"startUrl":"https://corp-example.awsapps.com/start","region":"us-east-1","accessToken":"expired-example-token","expiresAt":"2020-01-01T00:00:00Z"}"#,
    );
    let proxy = CountingProxy::start();
    let endpoint = world.endpoint();
    let out = world.strata(
        &[
            "doctor",
            "--json",
            "--profile",
            "dev",
            "--endpoint-url",
            &endpoint,
        ],
        &[
            ("HTTPS_PROXY", &proxy.url),
            ("HTTP_PROXY", &proxy.url),
            ("NO_PROXY", "127.0.0.1,localhost"),
            // Were the token renewed over the network, the proxy would make it wait this long.
            ("STRATA_CREDENTIALS_TIMEOUT_S", "600"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = json_of(&out);
    assert_shape(&report);
    let credentials = check(&report, "credentials");
    assert_eq!(credentials["status"], "fail", "{credentials}");
    assert_eq!(
        credentials["finding"],
        "The SSO sign-in of session corp (profile dev) has expired, so it gives no credentials."
    );
    let fix = credentials["fix"].as_str().unwrap();
    assert!(fix.contains("`aws sso login --sso-session corp`"), "{fix}");
    assert!(fix.contains("`aws sso login --profile dev`"), "{fix}");
    assert!(credentials["details"]
        .as_array()
        .unwrap()
        .contains(&Value::from(
            "credentials source: profile dev (SSO session corp)"
        )));
    assert_eq!(check(&report, "identity")["status"], "skipped");
    // The profile's region is where it came from.
    assert!(check(&report, "region")["details"]
        .as_array()
        .unwrap()
        .contains(&Value::from(
            "from: region in profile dev of the AWS config"
        )));
    assert_eq!(
        proxy.connections(),
        0,
        "no request went towards a real host"
    );
    assert!(!text(&out).contains("expired-example-token"));
}

#[test]
fn keys_in_the_environment_pass_naming_the_environment_and_sts_answers_with_the_account() {
    let world = World::new();
    world.save_setting(true);
    let endpoint = world.endpoint();
    let vars = [
        ("AWS_ACCESS_KEY_ID", KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_REGION", REGION),
        // Bedrock's is --endpoint-url; STS and the rest follow AWS_ENDPOINT_URL.
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
    ];
    let out = world.strata(&["doctor", "--json", "--endpoint-url", &endpoint], &vars);
    let report = json_of(&out);
    assert_shape(&report);
    let credentials = check(&report, "credentials");
    assert_eq!(credentials["status"], "pass", "{credentials}");
    assert_eq!(
        credentials["finding"],
        "Credentials resolve from environment keys (AWS_ACCESS_KEY_ID ending in LE42); they do not expire."
    );
    let identity = check(&report, "identity");
    assert_eq!(identity["status"], "pass", "{identity}");
    assert_eq!(
        identity["finding"],
        format!("Strata acts as {ACCOUNT} (arn:aws:iam::{ACCOUNT}:user/emulator-user).")
    );
    assert_eq!(check(&report, "setting")["status"], "pass");
    let region = check(&report, "region");
    assert_eq!(region["status"], "pass");
    assert!(region["details"]
        .as_array()
        .unwrap()
        .contains(&Value::from("from: AWS_REGION")));
    assert!(world.operations().contains(&"GetCallerIdentity".to_owned()));

    // The same as lines: one per check, the status word first; never a secret.
    let out = world.strata(&["doctor", "--endpoint-url", &endpoint], &vars);
    let lines = String::from_utf8_lossy(&out.stdout).into_owned();
    let firsts: Vec<&str> = lines.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(firsts[0].starts_with("PASS setting "), "{lines}");
    assert!(
        firsts[1].starts_with("PASS credentials ")
            && firsts[1].ends_with("Credentials resolve from environment keys (AWS_ACCESS_KEY_ID ending in LE42); they do not expire."),
        "{lines}"
    );
    let all = text(&out);
    assert!(!all.contains(SECRET) && !all.contains(KEY_ID), "{all}");
}

#[test]
fn demo_mode_with_the_windows_setting_off_fails_the_setting_and_exits_1() {
    let world = World::new();
    world.save_setting(false);
    let out = world.strata(&["doctor", "--demo", "--json"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = json_of(&out);
    assert_shape(&report);
    let setting = check(&report, "setting");
    assert_eq!(setting["status"], "fail");
    assert_eq!(
        setting["finding"],
        "Enable Inference Profiles is off: application profiles are not listed in the picker."
    );
    assert!(setting["fix"]
        .as_str()
        .unwrap()
        .contains("--inference-profiles"));
    let credentials = check(&report, "credentials");
    assert_eq!(credentials["status"], "pass");
    assert!(credentials["finding"]
        .as_str()
        .unwrap()
        .starts_with("Demo mode, because of --demo"));
    assert_eq!(check(&report, "identity")["status"], "pass");

    // Turned on in the window, the setting passes.
    world.save_setting(true);
    let report = json_of(&world.strata(&["doctor", "--demo", "--json"], &[]));
    assert_eq!(check(&report, "setting")["status"], "pass");
}

#[test]
fn a_bad_identifier_exits_1_before_any_call_and_a_bad_flag_exits_2() {
    let world = World::new();
    let endpoint = world.endpoint();
    let vars = [
        ("AWS_ACCESS_KEY_ID", KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
    ];
    let out = world.strata(
        &[
            "doctor",
            "--profile-identifier",
            "arn:aws:bedrock:us-east-1:123:application-inference-profile/x",
            "--endpoint-url",
            &endpoint,
        ],
        &vars,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is not an inference profile id or ARN"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(world.operations(), Vec::<String>::new(), "nothing was sent");

    let out = world.strata(&["doctor", "--no-such-flag"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
