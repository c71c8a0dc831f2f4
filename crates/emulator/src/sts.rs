//! STS on the emulator's port: `GetCallerIdentity` (awsQuery: a form body in, XML out), so that
//! the account and principal the costs belong to can be shown as AWS shows them. The principal is
//! an IAM user by default and can be chosen ([`Principal::parse`]): an assumed role or a federated
//! user of the emulator's account.

use axum::http::StatusCode;
use axum::response::Response;

use crate::error::AwsError;
use crate::server::Shared;
use crate::wire::{fnv1a, xml_escape};

/// The namespace of every STS answer (botocore's `sts` model, `xmlNamespace`).
const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The IAM user every signed request is taken to come from (the one AccessDenied names).
pub(crate) const CALLER_USER: &str = "emulator-user";

/// The caller's ARN: `arn:aws:iam::ACCOUNT:user/emulator-user`.
pub(crate) fn caller_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:user/{CALLER_USER}")
}

/// The caller's unique id, as IAM gives users: `AIDA` and 17 uppercase letters and digits,
/// derived from the account so that it is the same on every start.
pub(crate) fn caller_user_id(account: &str) -> String {
    unique_id("AIDA", account, CALLER_USER)
}

/// An IAM unique id: `prefix` (`AIDA` users, `AROA` roles) and 17 uppercase letters and digits,
/// derived from the account and the name so that it is the same on every start.
fn unique_id(prefix: &str, account: &str, name: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut hash = fnv1a(&[account, name]);
    let mut id = String::from(prefix);
    for _ in 0..17 {
        id.push(char::from(ALPHABET[(hash % 32) as usize]));
        hash = hash.rotate_right(5) ^ 0x9e37_79b9_7f4a_7c15;
    }
    id
}

/// Who signed requests are taken to come from: GetCallerIdentity's ARN and user id, and the
/// principal AccessDenied names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Principal {
    /// `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` or
    /// `arn:aws:sts::ACCOUNT:federated-user/NAME`.
    pub(crate) arn: String,
    /// `AIDA…` (user), `AROA…:SESSION` (assumed role), `ACCOUNT:NAME` (federated user).
    pub(crate) user_id: String,
}

