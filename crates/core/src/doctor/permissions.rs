//! `permissions`: each IAM action the app uses, tried with a harmless call (a List or Get) or,
//! for mutations, asked of `iam:SimulatePrincipalPolicy`; the policy statement that adds the
//! missing ones.

use super::{Check, CheckId, Ctx};

/// `permissions`.
pub(super) async fn permissions(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Permissions, "not built yet")
}
