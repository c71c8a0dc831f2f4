#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use super::*;

fn profile(name: &str, keys: &[(&'static str, &str)]) -> ProfileView {
    ProfileView {
        name: name.to_owned(),
        defined: true,
        keys: keys
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        credential_process: false,
        access_key_suffix: None,
    }
}

fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

const NOW: Duration = Duration::from_secs(1_800_000_000);

fn at(offset_s: i64) -> SystemTime {
    let base = SystemTime::UNIX_EPOCH + NOW;
    if offset_s >= 0 {
        base + Duration::from_secs(offset_s.unsigned_abs())
    } else {
        base - Duration::from_secs(offset_s.unsigned_abs())
    }
}

#[test]
fn environment_keys_win_unless_a_profile_is_chosen() {
    let keys = env(&[
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE42"),
        ("AWS_SECRET_ACCESS_KEY", "not-a-secret"),
    ]);
    let dev = profile("dev", &[("sso_session", "corp")]);
    let source = Source::of(&keys, false, dev.clone());
    assert_eq!(
        source.describe(),
        "environment keys (AWS_ACCESS_KEY_ID ending in LE42)"
    );
    assert!(!source.describe().contains("AKIA"));
    assert_eq!(
        Source::of(&keys, true, dev).describe(),
        "profile dev (SSO session corp)"
    );
}

#[test]
fn a_profile_without_credentials_falls_through_to_web_identity_and_containers() {
    let bare = profile("default", &[("region", "eu-west-1")]);
    assert_eq!(Source::of(env(&[]), false, bare.clone()), Source::Nothing);
    let web = env(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"),
        ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/ci"),
    ]);
    assert_eq!(Source::of(web, false, bare.clone()), Source::WebIdentity);
    let ecs = env(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials")]);
    assert_eq!(
        Source::of(ecs, false, bare).describe(),
        "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"
    );
}

#[test]
fn profile_kinds_are_named_in_the_config_files_words() {
    let describe = |view: ProfileView| Source::Profile(view).describe();
    assert_eq!(
        describe(profile(
            "ops",
            &[
                ("role_arn", "arn:aws:iam::1:role/x"),
                ("source_profile", "base")
            ]
        )),
        "profile ops (AssumeRole of role_arn from source_profile base)"
    );
    assert_eq!(
        describe(profile(
            "old",
            &[("sso_start_url", "https://x.awsapps.com/start")]
        )),
        "profile old (legacy SSO, sso_start_url)"
    );
    let mut process = profile("work", &[]);
    process.credential_process = true;
    assert_eq!(describe(process), "profile work (credential_process)");
    let mut keys = profile("default", &[]);
    keys.access_key_suffix = Some("7EXA".to_owned());
    assert_eq!(
        describe(keys),
        "profile default (static keys, aws_access_key_id ending in 7EXA)"
    );
    assert_eq!(
        describe(ProfileView {
            name: "gone".to_owned(),
            ..ProfileView::default()
        }),
        "profile gone (not in the AWS config files)"
    );
}

#[test]
fn an_expired_sso_session_names_the_login_command_with_the_real_names() {
    let source = Source::Profile(profile("dev", &[("sso_session", "corp")]));
    let e = Error::new(
        ErrorKind::ExpiredCredentials,
        "Your AWS credentials have expired.",
    );
    let check = assess(&source, &Err(e), at(0), false);
    assert_eq!(check.status, CheckStatus::Fail);
    assert!(
        check.finding.contains("session corp (profile dev)"),
        "{check:?}"
    );
    let fix = check.fix.unwrap();
    assert!(fix.contains("aws sso login --sso-session corp"), "{fix}");
    assert!(fix.contains("aws sso login --profile dev"), "{fix}");
}

#[test]
fn no_credentials_fail_with_how_to_configure_them_unless_an_api_key_is_set() {
    let e = Error::new(ErrorKind::NoCredentials, "No AWS credentials were found.");
    let none = assess(&Source::Nothing, &Err(e.clone()), at(0), false);
    assert_eq!(none.status, CheckStatus::Fail);
    assert_eq!(none.action, Some(FixAction::OpenAwsSettings));
    assert!(none.fix.as_deref().unwrap().contains("aws configure sso"));
    let key_only = assess(&Source::Nothing, &Err(e), at(0), true);
    assert_eq!(key_only.status, CheckStatus::Warn);
    assert!(key_only.finding.contains(API_KEY_VAR), "{key_only:?}");
}

#[test]
fn expiry_warns_under_fifteen_minutes_only_when_nothing_renews_them() {
    let keys = Source::Environment {
        key_suffix: "LE42".to_owned(),
        session_token: true,
    };
    let soon = assess(&keys, &Ok(Some(at(9 * 60))), at(0), false);
    assert_eq!(soon.status, CheckStatus::Warn);
    assert!(
        soon.finding
            .contains("expire in 9 min (at 2027-01-15T08:09:00Z)"),
        "{soon:?}"
    );
    let later = assess(&keys, &Ok(Some(at(3 * 3600 + 5 * 60))), at(0), false);
    assert_eq!(later.status, CheckStatus::Pass);
    assert!(later.finding.contains("3 h 5 min"), "{later:?}");
    let sso = Source::Profile(profile("dev", &[("sso_session", "corp")]));
    assert_eq!(
        assess(&sso, &Ok(Some(at(9 * 60))), at(0), false).status,
        CheckStatus::Pass
    );
    let gone = assess(&keys, &Ok(Some(at(-60))), at(0), false);
    assert_eq!(gone.status, CheckStatus::Fail);
    assert!(gone.fix.unwrap().contains("AWS_SESSION_TOKEN"));
    let forever = assess(&keys, &Ok(None), at(0), false);
    assert!(forever.finding.contains("do not expire"), "{forever:?}");
}

#[test]
fn a_broken_source_is_its_own_finding_with_the_errors_hint() {
    let mut process = profile("work", &[]);
    process.credential_process = true;
    let e = Error::new(
        ErrorKind::BrokenCredentials,
        "Getting AWS credentials from credential_process of profile work took longer than 1 s, so Strata stopped waiting.",
    )
    .with_hint("If it waits for you (an MFA code), finish that and retry.");
    let check = assess(&Source::Profile(process), &Err(e), at(0), false);
    assert_eq!(check.status, CheckStatus::Fail);
    assert!(check.finding.contains("took longer than 1 s"), "{check:?}");
    assert!(check.fix.unwrap().contains("MFA"));
}

#[test]
fn demo_mode_is_said_plainly_with_its_reason() {
    let flag = demo(DemoReason::Flag);
    assert_eq!(flag.status, CheckStatus::Pass);
    assert!(flag.finding.contains("--demo"), "{flag:?}");
    assert!(flag.finding.contains("built-in emulator"));
    let none = demo(DemoReason::NoCredentials);
    assert_eq!(none.status, CheckStatus::Warn);
    assert_eq!(none.action, Some(FixAction::OpenAwsSettings));
    let fix = none.fix.unwrap();
    assert!(fix.contains("aws configure"), "{fix}");
    assert!(!fix.contains("Demo mode"), "{fix}");
}
