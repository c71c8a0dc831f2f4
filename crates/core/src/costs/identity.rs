//! Who the figures belong to: STS GetCallerIdentity's account and principal.

use serde::Serialize;
use ts_rs::TS;

/// The account and principal the connection acts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallerIdentity {
    /// The 12-digit account id.
    pub account: String,
    /// The principal's ARN (user, assumed role, federated user).
    pub arn: String,
    /// The principal's unique id.
    pub user_id: String,
}

use crate::error::{CallContext, Error, Result};
use crate::session::Session;

/// Asks STS who the session acts as.
pub async fn caller_identity(session: &Session) -> Result<CallerIdentity> {
    let client = aws_sdk_sts::Client::new(&session.services_config());
    let answer = client.get_caller_identity().send().await.map_err(|e| {
        Error::from_sdk(
            &e,
            CallContext {
                operation: "GetCallerIdentity",
                action: "sts:GetCallerIdentity",
                region: &session.target.region,
                profile: session.target.profile.as_deref(),
            },
        )
    })?;
    match (answer.account, answer.arn) {
        (Some(account), Some(arn)) => Ok(CallerIdentity {
            account,
            arn,
            user_id: answer.user_id.unwrap_or_default(),
        }),
        _ => Err(Error::internal(
            "STS answered GetCallerIdentity without an account or an ARN.",
        )),
    }
}
