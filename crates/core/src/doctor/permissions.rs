//! `permissions`: each IAM action the app uses, tried with a harmless call (a List or Get) or,
//! for mutations, asked of `iam:SimulatePrincipalPolicy`; the policy statement that adds the
//! missing ones.
//!
//! The calls are the reads that cost nothing; Cost Explorer (each call costs $0.01), mutations
//! and invocations are only ever simulated. An action the simulation could not answer is "not
//! checked", never "allowed".

use std::error::Error as StdError;

use aws_sdk_bedrock::error::ProvideErrorMetadata;
use aws_sdk_iam::types::PolicyEvaluationDecisionType;
use aws_smithy_runtime_api::client::result::SdkError;

use crate::costs::alerts::BILLING_REGION;
use crate::error::{CallContext, Error};
use crate::profiles::partition_of;
use crate::session::Session;

use super::{Check, CheckId, CheckStatus, Ctx};

/// The actions tried with a harmless call.
const CALLED: [&str; 6] = [
    "bedrock:ListFoundationModels",
    "bedrock:ListInferenceProfiles",
    "bedrock:GetInferenceProfile",
    "bedrock:ListTagsForResource",
    "budgets:ViewBudget",
    "cloudwatch:DescribeAlarms",
];

/// The actions only simulated: they change something, cost money, or call a model.
const SIMULATED: [&str; 14] = [
    "bedrock:GetFoundationModel",
    "bedrock:CreateInferenceProfile",
    "bedrock:DeleteInferenceProfile",
    "bedrock:TagResource",
    "bedrock:UntagResource",
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
    "ce:GetCostAndUsage",
    "ce:ListCostAllocationTags",
    "ce:UpdateCostAllocationTagsStatus",
    "budgets:ModifyBudget",
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:DeleteAlarms",
    "pricing:GetProducts",
];

/// A made-up application profile id (12 lowercase letters and digits, as AWS's are): asking for
/// it is harmless, and "not found" means the action was allowed.
const PROBE_PROFILE_ID: &str = "strataprobe0";

/// What became of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Allowed, and how that is known.
    Allowed(String),
    /// Denied, and how that is known.
    Denied(String),
    /// Not known, and why.
    NotChecked(String),
}

/// One `Effect Allow` statement granting exactly `actions` on every resource, pretty JSON.
pub(super) fn statement(actions: &[&str]) -> String {
    let value = serde_json::json!({
        "Effect": "Allow",
        "Action": actions,
        "Resource": "*",
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The IAM principal whose policies `SimulatePrincipalPolicy` evaluates for the caller `arn`
/// (STS GetCallerIdentity's): a user or role ARN as it is, an assumed role's session turned
/// into its role (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` →
/// `arn:aws:iam::ACCT:role/ROLE`, the role's path, which the STS ARN drops, lost); `Err` with
/// why for principals IAM cannot simulate (the root user, federated users).
pub(super) fn simulation_principal(arn: &str) -> Result<String, String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, service, _, account, resource] = parts.as_slice() else {
        return Err(format!("{arn} is not an ARN"));
    };
    match (*service, resource.split_once('/')) {
        ("iam", _) if *resource == "root" => Err(
            "the caller is the account's root user, which IAM policies do not restrict".to_owned(),
        ),
        ("iam", Some(("user" | "role", _))) => Ok(arn.to_owned()),
        ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
            Some((role, _session)) if !role.is_empty() => {
                Ok(format!("arn:{partition}:iam::{account}:role/{role}"))
            }
            _ => Err(format!("{arn} names no role")),
        },
        ("sts", Some(("federated-user", _))) => {
            Err("the caller is a federated user, whose permissions IAM cannot simulate".to_owned())
        }
        _ => Err(format!("IAM cannot simulate the policies of {arn}")),
    }
}

/// The region IAM's global endpoint signs for in `partition`.
fn iam_region(partition: &str) -> &'static str {
    match partition {
        "aws-us-gov" => "us-gov-west-1",
        "aws-cn" => "cn-north-1",
        _ => BILLING_REGION,
    }
}

