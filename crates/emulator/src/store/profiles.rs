//! The operations on application profiles the control plane calls: list a page, get, create
//! (idempotent with `clientRequestToken`), delete, and tag, untag and list tags.

use std::ops::Bound;
use std::sync::Arc;

use rand::Rng;

use super::{AppProfile, Generation, ProfileRecord, Store, TokenRecord, ID_ALPHABET};
use crate::arn::Arn;
use crate::clock::now_timestamp;
use crate::error::{AwsError, ErrorKind};
use crate::validate::MAX_TAGS;
use crate::wire::Tag;

/// What CreateInferenceProfile asks for, validated and resolved.
#[derive(Debug, Clone)]
pub(crate) struct NewProfile {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) model_source: String,
    pub(crate) models: Vec<String>,
    pub(crate) tags: Vec<Tag>,
    pub(crate) client_request_token: Option<String>,
}

impl NewProfile {
    fn fingerprint(&self) -> String {
        let mut tags: Vec<(&str, &str)> = self
            .tags
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect();
        tags.sort_unstable();
        serde_json::to_string(&(&self.name, &self.description, &self.model_source, tags))
            .unwrap_or_default()
    }
}

/// How ListInferenceProfiles continues after a page.
pub(crate) enum PageEnd {
    Done,
    After(u64),
}

fn random_id() -> String {
    let mut rng = rand::rng();
    (0..12)
        .map(|_| char::from(ID_ALPHABET[rng.random_range(0..ID_ALPHABET.len())]))
        .collect()
}

