//! STS GetCallerIdentity on the emulator's port, through aws-sdk-sts and as raw awsQuery.

use bedrock_emulator::{EmulatorConfig, EmulatorHandle, Seed};

use crate::common::{header, http, services, start, start_with, TOKYO};

fn sts(emulator: &EmulatorHandle, region: &str) -> aws_sdk_sts::Client {
    aws_sdk_sts::Client::new(&services(emulator, region))
}

#[tokio::test]
async fn get_caller_identity_names_the_emulators_account_and_user() {
    let emulator =
        start_with(EmulatorConfig::for_tests(Seed::Empty).with_account_id("210987654321")).await;
    let identity = sts(&emulator, TOKYO)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(identity.account(), Some("210987654321"));
    assert_eq!(
        identity.arn(),
        Some("arn:aws:iam::210987654321:user/emulator-user")
    );
    let user_id = identity.user_id().unwrap();
    assert!(
        user_id.starts_with("AIDA") && user_id.len() == 21,
        "{user_id}"
    );
    // The same caller on every call and in every region.
    let again = sts(&emulator, "us-east-1")
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(again.user_id(), Some(user_id));
    let log = emulator.requests();
    let last = log.last().unwrap();
    assert_eq!(
        (last.operation.as_str(), last.region.as_str(), last.status),
        ("GetCallerIdentity", "us-east-1", 200)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_answer_is_stss_xml_with_the_request_id() {
    let emulator = start(Seed::Empty).await;
    let now = crate::common::amz_now();
    let (status, headers, body) = http(
        &emulator,
        "POST",
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("x-amz-date", now.as_str()),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc",
            ),
        ],
        "Action=GetCallerIdentity&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let request_id = header(&headers, "x-amzn-requestid").unwrap();
    assert!(
        body.starts_with(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        ),
        "{body}"
    );
    assert!(body.contains("<Account>123456789012</Account>"), "{body}");
    assert!(
        body.contains(&format!(
            "<ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>"
        )),
        "{body}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn sts_errors_are_xml_and_bedrock_scopes_are_refused() {
    let emulator = start(Seed::Empty).await;
    // Signed for bedrock, sent to STS: the scope names the wrong service.
    let (status, headers, body) = http(
        &emulator,
        "POST",
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("x-amz-date", "20261201T000000Z"),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc",
            ),
        ],
        "Action=GetCallerIdentity&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(header(&headers, "content-type"), Some("text/xml"));
    assert!(
        body.contains("<Code>InvalidSignatureException</Code>")
            && body.contains("<Message>Credential should be scoped to correct service: &apos;sts&apos;.</Message>")
            && body.contains("<Type>Sender</Type>"),
        "{body}"
    );
    // A form with an action the emulator does not serve is still an unknown operation.
    let (status, _, _) = http(
        &emulator,
        "POST",
        "/",
        &[("x-amz-date", "20261201T000000Z")],
        "Action=AssumeRole&Version=2011-06-15",
    )
    .await;
    assert_eq!(status, 404);
    emulator.shutdown().await;
}
