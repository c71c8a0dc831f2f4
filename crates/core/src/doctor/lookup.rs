//! `profile`: the profile asked about (or the region's application profiles) looked up in the
//! current region, then in every Bedrock region of the partition at once.
//!
//! An ARN names its own region and account, so that region alone is asked (and an account other
//! than the caller's is said plainly: the classic "missing" profile). An id or a name is asked
//! here first; when it is not here, every Bedrock region is listed concurrently.

use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind, Result};
use crate::profiles::{parse_bedrock_arn, Profile, ProfileType, Profiles};

use super::permissions::statement;
use super::{Check, CheckId, CheckStatus, Ctx, FixAction};

/// What the lookup found, shared by `profile` and `tags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileLookup {
    /// The region in use.
    pub current_region: String,
    /// The identifier asked about (trimmed), if one was.
    pub identifier: Option<String>,
    /// The profiles that match: the one asked about, in each region where it is; or, with no
    /// identifier, the current region's application profiles, or (when it has none) those of
    /// every other region.
    pub found: Vec<Profile>,
    /// True when regions other than the current one were asked.
    pub searched_other_regions: bool,
    /// The regions that could not be asked, with why.
    pub region_errors: Vec<(String, Error)>,
}

impl ProfileLookup {
    /// The profiles found in the current region.
    pub fn here(&self) -> impl Iterator<Item = &Profile> {
        self.found
            .iter()
            .filter(move |p| p.region == self.current_region)
    }
}

/// True when `error` says the profile is not there (rather than that it could not be asked).
fn is_absent(error: &Error) -> bool {
    matches!(error.kind(), ErrorKind::NotFound | ErrorKind::Validation)
}

/// Looks the profile up (see the module docs). Fails only when the current region could not be
/// asked; other regions' failures are kept in `region_errors`.
pub(super) async fn look_up(ctx: &Ctx) -> Result<ProfileLookup> {
    let session = ctx.session().await?;
    let here = session.target.region.clone();
    let profiles = Profiles::new(ctx.catalog.clone());
    let mut lookup = ProfileLookup {
        current_region: here.clone(),
        identifier: None,
        found: Vec::new(),
        searched_other_regions: false,
        region_errors: Vec::new(),
    };
    let Some(identifier) = ctx
        .request
        .profile_identifier
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    else {
        let listed = profiles.list(ProfileType::Application).await;
        if let Some(error) = listed.error {
            return Err(error);
        }
        if !listed.profiles.is_empty() {
            lookup.found = listed.profiles;
            return Ok(lookup);
        }
        lookup.searched_other_regions = true;
        for region in profiles
            .list_all_regions(ProfileType::Application)
            .await
            .into_iter()
            .filter(|r| r.region != here)
        {
            match region.error {
                Some(error) => lookup.region_errors.push((region.region, error)),
                None => lookup.found.extend(region.profiles),
            }
        }
        return Ok(lookup);
    };
    lookup.identifier = Some(identifier.to_owned());
    if let Some(arn) = parse_bedrock_arn(identifier) {
        // An ARN can only be in its own region: ask that one.
        if !arn.region.is_empty() && arn.region != here {
            lookup.searched_other_regions = true;
            match profiles.get_in(&arn.region, identifier).await {
                Ok(profile) => lookup.found.push(profile),
                Err(error) if is_absent(&error) => {}
                Err(error) => lookup.region_errors.push((arn.region.clone(), error)),
            }
            return Ok(lookup);
        }
        match profiles.get(identifier).await {
            Ok(profile) => lookup.found.push(profile),
            Err(error) if is_absent(&error) => {}
            Err(error) => return Err(error),
        }
        return Ok(lookup);
    }
    match profiles.get(identifier).await {
        Ok(profile) => {
            lookup.found.push(profile);
            return Ok(lookup);
        }
        Err(error) if is_absent(&error) => {}
        Err(error) => return Err(error),
    }
    lookup.searched_other_regions = true;
    // Names hold neither "." nor ":": an identifier with one is a system profile id.
    let kind = if identifier.contains(['.', ':']) {
        ProfileType::SystemDefined
    } else {
        ProfileType::Application
    };
    for region in profiles
        .list_all_regions(kind)
        .await
        .into_iter()
        .filter(|r| r.region != here)
    {
        match region.error {
            Some(error) => lookup.region_errors.push((region.region, error)),
            None => lookup.found.extend(
                region
                    .profiles
                    .into_iter()
                    .filter(|p| p.id == identifier || p.name == identifier || p.arn == identifier),
            ),
        }
    }
    Ok(lookup)
}

