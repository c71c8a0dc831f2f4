//! The Bedrock calls of the Profiles features, one function each, with their errors sorted for
//! the Profiles features ([`Error::from_sdk_for_profiles`]), and the translation of Bedrock's
//! answers into [`Profile`]s.

use std::collections::{BTreeSet, HashMap, HashSet};

use aws_sdk_bedrock::types::{
    InferenceProfileModel, InferenceProfileModelSource, InferenceProfileSummary,
    InferenceProfileType,
};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;

use super::{parse_bedrock_arn, Profile, ProfileOrigin, ProfileType};
use crate::aws::{context, Target};
use crate::catalog::{geography_of, EntryStatus, Tag, UnderlyingModel, MAX_PAGES};
use crate::error::{Error, ErrorKind, Result};

/// Tracing target of the Profiles features (shown as `[inference-profile]`, like the catalog's).
const LOG_TARGET: &str = "inference_profile";

fn sdk_kind(kind: ProfileType) -> InferenceProfileType {
    match kind {
        ProfileType::Application => InferenceProfileType::Application,
        ProfileType::SystemDefined => InferenceProfileType::SystemDefined,
    }
}

fn kind_of(kind: &InferenceProfileType) -> ProfileType {
    match kind {
        InferenceProfileType::SystemDefined => ProfileType::SystemDefined,
        _ => ProfileType::Application,
    }
}

/// What ListInferenceProfiles and GetInferenceProfile both say about a profile.
#[derive(Debug, Clone)]
pub(super) struct Described {
    pub(super) name: String,
    pub(super) id: String,
    pub(super) arn: String,
    pub(super) description: Option<String>,
    pub(super) created_at: Option<DateTime>,
    pub(super) updated_at: Option<DateTime>,
    pub(super) model_arns: Vec<String>,
    pub(super) status: String,
    pub(super) kind: ProfileType,
}

fn model_arns(models: &[InferenceProfileModel]) -> Vec<String> {
    models
        .iter()
        .filter_map(|m| m.model_arn())
        .map(str::to_owned)
        .collect()
}

impl From<&InferenceProfileSummary> for Described {
    fn from(p: &InferenceProfileSummary) -> Self {
        Self {
            name: p.inference_profile_name().to_owned(),
            id: p.inference_profile_id().to_owned(),
            arn: p.inference_profile_arn().to_owned(),
            description: p.description().map(str::to_owned),
            created_at: p.created_at().copied(),
            updated_at: p.updated_at().copied(),
            model_arns: model_arns(p.models()),
            status: p.status().as_str().to_owned(),
            kind: kind_of(p.r#type()),
        }
    }
}

impl From<&aws_sdk_bedrock::operation::get_inference_profile::GetInferenceProfileOutput>
    for Described
{
    fn from(
        p: &aws_sdk_bedrock::operation::get_inference_profile::GetInferenceProfileOutput,
    ) -> Self {
        Self {
            name: p.inference_profile_name().to_owned(),
            id: p.inference_profile_id().to_owned(),
            arn: p.inference_profile_arn().to_owned(),
            description: p.description().map(str::to_owned),
            created_at: p.created_at().copied(),
            updated_at: p.updated_at().copied(),
            model_arns: model_arns(p.models()),
            status: p.status().as_str().to_owned(),
            kind: kind_of(p.r#type()),
        }
    }
}

/// A timestamp as the AWS CLI prints it: `2024-08-13T18:50:28.527000+00:00` (UTC, six
/// fraction digits).
pub(crate) fn cli_timestamp(t: &DateTime) -> Option<String> {
    // Smithy's RFC 3339 text gives the calendar; the fraction is added here at microseconds.
    let text = t.fmt(Format::DateTime).ok()?;
    let whole = text.get(..19)?;
    let micros = t.subsec_nanos() / 1_000;
    Some(format!("{whole}.{micros:06}+00:00"))
}

/// The system-defined profiles of a region by the models they route to, to tell which one an
/// application profile copies.
#[derive(Debug, Default)]
pub(super) struct SystemIndex {
    profiles: Vec<(String, BTreeSet<(String, String)>)>,
}

impl SystemIndex {
    /// An index of `(profile id, model ARNs)`.
    pub(super) fn new<'a>(profiles: impl IntoIterator<Item = (String, &'a [String])>) -> Self {
        Self {
            profiles: profiles
                .into_iter()
                .map(|(id, arns)| (id, model_set(arns)))
                .collect(),
        }
    }

    fn matching(&self, models: &BTreeSet<(String, String)>) -> Option<&str> {
        self.profiles
            .iter()
            .find(|(_, set)| set == models)
            .map(|(id, _)| id.as_str())
    }
}

/// (region, model id) of each foundation-model ARN.
fn model_set(arns: &[String]) -> BTreeSet<(String, String)> {
    arns.iter()
        .filter_map(|a| parse_bedrock_arn(a))
        .filter(|a| a.resource_type == "foundation-model")
        .map(|a| (a.region, a.resource_id))
        .collect()
}

