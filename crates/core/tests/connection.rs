//! Connections as the settings and the AWS files describe them, against the emulator over real
//! HTTP: broken credentials told apart from missing ones, a credential source that never answers,
//! rotated keys picked up after an auth error, one endpoint per client, and a custom CA bundle.
//!
//! These tests point the SDK at their own AWS files through the process environment, so each
//! holds `ENV` for its whole run (this file is its own test binary; no other test shares it).

#![allow(clippy::unwrap_used, clippy::expect_used)]
// The environment lock is held across awaits on purpose: it serialises whole tests.
#![allow(clippy::await_holding_lock)]

mod support;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use support::CLEARED;

use aws_credential_types::provider::ProvideCredentials;
use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Fault, Seed};
use strata_core::{
    CatalogService, DemoBedrock, DemoPreference, DemoReason, Error, ErrorKind, RunMode, Session,
    Settings,
};

static ENV: Mutex<()> = Mutex::new(());

/// A private set of AWS files, selected through `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` while the guard is held.
struct AwsFiles {
    dir: tempfile::TempDir,
    _env: MutexGuard<'static, ()>,
}

impl AwsFiles {
    fn new() -> Self {
        let env = ENV
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = tempfile::tempdir().unwrap();
        for var in CLEARED {
            std::env::remove_var(var);
        }
        std::env::set_var("AWS_CONFIG_FILE", dir.path().join("config"));
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.path().join("credentials"),
        );
        std::fs::write(dir.path().join("config"), "").unwrap();
        std::fs::write(dir.path().join("credentials"), "").unwrap();
        Self { dir, _env: env }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn set(&self, var: &str, value: impl AsRef<std::ffi::OsStr>) {
        std::env::set_var(var, value);
    }
}

async fn emulator() -> EmulatorHandle {
    Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap()
}

fn real(profile: &str, endpoint: &str) -> Settings {
    Settings {
        region: Some("us-east-1".into()),
        aws_profile: Some(profile.into()),
        endpoint_url: Some(endpoint.into()),
        runtime_endpoint_url: Some(endpoint.into()),
        demo_mode: DemoPreference::Auto,
        ..Settings::default()
    }
}

async fn access_key(session: &Session) -> String {
    session
        .sdk_config()
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap()
        .access_key_id()
        .to_owned()
}

fn keys(id: &str) -> String {
    format!("[work]\naws_access_key_id = {id}\naws_secret_access_key = secret-of-{id}\n")
}

#[tokio::test]
async fn broken_credentials_are_reported_as_what_they_are_and_never_start_the_demo() {
    let files = AwsFiles::new();
    files.write(
        "config",
        "[profile failing]\ncredential_process = sh -c 'echo token server down >&2; exit 1'\n\n\
         [profile looping]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = looping2\n\n\
         [profile looping2]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = looping\n\n\
         [profile orphan]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = nowhere\n\n\
         [profile empty]\nregion = us-east-1\n",
    );
    let aws = emulator().await;
    let demo = emulator().await;
    let demo_bedrock = DemoBedrock::external(demo.endpoint());
    for (profile, words) in [
        ("failing", "credential_process for profile failing failed"),
        ("failing", "token server down"),
        ("looping", "not set up correctly"),
        ("orphan", "not set up correctly"),
    ] {
        let e = Session::connect(
            &real(profile, &aws.endpoint()),
            RunMode::default(),
            &demo_bedrock,
        )
        .await
        .err()
        .unwrap_or_else(|| panic!("profile {profile} connected"));
        assert_eq!(e.kind(), ErrorKind::BrokenCredentials, "{profile}: {e}");
        assert!(e.message().contains(words), "{profile}: {e}");
        assert!(e.hint().is_some());
    }
    // Only "no credentials at all" lets Automatic choose the demo.
    let session = Session::connect(
        &real("empty", &aws.endpoint()),
        RunMode::default(),
        &demo_bedrock,
    )
    .await
    .unwrap();
    assert_eq!(session.info.demo, Some(DemoReason::NoCredentials));
    assert!(aws.requests().is_empty(), "nothing was sent to AWS");
    aws.shutdown().await;
    demo.shutdown().await;
}