/// What a harmless call's result says about its action: an answer, or an error past
/// authorization (not found, not valid), means allowed; AccessDenied means denied; anything
/// else (no credentials, no network) leaves it not checked.
fn outcome_of<T, E, R>(
    result: std::result::Result<T, SdkError<E, R>>,
    session: &Session,
    operation: &'static str,
    action: &'static str,
) -> Outcome
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    let called = format!("{operation} in {}", session.target.region);
    match result {
        Ok(_) => Outcome::Allowed(format!("{called} answered")),
        Err(SdkError::ServiceError(service)) => {
            let code = service.err().code().unwrap_or("Unknown").to_owned();
            match code.as_str() {
                "AccessDeniedException" | "AccessDenied" => {
                    Outcome::Denied(format!("{called}: AccessDenied"))
                }
                "ResourceNotFoundException"
                | "NotFoundException"
                | "ResourceNotFound"
                | "ValidationException" => {
                    Outcome::Allowed(format!("{called}: {code}, past authorization"))
                }
                _ => Outcome::NotChecked(format!("{called} failed: {code}")),
            }
        }
        Err(other) => {
            let error = Error::from_sdk(
                &other,
                CallContext {
                    operation,
                    action,
                    region: &session.target.region,
                    profile: session.target.profile.as_deref(),
                },
            );
            Outcome::NotChecked(format!("{called} failed: {}", error.message()))
        }
    }
}

/// The harmless calls, concurrently, in [`CALLED`]'s order.
async fn called(session: &Session, account: Option<&str>) -> Vec<Outcome> {
    let bedrock = session.control();
    let region = session.target.region.as_str();
    let probe_arn = account.map(|account| {
        format!(
            "arn:{}:bedrock:{region}:{account}:application-inference-profile/{PROBE_PROFILE_ID}",
            partition_of(region)
        )
    });
    let services = session.services_config();
    let budgets = aws_sdk_budgets::Client::from_conf(
        aws_sdk_budgets::config::Builder::from(&services)
            .region(aws_sdk_budgets::config::Region::new(iam_region(
                partition_of(region),
            )))
            .build(),
    );
    let cloudwatch = aws_sdk_cloudwatch::Client::from_conf(
        aws_sdk_cloudwatch::config::Builder::from(&services)
            .region(aws_sdk_cloudwatch::config::Region::new(BILLING_REGION))
            .build(),
    );
    let no_account = || {
        Outcome::NotChecked("the account is not known (STS GetCallerIdentity failed)".to_owned())
    };
    let list_models = async {
        let r = bedrock.list_foundation_models().send().await;
        outcome_of(r, session, "ListFoundationModels", CALLED[0])
    };
    let list_profiles = async {
        let r = bedrock
            .list_inference_profiles()
            .max_results(1)
            .send()
            .await;
        outcome_of(r, session, "ListInferenceProfiles", CALLED[1])
    };
    let get_profile = async {
        let r = bedrock
            .get_inference_profile()
            .inference_profile_identifier(PROBE_PROFILE_ID)
            .send()
            .await;
        outcome_of(r, session, "GetInferenceProfile", CALLED[2])
    };
    let list_tags = async {
        match &probe_arn {
            Some(arn) => {
                let r = bedrock
                    .list_tags_for_resource()
                    .resource_arn(arn)
                    .send()
                    .await;
                outcome_of(r, session, "ListTagsForResource", CALLED[3])
            }
            None => no_account(),
        }
    };
    let view_budget = async {
        match account {
            Some(account) => {
                let r = budgets
                    .describe_budgets()
                    .account_id(account)
                    .max_results(1)
                    .send()
                    .await;
                outcome_of(r, session, "DescribeBudgets", CALLED[4])
            }
            None => no_account(),
        }
    };
    let describe_alarms = async {
        let r = cloudwatch.describe_alarms().max_records(1).send().await;
        outcome_of(r, session, "DescribeAlarms", CALLED[5])
    };
    let (a, b, c, d, e, f) = tokio::join!(
        list_models,
        list_profiles,
        get_profile,
        list_tags,
        view_budget,
        describe_alarms
    );
    vec![a, b, c, d, e, f]
}

