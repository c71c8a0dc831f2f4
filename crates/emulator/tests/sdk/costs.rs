//! Cost records: every runtime call the emulator answers is billed with its day, region, model,
//! profile tags at the time of the call, tokens and a cost from the emulator's price list.

use aws_sdk_bedrock::types::{InferenceProfileModelSource, Tag};
use aws_sdk_bedrockruntime::primitives::Blob;
use aws_sdk_bedrockruntime::types::ConverseStreamOutput;
use bedrock_emulator::{CostRecord, EmulatorConfig, Seed};

use crate::common::*;

/// Claude 3 Haiku's price, USD per million input and output tokens.
const HAIKU_IN: f64 = 0.25;
const HAIKU_OUT: f64 = 1.25;

async fn tagged_profile(client: &aws_sdk_bedrock::Client, name: &str, project: &str) -> String {
    client
        .create_inference_profile()
        .inference_profile_name(name)
        .model_source(InferenceProfileModelSource::CopyFrom(fm_arn(TOKYO, HAIKU)))
        .tags(
            Tag::builder()
                .key("Project")
                .value(project)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .inference_profile_arn
}

/// Converse through `model`; returns the (input, output) tokens the SDK reports.
async fn converse(client: &aws_sdk_bedrockruntime::Client, model: &str, text: &str) -> (u64, u64) {
    let out = client
        .converse()
        .model_id(model)
        .messages(user(text))
        .send()
        .await
        .unwrap();
    let usage = out.usage.unwrap();
    (
        u64::try_from(usage.input_tokens).unwrap(),
        u64::try_from(usage.output_tokens).unwrap(),
    )
}

/// What the first test checks of each record: operation, profile, Project tag, tokens.
type Billed<'a> = (&'a str, Option<&'a str>, Option<&'a str>, u64, u64);

/// Billing's "today" in the test that checks the day of each record (set, so that the test
/// cannot straddle midnight UTC).
const BILLING_DAY: &str = "2024-02-29";

fn haiku_cost(input: u64, output: u64) -> f64 {
    (input as f64 * HAIKU_IN + output as f64 * HAIKU_OUT) / 1_000_000.0
}

