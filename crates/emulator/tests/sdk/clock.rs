//! The emulator's clock: its `Date` headers, the signing-time check AWS makes (5 minutes, STS 15),
//! the clock-skew fault, and what the Rust SDK does with a skewed signature; and the caller
//! principal a test can choose.

use aws_sdk_bedrock::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_bedrock::error::ProvideErrorMetadata;
use bedrock_emulator::{EmulatorConfig, EmulatorHandle, Fault, Seed};

use crate::common::*;

/// The `Date` header of an answer, as seconds since the epoch.
fn date_of(headers: &[(String, String)]) -> i64 {
    let text = header(headers, "date").expect("a Date header");
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(text, format)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .assume_utc()
        .unix_timestamp()
}

fn signed(date: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential=test/{}/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd",
        &date[..8]
    )
}

/// A raw ListInferenceProfiles signed at `date`.
async fn list_signed_at(
    emulator: &EmulatorHandle,
    date: &str,
) -> (u16, Vec<(String, String)>, String) {
    let auth = signed(date);
    http(
        emulator,
        "GET",
        "/inference-profiles",
        &[("authorization", auth.as_str()), ("x-amz-date", date)],
        "",
    )
    .await
}

fn amz(t: time::OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn bedrock_without_skew_correction(emulator: &EmulatorHandle) -> aws_sdk_bedrock::Client {
    let config = aws_sdk_bedrock::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(VIRGINIA))
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .endpoint_url(emulator.endpoint())
        .disable_clock_skew_correction(true)
        .build();
    aws_sdk_bedrock::Client::from_conf(config)
}

#[tokio::test]
async fn a_signature_more_than_5_minutes_old_is_refused_as_aws_does() {
    let emulator = start(Seed::Demo).await;
    let now = time::OffsetDateTime::now_utc();
    let (status, headers, body) = list_signed_at(&emulator, &amz(now)).await;
    assert_eq!(status, 200, "{body}");
    // Without a fault the emulator's Date is the real time.
    assert!((date_of(&headers) - now.unix_timestamp()).abs() <= 2);

    let old = amz(now - time::Duration::minutes(10));
    let (status, headers, body) = list_signed_at(&emulator, &old).await;
    assert_eq!(status, 403, "{body}");
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("InvalidSignatureException"));
    let message = serde_json::from_str::<serde_json::Value>(&body).unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with(&format!("Signature expired: {old} is now earlier than ")),
        "{message}"
    );
    assert!(message.ends_with(" - 5 min.)"), "{message}");
    // Errors carry the Date too, which is what lets a client measure the skew.
    assert!((date_of(&headers) - now.unix_timestamp()).abs() <= 2);
    let last = emulator.requests().pop().unwrap();
    assert_eq!(
        (last.status, last.error.as_deref()),
        (403, Some("InvalidSignatureException"))
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_clock_skew_fault_moves_the_date_header_and_the_signing_check() {
    let emulator = start(Seed::Demo).await;
    let (status, listed) = admin(
        &emulator,
        "POST",
        "/_emulator/faults",
        r#"{"type":"clockSkew","seconds":-600}"#,
    )
    .await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["faults"][0]["type"], "clockSkew");
    assert_eq!(listed["faults"][0]["seconds"], -600);

    let now = time::OffsetDateTime::now_utc();
    // A request signed by a correct clock is 10 minutes in the emulator's future.
    let (status, headers, body) = list_signed_at(&emulator, &amz(now)).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Signature not yet current: "), "{body}");
    assert!(body.contains(" + 5 min.)"), "{body}");
    let skew = date_of(&headers) - now.unix_timestamp();
    assert!((-602..=-598).contains(&skew), "{skew}");
    // One signed by the emulator's clock passes.
    let behind = amz(now - time::Duration::minutes(10));
    let (status, _, body) = list_signed_at(&emulator, &behind).await;
    assert_eq!(status, 200, "{body}");

    // STS allows 15 minutes: 10 is fine, 20 is refused with STS's code.
    let sts = aws_sdk_sts::Client::new(&services(&emulator, VIRGINIA));
    assert!(sts.get_caller_identity().send().await.is_ok());
    emulator.clear_faults();
    emulator
        .add_fault(Fault::parse_clock_skew_flag("-1200").unwrap())
        .unwrap();
    // The SDK corrects a skew from the refusal's Date header and retries; switched off, the
    // refusal itself shows.
    let uncorrected = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&services(&emulator, VIRGINIA))
            .disable_clock_skew_correction(true)
            .build(),
    );
    let e = uncorrected.get_caller_identity().send().await.unwrap_err();
    let e = e.into_service_error();
    assert_eq!(e.code(), Some("SignatureDoesNotMatch"));
    assert!(
        e.message().is_some_and(
            |m| m.starts_with("Signature not yet current") && m.ends_with(" + 15 min.)")
        ),
        "{e:?}"
    );
    // Faults are cleared with the rest: the real clock again.
    emulator.clear_faults();
    let (status, headers, _) = list_signed_at(&emulator, &amz(now)).await;
    assert_eq!(status, 200);
    assert!((date_of(&headers) - now.unix_timestamp()).abs() <= 2);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_rust_sdk_corrects_a_skewed_signature_by_retrying_with_the_services_time() {
    let emulator = start_with(
        EmulatorConfig::for_tests(Seed::Demo).with_fault(Fault::ClockSkew { seconds: -600 }),
    )
    .await;
    // With its correction switched off (AWS_DISABLE_CLOCK_SKEW_CORRECTION), the call fails as
    // the AWS CLI's would.
    let e = bedrock_without_skew_correction(&emulator)
        .list_foundation_models()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(e.code(), Some("InvalidSignatureException"));
    assert!(
        e.message()
            .is_some_and(|m| m.starts_with("Signature not yet current: ")),
        "{e:?}"
    );
    emulator.clear_requests();

    // By default the SDK reads the refusal's Date, retries signed with the service's time, and
    // then keeps that offset for the client's later calls.
    let client = bedrock(&emulator, VIRGINIA);
    let models = client.list_foundation_models().send().await.unwrap();
    assert!(!models.model_summaries().is_empty());
    client.list_inference_profiles().send().await.unwrap();
    let seen: Vec<(String, u16)> = emulator
        .requests()
        .into_iter()
        .map(|r| (r.operation, r.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("ListFoundationModels".to_owned(), 403),
            ("ListFoundationModels".to_owned(), 200),
            ("ListInferenceProfiles".to_owned(), 200),
        ]
    );
    emulator.shutdown().await;
}

