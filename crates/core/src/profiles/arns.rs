//! Bedrock ARNs and identifiers as botocore's `bedrock` model patterns allow them, and the
//! request token's pattern: checked before GetInferenceProfile, DeleteInferenceProfile,
//! TagResource, UntagResource and CreateInferenceProfile send anything.

use super::rules::{is_id_char, show, CLIENT_REQUEST_TOKEN_MAX, IDENTIFIER_MAX};
use crate::error::Error;

/// An ARN of Bedrock as the inference-profile patterns of botocore's `bedrock` model allow it:
/// `arn:PARTITION:bedrock:REGION:ACCOUNT:TYPE/ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BedrockArn {
    /// `aws`, `aws-us-gov`, `aws-cn`, `aws-iso` or `aws-iso-b`.
    pub partition: String,
    /// The region (may be empty, as the pattern allows).
    pub region: String,
    /// The 12-digit account (empty for foundation models).
    pub account: String,
    /// `foundation-model`, `inference-profile` or `application-inference-profile`.
    pub resource_type: String,
    /// The model id, system profile id or application profile id.
    pub resource_id: String,
}

/// Parses `text` as a Bedrock model or inference-profile ARN; `None` when it is not one.
pub fn parse_bedrock_arn(text: &str) -> Option<BedrockArn> {
    let mut parts = text.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("bedrock"), Some(region), Some(account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let (resource_type, resource_id) = rest.split_once('/')?;
    let partition_ok = matches!(
        partition,
        "aws" | "aws-us-gov" | "aws-cn" | "aws-iso" | "aws-iso-b"
    );
    let region_ok = region.len() <= 20
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let account_ok =
        account.is_empty() || (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()));
    let type_ok = matches!(
        resource_type,
        "foundation-model" | "inference-profile" | "application-inference-profile"
    );
    let id_ok = !resource_id.is_empty() && resource_id.chars().all(is_id_char);
    (partition_ok && region_ok && account_ok && type_ok && id_ok).then(|| BedrockArn {
        partition: partition.to_owned(),
        region: region.to_owned(),
        account: account.to_owned(),
        resource_type: resource_type.to_owned(),
        resource_id: resource_id.to_owned(),
    })
}

/// The AWS partition of `region`: `aws-us-gov`, `aws-cn` or `aws`.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

/// Checks an identifier of GetInferenceProfile / DeleteInferenceProfile as botocore's
/// `InferenceProfileIdentifier` does: 1–2,048 characters, an inference-profile or
/// application-inference-profile ARN or a bare id `[a-zA-Z0-9-:.]+`.
pub fn check_identifier(identifier: &str) -> crate::error::Result<()> {
    let length = identifier.chars().count();
    let bad = |why: String| {
        Err(Error::validation(format!(
            "\"{identifier}\" is not an inference profile id or ARN: {why}"
        ))
        .with_hint(
            "Give the profile's id (e.g. a1b2c3d4e5f6), its ARN \
             (arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID) or, for an \
             application profile, its name. Nothing was sent to AWS.",
        ))
    };
    if length == 0 {
        return bad("it is empty.".to_owned());
    }
    if length > IDENTIFIER_MAX {
        return bad(format!(
            "it is {length} characters long, and at most {IDENTIFIER_MAX} are allowed."
        ));
    }
    if identifier.starts_with("arn:") {
        return match parse_bedrock_arn(identifier) {
            Some(arn) if arn.resource_type != "foundation-model" => Ok(()),
            Some(_) => bad("a foundation model is not an inference profile.".to_owned()),
            None => bad(
                "it is not of the form arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID or \
                 …:application-inference-profile/ID."
                    .to_owned(),
            ),
        };
    }
    match identifier
        .chars()
        .enumerate()
        .find(|&(_, c)| !is_id_char(c))
    {
        Some((i, c)) => bad(format!(
            "{} at character {} is not allowed (ids hold letters, digits, \"-\", \":\" and \".\").",
            show(c),
            i + 1
        )),
        None => Ok(()),
    }
}

/// Checks that `arn` is an application inference profile ARN, the only profiles whose tags can
/// change (TagResource, UntagResource).
pub fn check_resource_arn(arn: &str) -> crate::error::Result<BedrockArn> {
    match parse_bedrock_arn(arn) {
        Some(parsed)
            if parsed.resource_type == "application-inference-profile"
                && parsed.account.len() == 12
                && !parsed.region.is_empty() =>
        {
            Ok(parsed)
        }
        Some(parsed) if parsed.resource_type != "application-inference-profile" => {
            Err(Error::validation(format!(
                "\"{arn}\" is a {} ARN; only application inference profiles carry tags Strata \
                 can change.",
                parsed.resource_type
            ))
            .with_hint(
                "Give the ARN of an application inference profile \
                 (arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID). Nothing was \
                 sent to AWS.",
            ))
        }
        _ => Err(Error::validation(format!(
            "\"{arn}\" is not an application inference profile ARN."
        ))
        .with_hint(
            "Give it as arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID (`strata \
             profiles list` shows them). Nothing was sent to AWS.",
        )),
    }
}

/// Checks a `clientRequestToken`: 1–256 characters of `[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?`
/// (a UUID is one).
pub fn check_client_request_token(token: &str) -> crate::error::Result<()> {
    let ok = !token.is_empty()
        && token.len() <= CLIENT_REQUEST_TOKEN_MAX
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !token.starts_with('-')
        && !token.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::validation(format!(
            "\"{token}\" is not a valid client request token: 1–{CLIENT_REQUEST_TOKEN_MAX} letters, \
             digits and \"-\", starting and ending with a letter or digit."
        ))
        .with_hint("Use a UUID (a new one for each new profile). Nothing was sent to AWS."))
    }
}
