//! What a start of the `strata` binary asks for, decided before anything heavy starts: a headless
//! subcommand, the window, or a usage error; and, for the window, whether there is a display to
//! open it on. Without this, an unknown word (`strata profiles`) tried to open a window and a
//! machine without a display died in a GTK panic with a backtrace.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use tauri::{Runtime, WebviewWindowBuilder};

pub(crate) use strata_cli::SUBCOMMANDS;

/// Flags the window accepts (everything else is a subcommand's or a mistake).
const WINDOW_FLAGS: &[&str] = &["--demo"];

/// Words clap answers itself (help and version).
const CLAP_WORDS: &[&str] = &["--help", "-h", "--version", "-V"];

/// What the arguments ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Launch {
    /// Open the window.
    Window,
    /// Run a headless subcommand (or clap's help/version).
    Subcommand,
    /// Neither: the offending argument, for a usage error.
    Unknown(String),
}

/// Classifies the arguments after the program name.
pub(crate) fn classify(args: &[OsString]) -> Launch {
    let Some(first) = args.first() else {
        return Launch::Window;
    };
    let first = first.to_string_lossy();
    if SUBCOMMANDS.iter().any(|(name, _)| *name == first) || CLAP_WORDS.contains(&first.as_ref()) {
        return Launch::Subcommand;
    }
    for arg in args {
        let arg = arg.to_string_lossy();
        // macOS adds a process serial number when the app is opened from the Finder.
        if !WINDOW_FLAGS.contains(&arg.as_ref()) && !arg.starts_with("-psn_") {
            return Launch::Unknown(arg.into_owned());
        }
    }
    Launch::Window
}

/// Runs a headless subcommand (in `strata-cli`) when the first argument names one, or reports
/// a usage error; `None` means start the window.
pub(crate) fn run_if_headless() -> Option<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    match classify(args.get(1..).unwrap_or_default()) {
        Launch::Window => None,
        Launch::Unknown(arg) => {
            eprint!("{}", usage_error(&arg));
            Some(ExitCode::from(2))
        }
        Launch::Subcommand => Some(strata_cli::run(args)),
    }
}

/// Opens the main window as `tauri.conf.json` describes it (with `create: false` there, so that
/// it is built here): when the data folder was moved (`STRATA_DATA_DIR`), WebKit's own data
/// (cache, cookies, storage) moves with it; otherwise it stays where Tauri puts it.
pub(crate) fn open_main_window<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: Option<&Path>,
) -> tauri::Result<()> {
    for config in app
        .config()
        .app
        .windows
        .iter()
        .filter(|w| w.label == "main")
    {
        let mut window = WebviewWindowBuilder::from_config(app, config)?;
        if let Some(dir) = data_dir {
            window = window.data_directory(dir.to_owned());
        }
        window.build()?;
    }
    Ok(())
}

/// The usage error for an argument that is neither a subcommand nor a window flag.
pub(crate) fn usage_error(arg: &str) -> String {
    let width = SUBCOMMANDS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let commands: String = SUBCOMMANDS
        .iter()
        .map(|(name, what)| format!("  {name:<width$}  {what}\n"))
        .collect();
    format!(
        "error: {arg:?} is not a Strata command or option.\n\n\
         Usage: strata [--demo]            open the window\n       \
         strata <COMMAND> [OPTIONS]  run without a window\n\nCommands:\n{commands}\n\
         See `strata help <COMMAND>` for a command's options.\n"
    )
}

/// Why the window cannot open here, if it cannot: on Linux and the BSDs a window needs an X11 or
/// Wayland display. `None` where a display is there (or the platform always has one).
pub(crate) fn missing_display() -> Option<String> {
    #[cfg(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "dragonfly",
        target_os = "openbsd",
        target_os = "netbsd"
    ))]
    {
        let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Some(no_display_message(
                "DISPLAY and WAYLAND_DISPLAY are not set",
            ));
        }
        // A display that is named but cannot be reached (a closed X server, a stale $DISPLAY).
        if let Err(e) = gtk::init() {
            return Some(no_display_message(&format!("GTK could not open it: {e}")));
        }
    }
    None
}

fn no_display_message(cause: &str) -> String {
    format!(
        "strata: no display to open the window on ({cause}); run it under a virtual display with \
         `xvfb-run -a strata`, or use the headless commands `strata models`, `strata chat` and \
         `strata usage`."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn subcommands_window_flags_and_mistakes_are_told_apart() {
        assert_eq!(classify(&args(&[])), Launch::Window);
        assert_eq!(classify(&args(&["--demo"])), Launch::Window);
        assert_eq!(classify(&args(&["-psn_0_12345"])), Launch::Window);
        for sub in [
            "models", "chat", "usage", "profiles", "help", "--help", "-V",
        ] {
            assert_eq!(
                classify(&args(&[sub, "--json"])),
                Launch::Subcommand,
                "{sub}"
            );
        }
        assert_eq!(
            classify(&args(&["profile"])),
            Launch::Unknown("profile".into())
        );
        assert_eq!(
            classify(&args(&["--demo", "--bogus"])),
            Launch::Unknown("--bogus".into())
        );
    }

    #[test]
    fn the_usage_error_lists_every_command() {
        let text = usage_error("profile");
        assert!(text.contains("\"profile\" is not a Strata command"));
        for (name, _) in SUBCOMMANDS {
            assert!(
                text.contains(&format!("  {name} ")),
                "{name} missing in\n{text}"
            );
        }
    }
}
