//! `model-source` (can this model or system profile be copied here?) and `tags` (the profile's
//! tags, and whether each key is activated for cost allocation).

use super::{Check, CheckId, Ctx};

/// `model-source`.
pub(super) async fn model_source(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::ModelSource, "not built yet")
}

/// `tags`.
pub(super) async fn tags(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Tags, "not built yet")
}