/// Kills the process whose id the script wrote to `pid_file` (the hanging credential_process).
fn kill_from(pid_file: &Path) {
    if let Ok(pid) = std::fs::read_to_string(pid_file) {
        let _ = std::process::Command::new("kill").arg(pid.trim()).status();
    }
}

#[tokio::test]
async fn a_credential_process_that_never_answers_gives_up_and_names_its_source() {
    let files = AwsFiles::new();
    let pid_file = files.path("process.pid");
    files.write(
        "config",
        &format!(
            "[profile mfa]\ncredential_process = sh -c 'echo $$ > {}; exec sleep 120'\n",
            pid_file.display()
        ),
    );
    files.set("STRATA_CREDENTIALS_TIMEOUT_S", "1");
    let aws = emulator().await;
    let result = Session::connect(
        &real("mfa", &aws.endpoint()),
        RunMode::default(),
        &DemoBedrock::external("http://127.0.0.1:9"),
    )
    .await;
    kill_from(&pid_file);
    let e = result.err().expect("the connection gave up");
    assert_eq!(e.kind(), ErrorKind::BrokenCredentials, "{e}");
    assert!(
        e.message()
            .contains("from credential_process of profile mfa took longer than 1 s"),
        "{e}"
    );
    assert!(
        e.hint()
            .unwrap_or_default()
            .contains("STRATA_CREDENTIALS_TIMEOUT_S"),
        "{e:?}"
    );
    assert!(aws.requests().is_empty());
    aws.shutdown().await;
}

#[tokio::test]
async fn a_bad_credentials_timeout_is_refused_before_anything_runs() {
    let files = AwsFiles::new();
    files.write("credentials", &keys("AKIAEXAMPLE000000001"));
    files.set("STRATA_CREDENTIALS_TIMEOUT_S", "forever");
    let aws = emulator().await;
    let e = Session::connect(
        &real("work", &aws.endpoint()),
        RunMode::default(),
        &DemoBedrock::external("http://127.0.0.1:9"),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains("STRATA_CREDENTIALS_TIMEOUT_S"), "{e}");
    aws.shutdown().await;
}

#[tokio::test]
async fn rotated_keys_are_picked_up_after_an_auth_error_without_a_restart() {
    let files = AwsFiles::new();
    files.write("credentials", &keys("AKIAOLDOLDOLDOLD0001"));
    let aws = emulator().await;
    let settings = Settings {
        demo_mode: DemoPreference::Off,
        ..real("work", &aws.endpoint())
    };
    let demo = emulator().await;
    let service = CatalogService::new(
        RunMode::default(),
        settings,
        None,
        DemoBedrock::external(demo.endpoint()),
    );
    let first = service.session().await.unwrap();
    assert_eq!(access_key(&first).await, "AKIAOLDOLDOLDOLD0001");

    // The keys are rotated in ~/.aws/credentials; the kept connection still holds the old ones.
    files.write("credentials", &keys("AKIANEWNEWNEWNEW0002"));
    let kept = service.session().await.unwrap();
    assert!(Arc::ptr_eq(&first, &kept));
    assert_eq!(access_key(&kept).await, "AKIAOLDOLDOLDOLD0001");

    // AWS refuses the calls: the kept connection is dropped, the next one reads the new keys.
    aws.add_fault(Fault::Error {
        operation: "*".into(),
        error: bedrock_emulator::ErrorKind::ExpiredTokenException,
        count: Some(3),
        message: None,
    })
    .unwrap();
    let list = service.refresh().await;
    assert_eq!(
        list.error.as_ref().map(Error::kind),
        Some(ErrorKind::ExpiredCredentials)
    );
    let renewed = service.session().await.unwrap();
    assert!(!Arc::ptr_eq(&first, &renewed));
    assert_eq!(access_key(&renewed).await, "AKIANEWNEWNEWNEW0002");

    // A failed chat turn reports its error the same way; an unrelated error keeps the connection.
    files.write("credentials", &keys("AKIATHIRDTHIRD000003"));
    service
        .report_failure(&renewed, &Error::new(ErrorKind::Throttled, "slow down"))
        .await;
    assert!(Arc::ptr_eq(&renewed, &service.session().await.unwrap()));
    service
        .report_failure(
            &renewed,
            &Error::new(
                ErrorKind::NoCredentials,
                "AWS did not accept your credentials.",
            ),
        )
        .await;
    let third = service.session().await.unwrap();
    assert_eq!(access_key(&third).await, "AKIATHIRDTHIRD000003");
    aws.shutdown().await;
    demo.shutdown().await;
}

