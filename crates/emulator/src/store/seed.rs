//! The state a store starts from: `--seed demo` creates the user guide's example application
//! profiles in ap-northeast-1, with ids derived from their names so they are the same every run.

use super::{Inner, ProfileRecord, ID_ALPHABET};
use crate::arn::foundation_model_arn;
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

/// The application profiles `--seed demo` creates in ap-northeast-1 (the user guide's examples).
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
            "Production workloads with Claude 3.5 Sonnet for high performance",
            SONNET,
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
            let model_arn = foundation_model_arn(DEMO_REGION, model);
            let created = format!("2025-01-15T09:{:02}:00.000000+00:00", i * 7);
            let record = ProfileRecord {
                id: derived_id(&[DEMO_REGION, name]),
                name: name.to_owned(),
                description: Some(description.to_owned()),
                created_at: created.clone(),
                updated_at: created,
                model_source: model_arn.clone(),
                models: vec![model_arn],
                tags,
            };
            inner.insert(DEMO_REGION, account, record);
        }
    }
    inner
}