#[test]
fn the_clock_skew_flag_takes_seconds_within_a_year() {
    assert_eq!(
        Fault::parse_clock_skew_flag("-600"),
        Ok(Fault::ClockSkew { seconds: -600 })
    );
    assert!(Fault::parse_clock_skew_flag("-10m").is_err());
    assert!(Fault::parse_clock_skew_flag("40000000").is_err());
}

const ROLE: &str = "arn:aws:sts::123456789012:assumed-role/BedrockUsers/alice";

#[tokio::test]
async fn the_caller_can_be_an_assumed_role_from_config_or_the_admin_api() {
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Demo).with_caller_arn(ROLE)).await;
    let sts = aws_sdk_sts::Client::new(&services(&emulator, TOKYO));
    let identity = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(identity.arn(), Some(ROLE));
    assert_eq!(identity.account(), Some("123456789012"));
    let user_id = identity.user_id().unwrap();
    assert!(
        user_id.starts_with("AROA") && user_id.ends_with(":alice"),
        "{user_id}"
    );
    assert_eq!(emulator.caller_arn(), ROLE);

    // AccessDenied names the principal, as IAM does.
    emulator
        .add_fault(Fault::parse_deny_flag("bedrock:ListInferenceProfiles").unwrap())
        .unwrap();
    let e = bedrock_no_retry(&emulator, TOKYO)
        .list_inference_profiles()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        e.message().is_some_and(|m| m.starts_with(&format!(
            "User: {ROLE} is not authorized to perform: bedrock:ListInferenceProfiles"
        ))),
        "{e:?}"
    );
    emulator.clear_faults();

    // The admin API changes it, refuses what is not a principal of the account, and resets it.
    let federated = "arn:aws:sts::123456789012:federated-user/carol";
    let (status, answer) = admin(
        &emulator,
        "PUT",
        "/_emulator/caller",
        &format!(r#"{{"arn":"{federated}"}}"#),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["userId"], "123456789012:carol");
    let identity = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(identity.arn(), Some(federated));
    let (status, answer) = admin(
        &emulator,
        "PUT",
        "/_emulator/caller",
        r#"{"arn":"arn:aws:sts::999999999999:assumed-role/R/session"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("not the emulator's"),
        "{answer}"
    );
    assert_eq!(emulator.caller_arn(), federated);
    let (status, answer) = admin(&emulator, "PUT", "/_emulator/caller", r#"{"arn":null}"#).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["arn"],
        "arn:aws:iam::123456789012:user/emulator-user"
    );
    let (_, answer) = admin(&emulator, "GET", "/_emulator/caller", "").await;
    assert_eq!(
        answer["arn"],
        "arn:aws:iam::123456789012:user/emulator-user"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_caller_of_another_account_stops_the_start() {
    let e = bedrock_emulator::Emulator::start(
        EmulatorConfig::for_tests(Seed::Empty)
            .with_caller_arn("arn:aws:sts::210987654321:assumed-role/R/session"),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("not the emulator's"), "{e}");
}
