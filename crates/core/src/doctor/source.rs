//! `model-source` (can this model or system profile be copied here?) and `tags` (the profile's
//! tags, and whether each key is activated for cost allocation).

use std::collections::BTreeMap;

use crate::catalog::{EntryKind, EntryStatus};
use crate::costs::{ActivationStatus, COSTS_POLICY};
use crate::error::ErrorKind;
use crate::profiles::{parse_bedrock_arn, partition_of, ProfileSource, Profiles};

use super::lookup::lookup_failed;
use super::{Check, CheckId, CheckStatus, Ctx, FixAction};

/// The line said about model access: Strata has no honest way to ask it.
const ACCESS_NOT_CHECKED: &str =
    "model access: not checked (Bedrock's model access is granted per account in the console; \
     a first call of the model says whether it is)";

/// `model-source`.
pub(super) async fn model_source(ctx: &Ctx) -> Check {
    let Some(asked) = ctx
        .request
        .model_source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return Check::skipped(
            CheckId::ModelSource,
            "No model source given (it is checked for a profile that cannot be created).",
        );
    };
    let session = match ctx.session().await {
        Ok(session) => session,
        Err(error) => {
            return Check::skipped(
                CheckId::ModelSource,
                format!("Not checked: no connection ({}).", error.message()),
            )
        }
    };
    let here = session.target.region.clone();
    let id = parse_bedrock_arn(asked)
        .map(|a| a.resource_id)
        .unwrap_or_else(|| asked.to_owned());
    let sources = match Profiles::new(ctx.catalog.clone()).sources().await {
        Ok(sources) => sources,
        Err(error) => return lookup_failed(CheckId::ModelSource, &here, &error),
    };
    let Some(source) = sources.iter().find(|s| s.id == id || s.arn == asked) else {
        return elsewhere(ctx, &here, &id).await;
    };
    let kind = match source.kind {
        EntryKind::SystemProfile => "system profile",
        _ => "foundation model",
    };
    let status = catalog_status(ctx, &source.id).await;
    if let Some(problem) = &source.problem {
        let routes = routing_profiles(ctx, &source.id).await;
        let mut check = Check::new(
            CheckId::ModelSource,
            CheckStatus::Fail,
            format!("{} cannot be copied in {here}: {problem}", source.id),
        );
        check = if routes.is_empty() {
            check.with_fix("Choose a model offered on demand in this region, or another region.")
        } else {
            check.with_fix(format!(
                "Copy one of the system profiles that route to it instead: {}.",
                routes.join(", ")
            ))
        };
        return with_source_details(check, source, kind)
            .with_detail(format!("system profiles routing to it: {}", routes.len()));
    }
    match status {
        Some(EntryStatus::Active) | None => with_source_details(
            Check::new(
                CheckId::ModelSource,
                CheckStatus::Pass,
                format!("{} ({kind}) can be copied in {here}.", source.id),
            ),
            source,
            kind,
        ),
        Some(other) => with_source_details(
            Check::new(
                CheckId::ModelSource,
                CheckStatus::Fail,
                format!(
                    "{} is {} in {here}: it is being retired, so a new profile should not copy it.",
                    source.id,
                    other.as_str()
                ),
            )
            .with_fix("Copy the model's current version (the Profiles screen lists them)."),
            source,
            kind,
        ),
    }
}

fn with_source_details(check: Check, source: &ProfileSource, kind: &str) -> Check {
    check
        .with_detail(format!("{kind} {} ({})", source.name, source.arn))
        .with_detail(ACCESS_NOT_CHECKED)
}

/// The status the region's catalog gives entry `id`.
async fn catalog_status(ctx: &Ctx, id: &str) -> Option<EntryStatus> {
    let (list, _) = ctx.catalog.cached().await;
    list.catalog?
        .entries
        .into_iter()
        .find(|e| e.id == id)
        .map(|e| e.status)
}

/// The ids of the region's system profiles that route to model `id`.
async fn routing_profiles(ctx: &Ctx, id: &str) -> Vec<String> {
    let (list, _) = ctx.catalog.cached().await;
    let Some(catalog) = list.catalog else {
        return Vec::new();
    };
    catalog
        .entries
        .into_iter()
        .filter(|e| {
            e.kind == EntryKind::SystemProfile
                && e.underlying_models.iter().any(|u| u.model_id == id)
        })
        .map(|e| e.id)
        .collect()
}

/// `id` is not in this region: the regions of the partition that offer it, asked concurrently.
async fn elsewhere(ctx: &Ctx, here: &str, id: &str) -> Check {
    let partition = partition_of(here);
    let others: Vec<&str> = crate::aws::BEDROCK_REGIONS
        .iter()
        .copied()
        .filter(|r| *r != here && partition_of(r) == partition)
        .collect();
    // A system profile id starts with its geography (`us.`, `global.`), a model id with its
    // provider.
    let is_profile = crate::catalog::geography_of(id).is_some();
    let answers = futures::future::join_all(others.into_iter().map(|region| async move {
        let session = match ctx.catalog.session_in(region).await {
            Ok(session) => session,
            Err(error) => return (region, Err(error.message().to_owned())),
        };
        let control = session.control();
        let found = if is_profile {
            match control
                .get_inference_profile()
                .inference_profile_identifier(id)
                .send()
                .await
            {
                Ok(_) => Ok(true),
                Err(e) => not_found_or(e),
            }
        } else {
            match control
                .get_foundation_model()
                .model_identifier(id)
                .send()
                .await
            {
                Ok(_) => Ok(true),
                Err(e) => not_found_or(e),
            }
        };
        (region, found)
    }))
    .await;
    let mut found_in = Vec::new();
    let mut errors = Vec::new();
    for (region, answer) in answers {
        match answer {
            Ok(true) => found_in.push(region),
            Ok(false) => {}
            Err(why) => errors.push(format!("{region} could not be asked: {why}")),
        }
    }
    found_in.sort_unstable();
    let mut check = match found_in.first() {
        Some(first) => Check::new(
            CheckId::ModelSource,
            CheckStatus::Fail,
            format!(
                "{id} is not offered in {here}; it is in {}.",
                found_in.join(", ")
            ),
        )
        .with_fix(format!(
            "Switch the region to {first} (Settings → AWS Settings, or --region {first}) to copy it, or choose a model of {here}."
        ))
        .with_action(FixAction::SwitchRegion {
            region: (*first).to_owned(),
        }),
        None => Check::new(
            CheckId::ModelSource,
            CheckStatus::Fail,
            format!("{id} is not offered in {here} or any other Bedrock region."),
        )
        .with_fix("Check the model id (the Profiles screen lists what this region can copy)."),
    };
    for line in errors {
        check = check.with_detail(line);
    }
    check
}

