//! What the emulator bills: every runtime call it answers becomes a [`CostRecord`] (its day,
//! region, model, the application profile and that profile's tags at the time of the call,
//! tokens, a cost from [`prices`] and the Cost Explorer service name), kept in the store and its
//! state file, as the raw material of Cost Explorer's answers.

pub(crate) mod prices;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::arn::Arn;
use crate::catalog::ModelSpec;
use crate::runtime::{Resolved, Usage};
use crate::server::Shared;

/// The service name Cost Explorer shows for Bedrock's own models (and Bedrock-billed ones).
pub(crate) const BEDROCK_SERVICE: &str = "Amazon Bedrock";

/// One runtime call as billing sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CostRecord {
    /// The UTC day of the call (`YYYY-MM-DD`, the emulator's clock).
    pub day: String,
    /// The region of the SigV4 scope.
    pub region: String,
    /// `Converse`, `ConverseStream`, `InvokeModel` or `InvokeModelWithResponseStream`.
    pub operation: String,
    /// The foundation model that answered.
    pub model_id: String,
    /// The application inference profile called, if the call went through one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_profile_arn: Option<String>,
    /// That profile's tags when the call was made.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Input tokens of the call.
    pub input_tokens: u64,
    /// Output tokens of the call (reasoning included).
    pub output_tokens: u64,
    /// Prompt-cache tokens read (not part of `input_tokens`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cache_read_tokens: u64,
    /// Prompt-cache tokens written (not part of `input_tokens`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cache_write_tokens: u64,
    /// The service tier that served the call, when not `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<String>,
    /// USD from the emulator's price list; `None` when it has no price for the model.
    #[serde(default)]
    pub cost_usd: Option<f64>,
    /// The Cost Explorer `SERVICE` the spend appears under.
    pub service: String,
    /// The IAM principal that made the call.
    pub caller: String,
    /// When the call was recorded (ms since the Unix epoch, wall clock), for billing's delay;
    /// `None` in records kept before the emulator noted it (billed at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_ms: Option<u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl CostRecord {
    /// Whether billing shows the record at `now_ms`: it is at least `delay` old.
    pub(crate) fn is_billed(&self, now_ms: u64, delay: std::time::Duration) -> bool {
        let delay = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.recorded_ms
            .is_none_or(|at| now_ms.saturating_sub(at) >= delay)
    }
}

/// The Cost Explorer service of a model: Anthropic's models are sold through AWS Marketplace and
/// billed under their own "… (Amazon Bedrock Edition)" names; the others under Amazon Bedrock.
pub(crate) fn service_name(spec: &ModelSpec) -> String {
    if spec.provider == "Anthropic" {
        format!("{} (Amazon Bedrock Edition)", spec.name)
    } else {
        BEDROCK_SERVICE.to_owned()
    }
}

/// Whether a profile id routes globally (`global.…`), which some models bill at another price.
fn is_global_profile(arn: &str) -> bool {
    Arn::parse(arn).is_some_and(|a| a.resource_id.starts_with("global."))
}

/// Records an answered runtime call and writes the state file when there is one.
pub(crate) async fn record_call(
    shared: &Shared,
    region: &str,
    operation: &str,
    resolved: &Resolved,
    usage: &Usage,
    tier: &str,
) {
    let (input_tokens, output_tokens) = (u64::from(usage.input), u64::from(usage.output));
    let (cache_read_tokens, cache_write_tokens) =
        (u64::from(usage.cache_read), u64::from(usage.cache_write));
    let mut application_profile_arn = None;
    let mut tags = BTreeMap::new();
    let mut global = false;
    if let Some(arn) = &resolved.profile_arn {
        match shared.store.get(region, arn) {
            Some(profile) => {
                application_profile_arn = Some(profile.arn.clone());
                tags = profile
                    .tags
                    .iter()
                    .map(|t| (t.key.clone(), t.value.clone()))
                    .collect();
                // A copy of a global profile routes (and bills) as that profile does.
                global = is_global_profile(&profile.model_source);
            }
            None => global = is_global_profile(arn),
        }
    }
    let cost_usd = prices::price_of(resolved.spec.id, global).and_then(|price| {
        price.cost_with(
            input_tokens,
            output_tokens,
            cache_read_tokens,
            cache_write_tokens,
            tier,
        )
    });
    let record = CostRecord {
        day: shared.billing_today(),
        region: region.to_owned(),
        operation: operation.to_owned(),
        model_id: resolved.spec.id.to_owned(),
        application_profile_arn,
        tags,
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        service_tier: (tier != "default").then(|| tier.to_owned()),
        cost_usd,
        service: service_name(resolved.spec),
        caller: shared.caller().arn,
        recorded_ms: Some(crate::clock::now_ms()),
    };
    let generation = shared.store.push_cost(record);
    if let Err(e) = shared.store.persist(generation).await {
        // The call was answered; a failed write is logged by the persister and retried next time.
        tracing::warn!(target: "bedrock_emulator::costs", error = %e, "cost record not yet persisted");
    }
}
