//! Application inference profiles as a team keeps them: list (one region or all at once), get,
//! create, tag, untag and delete, with AWS's own input rules checked before any call
//! ([`check_draft`], [`check_tags`]). Every change also updates the catalog the picker shows, in
//! place ([`CatalogService`]), so no reload is needed.
//!
//! Profiles are immutable in AWS apart from their tags: there is no update call.

pub mod apply;
mod arns;
mod calls;
mod rules;
mod types;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub use arns::{
    check_client_request_token, check_identifier, check_resource_arn, parse_bedrock_arn,
    partition_of, BedrockArn,
};
pub use rules::{
    check_description, check_draft, check_name, check_source, check_tag_key, check_tag_keys,
    check_tag_value, check_tags, is_reserved_key, is_tag_char, is_valid_name, problems_error,
    CLIENT_REQUEST_TOKEN_MAX, DESCRIPTION_MAX, IDENTIFIER_MAX, MAX_TAGS, MAX_TAG_KEYS_PER_REQUEST,
    NAME_MAX, PROFILES_POLICY, TAG_KEY_MAX, TAG_VALUE_MAX,
};
pub use types::{
    ConversationRef, DraftField, FieldProblem, Profile, ProfileDraft, ProfileOrigin, ProfileSource,
    ProfileType, ProfileUse, RegionProfiles,
};

use crate::catalog::{EntryKind, ModelEntry, Tag, MAX_PAGE_SIZE};
use crate::error::{Error, ErrorKind, Result};
use crate::service::CatalogService;
use crate::session::Session;
use calls::{Described, NewProfile, SystemIndex};

/// The profiles of the connection a [`CatalogService`] holds (see the module docs).
pub struct Profiles {
    catalog: Arc<CatalogService>,
    page_size: i32,
}

impl Profiles {
    /// Profiles through `catalog`'s connection; changes update its catalog.
    pub fn new(catalog: Arc<CatalogService>) -> Self {
        Self {
            catalog,
            page_size: MAX_PAGE_SIZE,
        }
    }

    /// Uses `page_size` (1–1000) for ListInferenceProfiles instead of the largest page (tests
    /// use small pages to cross page bounds).
    pub fn with_page_size(mut self, page_size: i32) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// The catalog service whose connection and catalog these profiles use.
    pub fn catalog(&self) -> &Arc<CatalogService> {
        &self.catalog
    }

    /// The current region's profiles of `kind`, every page, with their tags; a failure is kept
    /// on the answer with the region it was for.
    pub async fn list(&self, kind: ProfileType) -> RegionProfiles {
        match self.catalog.session().await {
            Ok(session) => {
                let region = session.target.region.clone();
                self.list_with(&session, &region, kind).await
            }
            Err(error) => RegionProfiles {
                region: self.settings_region().await,
                profiles: Vec::new(),
                error: Some(error),
            },
        }
    }

