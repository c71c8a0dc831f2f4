//! The settings schema: one struct, every field with a default, a `schema_version`, validation
//! that says exactly what is wrong, and recovery that backs up unreadable data instead of losing
//! it. Where the settings live (tauri-plugin-store) is the shell's business.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::Result;
use crate::limits;

/// The version of the settings layout this build writes.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// The key the settings are stored under.
pub const STORE_KEY: &str = "settings";

/// Whether Bedrock calls go to the embedded emulator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DemoPreference {
    /// Demo mode when no AWS credentials resolve, real Bedrock otherwise.
    #[default]
    Auto,
    /// Always the emulator.
    On,
    /// Never the emulator: without credentials, say so.
    Off,
}

/// Everything the user can set. Unknown fields are ignored; missing ones take their default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// The layout version; data from a newer Strata is backed up, not guessed at.
    pub schema_version: u32,
    /// List application inference profiles in the picker ("Enable Inference Profiles").
    pub enable_inference_profiles: bool,
    /// The AWS region; `None` follows the AWS config (`AWS_REGION`, the profile), else us-east-1.
    pub region: Option<String>,
    /// A named profile from `~/.aws/config`; `None` follows `AWS_PROFILE`, else `default`.
    pub aws_profile: Option<String>,
    /// An endpoint to use instead of Bedrock's (advanced: a VPC endpoint). Only the Bedrock
    /// (control plane) client uses it; `None` follows `AWS_ENDPOINT_URL_BEDROCK`,
    /// `AWS_ENDPOINT_URL` and the AWS config.
    pub endpoint_url: Option<String>,
    /// An endpoint to use instead of Bedrock Runtime's (chat); `None` follows
    /// `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL` and the AWS config. Settings saved
    /// before this field existed meant one override for both, so they load with it copied from
    /// `endpoint_url`.
    #[ts(optional = nullable)]
    pub runtime_endpoint_url: Option<String>,
    /// The picker's selection: a model id, a system profile id or an AIP ARN.
    pub selected_model_id: Option<String>,
    /// Demo mode: auto, on or off.
    pub demo_mode: DemoPreference,
    /// Prompt caching: cache points on the system prompt and the conversation prefix, for
    /// models that have it (on by default; settings saved before it existed load with it on).
    pub prompt_caching: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            enable_inference_profiles: false,
            region: None,
            aws_profile: None,
            endpoint_url: None,
            runtime_endpoint_url: None,
            selected_model_id: None,
            demo_mode: DemoPreference::Auto,
            prompt_caching: true,
        }
    }
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl Settings {
    /// Trims text fields and turns blanks into `None`, so "" never means a region.
    pub fn normalized(mut self) -> Self {
        self.region = blank_to_none(self.region);
        self.aws_profile = blank_to_none(self.aws_profile);
        self.endpoint_url = blank_to_none(self.endpoint_url);
        self.runtime_endpoint_url = blank_to_none(self.runtime_endpoint_url);
        self.selected_model_id = blank_to_none(self.selected_model_id);
        self.schema_version = SCHEMA_VERSION;
        self
    }

    /// Checks every field, naming the first one that is wrong and why (the rules are in
    /// [`crate::limits`]).
    pub fn validate(&self) -> Result<()> {
        if let Some(region) = &self.region {
            limits::region_name(region)?;
        }
        if let Some(profile) = &self.aws_profile {
            limits::profile_name(profile)?;
        }
        if let Some(url) = &self.endpoint_url {
            limits::endpoint_url("The Bedrock endpoint URL", url)?;
        }
        if let Some(url) = &self.runtime_endpoint_url {
            limits::endpoint_url("The Bedrock Runtime endpoint URL", url)?;
        }
        if let Some(id) = &self.selected_model_id {
            limits::model_id(id)?;
        }
        Ok(())
    }
}

/// Settings read back from the store, and what was wrong with the stored data, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The settings to use.
    pub settings: Settings,
    /// Why the stored value could not be used (it should be backed up and the user told).
    pub problem: Option<String>,
}

