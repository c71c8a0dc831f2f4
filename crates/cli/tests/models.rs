//! `strata-cli models` (what `strata models` runs) as a script would run it: a real process with
//! its own HOME and environment, against the Bedrock emulator, reading credentials the way the
//! AWS CLI does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

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
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata-cli"));
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
    // The `--demo` flag is reported as the flag, not as the Demo mode setting.
    assert_eq!(v["connection"]["demo"], "flag");
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

/// What a stand-in server on loopback saw: the first line of each request (or connection).
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Reads an HTTP request head (up to the blank line) from `stream`.
async fn read_head(stream: &mut tokio::net::TcpStream) -> Option<(String, Vec<u8>)> {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    Some((text, head))
}

impl World {
    /// A forward proxy on a free loopback port (HTTP absolute-form requests and CONNECT), as a
    /// corporate proxy would be; returns its URL and what it saw.
    fn proxy(&self) -> (String, Seen) {
        use tokio::io::AsyncWriteExt;
        let listener = self
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Seen::default();
        let record = seen.clone();
        self.runtime.spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let record = record.clone();
                tokio::spawn(async move {
                    let Some((text, head)) = read_head(&mut client).await else {
                        return;
                    };
                    let first = text.lines().next().unwrap_or_default().to_owned();
                    record.0.lock().unwrap().push(first.clone());
                    let mut parts = first.split_whitespace();
                    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    let authority = if method == "CONNECT" {
                        target.to_owned()
                    } else {
                        target
                            .trim_start_matches("http://")
                            .split('/')
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    };
                    let Ok(mut upstream) = tokio::net::TcpStream::connect(&authority).await else {
                        return;
                    };
                    if method == "CONNECT" {
                        let _ = client
                            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                            .await;
                    } else if upstream.write_all(&head).await.is_err() {
                        return;
                    }
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        (url, seen)
    }

    /// A stand-in STS on a free loopback port that denies every AssumeRole, as AWS does for a
    /// role whose trust policy leaves the caller out.
    fn sts_denying_assume_role(&self) -> (String, Seen) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = self
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Seen::default();
        let record = seen.clone();
        self.runtime.spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let record = record.clone();
                tokio::spawn(async move {
                    let Some((text, _)) = read_head(&mut client).await else {
                        return;
                    };
                    let length = text
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    let mut body = vec![0u8; length];
                    let _ = client.read_exact(&mut body).await;
                    record.0.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
                    let xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
                        <Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/dev \
                        is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Admin\
                        </Message></Error><RequestId>4b2c0d5e-1f6a-4c8e-9d0a-2b7e6f1a3c5d</RequestId></ErrorResponse>";
                    let response = format!(
                        "HTTP/1.1 403 Forbidden\r\ncontent-type: text/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{xml}",
                        xml.len()
                    );
                    let _ = client.write_all(response.as_bytes()).await;
                });
            }
        });
        (url, seen)
    }
}

const KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00"),
    ("AWS_SECRET_ACCESS_KEY", "not-a-real-secret"),
];

#[test]
fn real_mode_goes_through_the_proxy_unless_no_proxy_says_otherwise() {
    let world = World::new();
    let (proxy, seen) = world.proxy();
    let endpoint = world.emulator().endpoint();
    let args = [
        "models",
        "--json",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &endpoint,
    ];
    let mut env = KEYS.to_vec();
    env.push(("HTTP_PROXY", proxy.as_str()));
    env.push(("HTTPS_PROXY", proxy.as_str()));
    stdout_json(&world.strata(&args, &env));
    let through = seen.lines();
    assert!(
        through
            .iter()
            .any(|l| l.starts_with("GET ") && l.contains(&format!("{endpoint}/foundation-models"))),
        "{through:?}"
    );
    assert!(world
        .emulator()
        .requests()
        .iter()
        .any(|r| r.operation == "ListFoundationModels"));

    // NO_PROXY names the host: the same calls go straight to it.
    let before = seen.lines().len();
    env.push(("NO_PROXY", "127.0.0.1"));
    stdout_json(&world.strata(&args, &env));
    assert_eq!(seen.lines().len(), before, "{:?}", seen.lines());
}

#[test]
fn demo_mode_never_goes_through_a_proxy() {
    let world = World::new();
    let (proxy, seen) = world.proxy();
    let env = [
        ("HTTP_PROXY", proxy.as_str()),
        ("HTTPS_PROXY", proxy.as_str()),
        ("ALL_PROXY", proxy.as_str()),
    ];
    let v = stdout_json(&world.strata(&["models", "--demo", "--json"], &env));
    assert_eq!(v["connection"]["demo"], "flag");
    assert!(v["catalog"]["stats"]["foundationModels"].as_u64().unwrap() > 5);
    assert!(seen.lines().is_empty(), "{:?}", seen.lines());
}