    /// What a new application profile can copy in the current region: its foundation models and
    /// cross-region profiles, each saying why when it cannot be copied.
    pub async fn sources(&self) -> Result<Vec<ProfileSource>> {
        let (list, _) = self.catalog.cached().await;
        let catalog = match list.catalog {
            Some(catalog) => catalog,
            None => {
                let list = self.catalog.refresh().await;
                match (list.catalog, list.error) {
                    (Some(catalog), _) => catalog,
                    (None, Some(error)) => return Err(error),
                    (None, None) => return Err(Error::internal(
                        "The region's models could not be listed, so there is nothing to copy yet.",
                    )),
                }
            }
        };
        let systems: Vec<&ModelEntry> = catalog
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::SystemProfile)
            .collect();
        Ok(catalog
            .entries
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::Foundation | EntryKind::SystemProfile))
            .map(|e| ProfileSource {
                id: e.id.clone(),
                arn: e.arn.clone(),
                name: e.name.clone(),
                kind: e.kind,
                provider: e.provider.clone(),
                geography: e.geography.clone(),
                problem: source_problem(e, &systems),
            })
            .collect())
    }

    /// The profiles of `kind` in every Bedrock region of the current partition, listed
    /// concurrently; each region's failure is kept on its own answer. The current region comes
    /// first, then the others alphabetically.
    pub async fn list_all_regions(&self, kind: ProfileType) -> Vec<RegionProfiles> {
        let current = match self.catalog.session().await {
            Ok(session) => session,
            Err(error) => {
                return vec![RegionProfiles {
                    region: self.settings_region().await,
                    profiles: Vec::new(),
                    error: Some(error),
                }]
            }
        };
        let here = current.target.region.clone();
        let partition = partition_of(&here);
        let mut others: Vec<&str> = crate::aws::BEDROCK_REGIONS
            .iter()
            .copied()
            .filter(|r| *r != here && partition_of(r) == partition)
            .collect();
        others.sort_unstable();
        let first = self.list_with(&current, &here, kind);
        let rest = futures::future::join_all(others.into_iter().map(|region| async move {
            match self.catalog.session_in(region).await {
                Ok(session) => self.list_with(&session, region, kind).await,
                Err(error) => RegionProfiles {
                    region: region.to_owned(),
                    profiles: Vec::new(),
                    error: Some(error),
                },
            }
        }));
        let (first, rest) = tokio::join!(first, rest);
        std::iter::once(first).chain(rest).collect()
    }

    /// The profile with this id, ARN or (application profiles) name, with its tags.
    pub async fn get(&self, identifier: &str) -> Result<Profile> {
        let session = self.catalog.session().await?;
        let result = self.get_with(&session, identifier).await;
        self.report(&session, result).await
    }

    /// The profile with this id, ARN or (application profiles) name in `region`, through a
    /// connection like the current one (the doctor asks the region an ARN names).
    pub async fn get_in(&self, region: &str, identifier: &str) -> Result<Profile> {
        let session = self.catalog.session_in(region).await?;
        let result = self.get_with(&session, identifier).await;
        self.report(&session, result).await
    }

    /// Creates an application profile after checking the draft as AWS would. The same
    /// `client_request_token` makes a retry (or a double click) return the one profile.
    pub async fn create(
        &self,
        draft: &ProfileDraft,
        client_request_token: &str,
    ) -> Result<Profile> {
        let problems = check_draft(draft);
        if !problems.is_empty() {
            return Err(problems_error(&problems));
        }
        check_client_request_token(client_request_token)?;
        let session = self.catalog.session().await?;
        let result = async {
            let source_arn = self.source_arn(&session, &draft.source).await?;
            let arn = calls::create_profile(
                session.control(),
                &session.target,
                NewProfile {
                    name: &draft.name,
                    description: &draft.description,
                    source_arn: &source_arn,
                    tags: &draft.tags,
                    client_request_token,
                },
            )
            .await?;
            tracing::info!(target: "inference_profile", region = %session.target.region, profile_arn = %arn, "created an application inference profile");
            self.get_with(&session, &arn).await
        }
        .await;
        let profile = self.report(&session, result).await?;
        self.catalog.profile_upserted(&profile).await;
        Ok(profile)
    }

    /// Adds or changes tags (TagResource); returns the profile as it is now. The tags are checked
    /// as AWS would first, and so is the count the profile would end with (at most 50).
    pub async fn tag(&self, arn: &str, tags: &[Tag]) -> Result<Profile> {
        let parsed = check_resource_arn(arn)?;
        let problems = check_tags(tags);
        if !problems.is_empty() {
            return Err(problems_error(&problems));
        }
        let session = self.catalog.session().await?;
        same_region(&parsed, &session)?;
        let result = async {
            let current = calls::list_tags(session.control(), &session.target, arn).await?;
            let keys: HashSet<&str> = current.iter().chain(tags).map(|t| t.key.as_str()).collect();
            if keys.len() > MAX_TAGS {
                return Err(too_many_tags(current.len(), keys.len()));
            }
            calls::tag_resource(session.control(), &session.target, arn, tags).await?;
            self.get_with(&session, arn).await
        }
        .await;
        let profile = self.report(&session, result).await?;
        self.catalog.profile_upserted(&profile).await;
        Ok(profile)
    }

    /// Removes tags by key (UntagResource); returns the profile as it is now.
    pub async fn untag(&self, arn: &str, keys: &[String]) -> Result<Profile> {
        let parsed = check_resource_arn(arn)?;
        let problems = check_tag_keys(keys);
        if !problems.is_empty() {
            return Err(problems_error(&problems));
        }
        let session = self.catalog.session().await?;
        same_region(&parsed, &session)?;
        let result = async {
            calls::untag_resource(session.control(), &session.target, arn, keys).await?;
            self.get_with(&session, arn).await
        }
        .await;
        let profile = self.report(&session, result).await?;
        self.catalog.profile_upserted(&profile).await;
        Ok(profile)
    }

    /// Deletes the application profile with this id, ARN or name.
    pub async fn delete(&self, identifier: &str) -> Result<()> {
        let session = self.catalog.session().await?;
        let result = async {
            let arn = if identifier.starts_with("arn:") {
                check_identifier(identifier)?;
                let parsed = parse_bedrock_arn(identifier).ok_or_else(|| {
                    Error::validation(format!("\"{identifier}\" is not an inference profile ARN."))
                })?;
                if parsed.resource_type != "application-inference-profile" {
                    return Err(not_deletable(identifier));
                }
                same_region(&parsed, &session)?;
                identifier.to_owned()
            } else {
                let profile = self.get_with(&session, identifier).await?;
                if profile.kind != ProfileType::Application {
                    return Err(not_deletable(identifier));
                }
                profile.arn
            };
            calls::delete_profile(session.control(), &session.target, &arn).await?;
            tracing::info!(target: "inference_profile", region = %session.target.region, profile_arn = %arn, "deleted an application inference profile");
            Ok(arn)
        }
        .await;
        let arn = self.report(&session, result).await?;
        self.catalog.profile_removed(&arn).await;
        Ok(())
    }

    /// The region the settings name, for an answer when no connection could be made.
    async fn settings_region(&self) -> String {
        self.catalog.settings().await.region.unwrap_or_default()
    }

    /// Passes `result` through, telling the catalog service when its error says the
    /// connection's credentials failed (so that the next call resolves them afresh).
    async fn report<T>(&self, session: &Arc<Session>, result: Result<T>) -> Result<T> {
        if let Err(e) = &result {
            self.catalog.report_failure(session, e).await;
        }
        result
    }

    /// The profiles of `kind` through `session`, answered as `region`'s.
    async fn list_with(
        &self,
        session: &Arc<Session>,
        region: &str,
        kind: ProfileType,
    ) -> RegionProfiles {
        let result = self.list_in(session, kind).await;
        match self.report(session, result).await {
            Ok(profiles) => RegionProfiles {
                region: region.to_owned(),
                profiles,
                error: None,
            },
            Err(error) => RegionProfiles {
                region: region.to_owned(),
                profiles: Vec::new(),
                error: Some(error),
            },
        }
    }

    async fn list_in(&self, session: &Session, kind: ProfileType) -> Result<Vec<Profile>> {
        let (client, target) = (session.control(), &session.target);
        let listed = calls::list_profiles(client, target, kind, self.page_size).await?;
        let mut tags: HashMap<String, Vec<Tag>> = HashMap::new();
        if kind == ProfileType::Application && !listed.is_empty() {
            let arns = listed.iter().map(|p| p.arn.clone()).collect();
            for (arn, result) in crate::catalog::fetch_tags(client, target, arns).await {
                // A profile whose tags could not be read is still listed, its tags unknown.
                if let Ok(t) = result {
                    tags.insert(arn, t);
                }
            }
        }
        let known = self.known(session, &listed).await;
        Ok(listed
            .into_iter()
            .map(|p| {
                let t = tags.remove(&p.arn);
                calls::to_profile(p, &target.region, &known.systems, &known.names, t)
            })
            .collect())
    }

    /// The profile `identifier` names (see [`Profiles::get`]) through `session`.
    async fn get_with(&self, session: &Session, identifier: &str) -> Result<Profile> {
        let (client, target) = (session.control(), &session.target);
        let described = if identifier.starts_with("arn:") || identifier.contains(['.', ':']) {
            // Names hold neither "." nor ":": this is an ARN or a system profile id.
            check_identifier(identifier)?;
            if let Some(parsed) = parse_bedrock_arn(identifier) {
                same_region(&parsed, session)?;
            }
            calls::get_profile(client, target, identifier).await?
        } else if looks_like_profile_id(identifier) {
            match calls::get_profile(client, target, identifier).await {
                Ok(p) => p,
                // Twelve lowercase letters and digits can also be a name.
                Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::Validation) => {
                    self.find_by_name(session, identifier).await?
                }
                Err(e) => return Err(e),
            }
        } else if is_valid_name(identifier) {
            self.find_by_name(session, identifier).await?
        } else {
            check_identifier(identifier)?;
            return Err(Error::validation(format!(
                "\"{identifier}\" is neither an inference profile id, an ARN nor a profile name."
            )));
        };
        let tags = match described.kind {
            ProfileType::Application => {
                Some(calls::list_tags(client, target, &described.arn).await?)
            }
            ProfileType::SystemDefined => None,
        };
        let known = self.known(session, std::slice::from_ref(&described)).await;
        Ok(calls::to_profile(
            described,
            &target.region,
            &known.systems,
            &known.names,
            tags,
        ))
    }

    /// The application profile named `name` in the session's region (AWS has no get by name:
    /// the region's application profiles are listed).
    async fn find_by_name(&self, session: &Session, name: &str) -> Result<Described> {
        let listed = calls::list_profiles(
            session.control(),
            &session.target,
            ProfileType::Application,
            self.page_size,
        )
        .await?;
        listed.into_iter().find(|p| p.name == name).ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                format!(
                    "No application inference profile is named \"{name}\" in {}.",
                    session.target.region
                ),
            )
            .with_hint(
                "Names are case-sensitive, and a profile lives in one region: check the name and \
                 the region (the Profiles screen and `strata profiles list --all-regions` show \
                 every profile).",
            )
        })
    }

    /// What turns described profiles into [`Profile`]s: the region's system profiles (only when
    /// a profile spans several regions) and the models' display names, from the loaded catalog
    /// when it is of this region, else listed.
    async fn known(&self, session: &Session, profiles: &[Described]) -> Known {
        let region = &session.target.region;
        let (list, _) = self.catalog.cached().await;
        let catalog = list.catalog.filter(|c| &c.region == region);
        let names: HashMap<String, String> = catalog
            .iter()
            .flat_map(|c| &c.entries)
            .filter(|e| e.kind == EntryKind::Foundation)
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect();
        if !profiles.iter().any(calls::needs_system_index) {
            return Known {
                systems: SystemIndex::default(),
                names,
            };
        }
        let from_catalog = catalog.filter(|c| {
            c.section_error(crate::catalog::CatalogSection::SystemProfiles)
                .is_none()
        });
        let systems = match from_catalog {
            Some(c) => {
                let arns: Vec<(String, Vec<String>)> = c
                    .entries
                    .iter()
                    .filter(|e| e.kind == EntryKind::SystemProfile)
                    .map(|e| {
                        (
                            e.id.clone(),
                            e.underlying_models.iter().map(|u| u.arn.clone()).collect(),
                        )
                    })
                    .collect();
                SystemIndex::new(arns.iter().map(|(id, a)| (id.clone(), a.as_slice())))
            }
            None => match calls::list_profiles(
                session.control(),
                &session.target,
                ProfileType::SystemDefined,
                MAX_PAGE_SIZE,
            )
            .await
            {
                Ok(listed) => SystemIndex::new(
                    listed
                        .iter()
                        .map(|p| (p.id.clone(), p.model_arns.as_slice())),
                ),
                Err(e) => {
                    // Without them the origin stays unknown; the profiles are still listed.
                    tracing::warn!(target: "inference_profile", region = %region, error = %e, "system profiles could not be listed to tell what application profiles copy");
                    SystemIndex::default()
                }
            },
        };
        Known { systems, names }
    }

    /// The ARN `copyFrom` takes for `source` in the session's region: an ARN as it is (of this
    /// region), an id from the catalog, a system profile id looked up, else a foundation-model
    /// ARN built from the model id.
    async fn source_arn(&self, session: &Session, source: &str) -> Result<String> {
        let region = &session.target.region;
        if let Some(parsed) = parse_bedrock_arn(source) {
            same_region(&parsed, session)?;
            return Ok(source.to_owned());
        }
        if let Some(entry) = self.catalog.entry(source).await.filter(|e| {
            e.id == source
                && &e.region == region
                && matches!(e.kind, EntryKind::Foundation | EntryKind::SystemProfile)
        }) {
            return Ok(entry.arn);
        }
        if crate::catalog::geography_of(source).is_some() {
            // A system profile's ARN holds the account, which only Bedrock knows.
            return Ok(
                calls::get_profile(session.control(), &session.target, source)
                    .await?
                    .arn,
            );
        }
        Ok(format!(
            "arn:{}:bedrock:{region}::foundation-model/{source}",
            partition_of(region)
        ))
    }
}

