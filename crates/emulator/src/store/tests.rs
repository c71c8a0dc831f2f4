#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::seed::{demo_profiles, derived_id};
use super::*;
use crate::validate;

#[test]
fn demo_ids_are_stable_and_well_formed() {
    let a = derived_id(&["ap-northeast-1", "dev-claude-haiku"]);
    assert_eq!(a, derived_id(&["ap-northeast-1", "dev-claude-haiku"]));
    assert_eq!(a.len(), 12);
    assert!(a.bytes().all(|b| ID_ALPHABET.contains(&b)));
    for (_, description, _, tags) in demo_profiles() {
        assert!(validate::is_valid_description(description), "{description}");
        assert!(tags
            .iter()
            .all(|t| validate::is_valid_tag_key(&t.key) && validate::is_valid_tag_value(&t.value)));
    }
}

#[test]
fn pages_follow_sequence_order() {
    let store = Store::open(
        Seed::Demo,
        "123456789012",
        None,
        StateWriter::default(),
        crate::DEFAULT_PROFILE_QUOTA,
    )
    .unwrap();
    let mut out = String::new();
    let PageEnd::After(after) = store.write_page(DEMO_REGION, None, 2, &mut out) else {
        panic!("expected more")
    };
    assert!(out.contains("custom-bedrock-profile") && out.contains("project-alpha-claude-sonnet"));
    let mut rest = String::new();
    assert!(matches!(
        store.write_page(DEMO_REGION, Some(after), 10, &mut rest),
        PageEnd::Done
    ));
    assert_eq!(rest.matches("inferenceProfileArn").count(), 3);
}

#[test]
fn prod_claude_sonnet_copies_the_jp_sonnet_45_profile_of_the_catalog() {
    let inner = super::seed::seeded_inner(Seed::Demo, "123456789012");
    let prod = inner.regions[DEMO_REGION]
        .by_seq
        .values()
        .find(|p| p.name == "prod-claude-sonnet")
        .expect("seeded");
    let catalog = crate::catalog::Catalog::build("123456789012");
    let source = catalog
        .region(DEMO_REGION)
        .profile("jp.anthropic.claude-sonnet-4-5-20250929-v1:0")
        .expect("in the catalog");
    assert_eq!(prod.model_source, source.arn);
    assert_eq!(prod.models, source.models);
}