/// Reads the stored settings value: `None` (first run) gives the defaults; a value that is not a
/// valid settings object, or comes from a newer Strata, gives the defaults and a problem.
pub fn restore(stored: Option<&Value>) -> Restored {
    let Some(value) = stored else {
        return Restored {
            settings: Settings::default(),
            problem: None,
        };
    };
    match serde_json::from_value::<Settings>(value.clone()) {
        Ok(mut s) => {
            if value.get("runtimeEndpointUrl").is_none() {
                // Written before Bedrock Runtime had its own override: the one override meant both.
                s.runtime_endpoint_url.clone_from(&s.endpoint_url);
            }
            restore_valid(s)
        }
        Err(e) => Restored {
            settings: Settings::default(),
            problem: Some(format!("the stored settings could not be read: {e}")),
        },
    }
}

/// Settings of a known layout: used if valid, else the defaults and the reason.
fn restore_valid(s: Settings) -> Restored {
    if s.schema_version > SCHEMA_VERSION {
        return Restored {
            settings: Settings::default(),
            problem: Some(format!(
                "the settings were written by a newer Strata (layout {}, this one knows {SCHEMA_VERSION})",
                s.schema_version
            )),
        };
    }
    let s = s.normalized();
    match s.validate() {
        Ok(()) => Restored {
            settings: s,
            problem: None,
        },
        Err(e) => Restored {
            settings: Settings::default(),
            problem: Some(format!("the stored settings are invalid: {e}")),
        },
    }
}

/// If the file at `path` exists but is not a JSON object, moves it aside to a timestamped backup
/// beside it and returns the backup's path, so that nothing overwrites what the user had.
pub fn quarantine_if_corrupt(path: &Path) -> std::io::Result<Option<PathBuf>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if matches!(
        serde_json::from_slice::<Value>(&bytes),
        Ok(Value::Object(_))
    ) {
        return Ok(None);
    }
    let backup = backup_path(path);
    std::fs::rename(path, &backup)?;
    Ok(Some(backup))
}

/// Writes `value` to a timestamped backup file beside `path`; returns the backup's path.
pub fn back_up_value(path: &Path, value: &Value) -> std::io::Result<PathBuf> {
    let backup = backup_path(path);
    let text = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    std::fs::write(&backup, text)?;
    Ok(backup)
}

