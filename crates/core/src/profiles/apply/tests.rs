//! The planner: files read, plans made and compared, without a call to AWS.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::*;
use crate::catalog::{EntryStatus, UnderlyingModel};
use crate::profiles::ProfileType;

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

fn aws_profile(name: &str, description: Option<&str>, model: &str, tags: &[Tag]) -> Profile {
    Profile {
        name: name.to_owned(),
        id: format!("{name}-id"),
        arn: format!("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/{name}"),
        description: description.map(str::to_owned),
        region: "us-east-1".to_owned(),
        kind: ProfileType::Application,
        status: EntryStatus::Active,
        created_at: None,
        updated_at: None,
        models: vec![UnderlyingModel {
            arn: format!("arn:aws:bedrock:us-east-1::foundation-model/{model}"),
            model_id: model.to_owned(),
            region: "us-east-1".to_owned(),
            name: None,
        }],
        origin: ProfileOrigin::Model {
            model_id: model.to_owned(),
        },
        tags: Some(tags.to_vec()),
    }
}

#[test]
fn a_file_reads_both_tag_forms_and_the_region_default() {
    let file = ProfilesFile::from_value(&json!({
        "region": "ap-northeast-1",
        "profiles": [
            {"name": "a", "source": "m", "tags": {"K": "V"}},
            {"name": "b", "source": "m", "description": "d", "region": "us-east-1",
             "tags": [{"key": "K", "value": "V"}]},
        ]
    }))
    .unwrap();
    assert_eq!(file.profiles[0].tags, vec![tag("K", "V")]);
    assert_eq!(file.profiles[1].tags, vec![tag("K", "V")]);
    assert_eq!(
        file.region_of(&file.profiles[0], "eu-west-1"),
        "ap-northeast-1"
    );
    assert_eq!(file.region_of(&file.profiles[1], "eu-west-1"), "us-east-1");
    assert_eq!(file.regions("eu-west-1"), ["ap-northeast-1", "us-east-1"]);
}

#[test]
fn unknown_and_mistyped_fields_are_refused_by_name_all_at_once() {
    let err = ProfilesFile::from_value(&json!({
        "regoin": "x",
        "profiles": [
            {"name": "a", "source": "m", "colour": "blue"},
            {"name": "b", "source": 3, "tags": {"K": true}},
            {"source": "m"},
        ]
    }))
    .unwrap_err();
    let message = err.message();
    assert!(message.contains("5 problems"), "{message}");
    assert!(
        message.contains("unknown top-level field \"regoin\""),
        "{message}"
    );
    assert!(
        message.contains("profiles[0] (a): unknown field \"colour\""),
        "{message}"
    );
    assert!(
        message.contains("profiles[1] (b): \"source\" is a number"),
        "{message}"
    );
    assert!(message.contains("tag \"K\" is a boolean"), "{message}");
    assert!(
        message.contains("profiles[2]: \"name\" is missing"),
        "{message}"
    );
}

#[test]
fn a_name_twice_in_one_region_is_refused() {
    let file = ProfilesFile::from_value(&json!({
        "profiles": [
            {"name": "a", "source": "m"},
            {"name": "a", "source": "m", "region": "eu-west-1"},
            {"name": "a", "source": "m"},
        ]
    }))
    .unwrap();
    let err = file.check("us-east-1").unwrap_err();
    assert!(
        err.message()
            .contains("profiles[2] (a): the name is listed twice for us-east-1"),
        "{}",
        err.message()
    );
    assert!(!err.message().contains("profiles[1]"), "{}", err.message());
}

#[test]
fn the_plan_creates_changes_tags_reports_drift_and_prunes_only_when_asked() {
    let file = ProfilesFile::from_value(&json!({
        "region": "us-east-1",
        "profiles": [
            {"name": "new", "source": "m1"},
            {"name": "same", "source": "m1", "description": "d", "tags": {"A": "1"}},
            {"name": "retag", "source": "arn:aws:bedrock:us-east-1::foundation-model/m1",
             "tags": {"A": "2", "B": "new"}},
            {"name": "moved", "source": "m2", "description": "other"},
        ]
    }))
    .unwrap();
    let current = [RegionState {
        region: "us-east-1".to_owned(),
        profiles: vec![
            aws_profile("same", Some("d"), "m1", &[tag("A", "1")]),
            aws_profile("retag", None, "m1", &[tag("A", "1"), tag("C", "gone")]),
            aws_profile("moved", Some("d"), "m1", &[]),
            aws_profile("extra", None, "m1", &[]),
        ],
    }];
    let plan_kept = plan(&file, "eu-west-1", &current, false);
    let actions: Vec<(&str, &PlanAction)> = plan_kept
        .items
        .iter()
        .map(|i| (i.name.as_str(), &i.action))
        .collect();
    assert!(matches!(actions[0], ("new", PlanAction::Create { .. })));
    assert_eq!(actions[1], ("same", &PlanAction::Unchanged));
    let PlanAction::ChangeTags { tags } = actions[2].1 else {
        panic!("{:?}", actions[2]);
    };
    assert_eq!(tags.added, vec![tag("B", "new")]);
    assert_eq!(
        tags.changed,
        vec![TagChange {
            key: "A".into(),
            from: "1".into(),
            to: "2".into()
        }]
    );
    assert_eq!(tags.removed, vec![tag("C", "gone")]);
    let PlanAction::Drift { differences } = actions[3].1 else {
        panic!("{:?}", actions[3]);
    };
    let fields: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["description", "source"]);
    assert_eq!(plan_kept.items.len(), 4, "no deletion without prune");
    let summary = plan_kept.summary();
    assert_eq!(
        (
            summary.create,
            summary.change_tags,
            summary.unchanged,
            summary.drift
        ),
        (1, 1, 1, 1)
    );

    let pruned = plan(&file, "eu-west-1", &current, true);
    let last = pruned.items.last().unwrap();
    assert_eq!(
        (last.name.as_str(), &last.action),
        ("extra", &PlanAction::Delete)
    );
    assert_eq!(pruned.summary().delete, 1);
}

#[test]
fn a_copy_of_a_cross_region_profile_matches_its_profile_id() {
    let mut profile = aws_profile("x", None, "m1", &[]);
    profile.origin = ProfileOrigin::CrossRegion {
        profile_id: "us.m1".to_owned(),
        geography: Some("US".to_owned()),
    };
    assert!(source_matches("us.m1", &profile));
    assert!(source_matches(
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.m1",
        &profile
    ));
    assert!(!source_matches("m1", &profile));
    profile.origin = ProfileOrigin::Unknown;
    profile.models.push(profile.models[0].clone());
    assert!(source_matches("us.m1", &profile));
    assert!(!source_matches("eu.m2", &profile));
}