#[test]
fn an_unusable_ca_bundle_is_an_error_naming_the_file() {
    let world = World::new();
    let endpoint = world.emulator().endpoint();
    world.write("not-pem.crt", "this is not a certificate\n");
    let not_pem = world.home.path().join("not-pem.crt");
    let missing = world.home.path().join("missing.pem");
    for (bundle, problem) in [
        (&not_pem, "holds no PEM certificate"),
        (&missing, "cannot be read"),
    ] {
        let mut env = KEYS.to_vec();
        let bundle_text = bundle.display().to_string();
        env.push(("AWS_CA_BUNDLE", bundle_text.as_str()));
        let err = failure(&world.strata(
            &[
                "models",
                "--region",
                "us-east-1",
                "--endpoint-url",
                &endpoint,
            ],
            &env,
        ));
        assert!(err.contains(&bundle_text), "{err}");
        assert!(err.contains("from AWS_CA_BUNDLE"), "{err}");
        assert!(err.contains(problem), "{err}");
    }
    assert!(world.emulator().requests().is_empty());
}

#[test]
fn a_refused_endpoint_url_names_the_rule_and_calls_nothing() {
    let world = World::new();
    for (url, rule) in [
        (
            "http://bedrock.example.com",
            "http:// is allowed only to this machine",
        ),
        ("https://me:pw@bedrock.example.com", "user name or password"),
        ("https://bedrock.example.com:70000", "from 1 to 65535"),
    ] {
        let err = failure(&world.strata(
            &["models", "--region", "us-east-1", "--endpoint-url", url],
            &KEYS,
        ));
        assert!(err.contains(rule), "{url}: {err}");
    }
}

#[test]
fn a_hanging_credential_process_gives_up_naming_its_source() {
    let world = World::new();
    let pid_file = world.home.path().join("process.pid");
    world.write(
        ".aws/config",
        &format!(
            "[profile mfa]\nregion = us-east-1\ncredential_process = sh -c 'echo $$ > {}; exec sleep 120'\n",
            pid_file.display()
        ),
    );
    let endpoint = world.emulator().endpoint();
    let out = world.strata(
        &["models", "--profile", "mfa", "--endpoint-url", &endpoint],
        &[("STRATA_CREDENTIALS_TIMEOUT_S", "1")],
    );
    if let Ok(pid) = std::fs::read_to_string(&pid_file) {
        let _ = Command::new("kill").arg(pid.trim()).status();
    }
    let err = failure(&out);
    assert!(
        err.contains("credential_process of profile mfa took longer than 1 s"),
        "{err}"
    );
    assert!(err.contains("STRATA_CREDENTIALS_TIMEOUT_S"), "{err}");
    assert!(world.emulator().requests().is_empty());
}

#[test]
fn a_denied_assume_role_is_access_denied_not_missing_credentials() {
    let world = World::new();
    let (sts, seen) = world.sts_denying_assume_role();
    world.write(
        ".aws/config",
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n\
         region = us-east-1\n",
    );
    world.write(
        ".aws/credentials",
        "[base]\naws_access_key_id = AKIABASEEXAMPLE00000\naws_secret_access_key = base-secret\n",
    );
    let endpoint = world.emulator().endpoint();
    let err = failure(&world.strata(
        &["models", "--profile", "admin", "--endpoint-url", &endpoint],
        &[("AWS_ENDPOINT_URL_STS", sts.as_str())],
    ));
    assert!(
        seen.lines()
            .iter()
            .any(|body| body.contains("Action=AssumeRole")),
        "{:?}",
        seen.lines()
    );
    assert!(err.contains("may not assume the role"), "{err}");
    assert!(err.contains("sts:AssumeRole"), "{err}");
    assert!(!err.contains("No AWS credentials were found"), "{err}");
}

#[test]
fn trace_logging_writes_neither_the_credential_process_command_nor_request_bodies() {
    let world = World::new();
    world.write(
        "creds.sh",
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIATOOLEXAMPLE00000\", \"SecretAccessKey\": \"s\"}'\n",
    );
    world.write(
        ".aws/config",
        &format!(
            "[profile tool]\nregion = ap-northeast-1\ncredential_process = sh {} --token SECRET-ARGUMENT-7\n",
            world.home.path().join("creds.sh").display()
        ),
    );
    let endpoint = world.emulator().endpoint();
    let out = world.strata(
        &[
            "chat",
            "--profile",
            "tool",
            "--endpoint-url",
            &endpoint,
            "--model",
            "dev-claude-haiku",
            "PROMPT-MARKER-42 what is a profile?",
        ],
        &[
            ("STRATA_LOG", "trace"),
            ("STRATA_DATA_DIR", &world.home.path().display().to_string()),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Logging was on, down to debug for the SDK…
    assert!(stderr.contains("DEBUG"), "{stderr}");
    assert!(stderr.contains("aws_"), "{stderr}");
    // …yet no body, and no argument of the credential process.
    assert!(!stderr.contains("PROMPT-MARKER-42"), "{stderr}");
    assert!(!stderr.contains("SECRET-ARGUMENT-7"), "{stderr}");
}