/// A line of what a profile is.
fn described(profile: &Profile) -> String {
    let models: Vec<&str> = profile.models.iter().map(|m| m.arn.as_str()).collect();
    format!(
        "{} ({}) in {}: {}, routes to {}",
        profile.name,
        profile.arn,
        profile.region,
        profile.status.as_str(),
        if models.is_empty() {
            "no models".to_owned()
        } else {
            models.join(", ")
        }
    )
}

/// The check a lookup that could not be made gives `id` (`profile` or `tags`): denied names the
/// action and carries the statement; missing credentials are the `credentials` check's.
pub(super) fn lookup_failed(id: CheckId, region: &str, error: &Error) -> Check {
    match error.kind() {
        ErrorKind::AccessDenied => {
            let action = [
                "bedrock:ListInferenceProfiles",
                "bedrock:GetInferenceProfile",
                "bedrock:ListTagsForResource",
                "bedrock:ListFoundationModels",
            ]
            .into_iter()
            .find(|a| error.message().contains(a))
            .unwrap_or("bedrock:ListInferenceProfiles");
            Check::new(
                id,
                CheckStatus::Fail,
                format!("Strata cannot look in {region}: {action} is denied to your AWS identity."),
            )
            .with_fix(format!(
                "Ask your administrator to allow {action} (the statement below grants it)."
            ))
            .with_policy(statement(&[action]))
            .with_detail(error.message())
        }
        ErrorKind::NoCredentials | ErrorKind::ExpiredCredentials | ErrorKind::BrokenCredentials => {
            Check::skipped(
                id,
                format!(
                    "Not looked up: the connection has no usable credentials ({}).",
                    error.message()
                ),
            )
        }
        _ => {
            let check = Check::new(
                id,
                CheckStatus::Fail,
                format!("Strata could not look in {region}: {}", error.message()),
            );
            match error.hint() {
                Some(hint) => check.with_fix(hint),
                None => check,
            }
        }
    }
}

/// `profile`.
pub(super) async fn profile(ctx: &Ctx) -> Check {
    let lookup = match ctx.lookup().await {
        Ok(lookup) => lookup,
        Err(error) => {
            let region = match ctx.session().await {
                Ok(session) => session.target.region.clone(),
                Err(_) => ctx.catalog.settings().await.region.unwrap_or_default(),
            };
            return lookup_failed(CheckId::Profile, &region, &error);
        }
    };
    let mut check = match &lookup.identifier {
        Some(identifier) => asked(ctx, &lookup, identifier).await,
        None => region_as_a_whole(&lookup),
    };
    for (region, error) in &lookup.region_errors {
        check = check.with_detail(format!("{region} could not be asked: {}", error.message()));
    }
    check
}

