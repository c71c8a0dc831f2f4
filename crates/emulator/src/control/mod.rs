//! The `bedrock` control plane: foundation models, inference profiles and tags, one file per
//! group of operations; the patterns and checks they share are here.

mod models;
mod profiles;
mod tags;

pub(crate) use models::{get_foundation_model, list_foundation_models};
pub(crate) use profiles::{
    create_inference_profile, delete_inference_profile, get_inference_profile,
    list_inference_profiles,
};
pub(crate) use tags::{list_tags_for_resource, tag_resource, untag_resource};

use crate::arn::Arn;
use crate::error::AwsError;
use crate::validate::{Violations, MAX_TAGS_PER_REQUEST};
use crate::wire::Tag;

const PROFILE_IDENTIFIER_PATTERN: &str = "(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+";
const MODEL_SOURCE_PATTERN: &str = "arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+";
const RESOURCE_ARN_PATTERN: &str = "[a-zA-Z0-9-:.]+(/[a-zA-Z0-9-:.]+)*";

fn is_id_chars(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.'))
}

fn arn_matches(text: &str, types: &[&str]) -> bool {
    Arn::parse(text).is_some_and(|arn| {
        arn.region.len() <= 20
            && arn
                .region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && (arn.account.is_empty()
                || (arn.account.len() == 12 && arn.account.bytes().all(|b| b.is_ascii_digit())))
            && types.contains(&arn.resource_type)
            && is_id_chars(arn.resource_id)
    })
}

fn is_profile_identifier(text: &str) -> bool {
    if text.starts_with("arn:") {
        arn_matches(
            text,
            &["inference-profile", "application-inference-profile"],
        )
    } else {
        is_id_chars(text)
    }
}

fn is_model_source(text: &str) -> bool {
    arn_matches(text, &["inference-profile", "foundation-model"])
}

fn is_resource_arn(text: &str) -> bool {
    text.starts_with("arn:aws:bedrock:") && text.split('/').all(|part| !part.is_empty())
}

fn check_tags(violations: &mut Violations, tags: &[Tag]) {
    violations.list_len(tags.len(), "tags", MAX_TAGS_PER_REQUEST);
    for (i, tag) in tags.iter().enumerate() {
        violations.tag_key(&tag.key, &format!("tags.{}.member.key", i + 1));
        violations.tag_value(&tag.value, &format!("tags.{}.member.value", i + 1));
    }
}

/// Tag keys starting with `aws:` (in any case) are AWS's own: users can neither add nor change
/// them, whatever the key pattern allows.
fn check_reserved_keys(tags: &[Tag]) -> Result<(), AwsError> {
    match tags.iter().find(|t| {
        t.key
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
    }) {
        Some(tag) => Err(AwsError::validation(format!(
            "Tag keys starting with 'aws:' are reserved for AWS use: {}.",
            tag.key
        ))),
        None => Ok(()),
    }
}