/// True when an application profile's models span several regions, so that only the
/// region's system profiles can say what it copies.
pub(super) fn needs_system_index(p: &Described) -> bool {
    p.kind == ProfileType::Application
        && model_set(&p.model_arns)
            .iter()
            .map(|(region, _)| region)
            .collect::<HashSet<_>>()
            .len()
            > 1
}

/// What an application profile copies: its one model in its own region, or the system profile
/// of the same model over the same regions.
fn origin_of(p: &Described, region: &str, systems: &SystemIndex) -> ProfileOrigin {
    if p.kind != ProfileType::Application {
        return ProfileOrigin::Unknown;
    }
    let models = model_set(&p.model_arns);
    let regions: HashSet<&str> = models.iter().map(|(r, _)| r.as_str()).collect();
    if models.len() == 1 && regions.contains(region) {
        if let Some((_, model_id)) = models.iter().next() {
            return ProfileOrigin::Model {
                model_id: model_id.clone(),
            };
        }
    }
    if regions.len() > 1 {
        if let Some(id) = systems.matching(&models) {
            return ProfileOrigin::CrossRegion {
                profile_id: id.to_owned(),
                geography: geography_of(id),
            };
        }
    }
    ProfileOrigin::Unknown
}

/// The [`Profile`] Bedrock described, in `region`; `names` are display names by model id.
pub(super) fn to_profile(
    p: Described,
    region: &str,
    systems: &SystemIndex,
    names: &HashMap<String, String>,
    tags: Option<Vec<Tag>>,
) -> Profile {
    let origin = origin_of(&p, region, systems);
    let models = p
        .model_arns
        .iter()
        .filter_map(|arn| {
            let parsed = parse_bedrock_arn(arn)?;
            Some(UnderlyingModel {
                arn: arn.clone(),
                name: names.get(&parsed.resource_id).cloned(),
                model_id: parsed.resource_id,
                region: parsed.region,
            })
        })
        .collect();
    Profile {
        name: p.name,
        id: p.id,
        arn: p.arn,
        description: p.description.filter(|d| !d.is_empty()),
        region: region.to_owned(),
        kind: p.kind,
        status: EntryStatus::from_bedrock(&p.status),
        created_at: p.created_at.as_ref().and_then(cli_timestamp),
        updated_at: p.updated_at.as_ref().and_then(cli_timestamp),
        models,
        origin,
        tags,
    }
}

/// Every page of ListInferenceProfiles of `kind`. A `nextToken` that repeats, or a listing past
/// [`MAX_PAGES`] pages, ends with an error rather than a loop or a silently short list.
pub(super) async fn list_profiles(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    kind: ProfileType,
    page_size: i32,
) -> Result<Vec<Described>> {
    let cx = context(
        target,
        "ListInferenceProfiles",
        "bedrock:ListInferenceProfiles",
    );
    let mut profiles = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut token: Option<String> = None;
    let mut pages = 0u32;
    loop {
        let out = client
            .list_inference_profiles()
            .type_equals(sdk_kind(kind))
            .max_results(page_size)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
        pages += 1;
        profiles.extend(
            out.inference_profile_summaries()
                .iter()
                .map(Described::from),
        );
        match out.next_token() {
            Some(next) if !next.is_empty() => {
                if !seen.insert(next.to_owned()) {
                    return Err(endless(
                        kind,
                        format!("its nextToken repeated after {pages} pages"),
                    ));
                }
                if pages >= MAX_PAGES {
                    return Err(endless(
                        kind,
                        format!("it returned more than {MAX_PAGES} pages"),
                    ));
                }
                token = Some(next.to_owned());
            }
            _ => break,
        }
    }
    tracing::debug!(target: LOG_TARGET, region = %target.region, ?kind, count = profiles.len(), pages, "listed inference profiles");
    Ok(profiles)
}

fn endless(kind: ProfileType, why: String) -> Error {
    let kind = sdk_kind(kind);
    Error::new(
        ErrorKind::Internal,
        format!(
            "ListInferenceProfiles({}) was stopped: {why}, so the listing would never end.",
            kind.as_str()
        ),
    )
    .with_hint(
        "This is a fault on Bedrock's side (or the endpoint's); retry later, and report it if it \
         stays.",
    )
}

/// GetInferenceProfile.
pub(super) async fn get_profile(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    identifier: &str,
) -> Result<Described> {
    let cx = context(target, "GetInferenceProfile", "bedrock:GetInferenceProfile");
    let out = client
        .get_inference_profile()
        .inference_profile_identifier(identifier)
        .send()
        .await
        .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
    Ok(Described::from(&out))
}

/// ListTagsForResource.
pub(super) async fn list_tags(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    arn: &str,
) -> Result<Vec<Tag>> {
    let cx = context(target, "ListTagsForResource", "bedrock:ListTagsForResource");
    let out = client
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
    Ok(out
        .tags()
        .iter()
        .map(|t| Tag {
            key: t.key().to_owned(),
            value: t.value().to_owned(),
        })
        .collect())
}

fn sdk_tags(tags: &[Tag]) -> Result<Vec<aws_sdk_bedrock::types::Tag>> {
    tags.iter()
        .map(|t| {
            aws_sdk_bedrock::types::Tag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .map_err(|e| Error::internal(format!("a tag could not be built: {e}")))
        })
        .collect()
}

