//! Application inference profiles as a team keeps them: list (one region or all at once), get,
//! create, tag, untag and delete, with AWS's own input rules checked before any call
//! ([`check_draft`], [`check_tags`]). Every change also updates the catalog the picker shows, in
//! place ([`CatalogService`]), so no reload is needed.
//!
//! Profiles are immutable in AWS apart from their tags: there is no update call.

pub mod apply;
mod types;

use std::sync::Arc;

pub use types::{
    ConversationRef, DraftField, FieldProblem, Profile, ProfileDraft, ProfileOrigin, ProfileSource,
    ProfileType, ProfileUse, RegionProfiles,
};

use crate::catalog::Tag;
use crate::error::{Error, Result};
use crate::service::CatalogService;

/// The profiles of the connection a [`CatalogService`] holds (see the module docs).
pub struct Profiles {
    catalog: Arc<CatalogService>,
}

// SKELETON: the bodies below are placeholders the Profiles issue's work replaces.
fn not_built() -> Error {
    Error::internal("profiles: not built yet")
}

impl Profiles {
    /// Profiles through `catalog`'s connection; changes update its catalog.
    pub fn new(catalog: Arc<CatalogService>) -> Self {
        Self { catalog }
    }

    /// The catalog service whose connection and catalog these profiles use.
    pub fn catalog(&self) -> &Arc<CatalogService> {
        &self.catalog
    }

    /// The current region's profiles of `kind`, every page, with their tags; a failure is kept
    /// on the answer with the region it was for.
    pub async fn list(&self, kind: ProfileType) -> RegionProfiles {
        let _ = kind;
        RegionProfiles {
            region: String::new(),
            profiles: Vec::new(),
            error: Some(not_built()),
        }
    }

    /// What a new application profile can copy in the current region: its foundation models and
    /// cross-region profiles, each saying why when it cannot be copied.
    pub async fn sources(&self) -> Result<Vec<ProfileSource>> {
        Err(not_built())
    }

    /// The profiles of `kind` in every Bedrock region of the current partition, listed
    /// concurrently; each region's failure is kept on its own answer.
    pub async fn list_all_regions(&self, kind: ProfileType) -> Vec<RegionProfiles> {
        let _ = kind;
        Vec::new()
    }

    /// The profile with this id, ARN or (application profiles) name, with its tags.
    pub async fn get(&self, identifier: &str) -> Result<Profile> {
        let _ = identifier;
        Err(not_built())
    }

    /// Creates an application profile after checking the draft as AWS would. The same
    /// `client_request_token` makes a retry (or a double click) return the one profile.
    pub async fn create(
        &self,
        draft: &ProfileDraft,
        client_request_token: &str,
    ) -> Result<Profile> {
        let _ = (draft, client_request_token);
        Err(not_built())
    }

    /// Adds or changes tags (TagResource); returns the profile as it is now.
    pub async fn tag(&self, arn: &str, tags: &[Tag]) -> Result<Profile> {
        let _ = (arn, tags);
        Err(not_built())
    }

    /// Removes tags by key (UntagResource); returns the profile as it is now.
    pub async fn untag(&self, arn: &str, keys: &[String]) -> Result<Profile> {
        let _ = (arn, keys);
        Err(not_built())
    }

    /// Deletes the application profile with this id, ARN or name.
    pub async fn delete(&self, identifier: &str) -> Result<()> {
        let _ = identifier;
        Err(not_built())
    }
}

/// Everything AWS would refuse in `draft`, in field order; empty when it would be accepted.
pub fn check_draft(draft: &ProfileDraft) -> Vec<FieldProblem> {
    let _ = draft;
    Vec::new()
}

/// Everything AWS would refuse in a tag list (keys, values, reserved `aws:` keys, duplicates, at
/// most 50).
pub fn check_tags(tags: &[Tag]) -> Vec<FieldProblem> {
    let _ = tags;
    Vec::new()
}