/// IAM's name characters (`[\w+=,.@-]`), `min..=max` of them.
fn is_iam_name(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

impl Principal {
    /// The default caller, the IAM user `emulator-user`.
    pub(crate) fn default_for(account: &str) -> Self {
        Self {
            arn: caller_arn(account),
            user_id: caller_user_id(account),
        }
    }

    /// Reads a caller ARN of the emulator's `account`: an IAM user (with an optional path), an
    /// STS assumed role or a federated user; anything else is refused, saying what is expected.
    pub(crate) fn parse(arn: &str, account: &str) -> Result<Self, String> {
        let expected = format!(
            "expected arn:aws:iam::{account}:user/NAME, arn:aws:sts::{account}:assumed-role/ROLE/SESSION \
             or arn:aws:sts::{account}:federated-user/NAME"
        );
        let bad = |why: &str| Err(format!("caller ARN {arn:?} {why}; {expected}"));
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let [prefix, partition, service, region, arn_account, resource] = parts.as_slice() else {
            return bad("is not an ARN");
        };
        if *prefix != "arn" || *partition != "aws" || !region.is_empty() {
            return bad("is not an IAM or STS principal ARN of the aws partition");
        }
        if *arn_account != account {
            return bad(&format!(
                "names account {arn_account:?}, not the emulator's"
            ));
        }
        match (*service, resource.split_once('/')) {
            ("iam", Some(("user", path_and_name))) => {
                let (path, name) = path_and_name
                    .rsplit_once('/')
                    .unwrap_or(("", path_and_name));
                let path_ok = path.split('/').all(|p| is_iam_name(p, 1, 512));
                if !is_iam_name(name, 1, 64) || (!path.is_empty() && !path_ok) {
                    return bad("has a user name that IAM does not allow");
                }
                Ok(Self {
                    arn: arn.to_owned(),
                    user_id: unique_id("AIDA", account, path_and_name),
                })
            }
            ("sts", Some(("assumed-role", rest))) => {
                let Some((role, session)) = rest.split_once('/') else {
                    return bad("has no session name after the role");
                };
                if !is_iam_name(role, 1, 64) || !is_iam_name(session, 2, 64) {
                    return bad("has a role or session name that IAM does not allow");
                }
                Ok(Self {
                    arn: arn.to_owned(),
                    user_id: format!("{}:{session}", unique_id("AROA", account, role)),
                })
            }
            ("sts", Some(("federated-user", name))) => {
                if !is_iam_name(name, 2, 32) {
                    return bad("has a federated user name that STS does not allow");
                }
                Ok(Self {
                    arn: arn.to_owned(),
                    user_id: format!("{account}:{name}"),
                })
            }
            _ => bad("is not a user, assumed-role or federated-user principal"),
        }
    }
}

/// `POST /` with `Action=GetCallerIdentity`.
pub(crate) fn get_caller_identity(shared: &Shared, request_id: &str) -> Response {
    let account = &shared.account;
    let caller = shared.caller();
    let body = format!(
        "<GetCallerIdentityResponse xmlns=\"{XMLNS}\">\n  <GetCallerIdentityResult>\n    <Arn>{}</Arn>\n    \
         <UserId>{}</UserId>\n    <Account>{}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    \
         <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
        xml_escape(&caller.arn),
        xml_escape(&caller.user_id),
        xml_escape(account),
        xml_escape(request_id),
    );
    crate::wire::xml_response(StatusCode::OK, body)
}

/// An error as awsQuery services send it: `<ErrorResponse><Error><Type>…<Code>…<Message>…`,
/// with the same status and `x-amzn-ErrorType` as the JSON form (for the request log).
pub(crate) fn error_response(error: &AwsError, request_id: &str) -> Response {
    crate::wire::query_error(XMLNS, error.kind.code(), error, request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_id_looks_like_iams_and_is_stable() {
        let id = caller_user_id("123456789012");
        assert_eq!(id.len(), 21, "{id}");
        assert!(id.starts_with("AIDA"), "{id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
            "{id}"
        );
        assert_eq!(id, caller_user_id("123456789012"));
        assert_ne!(id, caller_user_id("210987654321"));
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_caller_is_a_user_an_assumed_role_or_a_federated_user_of_the_account() {
        let account = "123456789012";
        let role = Principal::parse(
            "arn:aws:sts::123456789012:assumed-role/BedrockUsers/alice@example.com",
            account,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(role.user_id.starts_with("AROA"), "{}", role.user_id);
        assert!(
            role.user_id.ends_with(":alice@example.com"),
            "{}",
            role.user_id
        );
        assert_eq!(role.user_id.len(), 21 + 1 + "alice@example.com".len());
        let user = Principal::parse("arn:aws:iam::123456789012:user/team/bob", account)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(user.user_id.starts_with("AIDA"));
        let federated = Principal::parse("arn:aws:sts::123456789012:federated-user/carol", account)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(federated.user_id, "123456789012:carol");
        assert_eq!(
            Principal::parse(&caller_arn(account), account),
            Ok(Principal::default_for(account))
        );
        for (bad, why) in [
            (
                "arn:aws:sts::210987654321:assumed-role/R/session",
                "names account",
            ),
            ("arn:aws:iam::123456789012:role/R", "is not a user"),
            ("arn:aws:sts::123456789012:assumed-role/R", "no session"),
            ("arn:aws:sts::123456789012:assumed-role/R/s", "not allow"),
            ("arn:aws:iam::123456789012:user/bad name", "not allow"),
            ("arn:aws-cn:iam::123456789012:user/u", "aws partition"),
            ("emulator-user", "not an ARN"),
        ] {
            let e = Principal::parse(bad, account).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
            assert!(e.contains("assumed-role/ROLE/SESSION"), "{e}");
        }
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
