//! Helpers shared by the SDK tests: emulators, SDK clients, raw HTTP.
#![allow(dead_code)]

use aws_sdk_bedrock::config::{BehaviorVersion, Credentials, Region};
use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub(crate) const TOKYO: &str = "ap-northeast-1";
pub(crate) const VIRGINIA: &str = "us-east-1";
pub(crate) const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
pub(crate) const SONNET_35: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
/// The model of the demo's `prod-claude-sonnet` (a copy of the `jp.` Sonnet 4.5 profile).
pub(crate) const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

pub(crate) fn fm_arn(region: &str, model: &str) -> String {
    format!("arn:aws:bedrock:{region}::foundation-model/{model}")
}

pub(crate) async fn start(seed: Seed) -> EmulatorHandle {
    Emulator::start(EmulatorConfig::for_tests(seed))
        .await
        .expect("emulator starts")
}

pub(crate) async fn start_with(config: EmulatorConfig) -> EmulatorHandle {
    Emulator::start(config).await.expect("emulator starts")
}

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEMULATORTEST",
        "emulator-secret",
        None,
        None,
        "static-test",
    )
}

/// The configuration of the tests' other AWS clients (STS, Cost Explorer, Budgets, CloudWatch,
/// the Price List): the emulator's endpoint, the test credentials, `region`, and no retries, so
/// that a test sees every call and every error as it was sent.
pub(crate) fn services(emulator: &EmulatorHandle, region: &str) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(
            aws_credential_types::provider::SharedCredentialsProvider::new(credentials()),
        )
        .endpoint_url(emulator.endpoint())
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .build()
}

pub(crate) fn bedrock(emulator: &EmulatorHandle, region: &str) -> aws_sdk_bedrock::Client {
    let config = aws_sdk_bedrock::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(credentials())
        .endpoint_url(emulator.endpoint())
        .build();
    aws_sdk_bedrock::Client::from_conf(config)
}

/// A control-plane client that does not retry (for fault tests that count calls).
pub(crate) fn bedrock_no_retry(emulator: &EmulatorHandle, region: &str) -> aws_sdk_bedrock::Client {
    let config = aws_sdk_bedrock::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(credentials())
        .endpoint_url(emulator.endpoint())
        .retry_config(aws_sdk_bedrock::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_bedrock::Client::from_conf(config)
}

pub(crate) fn runtime(emulator: &EmulatorHandle, region: &str) -> aws_sdk_bedrockruntime::Client {
    let config = aws_sdk_bedrockruntime::Config::builder()
        .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
        .region(aws_sdk_bedrockruntime::config::Region::new(
            region.to_owned(),
        ))
        .credentials_provider(credentials())
        .endpoint_url(emulator.endpoint())
        .retry_config(aws_sdk_bedrockruntime::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_bedrockruntime::Client::from_conf(config)
}

/// A raw HTTP/1.1 exchange (no SDK, no signing): status, lowercase headers, body.
pub(crate) async fn http(
    emulator: &EmulatorHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut stream = tokio::net::TcpStream::connect(emulator.local_addr())
        .await
        .unwrap();
    // The emulator's own host unless the caller names one (the admin API checks it).
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request.push_str(&format!(
            "host: localhost:{}\r\n",
            emulator.local_addr().port()
        ));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    (status, headers, body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The JSON of an admin endpoint.
pub(crate) async fn admin(
    emulator: &EmulatorHandle,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    let (status, _, body) = http(
        emulator,
        method,
        path,
        &[("content-type", "application/json")],
        body,
    )
    .await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// Creates an application profile copying Claude 3 Haiku in `region`; returns its ARN.
pub(crate) async fn create_profile(
    client: &aws_sdk_bedrock::Client,
    region: &str,
    name: &str,
) -> String {
    client
        .create_inference_profile()
        .inference_profile_name(name)
        .model_source(
            aws_sdk_bedrock::types::InferenceProfileModelSource::CopyFrom(fm_arn(region, HAIKU)),
        )
        .send()
        .await
        .unwrap()
        .inference_profile_arn
}

/// A user message for the runtime APIs.
pub(crate) fn user(text: &str) -> aws_sdk_bedrockruntime::types::Message {
    aws_sdk_bedrockruntime::types::Message::builder()
        .role(aws_sdk_bedrockruntime::types::ConversationRole::User)
        .content(aws_sdk_bedrockruntime::types::ContentBlock::Text(
            text.to_owned(),
        ))
        .build()
        .expect("a text message builds")
}

/// Now as SigV4's `X-Amz-Date` (`20261201T120000Z`): raw requests must be signed within the
/// emulator's 5 minutes, like AWS's.
pub(crate) fn amz_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}