/// `settings.json` → `settings.json.corrupt-<unix ms>`.
fn backup_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "settings.json".to_owned());
    path.with_file_name(format!("{name}.corrupt-{}", crate::clock::now_ms()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn first_run_gives_defaults_without_a_problem() {
        let r = restore(None);
        assert_eq!(r.settings, Settings::default());
        assert!(!r.settings.enable_inference_profiles);
        assert_eq!(r.problem, None);
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let s = Settings {
            enable_inference_profiles: true,
            region: Some("ap-northeast-1".into()),
            aws_profile: Some("work-sso".into()),
            endpoint_url: Some("https://bedrock.vpce.example.com".into()),
            runtime_endpoint_url: Some("https://bedrock-runtime.vpce.example.com".into()),
            selected_model_id: Some(
                "arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/abc123def456"
                    .into(),
            ),
            demo_mode: DemoPreference::Off,
            prompt_caching: false,
            ..Settings::default()
        };
        let value = serde_json::to_value(&s).unwrap();
        assert_eq!(value["enableInferenceProfiles"], true);
        assert_eq!(value["promptCaching"], false);
        assert_eq!(value["demoMode"], "off");
        assert_eq!(
            restore(Some(&value)),
            Restored {
                settings: s,
                problem: None
            }
        );
    }

    #[test]
    fn prompt_caching_is_on_by_default_and_for_settings_saved_before_it() {
        assert!(Settings::default().prompt_caching);
        assert!(restore(None).settings.prompt_caching);
        let before = json!({"schemaVersion": 1, "enableInferenceProfiles": true});
        let r = restore(Some(&before));
        assert_eq!(r.problem, None);
        assert!(r.settings.prompt_caching);
        let off = restore(Some(&json!({"promptCaching": false})));
        assert_eq!(off.problem, None);
        assert!(!off.settings.prompt_caching);
        assert_eq!(
            restore(Some(&json!({"promptCaching": "no"}))).settings,
            Settings::default()
        );
    }

    #[test]
    fn missing_fields_take_defaults_and_unknown_fields_are_ignored() {
        let r = restore(Some(
            &json!({"enableInferenceProfiles": true, "futureThing": 3}),
        ));
        assert!(r.settings.enable_inference_profiles);
        assert_eq!(r.settings.region, None);
        assert_eq!(r.problem, None);
    }

    #[test]
    fn wrong_types_newer_layouts_and_invalid_values_are_problems() {
        for bad in [
            json!("not an object"),
            json!({"enableInferenceProfiles": "yes"}),
            json!({"schemaVersion": 99}),
            json!({"region": "Tokyo"}),
            json!({"endpointUrl": "bedrock.example.com"}),
            json!({"endpointUrl": "http://bedrock.example.com"}),
            json!({"runtimeEndpointUrl": "https://user:pw@bedrock.example.com"}),
            json!({"schemaVersion": 99, "runtimeEndpointUrl": null}),
        ] {
            let r = restore(Some(&bad));
            assert_eq!(r.settings, Settings::default(), "{bad}");
            assert!(r.problem.is_some(), "{bad}");
        }
    }

    #[test]
    fn an_override_saved_before_the_runtime_field_existed_still_applies_to_both() {
        let old = json!({"schemaVersion": 1, "endpointUrl": "http://127.0.0.1:4000"});
        let r = restore(Some(&old));
        assert_eq!(r.problem, None);
        assert_eq!(
            r.settings.endpoint_url.as_deref(),
            Some("http://127.0.0.1:4000")
        );
        assert_eq!(
            r.settings.runtime_endpoint_url.as_deref(),
            Some("http://127.0.0.1:4000")
        );
        // Once the field is written, a cleared runtime override stays cleared.
        let new =
            json!({"endpointUrl": "https://bedrock.vpce.example.com", "runtimeEndpointUrl": null});
        let r = restore(Some(&new));
        assert_eq!(r.settings.runtime_endpoint_url, None);
        let saved = serde_json::to_value(&r.settings).unwrap();
        assert!(saved.get("runtimeEndpointUrl").is_some(), "{saved}");
    }

    #[test]
    fn each_endpoint_field_names_itself_when_refused() {
        let e = Settings {
            runtime_endpoint_url: Some("http://bedrock-runtime.example.com".into()),
            ..Settings::default()
        }
        .validate()
        .unwrap_err();
        assert!(
            e.message().starts_with("The Bedrock Runtime endpoint URL"),
            "{e}"
        );
        assert!(
            e.message()
                .contains("http:// is allowed only to this machine"),
            "{e}"
        );
        let e = Settings {
            endpoint_url: Some("https://bedrock.example.com:99999".into()),
            ..Settings::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.message().starts_with("The Bedrock endpoint URL"), "{e}");
    }

    #[test]
    fn blanks_are_none() {
        let s = Settings {
            region: Some("  ".into()),
            aws_profile: Some(" dev ".into()),
            ..Settings::default()
        }
        .normalized();
        assert_eq!(s.region, None);
        assert_eq!(s.aws_profile.as_deref(), Some("dev"));
    }

    #[test]
    fn validation_names_the_bad_field() {
        let e = Settings {
            aws_profile: Some("my profile".into()),
            ..Settings::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.message().contains("profile"), "{e}");
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_and_a_good_one_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(quarantine_if_corrupt(&path).unwrap(), None);

        std::fs::write(&path, br#"{"settings":{}}"#).unwrap();
        assert_eq!(quarantine_if_corrupt(&path).unwrap(), None);
        assert!(path.exists());

        std::fs::write(&path, b"{\"settings\": {trunc").unwrap();
        let backup = quarantine_if_corrupt(&path).unwrap().unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&backup).unwrap(), b"{\"settings\": {trunc");
        assert!(backup
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("settings.json.corrupt-"));
    }
}
