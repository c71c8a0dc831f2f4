#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn bedrock_regions_are_region_names() {
    for r in BEDROCK_REGIONS {
        assert!(crate::limits::is_region_name(r), "{r}");
    }
}

#[test]
fn the_credentials_timeout_is_whole_seconds_with_a_default() {
    assert_eq!(
        parse_credentials_timeout(None),
        Ok(DEFAULT_CREDENTIALS_TIMEOUT)
    );
    assert_eq!(
        parse_credentials_timeout(Some(" ")),
        Ok(DEFAULT_CREDENTIALS_TIMEOUT)
    );
    assert_eq!(
        parse_credentials_timeout(Some("1")),
        Ok(Duration::from_secs(1))
    );
    assert_eq!(
        parse_credentials_timeout(Some("3600")),
        Ok(Duration::from_secs(3600))
    );
    for bad in ["0", "-1", "1.5", "soon", "3601"] {
        let e = parse_credentials_timeout(Some(bad)).unwrap_err();
        assert!(e.message().contains(CREDENTIALS_TIMEOUT_ENV), "{e}");
        assert!(e.message().contains(bad), "{e}");
    }
}

#[test]
fn the_profile_source_is_named_as_the_config_file_says() {
    let kind = |keys: &[&str]| source_kind(|k| keys.contains(&k));
    assert_eq!(
        kind(&["credential_process", "region"]),
        "credential_process"
    );
    assert_eq!(kind(&["sso_session", "sso_account_id"]), "SSO");
    assert_eq!(kind(&["sso_start_url"]), "SSO");
    assert_eq!(
        kind(&["role_arn", "source_profile"]),
        "AssumeRole (role_arn)"
    );
    assert_eq!(kind(&["aws_access_key_id"]), "the access keys");
    assert_eq!(kind(&[]), "the credentials");
    assert_eq!(
        profile_source(None, Some("mfa")),
        "the credentials of profile mfa"
    );
}
