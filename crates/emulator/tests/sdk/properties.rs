//! Property tests: names, descriptions and tags are accepted iff they match AWS's documented
//! patterns and lengths, by the validators and by the running service.

use std::sync::OnceLock;

use aws_sdk_bedrock::types::{InferenceProfileModelSource, Tag};
use bedrock_emulator::{
    is_valid_description, is_valid_profile_name, is_valid_tag_key, is_valid_tag_value,
    EmulatorConfig, EmulatorHandle, Seed,
};
use proptest::prelude::*;
use regex::Regex;

use crate::common::*;

// The oracles: AWS's patterns compiled by the regex crate, anchored, with ASCII `\s` as in Java.
fn name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:[0-9a-zA-Z][ _-]?)+$").unwrap())
}
fn description_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:[0-9a-zA-Z:.][ _-]?)+$").unwrap())
}
fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?-u:[a-zA-Z0-9\s._:/=+@-])*$").unwrap())
}

fn name_ok(s: &str) -> bool {
    (1..=64).contains(&s.chars().count()) && name_re().is_match(s)
}
fn description_ok(s: &str) -> bool {
    (1..=200).contains(&s.chars().count()) && description_re().is_match(s)
}
fn key_ok(s: &str) -> bool {
    (1..=128).contains(&s.chars().count()) && tag_re().is_match(s)
}
fn value_ok(s: &str) -> bool {
    s.chars().count() <= 256 && tag_re().is_match(s)
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        "([0-9a-zA-Z][ _-]?){1,40}",
        "[0-9a-zA-Z _-]{0,70}",
        "[0-9a-zA-Z _.,:!é\\-]{0,12}",
    ]
}

fn descriptions() -> impl Strategy<Value = String> {
    prop_oneof![
        "([0-9a-zA-Z:.][ _-]?){1,110}",
        "[0-9a-zA-Z:. _-]{0,210}",
        "[0-9a-zA-Z:. _,;/'-]{0,20}",
    ]
}

fn tag_texts() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 \t\n._:/=+@-]{0,140}",
        "[a-zA-Z0-9 ._:/=+@-]{120,260}",
        "[a-zA-Z0-9 ,#*é\u{a0}._-]{0,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn names_are_valid_iff_they_match(name in names()) {
        prop_assert_eq!(is_valid_profile_name(&name), name_ok(&name), "{:?}", name);
    }

    #[test]
    fn descriptions_are_valid_iff_they_match(description in descriptions()) {
        prop_assert_eq!(is_valid_description(&description), description_ok(&description), "{:?}", description);
    }

    #[test]
    fn tags_are_valid_iff_they_match(text in tag_texts()) {
        prop_assert_eq!(is_valid_tag_key(&text), key_ok(&text), "key {:?}", text);
        prop_assert_eq!(is_valid_tag_value(&text), value_ok(&text), "value {:?}", text);
    }
}

/// One emulator (and runtime) for every case of the service-level properties.
struct Live {
    runtime: tokio::runtime::Runtime,
    _emulator: EmulatorHandle,
    client: aws_sdk_bedrock::Client,
    arn: String,
}

fn live() -> &'static Live {
    static LIVE: OnceLock<Live> = OnceLock::new();
    LIVE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (emulator, client, arn) = runtime.block_on(async {
            let emulator =
                bedrock_emulator::Emulator::start(EmulatorConfig::for_tests(Seed::Empty))
                    .await
                    .unwrap();
            let client = bedrock(&emulator, TOKYO);
            let arn = create_profile(&client, TOKYO, "property-target").await;
            (emulator, client, arn)
        });
        Live {
            runtime,
            _emulator: emulator,
            client,
            arn,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_service_accepts_a_profile_iff_name_and_description_are_valid(name in names(), description in descriptions()) {
        let live = live();
        let valid = name_ok(&name) && description_ok(&description) && name != "property-target";
        let result = live.runtime.block_on(
            live.client
                .create_inference_profile()
                .inference_profile_name(&name)
                .description(&description)
                .model_source(InferenceProfileModelSource::CopyFrom(fm_arn(TOKYO, HAIKU)))
                .send(),
        );
        match result {
            Ok(out) => {
                prop_assert!(valid, "accepted {:?} / {:?}", name, description);
                live.runtime
                    .block_on(live.client.delete_inference_profile().inference_profile_identifier(out.inference_profile_arn).send())
                    .unwrap();
            }
            Err(e) => {
                let e = e.into_service_error();
                prop_assert!(e.is_validation_exception() || name == "property-target", "{:?}", e);
                prop_assert!(!valid, "refused {:?} / {:?}: {:?}", name, description, e);
            }
        }
    }

    #[test]
    fn the_service_accepts_a_tag_iff_key_and_value_are_valid(key in tag_texts(), value in tag_texts()) {
        let live = live();
        let valid = key_ok(&key) && value_ok(&value);
        let tag = Tag::builder().key(&key).value(&value).build().unwrap();
        let result = live.runtime.block_on(live.client.tag_resource().resource_arn(&live.arn).tags(tag).send());
        match result {
            Ok(_) => {
                prop_assert!(valid, "accepted {:?}={:?}", key, value);
                live.runtime.block_on(live.client.untag_resource().resource_arn(&live.arn).tag_keys(&key).send()).unwrap();
            }
            Err(e) => {
                let e = e.into_service_error();
                prop_assert!(e.is_validation_exception(), "{:?}", e);
                prop_assert!(!valid, "refused {:?}={:?}", key, value);
            }
        }
    }
}