/// The region's system profiles and model names, for [`calls::to_profile`].
struct Known {
    systems: SystemIndex,
    names: HashMap<String, String>,
}

/// True for what an application profile's id looks like: 12 lowercase letters and digits.
fn looks_like_profile_id(identifier: &str) -> bool {
    identifier.len() == 12
        && identifier
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// A RegionMismatch error, before any call, when `arn` is of another region than the session's.
fn same_region(arn: &BedrockArn, session: &Session) -> Result<()> {
    let here = &session.target.region;
    if arn.region.is_empty() || &arn.region == here {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::RegionMismatch,
        format!(
            "That {} is in {}, but Strata is connected to {here}: a profile and what it copies \
             live in one region.",
            arn.resource_type, arn.region
        ),
    )
    .with_hint(format!(
        "Switch the region to {} (Settings → AWS Settings, or --region {}), or choose one of \
         {here}. Nothing was sent to AWS.",
        arn.region, arn.region
    )))
}

fn not_deletable(identifier: &str) -> Error {
    Error::validation(format!(
        "\"{identifier}\" is a system-defined (cross-region) inference profile: only application \
         inference profiles can be deleted."
    ))
    .with_hint("Give the id, ARN or name of an application inference profile. Nothing was deleted.")
}

fn too_many_tags(now: usize, after: usize) -> Error {
    Error::validation(format!(
        "The profile has {now} tags; with these it would have {after}, and AWS allows at most \
         {MAX_TAGS}."
    ))
    .with_hint("Remove tags it no longer needs first, or change the values of keys it already has. Nothing was changed.")
}

/// Why a catalog entry cannot be copied into an application profile, if it cannot.
fn source_problem(entry: &ModelEntry, systems: &[&ModelEntry]) -> Option<String> {
    if entry.kind != EntryKind::Foundation || entry.capabilities.on_demand {
        return None;
    }
    let through = systems
        .iter()
        .find(|s| s.underlying_models.iter().any(|u| u.model_id == entry.id));
    Some(match through {
        Some(profile) => format!(
            "Offered only through cross-region profiles in {}: copy one of them instead, e.g. {}.",
            entry.region, profile.id
        ),
        None => format!(
            "Not offered on demand in {} (only with provisioned throughput), so it cannot be copied.",
            entry.region
        ),
    })
}
