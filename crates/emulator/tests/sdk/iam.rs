//! IAM SimulatePrincipalPolicy on the emulator's port, through aws-sdk-iam and as raw awsQuery:
//! the deny list's decisions, the principal IAM knows, and IAM's errors.

use aws_sdk_iam::types::PolicyEvaluationDecisionType;
use bedrock_emulator::{EmulatorConfig, EmulatorHandle, Fault, Seed};

use crate::common::{amz_now, header, http, services, start_with, VIRGINIA};

const ACCOUNT: &str = "210987654321";
const CALLER: &str = "arn:aws:iam::210987654321:user/emulator-user";

fn iam(emulator: &EmulatorHandle) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&services(emulator, VIRGINIA))
}

async fn emulator() -> EmulatorHandle {
    start_with(EmulatorConfig::for_tests(Seed::Empty).with_account_id(ACCOUNT)).await
}

fn deny(actions: &[&str]) -> Fault {
    Fault::Deny {
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
    }
}

#[tokio::test]
async fn each_action_is_allowed_unless_the_deny_list_names_it_which_is_an_implicit_deny() {
    let emulator = emulator().await;
    emulator
        .add_fault(deny(&[
            "bedrock:CreateInferenceProfile",
            "CE:GetCostAndUsage",
        ]))
        .unwrap();
    let answer = iam(&emulator)
        .simulate_principal_policy()
        .policy_source_arn(CALLER)
        .action_names("bedrock:CreateInferenceProfile")
        .action_names("bedrock:TagResource")
        .action_names("ce:GetCostAndUsage")
        .send()
        .await
        .unwrap();
    assert!(!answer.is_truncated());
    let decisions: Vec<(&str, &str, PolicyEvaluationDecisionType)> = answer
        .evaluation_results()
        .iter()
        .map(|r| {
            (
                r.eval_action_name(),
                r.eval_resource_name().unwrap_or_default(),
                r.eval_decision().clone(),
            )
        })
        .collect();
    assert_eq!(
        decisions,
        [
            (
                "bedrock:CreateInferenceProfile",
                "*",
                PolicyEvaluationDecisionType::ImplicitDeny
            ),
            (
                "bedrock:TagResource",
                "*",
                PolicyEvaluationDecisionType::Allowed
            ),
            (
                "ce:GetCostAndUsage",
                "*",
                PolicyEvaluationDecisionType::ImplicitDeny
            ),
        ]
    );
    let last = emulator.requests().pop().unwrap();
    assert_eq!(
        (last.operation.as_str(), last.region.as_str(), last.status),
        ("SimulatePrincipalPolicy", VIRGINIA, 200)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn each_resource_is_evaluated_for_each_action() {
    let emulator = emulator().await;
    let profile =
        "arn:aws:bedrock:us-east-1:210987654321:application-inference-profile/abc123def456";
    let answer = iam(&emulator)
        .simulate_principal_policy()
        .policy_source_arn(CALLER)
        .action_names("bedrock:InvokeModel")
        .resource_arns(profile)
        .resource_arns("*")
        .send()
        .await
        .unwrap();
    let resources: Vec<&str> = answer
        .evaluation_results()
        .iter()
        .map(|r| r.eval_resource_name().unwrap_or_default())
        .collect();
    assert_eq!(resources, [profile, "*"]);
    assert!(answer
        .evaluation_results()
        .iter()
        .all(|r| r.eval_decision() == &PolicyEvaluationDecisionType::Allowed));
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_unknown_principal_is_no_such_entity_and_a_bad_action_invalid_input() {
    let emulator = emulator().await;
    let client = iam(&emulator);
    let unknown = client
        .simulate_principal_policy()
        .policy_source_arn("arn:aws:iam::210987654321:user/someone-else")
        .action_names("bedrock:InvokeModel")
        .send()
        .await
        .unwrap_err();
    let service = unknown.into_service_error();
    assert!(service.is_no_such_entity_exception(), "{service:?}");
    assert!(
        service.meta().message().unwrap().contains("someone-else"),
        "{service:?}"
    );
    let bad = client
        .simulate_principal_policy()
        .policy_source_arn(CALLER)
        .action_names("InvokeModel")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad.is_invalid_input_exception(), "{bad:?}");
    assert!(bad.meta().message().unwrap().contains("InvokeModel"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_simulation_itself_can_be_denied_with_iams_access_denied() {
    let emulator = emulator().await;
    emulator
        .add_fault(deny(&["iam:SimulatePrincipalPolicy"]))
        .unwrap();
    let denied = iam(&emulator)
        .simulate_principal_policy()
        .policy_source_arn(CALLER)
        .action_names("bedrock:InvokeModel")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(denied.meta().code(), Some("AccessDenied"), "{denied:?}");
    assert!(denied
        .meta()
        .message()
        .unwrap()
        .contains("iam:SimulatePrincipalPolicy"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_wire_is_iams_awsquery_xml_and_a_missing_action_list_is_a_validation_error() {
    let emulator = emulator().await;
    let now = amz_now();
    let signed_for = |service: &str| {
        format!(
            "AWS4-HMAC-SHA256 Credential=AKID/{}/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=abc",
            &now[..8]
        )
    };
    let (iam, sts) = (signed_for("iam"), signed_for("sts"));
    let headers = [
        (
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        ),
        ("x-amz-date", now.as_str()),
        ("authorization", iam.as_str()),
    ];
    let (status, response_headers, body) = http(
        &emulator,
        "POST",
        "/",
        &headers,
        "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Auser%2Femulator-user&ActionNames.member.1=bedrock%3AListInferenceProfiles",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&response_headers, "content-type"), Some("text/xml"));
    assert!(body.starts_with(
        "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
    ));
    assert!(
        body.contains("<EvalDecision>allowed</EvalDecision>"),
        "{body}"
    );
    let (status, _, body) = http(
        &emulator,
        "POST",
        "/",
        &headers,
        "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Auser%2Femulator-user",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("<Code>ValidationError</Code>"), "{body}");
    assert!(body.contains("actionNames"), "{body}");
    // Signed for STS, it is refused: IAM is its own service.
    let (status, _, body) = http(
        &emulator,
        "POST",
        "/",
        &[headers[0], headers[1], ("authorization", sts.as_str())],
        "Action=SimulatePrincipalPolicy&Version=2010-05-08",
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("InvalidSignature"), "{body}");
    assert!(body.contains("correct service"), "{body}");
    emulator.shutdown().await;
}
