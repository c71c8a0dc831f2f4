use super::*;

const CX: CallContext<'static> = CallContext {
    operation: "ListInferenceProfiles",
    action: "bedrock:ListInferenceProfiles",
    region: "eu-central-1",
    profile: Some("work"),
};

#[test]
fn access_denied_names_the_actions_needed() {
    let e = from_service_code("AccessDeniedException", Some("not authorized"), CX);
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(e.message().contains("ListInferenceProfiles"));
    assert!(e.message().contains("not authorized"));
    let hint = e.hint().unwrap_or_default();
    for action in CATALOG_ACTIONS {
        assert!(hint.contains(action), "{hint}");
    }
}

#[test]
fn profile_calls_name_the_action_and_the_policy_statement() {
    let cx = CallContext {
        operation: "CreateInferenceProfile",
        action: "bedrock:CreateInferenceProfile",
        ..CX
    };
    let e = profiles_service_error("AccessDeniedException", Some("not authorized"), cx)
        .unwrap_or_else(|| Error::internal("none"));
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(
        e.message().contains("bedrock:CreateInferenceProfile"),
        "{e}"
    );
    assert!(e.message().contains("not authorized"), "{e}");
    let hint = e.hint().unwrap_or_default();
    assert!(
        hint.starts_with("Ask your administrator to allow bedrock:CreateInferenceProfile."),
        "{hint}"
    );
    let statement = &hint[hint.find("\n{").map(|i| i + 1).unwrap_or(0)..];
    assert_eq!(statement, crate::profiles::PROFILES_POLICY);

    let e = profiles_service_error("ServiceQuotaExceededException", None, cx)
        .unwrap_or_else(|| Error::internal("none"));
    assert_eq!(e.kind(), ErrorKind::QuotaExceeded);
    assert_eq!(
        e.message(),
        "You have reached the quota of application inference profiles in eu-central-1 \
         (AWS's default is 2,000 per account and region)."
    );
    assert_eq!(e.hint(), Some(PROFILE_QUOTA_HINT));
    // Other calls and codes are sorted as for any Bedrock call.
    assert!(profiles_service_error("ServiceQuotaExceededException", None, CX).is_none());
    assert!(profiles_service_error("ThrottlingException", None, cx).is_none());
}

#[test]
fn expired_session_hints_at_sso_login_for_the_profile() {
    let e = from_service_code("ExpiredTokenException", None, CX);
    assert_eq!(e.kind(), ErrorKind::ExpiredCredentials);
    assert!(e
        .hint()
        .unwrap_or_default()
        .contains("aws sso login --profile work"));
}

#[test]
fn service_codes_map_to_their_kinds() {
    for (code, kind) in [
        ("ThrottlingException", ErrorKind::Throttled),
        ("ResourceNotFoundException", ErrorKind::NotFound),
        ("ValidationException", ErrorKind::Validation),
        ("TooManyTagsException", ErrorKind::Validation),
        ("ConflictException", ErrorKind::Conflict),
        ("UnrecognizedClientException", ErrorKind::NoCredentials),
        ("InternalServerException", ErrorKind::Internal),
    ] {
        assert_eq!(from_service_code(code, None, CX).kind(), kind, "{code}");
    }
}

#[test]
fn a_signature_refused_for_its_time_names_the_clock_skew_and_the_fix() {
    let behind = from_service_code(
        "InvalidSignatureException",
        Some("Signature expired: 20261201T120000Z is now earlier than 20261201T120500Z (20261201T121000Z - 5 min.)"),
        CX,
    );
    assert_eq!(behind.kind(), ErrorKind::Internal);
    assert_eq!(
        behind.message(),
        "AWS refused ListInferenceProfiles because this computer's clock is 10 min behind \
         AWS's: AWS refuses signatures more than 5 minutes off."
    );
    assert!(behind
        .hint()
        .unwrap_or_default()
        .contains("timedatectl set-ntp true"));
    let ahead = from_service_code(
        "SignatureDoesNotMatch",
        Some("Signature not yet current: 20261201T122000Z is still later than 20261201T122000Z (20261201T120500Z + 15 min.)"),
        CX,
    );
    assert!(
        ahead.message().contains("is 15 min ahead of AWS's"),
        "{ahead}"
    );
    // A signature refused for another reason is still a credentials problem.
    let scope = from_service_code(
        "InvalidSignatureException",
        Some("Credential should be scoped to correct service: 'bedrock'."),
        CX,
    );
    assert_eq!(scope.kind(), ErrorKind::NoCredentials);
    assert_eq!(
        signature_skew("Signature expired: soon is now earlier than (x - 5 min.)"),
        None
    );
    assert_eq!(skew_words(-45), "45 s behind");
    assert_eq!(skew_words(0), "in step with");
}

#[test]
fn missing_credentials_say_how_to_get_some() {
    let e = from_credentials_error(&CredentialsError::not_loaded("no providers in chain"), CX);
    assert_eq!(e.kind(), ErrorKind::NoCredentials);
    assert!(e.message().contains("profile work"));
    assert!(e.hint().unwrap_or_default().contains("aws configure"));
}

#[test]
fn broken_credentials_are_not_reported_as_missing_ones() {
    for (err, kind, words) in [
        (
            CredentialsError::provider_error(
                "Error retrieving credentials: external process exited with code exit status: 1. Stderr: token server down",
            ),
            ErrorKind::BrokenCredentials,
            "credential_process for profile work failed",
        ),
        (
            CredentialsError::invalid_configuration(
                "ProfileFile provider could not be built: profile formed an infinite loop",
            ),
            ErrorKind::BrokenCredentials,
            "not set up correctly",
        ),
        (
            CredentialsError::provider_error(
                "service error: AccessDenied: User is not authorized to perform: sts:AssumeRole",
            ),
            ErrorKind::AccessDenied,
            "may not assume the role",
        ),
        (
            CredentialsError::provider_error(crate::aws::CredentialsTimedOut {
                source_name: "credential_process of profile work".into(),
                after: std::time::Duration::from_secs(1),
            }),
            ErrorKind::BrokenCredentials,
            "from credential_process of profile work took longer than 1 s",
        ),
    ] {
        let e = from_credentials_error(&err, CX);
        assert_eq!(e.kind(), kind, "{e}");
        assert!(e.message().contains(words), "{e}");
        assert!(e.hint().is_some());
    }
}

#[test]
fn an_expired_sso_token_is_expired_credentials() {
    let e = from_credentials_error(
        &CredentialsError::provider_error("the SSO token has expired and cannot be refreshed"),
        CX,
    );
    assert_eq!(e.kind(), ErrorKind::ExpiredCredentials);
    assert!(e
        .hint()
        .unwrap_or_default()
        .contains("aws sso login --profile work"));
}