/// What CreateInferenceProfile sends.
pub(super) struct NewProfile<'a> {
    pub(super) name: &'a str,
    pub(super) description: &'a str,
    pub(super) source_arn: &'a str,
    pub(super) tags: &'a [Tag],
    pub(super) client_request_token: &'a str,
}

/// CreateInferenceProfile: the new profile's ARN.
pub(super) async fn create_profile(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    new: NewProfile<'_>,
) -> Result<String> {
    let cx = context(
        target,
        "CreateInferenceProfile",
        "bedrock:CreateInferenceProfile",
    );
    let out = client
        .create_inference_profile()
        .inference_profile_name(new.name)
        .set_description((!new.description.is_empty()).then(|| new.description.to_owned()))
        .model_source(InferenceProfileModelSource::CopyFrom(
            new.source_arn.to_owned(),
        ))
        .set_tags(
            (!new.tags.is_empty())
                .then(|| sdk_tags(new.tags))
                .transpose()?,
        )
        .client_request_token(new.client_request_token)
        .send()
        .await
        .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
    Ok(out.inference_profile_arn().to_owned())
}

/// TagResource.
pub(super) async fn tag_resource(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    arn: &str,
    tags: &[Tag],
) -> Result<()> {
    let cx = context(target, "TagResource", "bedrock:TagResource");
    client
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(sdk_tags(tags)?))
        .send()
        .await
        .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
    Ok(())
}

/// UntagResource.
pub(super) async fn untag_resource(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    arn: &str,
    keys: &[String],
) -> Result<()> {
    let cx = context(target, "UntagResource", "bedrock:UntagResource");
    client
        .untag_resource()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.to_vec()))
        .send()
        .await
        .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
    Ok(())
}

/// DeleteInferenceProfile.
pub(super) async fn delete_profile(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    identifier: &str,
) -> Result<()> {
    let cx = context(
        target,
        "DeleteInferenceProfile",
        "bedrock:DeleteInferenceProfile",
    );
    client
        .delete_inference_profile()
        .inference_profile_identifier(identifier)
        .send()
        .await
        .map_err(|e| Error::from_sdk_for_profiles(&e, cx))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn timestamps_print_as_the_aws_cli_prints_them() {
        let t = DateTime::from_secs_and_nanos(1_723_575_028, 527_000_000);
        assert_eq!(
            cli_timestamp(&t).unwrap(),
            "2024-08-13T18:50:28.527000+00:00"
        );
        let t = DateTime::from_secs_and_nanos(0, 999);
        assert_eq!(
            cli_timestamp(&t).unwrap(),
            "1970-01-01T00:00:00.000000+00:00"
        );
        let t = DateTime::from_secs(951_782_400); // 2000-02-29, a leap day
        assert_eq!(
            cli_timestamp(&t).unwrap(),
            "2000-02-29T00:00:00.000000+00:00"
        );
    }

    fn described(kind: ProfileType, arns: &[&str]) -> Described {
        Described {
            name: "p".into(),
            id: "a1b2c3d4e5f6".into(),
            arn:
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
                    .into(),
            description: None,
            created_at: None,
            updated_at: None,
            model_arns: arns.iter().map(|a| (*a).to_owned()).collect(),
            status: "ACTIVE".into(),
            kind,
        }
    }

    #[test]
    fn the_origin_is_the_model_or_the_system_profile_with_the_same_regions() {
        let haiku = "anthropic.claude-3-haiku-20240307-v1:0";
        let fm = |r: &str| format!("arn:aws:bedrock:{r}::foundation-model/{haiku}");
        let (east, west) = (fm("us-east-1"), fm("us-west-2"));
        let systems = SystemIndex::new([
            (format!("us.{haiku}"), &[east.clone(), west.clone()][..]),
            (
                format!("global.{haiku}"),
                &[east.clone(), west.clone(), fm("eu-west-1")][..],
            ),
        ]);
        let one = described(ProfileType::Application, &[&east]);
        assert_eq!(
            origin_of(&one, "us-east-1", &systems),
            ProfileOrigin::Model {
                model_id: haiku.into()
            }
        );
        assert!(!needs_system_index(&one));
        let both = described(ProfileType::Application, &[&west, &east]);
        assert!(needs_system_index(&both));
        assert_eq!(
            origin_of(&both, "us-east-1", &systems),
            ProfileOrigin::CrossRegion {
                profile_id: format!("us.{haiku}"),
                geography: Some("US".into())
            }
        );
        let other = described(ProfileType::Application, &[&east, &fm("ap-south-1")]);
        assert_eq!(
            origin_of(&other, "us-east-1", &systems),
            ProfileOrigin::Unknown
        );
        let elsewhere = described(ProfileType::Application, &[&west]);
        assert_eq!(
            origin_of(&elsewhere, "us-east-1", &systems),
            ProfileOrigin::Unknown
        );
        let system = described(ProfileType::SystemDefined, &[&east, &west]);
        assert_eq!(
            origin_of(&system, "us-east-1", &systems),
            ProfileOrigin::Unknown
        );
    }
}
