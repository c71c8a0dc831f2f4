//! The TypeScript command table (`Commands` and `COMMANDS` in ui/src/bindings/index.ts), from
//! the command table in `table.rs`; `bindings.rs` writes it and its test checks it is current.

use std::any::TypeId;
use std::marker::PhantomData;

use tauri::ipc::Channel;
use ts_rs::{Config, TS};

// The table's lines name their types as `commands/mod.rs` imports them.
#[allow(clippy::wildcard_imports)]
use super::*;

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
pub(crate) fn camel_case(name: &str) -> String {
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
