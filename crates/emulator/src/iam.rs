//! IAM on the emulator's port: `SimulatePrincipalPolicy` (awsQuery: a form body in, XML out), so
//! that Strata's doctor can ask whether the caller may make the calls it does not try (mutations,
//! invocations). The decisions come from the deny list ([`Fault::Deny`](crate::Fault::Deny)): a
//! denied action is `implicitDeny` (what a permission the user's policies lack gives), every
//! other one `allowed`. Shapes and errors follow botocore's `iam` model.

use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{AwsError, ErrorKind};
use crate::server::Shared;
use crate::wire::{percent_decode, xml_escape};

/// The namespace of every IAM answer (botocore's `iam` model, `xmlNamespace`).
const XMLNS: &str = "https://iam.amazonaws.com/doc/2010-05-08/";

/// The IAM action of the simulation itself, which the deny list can deny too.
pub(crate) const SIMULATE_ACTION: &str = "iam:SimulatePrincipalPolicy";

/// The form's fields, decoded, in order.
fn form_fields(body: &[u8]) -> Result<Vec<(String, String)>, AwsError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| AwsError::validation("The request body is not UTF-8 form data."))?;
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (percent_decode(name, true), percent_decode(value, true)) {
                (Some(name), Some(value)) => Ok((name, value)),
                _ => Err(AwsError::validation(format!(
                    "The form field {pair:?} is not percent-encoded correctly."
                ))),
            }
        })
        .collect()
}