/// [`SIMULATED`] asked of `iam:SimulatePrincipalPolicy` for `caller`, in its order; the extra
/// lines say what was simulated.
async fn simulated(session: &Session, caller: Option<&str>) -> (Vec<Outcome>, Vec<String>) {
    let all_not_checked = |why: String| {
        (
            SIMULATED
                .iter()
                .map(|_| Outcome::NotChecked(why.clone()))
                .collect(),
            Vec::new(),
        )
    };
    let Some(caller) = caller else {
        return all_not_checked(
            "not simulated: the caller is not known (STS GetCallerIdentity failed)".to_owned(),
        );
    };
    let principal = match simulation_principal(caller) {
        Ok(principal) => principal,
        Err(why) => return all_not_checked(format!("not simulated: {why}")),
    };
    let mut notes = vec![format!("simulated for {principal}")];
    if principal != caller {
        notes.push(format!(
            "{caller} is a role session: its role was simulated as {principal} (the STS ARN \
             drops a role's path; a role with one is not found under this ARN)"
        ));
    }
    let partition = partition_of(&session.target.region);
    let iam = aws_sdk_iam::Client::from_conf(
        aws_sdk_iam::config::Builder::from(&session.services_config())
            .region(aws_sdk_iam::config::Region::new(iam_region(partition)))
            .build(),
    );
    let mut decisions: Vec<(String, PolicyEvaluationDecisionType)> = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let answer = iam
            .simulate_principal_policy()
            .policy_source_arn(&principal)
            .set_action_names(Some(SIMULATED.iter().map(|a| (*a).to_owned()).collect()))
            .set_marker(marker.take())
            .send()
            .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                let why = match &e {
                    SdkError::ServiceError(service) => {
                        let err = service.err();
                        match err.code().unwrap_or("Unknown") {
                            "AccessDenied" | "AccessDeniedException" => {
                                "not simulated: iam:SimulatePrincipalPolicy is denied to your \
                                 AWS identity"
                                    .to_owned()
                            }
                            "NoSuchEntity" => format!(
                                "not simulated: IAM does not know {principal}{}",
                                if principal != caller {
                                    " (a role with a path?)"
                                } else {
                                    ""
                                }
                            ),
                            code => format!(
                                "not simulated: SimulatePrincipalPolicy failed: {code} {}",
                                err.message().unwrap_or_default()
                            ),
                        }
                    }
                    other => {
                        let error = Error::from_sdk(
                            other,
                            CallContext {
                                operation: "SimulatePrincipalPolicy",
                                action: "iam:SimulatePrincipalPolicy",
                                region: iam_region(partition),
                                profile: session.target.profile.as_deref(),
                            },
                        );
                        format!("not simulated: {}", error.message())
                    }
                };
                let (outcomes, _) = all_not_checked(why);
                return (outcomes, notes);
            }
        };
        for result in answer.evaluation_results() {
            decisions.push((
                result.eval_action_name().to_owned(),
                result.eval_decision().clone(),
            ));
        }
        match (answer.is_truncated(), answer.marker) {
            (true, Some(next)) => marker = Some(next),
            _ => break,
        }
    }
    let outcomes = SIMULATED
        .iter()
        .map(|action| {
            let mine: Vec<&PolicyEvaluationDecisionType> = decisions
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(action))
                .map(|(_, d)| d)
                .collect();
            if mine.is_empty() {
                Outcome::NotChecked("the simulation did not answer for it".to_owned())
            } else if let Some(denial) = mine
                .iter()
                .find(|d| **d != &PolicyEvaluationDecisionType::Allowed)
            {
                Outcome::Denied(format!("simulated: {}", denial.as_str()))
            } else {
                Outcome::Allowed("simulated: allowed".to_owned())
            }
        })
        .collect();
    (outcomes, notes)
}

