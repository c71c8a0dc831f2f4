//! The state a store starts from: `--seed demo` creates the user guide's example application
//! profiles in ap-northeast-1, with ids derived from their names so they are the same every run.

use super::{Inner, ProfileRecord, ID_ALPHABET};
use crate::arn::{foundation_model_arn, system_profile_arn};
use crate::config::Seed;
use crate::wire::{fnv1a, Tag};

/// The region the demo profiles live in.
pub const DEMO_REGION: &str = "ap-northeast-1";

/// A stable 12-character profile id for `parts`.
pub(super) fn derived_id(parts: &[&str]) -> String {
    let mut n = fnv1a(parts);
    (0..12)
        .map(|_| {
            let c = ID_ALPHABET[(n % 36) as usize];
            n /= 36;
            if n == 0 {
                n = fnv1a(&[parts.join("/").as_str(), "more"]);
            }
            char::from(c)
        })
        .collect()
}

/// The system profile `prod-claude-sonnet` copies (so the demo has a profile with prompt
/// caching and reasoning), and the regions it routes to.
pub(super) const PROD_SOURCE_PROFILE: &str = "jp.anthropic.claude-sonnet-4-5-20250929-v1:0";
const PROD_SOURCE_REGIONS: [&str; 2] = ["ap-northeast-1", "ap-northeast-3"];

/// The application profiles `--seed demo` creates in ap-northeast-1 (the user guide's examples):
/// name, description, the model (or, for `prod-claude-sonnet`, the system profile) copied, tags.
pub(super) fn demo_profiles() -> Vec<(&'static str, &'static str, &'static str, Vec<Tag>)> {
    const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
    const SONNET: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    vec![
        (
            "custom-bedrock-profile",
            "Custom Bedrock profile for cost allocation with Claude 3 Haiku",
            HAIKU,
            vec![Tag::new("CostAllocateTag", "custom")],
        ),
        (
            "project-alpha-claude-sonnet",
            "Project Alpha engineering profile with Claude 3.5 Sonnet",
            SONNET,
            vec![
                Tag::new("Project", "Alpha"),
                Tag::new("Department", "Engineering"),
                Tag::new("CostCenter", "CC-1001"),
                Tag::new("Environment", "Production"),
            ],
        ),
        (
            "marketing-team-claude-haiku",
            "Marketing team content generation with Claude 3 Haiku",
            HAIKU,
            vec![
                Tag::new("Department", "Marketing"),
                Tag::new("UseCase", "ContentGeneration"),
                Tag::new("CostCenter", "CC-2001"),
            ],
        ),
        (
            "dev-claude-haiku",
            "Development and testing with Claude 3 Haiku at low cost",
            HAIKU,
            vec![
                Tag::new("Environment", "Development"),
                Tag::new("CostOptimized", "true"),
            ],
        ),
        (
            "prod-claude-sonnet",
            "Production workloads with Claude Sonnet 4.5 for high performance",
            PROD_SOURCE_PROFILE,
            vec![
                Tag::new("Environment", "Production"),
                Tag::new("HighPerformance", "true"),
            ],
        ),
    ]
}

/// The profiles of `seed`, none of them persisted yet.
pub(super) fn seeded_inner(seed: Seed, account: &str) -> Inner {
    let mut inner = Inner::default();
    if seed == Seed::Demo {
        for (i, (name, description, model, tags)) in demo_profiles().into_iter().enumerate() {
            let (model_source, models) = if model == PROD_SOURCE_PROFILE {
                let model_id = model.trim_start_matches("jp.");
                (
                    system_profile_arn(DEMO_REGION, account, model),
                    PROD_SOURCE_REGIONS
                        .iter()
                        .map(|r| foundation_model_arn(r, model_id))
                        .collect(),
                )
            } else {
                let arn = foundation_model_arn(DEMO_REGION, model);
                (arn.clone(), vec![arn])
            };
            let created = format!("2025-01-15T09:{:02}:00.000000+00:00", i * 7);
            let record = ProfileRecord {
                id: derived_id(&[DEMO_REGION, name]),
                name: name.to_owned(),
                description: Some(description.to_owned()),
                created_at: created.clone(),
                updated_at: created,
                model_source,
                models,
                tags,
            };
            inner.insert(DEMO_REGION, account, record);
        }
    }
    inner
}