/// The operations each emulator saw, in order.
fn operations(emulator: &EmulatorHandle) -> Vec<String> {
    emulator
        .requests()
        .into_iter()
        .map(|r| r.operation)
        .collect()
}

async fn call_both(session: &Session) {
    let _ = session.control().list_foundation_models().send().await;
    // No messages: the emulator refuses it, but the request reached it, which is what counts here.
    let _ = session
        .runtime()
        .converse()
        .model_id("anthropic.claude-3-haiku-20240307-v1:0")
        .send()
        .await;
}

#[tokio::test]
async fn bedrock_and_bedrock_runtime_each_go_to_their_own_endpoint() {
    let files = AwsFiles::new();
    files.write("credentials", &keys("AKIAEXAMPLE000000001"));
    let control = emulator().await;
    let runtime = emulator().await;
    let other = emulator().await;
    let no_demo = DemoBedrock::external("http://127.0.0.1:9");
    let base = Settings {
        demo_mode: DemoPreference::Off,
        ..real("work", &control.endpoint())
    };

    // Settings: one field each.
    let session = Session::connect(
        &Settings {
            runtime_endpoint_url: Some(runtime.endpoint()),
            ..base.clone()
        },
        RunMode::default(),
        &no_demo,
    )
    .await
    .unwrap();
    call_both(&session).await;
    assert_eq!(operations(&control), ["ListFoundationModels"]);
    assert_eq!(operations(&runtime), ["Converse"]);
    assert_eq!(
        session.info.runtime_endpoint_url.as_deref(),
        Some(runtime.endpoint().as_str())
    );

    // The environment: the service-specific variables, each for its own client.
    control.clear_requests();
    runtime.clear_requests();
    files.set("AWS_ENDPOINT_URL_BEDROCK", control.endpoint());
    files.set("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", runtime.endpoint());
    files.set("AWS_ENDPOINT_URL", other.endpoint());
    let from_env = Settings {
        endpoint_url: None,
        runtime_endpoint_url: None,
        ..base.clone()
    };
    let session = Session::connect(&from_env, RunMode::default(), &no_demo)
        .await
        .unwrap();
    call_both(&session).await;
    assert_eq!(operations(&control), ["ListFoundationModels"]);
    assert_eq!(operations(&runtime), ["Converse"]);
    assert!(operations(&other).is_empty());

    // AWS_ENDPOINT_URL alone sets both.
    std::env::remove_var("AWS_ENDPOINT_URL_BEDROCK");
    std::env::remove_var("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
    let session = Session::connect(&from_env, RunMode::default(), &no_demo)
        .await
        .unwrap();
    call_both(&session).await;
    assert_eq!(operations(&other), ["ListFoundationModels", "Converse"]);

    // Demo mode: nothing in the environment can send the emulator's traffic elsewhere.
    other.clear_requests();
    files.set("AWS_ENDPOINT_URL_BEDROCK", other.endpoint());
    let demo = emulator().await;
    let session = Session::connect(
        &from_env,
        RunMode::from_switches(["--demo"], None),
        &DemoBedrock::external(demo.endpoint()),
    )
    .await
    .unwrap();
    call_both(&session).await;
    assert!(operations(&other).is_empty());
    assert_eq!(operations(&demo), ["ListFoundationModels", "Converse"]);
    for e in [control, runtime, other, demo] {
        e.shutdown().await;
    }
}

#[tokio::test]
async fn refused_endpoints_name_their_rule_before_any_call() {
    let files = AwsFiles::new();
    files.write("credentials", &keys("AKIAEXAMPLE000000001"));
    let aws = emulator().await;
    let no_demo = DemoBedrock::external("http://127.0.0.1:9");
    let base = Settings {
        demo_mode: DemoPreference::Off,
        ..real("work", &aws.endpoint())
    };
    let e = Session::connect(
        &Settings {
            runtime_endpoint_url: Some("http://bedrock-runtime.example.com".into()),
            ..base.clone()
        },
        RunMode::default(),
        &no_demo,
    )
    .await
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains("Bedrock Runtime endpoint URL"), "{e}");
    assert!(
        e.message()
            .contains("http:// is allowed only to this machine"),
        "{e}"
    );

    files.set(
        "AWS_ENDPOINT_URL_BEDROCK",
        "https://user:secret@bedrock.example.com",
    );
    let e = Session::connect(
        &Settings {
            endpoint_url: None,
            ..base
        },
        RunMode::default(),
        &no_demo,
    )
    .await
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains("from AWS_ENDPOINT_URL_BEDROCK"), "{e}");
    assert!(e.message().contains("user name or password"), "{e}");
    assert!(aws.requests().is_empty());
    aws.shutdown().await;
}

