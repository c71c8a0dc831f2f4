//! The checks of the connection itself: `setting`, `credentials`, `identity`, `region`.

mod credentials;
mod region;

use crate::costs::CallerIdentity;
use crate::error::Error;
use crate::profiles::parse_bedrock_arn;

use super::{Check, CheckId, CheckStatus, Ctx, FixAction};

/// `setting`: Enable Inference Profiles is on.
pub(super) async fn setting(ctx: &Ctx) -> Check {
    setting_check(ctx.catalog.settings().await.enable_inference_profiles)
}

/// The `setting` check for the setting's value.
fn setting_check(enabled: bool) -> Check {
    let detail = format!(
        "setting: Enable Inference Profiles = {}",
        if enabled { "on" } else { "off" }
    );
    if enabled {
        Check::new(
            CheckId::Setting,
            CheckStatus::Pass,
            "Enable Inference Profiles is on: application profiles are listed in the picker.",
        )
        .with_detail(detail)
    } else {
        Check::new(
            CheckId::Setting,
            CheckStatus::Fail,
            "Enable Inference Profiles is off: application profiles are not listed in the picker.",
        )
        .with_fix(
            "Turn on Enable Inference Profiles in Settings → AWS (for strata, add \
             --inference-profiles to `strata models`).",
        )
        .with_action(FixAction::EnableInferenceProfiles)
        .with_detail(detail)
    }
}

/// `credentials`: the source the chain used, whether it resolves, when it expires.
pub(super) async fn credentials(ctx: &Ctx) -> Check {
    credentials::check(ctx).await
}

/// `identity`: the account and principal STS says the app acts as.
pub(super) async fn identity(ctx: &Ctx) -> Check {
    if let Err(e) = ctx.credentials().await {
        if e.is_auth_failure() {
            return Check::skipped(
                CheckId::Identity,
                format!(
                    "Needs credentials, and they did not resolve: {}",
                    e.message()
                ),
            );
        }
        return identity_failed(&e);
    }
    match ctx.identity().await {
        Ok(me) => identity_check(&me, ctx.request.profile_identifier.as_deref()),
        Err(e) => identity_failed(&e),
    }
}

/// STS did not answer who the app is.
fn identity_failed(e: &Error) -> Check {
    let check = Check::new(
        CheckId::Identity,
        CheckStatus::Fail,
        format!("STS GetCallerIdentity failed: {}", e.message()),
    )
    .with_detail("asked: sts:GetCallerIdentity");
    match e.hint() {
        Some(hint) => check.with_fix(hint),
        None => check,
    }
}

/// The `identity` check for who STS says the app is, and the profile asked about.
fn identity_check(me: &CallerIdentity, profile_identifier: Option<&str>) -> Check {
    let acting = format!("{} ({})", me.account, me.arn);
    let profile_account = profile_identifier
        .and_then(|id| parse_bedrock_arn(id.trim()))
        .map(|arn| arn.account)
        .filter(|account| !account.is_empty());
    let check = match &profile_account {
        Some(theirs) if *theirs != me.account => Check::new(
            CheckId::Identity,
            CheckStatus::Fail,
            format!(
                "The profile's ARN is in account {theirs}; Strata acts as {acting}, so the \
                 profile is not visible from here."
            ),
        )
        .with_fix(format!(
            "Use credentials of account {theirs}: choose its profile in Settings → AWS \
             (`--profile` for strata), or look for the profile by name in account {}.",
            me.account
        )),
        _ => Check::new(
            CheckId::Identity,
            CheckStatus::Pass,
            format!("Strata acts as {acting}."),
        ),
    };
    let check = check
        .with_detail(format!("account: {}", me.account))
        .with_detail(format!("principal: {}", me.arn));
    match profile_account {
        Some(theirs) => check.with_detail(format!(
            "profile's account: {theirs} (from its ARN); caller's account: {}",
            me.account
        )),
        None => check,
    }
}

/// `region`: the region in use, where it came from, whether Bedrock serves it.
pub(super) async fn region(ctx: &Ctx) -> Check {
    region::check(ctx).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me() -> CallerIdentity {
        CallerIdentity {
            account: "444455556666".to_owned(),
            arn: "arn:aws:iam::444455556666:user/dev".to_owned(),
            user_id: "AIDAEXAMPLE".to_owned(),
        }
    }

    #[test]
    fn the_setting_off_fails_with_the_fix_the_app_applies() {
        let off = setting_check(false);
        assert_eq!(off.status, CheckStatus::Fail);
        assert_eq!(off.action, Some(FixAction::EnableInferenceProfiles));
        assert!(off
            .fix
            .as_deref()
            .is_some_and(|f| f.contains("Settings → AWS") && f.contains("--inference-profiles")));
        let on = setting_check(true);
        assert_eq!(on.status, CheckStatus::Pass);
        assert_eq!(on.action, None);
    }

    #[test]
    fn an_arn_of_another_account_names_both_accounts() {
        let arn =
            "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
        let check = identity_check(&me(), Some(arn));
        assert_eq!(check.status, CheckStatus::Fail);
        assert!(check.finding.contains("account 111122223333"), "{check:?}");
        assert!(
            check
                .finding
                .contains("444455556666 (arn:aws:iam::444455556666:user/dev)"),
            "{check:?}"
        );
        let same = arn.replace("111122223333", "444455556666");
        assert_eq!(identity_check(&me(), Some(&same)).status, CheckStatus::Pass);
        // A name or an id says nothing about the account.
        assert_eq!(
            identity_check(&me(), Some("dev-claude")).status,
            CheckStatus::Pass
        );
        // A system profile's ARN has an account too; one without (a model) is not compared.
        let model =
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
        assert_eq!(identity_check(&me(), Some(model)).status, CheckStatus::Pass);
    }
}