impl Store {
    /// Appends one page of `region`'s profiles after sequence `after` to `out` (comma-separated
    /// JSON objects) and says whether more follow.
    pub(crate) fn write_page(
        &self,
        region: &str,
        after: Option<u64>,
        limit: usize,
        out: &mut String,
    ) -> PageEnd {
        let inner = self.read();
        let Some(region) = inner.regions.get(region) else {
            return PageEnd::Done;
        };
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        let mut iter = region.by_seq.range((start, Bound::Unbounded));
        let mut last = None;
        for (i, (seq, profile)) in iter.by_ref().take(limit).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&profile.json);
            last = Some(*seq);
        }
        match (iter.next(), last) {
            (Some(_), Some(last)) => PageEnd::After(last),
            _ => PageEnd::Done,
        }
    }

    /// The profile with this id or ARN in `region`.
    pub(crate) fn get(&self, region: &str, identifier: &str) -> Option<Arc<AppProfile>> {
        let id = self.id_in_region(region, identifier)?;
        let inner = self.read();
        let region = inner.regions.get(region)?;
        region
            .by_id
            .get(id)
            .and_then(|seq| region.by_seq.get(seq))
            .cloned()
    }

    /// The bare id of an id or an application-profile ARN of this region and account.
    fn id_in_region<'a>(&self, region: &str, identifier: &'a str) -> Option<&'a str> {
        if identifier.starts_with("arn:") {
            let arn = Arn::parse(identifier)?;
            (arn.region == region
                && arn.account == self.account
                && arn.resource_type == "application-inference-profile")
                .then_some(arn.resource_id)
        } else {
            Some(identifier)
        }
    }

    /// Creates a profile (or returns the one an idempotent retry created): its ARN.
    pub(crate) fn create(
        &self,
        region_name: &str,
        new: NewProfile,
    ) -> Result<(String, Generation), AwsError> {
        if new.tags.len() > MAX_TAGS {
            return Err(too_many_tags(&new.name));
        }
        let fingerprint = new.fingerprint();
        let now = now_timestamp();
        let mut inner = self.write();
        let region = inner.regions.entry(region_name.to_owned()).or_default();
        if let Some(token) = &new.client_request_token {
            if let Some(record) = region.tokens.get(token) {
                if record.fingerprint == fingerprint {
                    return Ok((record.arn.clone(), 0));
                }
                return Err(AwsError::new(
                    ErrorKind::ConflictException,
                    "The clientRequestToken was already used for a request with different parameters.",
                ));
            }
        }
        if region.by_name.contains_key(&new.name) {
            return Err(AwsError::new(
                ErrorKind::ConflictException,
                format!(
                    "An inference profile with the name {} already exists.",
                    new.name
                ),
            ));
        }
        if region.by_id.len() >= self.quota {
            return Err(AwsError::new(
                ErrorKind::ServiceQuotaExceededException,
                format!(
                    "You have reached the quota of {} application inference profiles in {region_name} for this account. Delete unused profiles or request a quota increase in Service Quotas.",
                    self.quota
                ),
            ));
        }
        let mut id = random_id();
        while region.by_id.contains_key(&id) {
            id = random_id();
        }
        let record = ProfileRecord {
            id,
            name: new.name,
            description: new.description,
            created_at: now.clone(),
            updated_at: now,
            model_source: new.model_source,
            models: new.models,
            tags: new.tags,
        };
        let arn = inner.insert(region_name, &self.account, record);
        if let Some(token) = new.client_request_token {
            let region = inner.regions.entry(region_name.to_owned()).or_default();
            region.tokens.insert(
                token.clone(),
                TokenRecord {
                    token,
                    fingerprint,
                    arn: arn.clone(),
                },
            );
        }
        inner.generation += 1;
        Ok((arn, inner.generation))
    }

    /// Deletes the profile with this id or ARN.
    pub(crate) fn delete(
        &self,
        region_name: &str,
        identifier: &str,
    ) -> Result<Generation, AwsError> {
        let not_found = || profile_not_found(identifier);
        let id = self
            .id_in_region(region_name, identifier)
            .ok_or_else(not_found)?;
        let mut inner = self.write();
        let region = inner.regions.get_mut(region_name).ok_or_else(not_found)?;
        let seq = region.by_id.remove(id).ok_or_else(not_found)?;
        if let Some(profile) = region.by_seq.remove(&seq) {
            region.by_name.remove(&profile.name);
        }
        inner.generation += 1;
        Ok(inner.generation)
    }

    /// The tags of the profile with this ARN.
    pub(crate) fn tags(&self, region: &str, arn: &str) -> Result<Vec<Tag>, AwsError> {
        self.get(region, arn)
            .map(|p| p.tags.clone())
            .ok_or_else(|| resource_not_found(arn))
    }

    /// Adds or overwrites tags on the profile with this ARN.
    pub(crate) fn tag(
        &self,
        region_name: &str,
        arn: &str,
        tags: Vec<Tag>,
    ) -> Result<Generation, AwsError> {
        self.update_tags(region_name, arn, |current| {
            for tag in tags {
                match current.iter_mut().find(|t| t.key == tag.key) {
                    Some(existing) => existing.value = tag.value,
                    None => current.push(tag),
                }
            }
            if current.len() > MAX_TAGS {
                return Err(too_many_tags(arn));
            }
            Ok(())
        })
    }

    /// Removes tags (absent keys are ignored) from the profile with this ARN.
    pub(crate) fn untag(
        &self,
        region_name: &str,
        arn: &str,
        keys: &[String],
    ) -> Result<Generation, AwsError> {
        self.update_tags(region_name, arn, |current| {
            current.retain(|t| !keys.contains(&t.key));
            Ok(())
        })
    }

    fn update_tags(
        &self,
        region_name: &str,
        arn: &str,
        change: impl FnOnce(&mut Vec<Tag>) -> Result<(), AwsError>,
    ) -> Result<Generation, AwsError> {
        let id = self
            .id_in_region(region_name, arn)
            .filter(|_| arn.starts_with("arn:"));
        let id = id.ok_or_else(|| resource_not_found(arn))?;
        let mut inner = self.write();
        let region = inner
            .regions
            .get_mut(region_name)
            .ok_or_else(|| resource_not_found(arn))?;
        let seq = *region
            .by_id
            .get(id)
            .ok_or_else(|| resource_not_found(arn))?;
        let profile = region
            .by_seq
            .get_mut(&seq)
            .ok_or_else(|| resource_not_found(arn))?;
        let mut tags = profile.tags.clone();
        change(&mut tags)?;
        Arc::make_mut(profile).tags = tags;
        inner.generation += 1;
        Ok(inner.generation)
    }
}

fn too_many_tags(resource: &str) -> AwsError {
    AwsError {
        kind: ErrorKind::TooManyTagsException,
        message: format!("Tag limit of {MAX_TAGS} exceeded for resource {resource}."),
        resource_name: Some(resource.to_owned()),
    }
}

/// The error for an inference profile id or ARN that names no profile.
pub(crate) fn profile_not_found(identifier: &str) -> AwsError {
    AwsError::not_found(format!("Inference profile {identifier} not found."))
}

fn resource_not_found(arn: &str) -> AwsError {
    AwsError::not_found(format!("The resource {arn} was not found."))
}
