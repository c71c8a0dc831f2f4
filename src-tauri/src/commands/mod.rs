//! Thin `#[tauri::command]` functions, one module per domain. They call the core and map errors
//! to `IpcError`; no domain logic lives here.
//!
//! The commands are declared once, in `table.rs`: the handler, tauri-build's permission list
//! (build.rs), the TypeScript command table (bindings.rs) and a compile-time signature check all
//! come from it.

use std::any::TypeId;
use std::marker::PhantomData;

use strata_core::chat::{ChatEvent, ChatRequest};
use strata_core::conversations::Conversation;
use strata_core::{ModelList, Settings};
use tauri::ipc::{Channel, Invoke};
use tauri::Runtime;
use ts_rs::{Config, TS};

use self::chat::UsageSummary;
use self::settings::AwsOptions;
use crate::error::IpcError;
use crate::events::{AppInfo, LogLine};
use crate::settings_store::SettingsSnapshot;

pub(crate) mod app;
pub(crate) mod chat;
pub(crate) mod models;
pub(crate) mod settings;

include!("table.rs");

/// Every command's handler, for `Builder::invoke_handler`.
pub(crate) fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    strata_commands!(handler)
}

/// The command names, in the table's order (for the capability test).
#[cfg(test)]
pub(crate) const NAMES: &[&str] = strata_commands!(names);

strata_commands!(signatures);

/// One command as the TypeScript table shows it.
pub(crate) struct CommandTs {
    /// The command's name, as `invoke` takes it.
    pub(crate) name: &'static str,
    /// The IPC arguments: Rust name and TypeScript type.
    pub(crate) args: Vec<(&'static str, String)>,
    /// What the command's promise resolves to.
    pub(crate) value: String,
}

/// The TypeScript table of every command: `Commands` (name → args → value) and `COMMANDS`.
pub(crate) fn typescript(cfg: &Config) -> String {
    let commands = strata_commands!(typescript)(cfg);
    let mut out = String::from(
        "\n/** Every command the UI may call: its arguments (camelCase, as `invoke` takes them) and what it resolves to. */\n\
         export type Commands = {\n",
    );
    for command in &commands {
        let args = if command.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = command
                .args
                .iter()
                .map(|(name, ty)| format!("{}: {ty}", camel_case(name)))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; value: {} }};\n",
            command.name, command.value
        ));
    }
    out.push_str(
        "};\n\n/** The command names, in the order of `src-tauri/src/commands/table.rs`. */\n",
    );
    let names: Vec<String> = commands.iter().map(|c| format!("\"{}\"", c.name)).collect();
    out.push_str(&format!(
        "export const COMMANDS = [{}] as const;\n",
        names.join(", ")
    ));
    out
}

/// Tauri's default renaming of command arguments: `request_id` is `requestId` in the UI.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The TypeScript type a command's promise resolves to; `()` arrives as nothing.
pub(crate) fn value_ts<T: TS + 'static>(cfg: &Config) -> String {
    if TypeId::of::<T>() == TypeId::of::<()>() {
        "void".to_owned()
    } else {
        T::name(cfg)
    }
}

/// Picks the TypeScript type of an argument: a `Channel<T>` is not a ts-rs type, so it is told
/// apart by method resolution (`ChannelTs` applies before `ArgTs`, which needs one more `&`).
pub(crate) struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

/// The TypeScript type of a channel argument: `Channel<Payload>` of `@tauri-apps/api/core`.
pub(crate) trait ChannelTs {
    fn ts(&self, cfg: &Config) -> String;
}

impl<T: TS> ChannelTs for Probe<Channel<T>> {
    fn ts(&self, cfg: &Config) -> String {
        format!("Channel<{}>", T::name(cfg))
    }
}

/// The TypeScript type of any other argument, from ts-rs.
pub(crate) trait ArgTs {
    fn ts(&self, cfg: &Config) -> String;
}

impl<T: TS> ArgTs for &Probe<T> {
    fn ts(&self, cfg: &Config) -> String {
        T::name(cfg)
    }
}

/// What a command returns, seen from the UI: `T` and `Result<T, IpcError>` both resolve to `T`.
pub(crate) trait Resolves<T> {}

impl<T> Resolves<T> for T {}

impl<T> Resolves<T> for Result<T, IpcError> {}

/// Compiles only when `output` resolves to `T` (used by the signature check).
pub(crate) fn resolves<T, O: Resolves<T>>(output: O) {
    drop(output);
}

/// A value of any type, for the signature check that is compiled and never run.
pub(crate) fn placeholder<T>() -> T {
    unreachable!("the command signature check is never called")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::BTreeSet;
    use std::path::Path;

    /// The capability file's `allow-…` permissions, compared with the command table.
    fn capability_permissions() -> BTreeSet<String> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/main-window.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["permissions"]
            .as_array()
            .expect("the capability has a permissions list")
            .iter()
            .map(|p| p.as_str().expect("permissions are identifiers").to_owned())
            // The core permissions (`core:event:…`) belong to Tauri, not to a command.
            .filter(|p| !p.contains(':'))
            .collect()
    }

    fn wanted(names: &[&str]) -> BTreeSet<String> {
        names
            .iter()
            .map(|n| format!("allow-{}", n.replace('_', "-")))
            .collect()
    }

    #[test]
    fn every_command_has_its_permission_and_no_permission_names_an_unknown_command() {
        let granted = capability_permissions();
        let wanted = wanted(super::NAMES);
        let missing: Vec<_> = wanted.difference(&granted).collect();
        let unknown: Vec<_> = granted.difference(&wanted).collect();
        assert!(
            missing.is_empty(),
            "commands without a permission line in capabilities/main-window.json: {missing:?}"
        );
        assert!(
            unknown.is_empty(),
            "capabilities/main-window.json allows commands the table does not have: {unknown:?}"
        );
    }

    #[test]
    fn table_lists_every_command_once_with_camel_case_arguments() {
        let names: BTreeSet<_> = super::NAMES.iter().collect();
        assert_eq!(names.len(), super::NAMES.len(), "a command is listed twice");
        let ts = super::typescript(&ts_rs::Config::new().with_large_int("number"));
        assert!(ts.contains(
            "start_chat: { args: { request: ChatRequest; onEvent: Channel<ChatEvent> }; value: string };"
        ));
        assert!(ts.contains("cancel_chat: { args: { requestId: string }; value: boolean };"));
        assert!(
            ts.contains("usage_totals: { args: { tagKey: string | null }; value: UsageSummary };")
        );
        assert!(ts.contains("app_info: { args: Record<string, never>; value: AppInfo };"));
        assert!(ts
            .contains("save_conversation: { args: { conversation: Conversation }; value: void };"));
        assert_eq!(super::camel_case("tag_key"), "tagKey");
    }
}
