//! The shell on Tauri's mock runtime, with the real config and capabilities.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use strata_core::RunMode;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use crate::events::{LogLevel, LogLine};
use crate::logging::LogHub;
use crate::state::AppState;

struct TestApp {
    _app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    other: WebviewWindow<MockRuntime>,
    hub: LogHub,
    log_dir: tempfile::TempDir,
}

fn start(mode: RunMode) -> TestApp {
    let log_dir = tempfile::tempdir().unwrap();
    let hub = LogHub::new(50);
    let state = AppState::new(mode, log_dir.path(), hub.clone());
    let app = crate::configure(mock_builder(), state)
        .build(crate::context())
        .unwrap();
    let main = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let other = WebviewWindowBuilder::new(&app, "other", Default::default())
        .build()
        .unwrap();
    TestApp {
        _app: app,
        main,
        other,
        hub,
        log_dir,
    }
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_reports_version_build_log_file_and_mode() {
    let app = start(RunMode::from_switches(["--demo"], None));
    let info = invoke(&app.main, "app_info", Value::Null).unwrap();
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["buildProfile"], "debug");
    assert_eq!(info["demoMode"], true);
    assert_eq!(info["logDir"], app.log_dir.path().display().to_string());
    let log_file = info["logFile"].as_str().unwrap();
    assert!(log_file.starts_with(&*app.log_dir.path().to_string_lossy()));
    assert!(log_file.ends_with(".log"), "{log_file}");

    let real = start(RunMode::default());
    assert_eq!(
        invoke(&real.main, "app_info", Value::Null).unwrap()["demoMode"],
        false
    );
}

#[test]
fn recent_logs_replays_what_the_hub_holds() {
    let app = start(RunMode::default());
    app.hub.publish(LogLine {
        seq: 0,
        time_ms: 1,
        level: LogLevel::Warn,
        area: "inference-profile".into(),
        message: "refresh failed".into(),
        fields: vec![("region".into(), "eu-central-1".into())],
    });
    let lines = invoke(&app.main, "recent_logs", Value::Null).unwrap();
    let last = lines.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["area"], "inference-profile");
    assert_eq!(last["level"], "warn");
    assert_eq!(last["fields"][0], serde_json::json!(["region", "eu-central-1"]));
}

#[test]
fn the_capability_admits_only_the_main_window() {
    let app = start(RunMode::default());
    let denied = invoke(&app.other, "app_info", Value::Null).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
}

#[test]
fn plugin_commands_the_ui_does_not_use_are_denied() {
    let app = start(RunMode::default());
    // The store is used from Rust only; the window may not touch it.
    let denied = invoke(
        &app.main,
        "plugin:store|load",
        serde_json::json!({ "path": "settings.json" }),
    )
    .unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
}

#[test]
fn config_is_locked_down() {
    let conf: Value =
        serde_json::from_str(include_str!("../../tauri.conf.json")).expect("tauri.conf.json");
    let security = &conf["app"]["security"];
    assert_eq!(security["freezePrototype"], true);
    let csp = security["csp"].as_object().expect("a CSP object, never null");
    for (directive, sources) in csp {
        let sources = sources.as_str().unwrap();
        assert!(!sources.contains("unsafe-eval"), "{directive}: {sources}");
        assert!(!sources.contains("https:"), "{directive}: {sources}");
        for source in sources.split_whitespace() {
            assert!(
                !source.starts_with("http") || source == "http://ipc.localhost",
                "{directive} allows a remote origin: {source}"
            );
        }
    }
    assert_eq!(csp["script-src"], "'self'");
    let capability: Value = serde_json::from_str(include_str!(
        "../capabilities/main-window.json"
    ))
    .unwrap();
    for permission in capability["permissions"].as_array().unwrap() {
        let permission = permission.as_str().unwrap();
        assert!(
            !permission.contains('*') && !permission.ends_with(":default"),
            "broad permission {permission}"
        );
    }
}