#[tokio::test]
async fn the_profiles_ca_bundle_must_exist() {
    let files = AwsFiles::new();
    let missing = files.path("corp-root.pem");
    files.write(
        "config",
        &format!("[profile work]\nca_bundle = {}\n", missing.display()),
    );
    files.write("credentials", &keys("AKIAEXAMPLE000000001"));
    let aws = emulator().await;
    let e = Session::connect(
        &real("work", &aws.endpoint()),
        RunMode::default(),
        &DemoBedrock::external("http://127.0.0.1:9"),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains(&missing.display().to_string()), "{e}");
    assert!(e.message().contains("ca_bundle in profile work"), "{e}");
    aws.shutdown().await;
}

/// A TLS front for the emulator on a free loopback port, with a certificate made for this test:
/// what a TLS-inspecting corporate proxy looks like to Strata.
async fn tls_front(backend: &EmulatorHandle, cert: &rcgen::CertifiedKey<rcgen::KeyPair>) -> String {
    use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = backend.endpoint().trim_start_matches("http://").to_owned();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    if let Ok(mut plain) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                    }
                }
            });
        }
    });
    format!("https://localhost:{port}")
}

#[tokio::test]
async fn a_custom_ca_bundle_is_trusted_and_only_then() {
    let files = AwsFiles::new();
    files.write("credentials", &keys("AKIAEXAMPLE000000001"));
    let aws = emulator().await;
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let endpoint = tls_front(&aws, &cert).await;
    files.write("corp-root.pem", &cert.cert.pem());
    let settings = Settings {
        demo_mode: DemoPreference::Off,
        ..real("work", &endpoint)
    };
    let no_demo = DemoBedrock::external("http://127.0.0.1:9");

    // Without the bundle, the inspecting proxy's certificate is not trusted.
    let session = Session::connect(&settings, RunMode::default(), &no_demo)
        .await
        .unwrap();
    let refused = session.control().list_foundation_models().send().await;
    assert!(refused.is_err());
    assert!(aws.requests().is_empty(), "nothing got through TLS");

    // With AWS_CA_BUNDLE naming it, the same call goes through.
    files.set("AWS_CA_BUNDLE", files.path("corp-root.pem"));
    let session = Session::connect(&settings, RunMode::default(), &no_demo)
        .await
        .unwrap();
    let models = session
        .control()
        .list_foundation_models()
        .send()
        .await
        .unwrap();
    assert!(!models.model_summaries().is_empty());
    assert_eq!(operations(&aws), ["ListFoundationModels"]);
    aws.shutdown().await;
}