/// `Ok(false)` when Bedrock says there is no such thing, `Err` with why when it could not be
/// asked.
fn not_found_or<E, R>(
    error: aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> Result<bool, String>
where
    E: aws_sdk_bedrock::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match &error {
        aws_smithy_runtime_api::client::result::SdkError::ServiceError(service) => {
            match service.err().code() {
                Some("ResourceNotFoundException" | "ValidationException") => Ok(false),
                code => Err(code.unwrap_or("Unknown").to_owned()),
            }
        }
        _ => Err(aws_smithy_types::error::display::DisplayErrorContext(&error).to_string()),
    }
}

/// `tags`.
pub(super) async fn tags(ctx: &Ctx) -> Check {
    let lookup = match ctx.lookup().await {
        Ok(lookup) => lookup,
        Err(error) => {
            let region = ctx.catalog.settings().await.region.unwrap_or_default();
            return lookup_failed(CheckId::Tags, &region, &error);
        }
    };
    if lookup.found.is_empty() {
        return Check::skipped(
            CheckId::Tags,
            "No application profile to look at (the profile check says why).",
        );
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut untagged = Vec::new();
    for profile in &lookup.found {
        let keys = profile.tag_keys();
        if keys.is_empty() {
            untagged.push(profile.name.as_str());
        }
        for key in keys {
            *counts.entry(key.to_owned()).or_insert(0) += 1;
        }
    }
    if counts.is_empty() {
        return Check::new(
            CheckId::Tags,
            CheckStatus::Warn,
            format!(
                "No tags on {}: their costs cannot be split by project or team.",
                untagged.join(", ")
            ),
        )
        .with_fix("Tag the profiles on the Profiles screen or with `strata profiles tag`.");
    }
    let statuses = match ctx.costs.statuses(counts).await {
        Ok(statuses) => statuses,
        Err(error) if error.kind() == ErrorKind::AccessDenied => {
            return Check::new(
                CheckId::Tags,
                CheckStatus::Fail,
                format!(
                    "Tag activation cannot be read: ce:ListCostAllocationTags is denied ({}).",
                    error.message()
                ),
            )
            .with_fix("Ask your administrator to add the Cost Explorer statement below.")
            .with_policy(COSTS_POLICY)
        }
        Err(error) => {
            return Check::new(
                CheckId::Tags,
                CheckStatus::Fail,
                format!("Tag activation could not be read: {}", error.message()),
            )
        }
    };
    let inactive: Vec<String> = statuses
        .iter()
        .filter(|t| t.status == ActivationStatus::Inactive)
        .map(|t| t.key.clone())
        .collect();
    let not_seen: Vec<String> = statuses
        .iter()
        .filter(|t| t.status == ActivationStatus::NotSeen)
        .map(|t| t.key.clone())
        .collect();
    let mut check = if !inactive.is_empty() {
        Check::new(
            CheckId::Tags,
            CheckStatus::Warn,
            format!(
                "Not activated for cost allocation: {}; Cost Explorer shows no spend under {}.",
                inactive.join(", "),
                if inactive.len() == 1 { "it" } else { "them" }
            ),
        )
        .with_fix(
            "Activate them (the button, or Billing → Cost allocation tags); spend shows under \
             them up to 24 hours after activation.",
        )
        .with_action(FixAction::ActivateCostTags {
            keys: inactive.clone(),
        })
    } else if !not_seen.is_empty() {
        Check::new(
            CheckId::Tags,
            CheckStatus::Warn,
            format!(
                "Billing has not seen {} yet, so {} cannot be activated for cost allocation.",
                not_seen.join(", "),
                if not_seen.len() == 1 { "it" } else { "they" }
            ),
        )
        .with_fix(
            "Chat through a profile carrying the key; billing sees it up to 24 hours after first \
             use, then activate it.",
        )
    } else {
        Check::new(
            CheckId::Tags,
            CheckStatus::Pass,
            format!(
                "Every tag key is active for cost allocation: {}.",
                statuses
                    .iter()
                    .map(|t| t.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    if !inactive.is_empty() && !not_seen.is_empty() {
        check = check.with_detail(format!(
            "not seen by billing yet (up to 24 hours after first use): {}",
            not_seen.join(", ")
        ));
    }
    for t in &statuses {
        let status = match t.status {
            ActivationStatus::Active => "active",
            ActivationStatus::Inactive => "inactive",
            ActivationStatus::NotSeen => "not seen by billing",
        };
        let on = if t.profiles == 1 {
            "1 profile".to_owned()
        } else {
            format!("{} profiles", t.profiles)
        };
        check = check.with_detail(format!("{}: {status}, on {on}", t.key));
    }
    if !untagged.is_empty() {
        check = check.with_detail(format!("without tags: {}", untagged.join(", ")));
    }
    check
}