/// The profile named by `identifier`.
async fn asked(ctx: &Ctx, lookup: &ProfileLookup, identifier: &str) -> Check {
    let here = &lookup.current_region;
    if let Some(profile) = lookup.here().next() {
        let mut check = Check::new(
            CheckId::Profile,
            CheckStatus::Pass,
            format!(
                "{} is in {here} ({}).",
                profile.name,
                profile.status.as_str()
            ),
        )
        .with_detail(described(profile));
        if let Some(tags) = &profile.tags {
            check = check.with_detail(format!("{} tags", tags.len()));
        }
        return check;
    }
    if let Some(profile) = lookup.found.first() {
        let elsewhere: Vec<&str> = lookup.found.iter().map(|p| p.region.as_str()).collect();
        let mut check = Check::new(
            CheckId::Profile,
            CheckStatus::Fail,
            format!(
                "{identifier} is in {}; Strata is using {here}.",
                elsewhere.join(", ")
            ),
        )
        .with_fix(format!(
            "Switch the region to {} (Settings → AWS Settings, or --region {}).",
            profile.region, profile.region
        ))
        .with_action(FixAction::SwitchRegion {
            region: profile.region.clone(),
        });
        for p in &lookup.found {
            check = check.with_detail(described(p));
        }
        return check;
    }
    let identity = ctx.identity().await;
    let account = identity.as_ref().map(|i| i.account.clone()).ok();
    let arn_account = parse_bedrock_arn(identifier)
        .map(|a| a.account)
        .filter(|a| !a.is_empty());
    if let (Some(theirs), Some(ours)) = (&arn_account, &account) {
        if theirs != ours {
            return Check::new(
                CheckId::Profile,
                CheckStatus::Fail,
                format!("{identifier} belongs to account {theirs}; Strata acts as account {ours}."),
            )
            .with_fix(
                "Use credentials of the profile's account (Settings → AWS Settings, or \
                 --profile), or ask for the profile to be made in your account.",
            )
            .with_detail(format!("profile's account: {theirs}"))
            .with_detail(format!("your account: {ours}"));
        }
    }
    let where_ = if parse_bedrock_arn(identifier).is_some() {
        match parse_bedrock_arn(identifier).map(|a| a.region) {
            Some(region) if !region.is_empty() => format!("in {region} (the region its ARN names)"),
            _ => format!("in {here}"),
        }
    } else {
        "in any Bedrock region".to_owned()
    };
    let of_account = account
        .map(|a| format!(" of account {a}"))
        .unwrap_or_default();
    Check::new(
        CheckId::Profile,
        CheckStatus::Fail,
        format!("{identifier} was not found {where_}{of_account}."),
    )
    .with_fix(
        "Names are case-sensitive: check the name, id or ARN (`strata profiles list --all-regions` \
         lists every profile), or create the profile on the Profiles screen.",
    )
}

/// "My profiles are missing": the region's application profiles.
fn region_as_a_whole(lookup: &ProfileLookup) -> Check {
    let here = &lookup.current_region;
    let count_here = lookup.here().count();
    if count_here > 0 {
        let mut check = Check::new(
            CheckId::Profile,
            CheckStatus::Pass,
            format!("{count_here} application profiles in {here}."),
        );
        for p in lookup.here() {
            check = check.with_detail(described(p));
        }
        return check;
    }
    let mut per_region: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &lookup.found {
        *per_region.entry(p.region.as_str()).or_insert(0) += 1;
    }
    // The region with the most; ties go to the first alphabetically.
    let best = per_region
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(r, _)| (*r).to_owned());
    match best {
        Some(region) => {
            let counts: Vec<String> = per_region
                .iter()
                .map(|(r, n)| format!("{n} in {r}"))
                .collect();
            Check::new(
                CheckId::Profile,
                CheckStatus::Fail,
                format!(
                    "No application profiles in {here}, but {}.",
                    counts.join(", ")
                ),
            )
            .with_fix(format!(
                "Switch the region to {region} (Settings → AWS Settings, or --region {region})."
            ))
            .with_action(FixAction::SwitchRegion { region })
            .with_detail(format!(
                "ListInferenceProfiles in {here}: 0 application profiles"
            ))
        }
        None => Check::new(
            CheckId::Profile,
            CheckStatus::Warn,
            format!(
                "No application profiles in {here} or any other Bedrock region of this account."
            ),
        )
        .with_fix("Create one on the Profiles screen or with `strata profiles create`.")
        .with_detail(format!(
            "ListInferenceProfiles in {here}: 0 application profiles"
        )),
    }
}