#[tokio::test]
async fn runtime_calls_are_billed_with_the_profiles_tags_at_the_time() {
    let emulator =
        start_with(EmulatorConfig::for_tests(Seed::Empty).with_billing_today(BILLING_DAY)).await;
    let control = bedrock(&emulator, TOKYO);
    let runtime = runtime(&emulator, TOKYO);
    let alpha = tagged_profile(&control, "alpha", "Alpha").await;
    let beta = tagged_profile(&control, "beta", "Beta").await;
    let day = BILLING_DAY.to_owned();

    let (alpha_in, alpha_out) = converse(&runtime, &alpha, "How much does Alpha spend?").await;
    let (beta_in, beta_out) = converse(&runtime, &beta, "Beta").await;
    // Retagging changes later records only.
    control
        .tag_resource()
        .resource_arn(&alpha)
        .tags(
            Tag::builder()
                .key("Project")
                .value("Gamma")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let mut stream = runtime
        .converse_stream()
        .model_id(&alpha)
        .messages(user("streamed"))
        .send()
        .await
        .unwrap();
    let mut streamed = None;
    while let Some(event) = stream.stream.recv().await.unwrap() {
        if let ConverseStreamOutput::Metadata(m) = event {
            let u = m.usage.unwrap();
            streamed = Some((
                u64::try_from(u.input_tokens).unwrap(),
                u64::try_from(u.output_tokens).unwrap(),
            ));
        }
    }
    let (stream_in, stream_out) = streamed.unwrap();
    // InvokeModel on the bare model id: billed, without a profile or tags.
    let invoked = runtime
        .invoke_model()
        .model_id(HAIKU)
        .body(Blob::new(
            r#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}"#,
        ))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(invoked.body.as_ref()).unwrap();
    let (invoke_in, invoke_out) = (
        body["usage"]["input_tokens"].as_u64().unwrap(),
        body["usage"]["output_tokens"].as_u64().unwrap(),
    );
    // A refused call is not billed.
    runtime
        .converse()
        .model_id("anthropic.no-such-model")
        .messages(user("x"))
        .send()
        .await
        .unwrap_err();

    let records = emulator.cost_records();
    let summary: Vec<Billed<'_>> = records
        .iter()
        .map(|r| {
            (
                r.operation.as_str(),
                r.application_profile_arn.as_deref(),
                r.tags.get("Project").map(String::as_str),
                r.input_tokens,
                r.output_tokens,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Converse",
                Some(alpha.as_str()),
                Some("Alpha"),
                alpha_in,
                alpha_out
            ),
            (
                "Converse",
                Some(beta.as_str()),
                Some("Beta"),
                beta_in,
                beta_out
            ),
            (
                "ConverseStream",
                Some(alpha.as_str()),
                Some("Gamma"),
                stream_in,
                stream_out
            ),
            ("InvokeModel", None, None, invoke_in, invoke_out),
        ]
    );
    for r in &records {
        assert_eq!(r.day, day);
        assert_eq!(r.region, TOKYO);
        assert_eq!(r.model_id, HAIKU);
        assert_eq!(r.service, "Claude 3 Haiku (Amazon Bedrock Edition)");
        assert_eq!(r.caller, "arn:aws:iam::123456789012:user/emulator-user");
        let cost = r.cost_usd.unwrap();
        assert!(cost > 0.0);
        assert_eq!(cost, haiku_cost(r.input_tokens, r.output_tokens));
    }
    assert!(alpha_in > beta_in, "the longer prompt counts more tokens");
    emulator.shutdown().await;
}

#[tokio::test]
async fn unpriced_models_are_billed_without_a_cost_and_amazon_models_under_bedrock() {
    let emulator = start(Seed::Empty).await;
    // Claude 3.5 Sonnet is in the emulator's price list (Strata's built-in table lacks it) and
    // billed under its Marketplace name.
    converse(&runtime(&emulator, TOKYO), SONNET_35, "priced").await;
    converse(
        &runtime(&emulator, VIRGINIA),
        "amazon.nova-micro-v1:0",
        "nova",
    )
    .await;
    // Mistral Large (24.07) has no price in the emulator: recorded without a cost.
    converse(
        &runtime(&emulator, "us-west-2"),
        "mistral.mistral-large-2407-v1:0",
        "unpriced",
    )
    .await;
    let records = emulator.cost_records();
    let seen: Vec<(&str, &str, bool)> = records
        .iter()
        .map(|r| {
            (
                r.model_id.as_str(),
                r.service.as_str(),
                r.cost_usd.is_some(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                SONNET_35,
                "Claude 3.5 Sonnet (Amazon Bedrock Edition)",
                true
            ),
            ("amazon.nova-micro-v1:0", "Amazon Bedrock", true),
            ("mistral.mistral-large-2407-v1:0", "Amazon Bedrock", false),
        ]
    );
    let sonnet = &records[0];
    assert_eq!(
        sonnet.cost_usd,
        Some(
            (sonnet.input_tokens as f64 * 3.00 + sonnet.output_tokens as f64 * 15.00) / 1_000_000.0
        )
    );
    let nova = &records[1];
    assert_eq!(
        nova.cost_usd,
        Some((nova.input_tokens as f64 * 0.035 + nova.output_tokens as f64 * 0.14) / 1_000_000.0)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn global_routing_bills_the_list_price_and_regional_the_premium() {
    let emulator = start(Seed::Empty).await;
    let runtime = runtime(&emulator, TOKYO);
    converse(&runtime, "global.anthropic.claude-sonnet-4-6", "g").await;
    converse(&runtime, "jp.anthropic.claude-sonnet-4-6", "g").await;
    let records = emulator.cost_records();
    let expected = |r: &CostRecord, input: f64, output: f64| {
        (r.input_tokens as f64 * input + r.output_tokens as f64 * output) / 1_000_000.0
    };
    assert_eq!(
        records[0].cost_usd,
        Some(expected(&records[0], 3.00, 15.00))
    );
    assert_eq!(
        records[1].cost_usd,
        Some(expected(&records[1], 3.30, 16.50))
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn cost_records_survive_a_restart_and_reset_clears_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    let alpha = tagged_profile(&bedrock(&emulator, TOKYO), "alpha", "Alpha").await;
    converse(&runtime(&emulator, TOKYO), &alpha, "kept").await;
    let before = emulator.cost_records();
    assert_eq!(before.len(), 1);
    emulator.shutdown().await;

    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    assert_eq!(emulator.cost_records(), before);
    emulator.reset().await.unwrap();
    assert!(emulator.cost_records().is_empty());
    emulator.shutdown().await;
    let emulator = start_with(EmulatorConfig::for_tests(Seed::Empty).with_state_file(&path)).await;
    assert!(emulator.cost_records().is_empty());
    emulator.shutdown().await;
}