/// A `Name.member.N` list of the form, in `N`'s order.
fn member_list(fields: &[(String, String)], name: &str) -> Vec<String> {
    let prefix = format!("{name}.member.");
    let mut members: Vec<(u32, String)> = fields
        .iter()
        .filter_map(|(key, value)| {
            let index = key.strip_prefix(&prefix)?.parse().ok()?;
            Some((index, value.clone()))
        })
        .collect();
    members.sort_by_key(|(index, _)| *index);
    members.into_iter().map(|(_, value)| value).collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// A constraint of botocore's model broken: IAM's `ValidationError`.
fn constraint(message: String) -> AwsError {
    AwsError::validation(message)
}

/// The principals whose policies can be simulated: the caller STS names and, for an assumed
/// role, the role itself (`arn:aws:iam::ACCOUNT:role/ROLE`).
fn known_principals(caller: &str) -> Vec<String> {
    let mut known = vec![caller.to_owned()];
    if let Some((head, rest)) = caller.split_once(":assumed-role/") {
        if let Some((role, _session)) = rest.split_once('/') {
            known.push(format!(
                "{}:role/{role}",
                head.replacen(":sts:", ":iam:", 1)
            ));
        }
    }
    known
}

/// The answer's `<member>` of one action.
fn evaluation(action: &str, resource: &str, allowed: bool) -> String {
    let decision = if allowed { "allowed" } else { "implicitDeny" };
    format!(
        "      <member>\n        <EvalActionName>{}</EvalActionName>\n        <EvalResourceName>{}</EvalResourceName>\n        \
         <EvalDecision>{decision}</EvalDecision>\n        <MatchedStatements/>\n        <MissingContextValues/>\n      </member>\n",
        xml_escape(action),
        xml_escape(resource),
    )
}

/// `POST /` with `Action=SimulatePrincipalPolicy`: each `ActionNames` × `ResourceArns` (`*`
/// without any) evaluated against the deny list.
pub(crate) fn simulate_principal_policy(
    shared: &Shared,
    body: &[u8],
    request_id: &str,
) -> Result<Response, AwsError> {
    let fields = form_fields(body)?;
    let source = field(&fields, "PolicySourceArn").unwrap_or_default();
    if source.is_empty() {
        return Err(constraint(
            "1 validation error detected: Value null at 'policySourceArn' failed to satisfy \
             constraint: Member must not be null"
                .into(),
        ));
    }
    if !(20..=2048).contains(&source.chars().count()) {
        return Err(constraint(format!(
            "1 validation error detected: Value '{source}' at 'policySourceArn' failed to satisfy \
             constraint: Member must have length between 20 and 2048"
        )));
    }
    let actions = member_list(&fields, "ActionNames");
    if actions.is_empty() {
        return Err(constraint(
            "1 validation error detected: Value null at 'actionNames' failed to satisfy \
             constraint: Member must not be null"
                .into(),
        ));
    }
    if let Some(bad) = actions
        .iter()
        .find(|a| !(3..=128).contains(&a.chars().count()))
    {
        return Err(constraint(format!(
            "1 validation error detected: Value '{bad}' at 'actionNames' failed to satisfy \
             constraint: Member must have length between 3 and 128"
        )));
    }
    if let Some(bad) = actions.iter().find(|a| !a.contains(':')) {
        return Err(AwsError::new(
            ErrorKind::InvalidInputException,
            format!("Action {bad} is not a valid action: an action is SERVICE:NAME."),
        ));
    }
    let caller = shared.caller().arn;
    if !source.starts_with("arn:") || source.split(':').count() < 6 {
        return Err(AwsError::new(
            ErrorKind::InvalidInputException,
            format!(
                "Invalid ARN {source}: the policy source must be an IAM user, group or role ARN."
            ),
        ));
    }
    if !known_principals(&caller).iter().any(|p| p == source) {
        let name = source.rsplit('/').next().unwrap_or(source);
        return Err(AwsError::new(
            ErrorKind::NoSuchEntityException,
            format!("The user with name {name} cannot be found."),
        ));
    }
    let resources = member_list(&fields, "ResourceArns");
    let resources = if resources.is_empty() {
        vec!["*".to_owned()]
    } else {
        resources
    };
    let mut members = String::new();
    for action in &actions {
        let allowed = !shared.faults.denies(action);
        for resource in &resources {
            members.push_str(&evaluation(action, resource, allowed));
        }
    }
    let body = format!(
        "<SimulatePrincipalPolicyResponse xmlns=\"{XMLNS}\">\n  <SimulatePrincipalPolicyResult>\n    \
         <IsTruncated>false</IsTruncated>\n    <EvaluationResults>\n{members}    </EvaluationResults>\n  \
         </SimulatePrincipalPolicyResult>\n  <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  \
         </ResponseMetadata>\n</SimulatePrincipalPolicyResponse>\n",
        xml_escape(request_id),
    );
    Ok(crate::wire::xml_response(StatusCode::OK, body))
}

/// An error as IAM sends it: `<ErrorResponse><Error><Type>…<Code>…<Message>…`, with IAM's
/// awsQuery codes (`AccessDenied`, `NoSuchEntity`, `InvalidInput`, `ValidationError`).
pub(crate) fn error_response(error: &AwsError, request_id: &str) -> Response {
    crate::wire::query_error(XMLNS, error.kind.query_code(), error, request_id)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn an_assumed_role_can_be_simulated_as_its_role() {
        assert_eq!(
            known_principals("arn:aws:sts::123456789012:assumed-role/Dev/alice"),
            [
                "arn:aws:sts::123456789012:assumed-role/Dev/alice",
                "arn:aws:iam::123456789012:role/Dev"
            ]
        );
        assert_eq!(
            known_principals("arn:aws:iam::123456789012:user/emulator-user"),
            ["arn:aws:iam::123456789012:user/emulator-user"]
        );
    }

    #[test]
    fn member_lists_follow_their_index_not_their_order() {
        let fields = form_fields(
            b"Action=SimulatePrincipalPolicy&ActionNames.member.2=b%3AB&ActionNames.member.1=a%3AA&ActionNames.member.10=c%3AC",
        )
        .unwrap();
        assert_eq!(member_list(&fields, "ActionNames"), ["a:A", "b:B", "c:C"]);
        assert!(member_list(&fields, "ResourceArns").is_empty());
    }
}
