//! The checks of the connection itself: `setting`, `credentials`, `identity`, `region`.

use super::{Check, CheckId, Ctx};

/// `setting`: Enable Inference Profiles is on.
pub(super) async fn setting(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Setting, "not built yet")
}

/// `credentials`: the source the chain used, whether it resolves, when it expires.
pub(super) async fn credentials(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Credentials, "not built yet")
}

/// `identity`: the account and principal STS says the app acts as.
pub(super) async fn identity(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Identity, "not built yet")
}

/// `region`: the region in use, where it came from, whether Bedrock serves it.
pub(super) async fn region(_ctx: &Ctx) -> Check {
    Check::skipped(CheckId::Region, "not built yet")
}
