//! Requests without (valid) SigV4 get the AWS error for it; every response has a request id.

use bedrock_emulator::Seed;

use crate::common::*;

const SIGNED: &str =
    "AWS4-HMAC-SHA256 Credential=test/20250101/ap-northeast-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

#[tokio::test]
async fn missing_or_malformed_auth_is_refused() {
    let emulator = start(Seed::Demo).await;
    let (status, headers, body) = http(&emulator, "GET", "/inference-profiles", &[], "").await;
    assert_eq!(status, 403);
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("MissingAuthenticationTokenException"));
    assert!(header(&headers, "x-amzn-requestid").is_some());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["message"],
        "Missing Authentication Token"
    );

    let now = amz_now();
    let date = ("x-amz-date", now.as_str());
    let (status, headers, _) = http(
        &emulator,
        "GET",
        "/inference-profiles",
        &[("authorization", "Bearer abc"), date],
        "",
    )
    .await;
    assert_eq!(status, 403);
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("IncompleteSignatureException"));

    let s3 = "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab";
    let (status, headers, body) = http(
        &emulator,
        "GET",
        "/inference-profiles",
        &[("authorization", s3), date],
        "",
    )
    .await;
    assert_eq!(status, 403);
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("InvalidSignatureException"));
    assert!(body.contains("'bedrock'"));

    // Unverified but well-formed SigV4 is accepted; the region comes from the scope.
    let (status, headers, body) = http(
        &emulator,
        "GET",
        "/inference-profiles?type=APPLICATION",
        &[("authorization", SIGNED), date],
        "",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(header(&headers, "x-amzn-requestid").is_some());
    assert!(
        body.contains("arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/")
    );

    let recorded = emulator.requests();
    assert_eq!(
        recorded[0].error.as_deref(),
        Some("MissingAuthenticationTokenException")
    );
    assert_eq!(recorded[0].region, "");
}

#[tokio::test]
async fn unknown_paths_and_encoded_identifiers() {
    let emulator = start(Seed::Demo).await;
    let now = amz_now();
    let date = ("x-amz-date", now.as_str());
    let (status, headers, _) = http(
        &emulator,
        "GET",
        "/no-such-thing",
        &[("authorization", SIGNED), date],
        "",
    )
    .await;
    assert_eq!(status, 404);
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("UnknownOperationException"));
    // An ARN arrives percent-encoded, %2F included, exactly as the CLI sends it.
    let path = "/inference-profiles/arn%3Aaws%3Abedrock%3Aap-northeast-1%3A123456789012%3Ainference-profile%2Fapac.anthropic.claude-3-haiku-20240307-v1%3A0";
    let (status, _, body) = http(
        &emulator,
        "GET",
        path,
        &[("authorization", SIGNED), date],
        "",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""type":"SYSTEM_DEFINED""#));
    let (status, headers, body) = http(
        &emulator,
        "POST",
        "/inference-profiles",
        &[
            ("authorization", SIGNED),
            date,
            ("content-type", "application/json"),
        ],
        "{not json",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("SerializationException"));
}

#[tokio::test]
async fn statuses_follow_the_bedrock_model() {
    let emulator = start(Seed::Demo).await;
    let now = amz_now();
    let date = ("x-amz-date", now.as_str());
    let json = ("content-type", "application/json");
    let post = |path: &'static str, body: String| {
        let emulator = &emulator;
        async move {
            http(
                emulator,
                "POST",
                path,
                &[("authorization", SIGNED), date, json],
                &body,
            )
            .await
        }
    };
    let source = fm_arn(TOKYO, HAIKU);
    let create = |name: &str, tags: usize| {
        let tags: Vec<_> = (0..tags)
            .map(|i| serde_json::json!({ "key": format!("k{i}"), "value": "v" }))
            .collect();
        serde_json::json!({ "inferenceProfileName": name, "modelSource": { "copyFrom": source }, "tags": tags }).to_string()
    };
    let (status, headers, body) = post("/inference-profiles", create("fresh-one", 1)).await;
    assert_eq!(status, 201, "{body}");
    assert!(header(&headers, "x-amzn-requestid").is_some());
    let arn = serde_json::from_str::<serde_json::Value>(&body).unwrap()["inferenceProfileArn"]
        .as_str()
        .unwrap()
        .to_owned();
    for (body, status, code) in [
        (create("fresh-one", 0), 400, "ConflictException"),
        (create("bad--name", 0), 400, "ValidationException"),
        (create("too-many", 51), 400, "TooManyTagsException"),
    ] {
        let (got, headers, text) = post("/inference-profiles", body).await;
        assert_eq!(got, status, "{text}");
        assert!(
            header(&headers, "x-amzn-errortype")
                .unwrap()
                .starts_with(code),
            "{headers:?}"
        );
        assert!(serde_json::from_str::<serde_json::Value>(&text).unwrap()["message"].is_string());
    }
    let (status, headers, _) = http(
        &emulator,
        "GET",
        "/inference-profiles/abcdefabcdef",
        &[("authorization", SIGNED), date],
        "",
    )
    .await;
    assert_eq!(status, 404);
    assert!(header(&headers, "x-amzn-errortype")
        .unwrap()
        .starts_with("ResourceNotFoundException"));
    let encoded = arn.replace(':', "%3A").replace('/', "%2F");
    let (status, _, body) = http(
        &emulator,
        "DELETE",
        &format!("/inference-profiles/{encoded}"),
        &[("authorization", SIGNED), date],
        "",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "{}"));
    let (status, _, body) = post(
        "/tagResource",
        serde_json::json!({ "resourceARN": arn, "tags": [ { "key": "a", "value": "b" } ] })
            .to_string(),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    let (status, headers, _) = post(
        "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
        r#"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#.to_owned(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    let (status, headers, _) = post(
        "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream",
        r#"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#.to_owned(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("application/vnd.amazon.eventstream")
    );
}