/// `permissions`.
pub(super) async fn permissions(ctx: &Ctx) -> Check {
    let session = match ctx.session().await {
        Ok(session) => session,
        Err(error) => {
            return Check::skipped(
                CheckId::Permissions,
                format!("Not checked: no connection ({}).", error.message()),
            )
        }
    };
    let identity = ctx.identity().await.ok();
    let account = identity.as_ref().map(|i| i.account.as_str());
    let caller = identity.as_ref().map(|i| i.arn.as_str());
    let (called, (simulated, notes)) =
        tokio::join!(called(&session, account), simulated(&session, caller));
    let results: Vec<(&str, Outcome)> = CALLED
        .iter()
        .chain(SIMULATED.iter())
        .copied()
        .zip(called.into_iter().chain(simulated))
        .collect();
    let denied: Vec<&str> = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Denied(_)))
        .map(|(a, _)| *a)
        .collect();
    let not_checked: Vec<&str> = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::NotChecked(_)))
        .map(|(a, _)| *a)
        .collect();
    let mut check = if !denied.is_empty() {
        Check::new(
            CheckId::Permissions,
            CheckStatus::Fail,
            format!("Denied to your AWS identity: {}.", denied.join(", ")),
        )
        .with_fix(format!(
            "Ask your administrator to add the statement below (it grants {}) to your IAM \
             identity's policies.",
            denied.join(", ")
        ))
        .with_policy(statement(&denied))
    } else if !not_checked.is_empty() {
        Check::new(
            CheckId::Permissions,
            CheckStatus::Warn,
            format!(
                "{} of {} actions allowed; not checked: {}.",
                results.len() - not_checked.len(),
                results.len(),
                not_checked.join(", ")
            ),
        )
        .with_fix(
            "Allow iam:SimulatePrincipalPolicy on your own identity to let Strata check the \
             actions it does not try, or ask your administrator whether they are allowed.",
        )
    } else {
        Check::new(
            CheckId::Permissions,
            CheckStatus::Pass,
            format!("All {} IAM actions Strata uses are allowed.", results.len()),
        )
    };
    for (action, outcome) in &results {
        check = check.with_detail(match outcome {
            Outcome::Allowed(how) => format!("{action}: allowed ({how})"),
            Outcome::Denied(how) => format!("{action}: denied ({how})"),
            Outcome::NotChecked(why) => format!("{action}: not checked ({why})"),
        });
    }
    for note in notes {
        check = check.with_detail(note);
    }
    check
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_role_session_is_simulated_as_its_role_and_users_as_themselves() {
        assert_eq!(
            simulation_principal(
                "arn:aws:sts::123456789012:assumed-role/Dev-Team/alice@example.com"
            ),
            Ok("arn:aws:iam::123456789012:role/Dev-Team".to_owned())
        );
        assert_eq!(
            simulation_principal("arn:aws-us-gov:sts::123456789012:assumed-role/Ops/i-0abc"),
            Ok("arn:aws-us-gov:iam::123456789012:role/Ops".to_owned())
        );
        assert_eq!(
            simulation_principal("arn:aws:iam::123456789012:user/team/bob"),
            Ok("arn:aws:iam::123456789012:user/team/bob".to_owned())
        );
        assert!(simulation_principal("arn:aws:iam::123456789012:root")
            .unwrap_err()
            .contains("root user"));
        assert!(
            simulation_principal("arn:aws:sts::123456789012:federated-user/carol")
                .unwrap_err()
                .contains("federated user")
        );
        assert!(simulation_principal("arn:aws:sts::123456789012:assumed-role/").is_err());
        assert!(simulation_principal("not an arn").is_err());
    }

    #[test]
    fn the_statement_grants_exactly_the_actions_given() {
        let text = statement(&["bedrock:ListInferenceProfiles", "ce:GetCostAndUsage"]);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["Effect"], "Allow");
        assert_eq!(value["Resource"], "*");
        assert_eq!(
            value["Action"],
            serde_json::json!(["bedrock:ListInferenceProfiles", "ce:GetCostAndUsage"])
        );
        assert!(text.contains('\n'), "pretty: {text}");
    }

    #[test]
    fn every_action_of_the_profiles_and_costs_policies_is_checked() {
        let checked: Vec<&str> = CALLED.iter().chain(SIMULATED.iter()).copied().collect();
        for policy in [crate::profiles::PROFILES_POLICY, crate::costs::COSTS_POLICY] {
            let value: serde_json::Value = serde_json::from_str(policy).unwrap();
            for action in value["Action"].as_array().unwrap() {
                let action = action.as_str().unwrap();
                assert!(checked.contains(&action), "{action} is not checked");
            }
        }
    }
}
