//! `profile`: the profile asked about (or the region's application profiles) looked up in the
//! current region, then in every Bedrock region of the partition at once.

use crate::error::{Error, Result};
use crate::profiles::Profile;

use super::{Check, CheckId, Ctx};

/// What the lookup found, shared by `profile` and `tags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileLookup {
    /// The region in use.
    pub current_region: String,
    /// The profiles that match (the one asked about, in each region where it is; or, with no
    /// identifier, the current region's application profiles).
    pub found: Vec<Profile>,
    /// The regions that could not be asked, with why.
    pub region_errors: Vec<(String, Error)>,
}

/// Looks the profile up (see the module docs).
pub(super) async fn look_up(_ctx: &Ctx) -> Result<ProfileLookup> {
    Err(Error::internal("not built yet"))
}

/// `profile`.
pub(super) async fn profile(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Profile, "not built yet")
}
