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

use crate::error::AwsError;
use crate::validate::{Violations, MAX_TAGS_PER_REQUEST};
use crate::wire::Tag;

// The patterns of botocore's `bedrock` model, quoted in the messages as AWS quotes them; the
// functions below match the whole value against them.
const PROFILE_IDENTIFIER_PATTERN: &str = "(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+";
const MODEL_SOURCE_PATTERN: &str = "arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+";
/// `TaggableResourcesArn`.
const RESOURCE_ARN_PATTERN: &str = r".*(^[a-zA-Z0-9][a-zA-Z0-9\-]*$)|(^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model/(imported)/[a-z0-9]{12}$)|(^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:([0-9]{12}|)((:(fine-tuning-job|model-customization-job|custom-model)/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}(/[a-z0-9]{12})$)|(:guardrail/[a-z0-9]+$)|(:automated-reasoning-policy/[a-zA-Z0-9]+(:[a-zA-Z0-9]+)?$)|(:(inference-profile|application-inference-profile)/[a-zA-Z0-9-:.]+$)|(:(provisioned-model|model-invocation-job|model-evaluation-job|evaluation-job|model-import-job|imported-model|async-invoke|provisioned-model-v2|provisioned-model-reservation|prompt-router|custom-model-deployment)/[a-z0-9]{12}$))).*";

/// The partitions the profile patterns name: `arn:aws(|-us-gov|-cn|-iso|-iso-b):`.
const PARTITIONS: [&str; 5] = ["aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b"];

fn is_id_chars(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.'))
}

/// The parts of `arn:PARTITION:bedrock:REGION:ACCOUNT:TYPE/ID`, in any partition.
struct ArnParts<'a> {
    partition: &'a str,
    region: &'a str,
    account: &'a str,
    resource_type: &'a str,
    resource_id: &'a str,
}

fn arn_parts(text: &str) -> Option<ArnParts<'_>> {
    let mut parts = text.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("bedrock"), Some(region), Some(account)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let (resource_type, resource_id) = parts.next()?.split_once('/')?;
    Some(ArnParts {
        partition,
        region,
        account,
        resource_type,
        resource_id,
    })
}

fn is_region_chars(region: &str) -> bool {
    region
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_account(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(TYPES)/[a-zA-Z0-9-:.]+`
fn arn_matches(text: &str, types: &[&str]) -> bool {
    arn_parts(text).is_some_and(|arn| {
        PARTITIONS.contains(&arn.partition)
            && arn.region.len() <= 20
            && is_region_chars(arn.region)
            && (arn.account.is_empty() || is_account(arn.account))
            && types.contains(&arn.resource_type)
            && is_id_chars(arn.resource_id)
    })
}

fn is_profile_identifier(text: &str) -> bool {
    // The ARN prefix is optional, so any text of id characters matches, even one that
    // starts with `arn:` (it then names no profile).
    is_id_chars(text)
        || arn_matches(
            text,
            &["inference-profile", "application-inference-profile"],
        )
}

fn is_model_source(text: &str) -> bool {
    arn_matches(text, &["inference-profile", "foundation-model"])
}

fn all_lower_alnum(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A model-shaped name (`provider.model-v1:0`) followed by `/` and a 12-character id: the
/// customization resources' form, approximated (the emulator has none of them to find).
fn is_model_and_id(text: &str) -> bool {
    text.rsplit_once('/').is_some_and(|(model, id)| {
        id.len() == 12
            && all_lower_alnum(id)
            && model.contains('.')
            && model
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:".contains(&b))
    })
}

/// `TaggableResourcesArn` ([`RESOURCE_ARN_PATTERN`]): a bare resource id, or a Bedrock ARN of
/// a taggable resource type with that type's id form.
fn is_resource_arn(text: &str) -> bool {
    if text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return true;
    }
    let Some(arn) = arn_parts(text) else {
        return false;
    };
    let partition_ok = arn.partition == "aws"
        || arn
            .partition
            .strip_prefix("aws-")
            .is_some_and(|rest| !rest.is_empty());
    if !partition_ok
        || !(1..=20).contains(&arn.region.len())
        || !is_region_chars(arn.region)
        || !(arn.account.is_empty() || is_account(arn.account))
    {
        return false;
    }
    let id = arn.resource_id;
    match arn.resource_type {
        "inference-profile" | "application-inference-profile" => is_id_chars(id),
        "guardrail" => all_lower_alnum(id),
        "automated-reasoning-policy" => {
            let alnum = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric());
            match id.split_once(':') {
                Some((policy, version)) => alnum(policy) && alnum(version),
                None => alnum(id),
            }
        }
        "custom-model"
            if id
                .strip_prefix("imported/")
                .is_some_and(|rest| rest.len() == 12 && all_lower_alnum(rest)) =>
        {
            is_account(arn.account)
        }
        "fine-tuning-job" | "model-customization-job" | "custom-model" => is_model_and_id(id),
        "provisioned-model"
        | "model-invocation-job"
        | "model-evaluation-job"
        | "evaluation-job"
        | "model-import-job"
        | "imported-model"
        | "async-invoke"
        | "provisioned-model-v2"
        | "provisioned-model-reservation"
        | "prompt-router"
        | "custom-model-deployment" => id.len() == 12 && all_lower_alnum(id),
        _ => false,
    }
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
