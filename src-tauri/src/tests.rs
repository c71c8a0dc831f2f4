//! The shell on Tauri's mock runtime, with the real config and capabilities.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use strata_core::RunMode;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::events::{LogLevel, LogLine};
use crate::logging::LogHub;
use crate::state::AppState;

struct TestApp {
    app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    other: WebviewWindow<MockRuntime>,
    hub: LogHub,
    log_dir: tempfile::TempDir,
    data_dir: std::path::PathBuf,
    _data_guard: Option<tempfile::TempDir>,
}

fn start(mode: RunMode) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_in(mode, dir.path());
    app._data_guard = Some(dir);
    app
}

/// Starts the app on the data in `data_dir` (which the caller keeps), as after a restart.
fn start_in(mode: RunMode, data_dir: &std::path::Path) -> TestApp {
    start_with(mode, data_dir, |state| state)
}

/// The same, with `adjust` applied to the start-up state.
fn start_with(
    mode: RunMode,
    data_dir: &std::path::Path,
    adjust: impl FnOnce(AppState) -> AppState,
) -> TestApp {
    let log_dir = tempfile::tempdir().unwrap();
    let hub = LogHub::new(50);
    let state = adjust(AppState::new(mode, log_dir.path(), hub.clone()).with_data_dir(data_dir));
    let mut app = crate::configure(mock_builder(), state)
        .build(crate::context())
        .unwrap();
    // Setup (which opens the settings and the catalog, and creates the configured "main"
    // window) runs on the first event-loop turn; one turn is all a test needs.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let main = app.get_webview_window("main").unwrap();
    let other = WebviewWindowBuilder::new(&app, "other", Default::default())
        .build()
        .unwrap();
    TestApp {
        app,
        main,
        other,
        hub,
        log_dir,
        data_dir: data_dir.to_owned(),
        _data_guard: None,
    }
}

/// Calls a command through the IPC layer, as the webview does (also used by `state.rs`'s tests).
pub(crate) fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: Value,
) -> Result<Value, Value> {
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
    // The test's own build decides, independently of how app_info computes it.
    let expected = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    assert_eq!(info["buildProfile"], expected);
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
fn app_info_reports_a_broken_price_file_and_none_when_it_is_fine() {
    let fine = start(RunMode::from_switches(["--demo"], None));
    assert_eq!(
        invoke(&fine.main, "app_info", Value::Null).unwrap()["pricesProblem"],
        Value::Null
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prices.json");
    std::fs::write(
        &path,
        r#"{"prices": {"acme.x-v1:0": {"inputPerMillion": -1, "outputPerMillion": 1}}}"#,
    )
    .unwrap();
    let app = start_in(RunMode::from_switches(["--demo"], None), dir.path());
    let problem = invoke(&app.main, "app_info", Value::Null).unwrap()["pricesProblem"].clone();
    assert_eq!(problem["kind"], "Validation");
    let message = problem["message"].as_str().unwrap();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("acme.x-v1:0"), "{message}");
    assert!(problem["hint"]
        .as_str()
        .unwrap()
        .contains("inputPerMillion"));
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
    assert_eq!(
        last["fields"][0],
        serde_json::json!(["region", "eu-central-1"])
    );
}

#[test]
fn the_capability_admits_only_the_main_window() {
    let app = start(RunMode::default());
    assert!(invoke(&app.main, "app_info", Value::Null).is_ok());
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
    let csp = security["csp"]
        .as_object()
        .expect("a CSP object, never null");
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
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/main-window.json")).unwrap();
    for permission in capability["permissions"].as_array().unwrap() {
        let permission = permission.as_str().unwrap();
        assert!(
            !permission.contains('*') && !permission.ends_with(":default"),
            "broad permission {permission}"
        );
    }
}

fn demo() -> RunMode {
    RunMode::from_switches(["--demo"], None)
}

/// Collects the `AppEvent`s broadcast while the test runs.
fn record_events(app: &App<MockRuntime>) -> std::sync::Arc<std::sync::Mutex<Vec<Value>>> {
    use tauri::Listener;
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = events.clone();
    app.listen(crate::events::APP_EVENT, move |event| {
        let value: Value = serde_json::from_str(event.payload()).unwrap();
        sink.lock().unwrap().push(value);
    });
    events
}

fn wait_for_event(
    events: &std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(found) = events.lock().unwrap().iter().find(|e| check(e)) {
            return found.clone();
        }
        assert!(std::time::Instant::now() < deadline, "no event: {what}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn application_profiles(list: &Value) -> Vec<String> {
    list["catalog"]["entries"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["kind"] == "ApplicationProfile")
                .map(|e| e["name"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn settings_start_at_their_defaults_and_are_saved_on_change() {
    let app = start(demo());
    let first = invoke(&app.main, "get_settings", Value::Null).unwrap();
    assert_eq!(first["settings"]["enableInferenceProfiles"], false);
    assert_eq!(first["notice"], Value::Null);
    let path = first["path"].as_str().unwrap();
    assert!(path.starts_with(&*app.data_dir.to_string_lossy()), "{path}");

    let mut settings = first["settings"].clone();
    settings["enableInferenceProfiles"] = Value::Bool(true);
    settings["region"] = Value::from("eu-central-1");
    let saved = invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap();
    assert_eq!(saved["settings"]["enableInferenceProfiles"], true);
    let on_disk: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(on_disk["settings"]["enableInferenceProfiles"], true);
    assert_eq!(on_disk["settings"]["region"], "eu-central-1");
}

#[test]
fn invalid_settings_are_refused_and_nothing_changes() {
    let app = start(demo());
    let mut settings = invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
    settings["region"] = Value::from("Tokyo");
    settings["enableInferenceProfiles"] = Value::Bool(true);
    let err = invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "Validation", "{err}");
    assert!(err["message"].as_str().unwrap().contains("Tokyo"), "{err}");
    let now = invoke(&app.main, "get_settings", Value::Null).unwrap();
    assert_eq!(now["settings"]["enableInferenceProfiles"], false);
}

#[test]
fn settings_survive_a_restart() {
    let data_dir = tempfile::tempdir().unwrap();
    {
        let app = start_in(demo(), data_dir.path());
        let mut settings =
            invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
        settings["enableInferenceProfiles"] = Value::Bool(true);
        settings["selectedModelId"] = Value::from("anthropic.claude-3-haiku-20240307-v1:0");
        invoke(
            &app.main,
            "update_settings",
            serde_json::json!({ "settings": settings }),
        )
        .unwrap();
    }
    let reopened = start_in(demo(), data_dir.path());
    let snapshot = invoke(&reopened.main, "get_settings", Value::Null).unwrap();
    assert_eq!(snapshot["settings"]["enableInferenceProfiles"], true);
    assert_eq!(
        snapshot["settings"]["selectedModelId"],
        "anthropic.claude-3-haiku-20240307-v1:0"
    );
    assert_eq!(snapshot["notice"], Value::Null);
}

#[test]
fn a_corrupt_settings_file_is_backed_up_and_the_user_told() {
    let data_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        data_dir.path().join("settings.json"),
        b"{\"settings\": {oops",
    )
    .unwrap();
    let app = start_in(demo(), data_dir.path());
    let snapshot = invoke(&app.main, "get_settings", Value::Null).unwrap();
    assert_eq!(snapshot["settings"]["enableInferenceProfiles"], false);
    let notice = snapshot["notice"].as_str().unwrap();
    assert!(notice.contains("could not be read"), "{notice}");
    let backups: Vec<_> = std::fs::read_dir(&app.data_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("settings.json.corrupt-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let kept = std::fs::read(app.data_dir.join(&backups[0])).unwrap();
    assert_eq!(kept, b"{\"settings\": {oops");
}

#[test]
fn invalid_stored_settings_are_backed_up_and_replaced() {
    let data_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        data_dir.path().join("settings.json"),
        br#"{"settings": {"region": 42, "enableInferenceProfiles": true}}"#,
    )
    .unwrap();
    let app = start_in(demo(), data_dir.path());
    let snapshot = invoke(&app.main, "get_settings", Value::Null).unwrap();
    assert_eq!(snapshot["settings"]["enableInferenceProfiles"], false);
    assert!(snapshot["notice"].as_str().unwrap().contains("kept in"));
    let backup = std::fs::read_dir(&app.data_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".corrupt-"))
        .unwrap();
    let kept: Value = serde_json::from_slice(&std::fs::read(backup).unwrap()).unwrap();
    assert_eq!(kept["region"], 42);
}

/// The app in demo mode against an emulator the test runs (to inject faults and count calls).
fn start_against(emulator: &bedrock_emulator::EmulatorHandle) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let endpoint = emulator.endpoint();
    let mut app = start_with(demo(), dir.path(), |state| {
        state.with_demo_endpoint(endpoint)
    });
    app._data_guard = Some(dir);
    app
}

fn test_emulator(runtime: &tokio::runtime::Runtime) -> bedrock_emulator::EmulatorHandle {
    runtime
        .block_on(bedrock_emulator::Emulator::start(
            bedrock_emulator::EmulatorConfig::for_tests(bedrock_emulator::Seed::Demo),
        ))
        .unwrap()
}

fn calls(emulator: &bedrock_emulator::EmulatorHandle, operation: &str) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r.operation == operation)
        .count()
}

#[test]
fn the_model_list_follows_the_toggle_live_and_turning_it_off_calls_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = test_emulator(&runtime);
    let app = start_against(&emulator);
    let events = record_events(&app.app);
    let list = invoke(
        &app.main,
        "list_models",
        serde_json::json!({ "refresh": false }),
    )
    .unwrap();
    assert_eq!(list["error"], Value::Null, "{list}");
    assert_eq!(list["connection"]["demo"], "flag");
    assert_eq!(list["connection"]["region"], "ap-northeast-1");
    assert!(list["catalog"]["entries"].as_array().unwrap().len() > 10);
    assert!(application_profiles(&list).is_empty());

    let mut settings = invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
    settings["enableInferenceProfiles"] = Value::Bool(true);
    invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings.clone() }),
    )
    .unwrap();
    wait_for_event(&events, "settings changed", |e| e["type"] == "settings");
    let with_profiles = wait_for_event(&events, "a catalog with the profiles", |e| {
        e["type"] == "catalog" && application_profiles(&e["list"]).len() == 5
    });
    assert!(application_profiles(&with_profiles["list"])
        .contains(&"project-alpha-claude-sonnet".to_owned()));
    wait_for_event(&events, "the profiles' tags", |e| {
        e["type"] == "catalog"
            && e["list"]["catalog"]["entries"]
                .as_array()
                .is_some_and(|entries| entries.iter().any(|x| x["tags"].is_array()))
    });

    // Off: the profiles go without any call to Bedrock, and the list answered afterwards is the
    // one in memory (not stale, nothing asked for).
    let requests_before = emulator.requests().len();
    let listings_before = calls(&emulator, "ListInferenceProfiles");
    events.lock().unwrap().clear();
    settings["enableInferenceProfiles"] = Value::Bool(false);
    invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap();
    let off = wait_for_event(&events, "a catalog without profiles", |e| {
        e["type"] == "catalog"
    });
    assert!(application_profiles(&off["list"]).is_empty());
    let answered = invoke(
        &app.main,
        "list_models",
        serde_json::json!({ "refresh": false }),
    )
    .unwrap();
    assert!(application_profiles(&answered).is_empty());
    assert_eq!(answered["stale"], false);
    assert_eq!(answered["catalog"], off["list"]["catalog"]);
    assert_eq!(calls(&emulator, "ListInferenceProfiles"), listings_before);
    assert_eq!(emulator.requests().len(), requests_before, "no call at all");
    runtime.block_on(emulator.shutdown());
}

#[test]
fn a_failed_refresh_is_a_typed_error_and_keeps_the_last_list() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = test_emulator(&runtime);
    let app = start_against(&emulator);
    let good = invoke(&app.main, "refresh_models", Value::Null).unwrap();
    assert_eq!(good["error"], Value::Null, "{good}");
    let entries = good["catalog"]["entries"].clone();
    assert!(entries.as_array().unwrap().len() > 10);

    emulator
        // Every listing fails (one alone would be a section error beside the rest of the list).
        .add_fault(bedrock_emulator::Fault::Error {
            operation: "*".into(),
            error: bedrock_emulator::ErrorKind::AccessDeniedException,
            count: None,
            message: None,
        })
        .unwrap();
    let failed = invoke(&app.main, "refresh_models", Value::Null).unwrap();
    assert_eq!(failed["error"]["kind"], "AccessDenied", "{failed}");
    assert!(failed["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("bedrock:List"));
    assert_eq!(failed["stale"], true);
    assert_eq!(
        failed["catalog"]["entries"], entries,
        "the last list is kept"
    );
    runtime.block_on(emulator.shutdown());
}

#[test]
fn without_credentials_and_demo_off_refresh_says_no_credentials() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime
        .block_on(bedrock_emulator::Emulator::start(
            bedrock_emulator::EmulatorConfig::for_tests(bedrock_emulator::Seed::Demo),
        ))
        .unwrap();
    // Real-AWS mode pointed at the emulator through the endpoint override, with no credentials
    // anywhere: the app must say so, not fall back silently when demo mode is off.
    let app = start(RunMode::default());
    let mut settings = invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
    settings["demoMode"] = Value::from("off");
    settings["awsProfile"] = Value::from("strata-test-profile-that-does-not-exist");
    settings["region"] = Value::from("ap-northeast-1");
    settings["endpointUrl"] = Value::from(emulator.endpoint());
    invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap();
    let list = invoke(&app.main, "refresh_models", Value::Null).unwrap();
    assert_eq!(list["error"]["kind"], "NoCredentials", "{list}");
    assert!(list["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("aws configure"));
    runtime.block_on(emulator.shutdown());
}

fn user_conversation(id: &str, entry_id: &str, text: &str) -> Value {
    serde_json::json!({
        "id": id,
        "title": "A question",
        "entryId": entry_id,
        "entryName": "Claude 3 Haiku",
        "system": null,
        "maxTokens": null,
        "createdMs": 1,
        "updatedMs": 1,
        "messages": [{"role": "user", "text": text, "outcome": null, "stopReason": null, "usage": null, "error": null}],
    })
}

#[test]
fn conversations_are_kept_in_the_database_across_a_restart() {
    let data_dir = tempfile::tempdir().unwrap();
    {
        let app = start_in(demo(), data_dir.path());
        assert_eq!(
            invoke(&app.main, "list_conversations", Value::Null).unwrap(),
            serde_json::json!([])
        );
        for id in ["a", "b"] {
            invoke(
                &app.main,
                "save_conversation",
                serde_json::json!({ "conversation": user_conversation(id, "m", "hello") }),
            )
            .unwrap();
        }
        let deleted = invoke(
            &app.main,
            "delete_conversation",
            serde_json::json!({ "id": "a" }),
        );
        assert_eq!(deleted.unwrap(), true);
    }
    assert!(data_dir.path().join("strata.db").exists());
    assert!(!data_dir.path().join("conversations.json").exists());
    let app = start_in(demo(), data_dir.path());
    let list = invoke(&app.main, "list_conversations", Value::Null).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b"]);
    assert_eq!(list[0]["messages"][0]["text"], "hello");
    let info = invoke(&app.main, "app_info", Value::Null).unwrap();
    assert_eq!(info["storageNotice"], Value::Null);
}

#[test]
fn a_damaged_database_is_moved_aside_and_the_window_is_told() {
    let data_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        data_dir.path().join("strata.db"),
        b"not a database at all".repeat(100),
    )
    .unwrap();
    let app = start_in(demo(), data_dir.path());
    let info = invoke(&app.main, "app_info", Value::Null).unwrap();
    let notice = info["storageNotice"].as_str().unwrap();
    assert!(
        notice.contains("damaged") && notice.contains("strata.db.corrupt-"),
        "{notice}"
    );
    // The new database works.
    invoke(
        &app.main,
        "save_conversation",
        serde_json::json!({ "conversation": user_conversation("x", "m", "hi") }),
    )
    .unwrap();
    let summary = invoke(
        &app.main,
        "usage_totals",
        serde_json::json!({ "tagKey": null }),
    )
    .unwrap();
    assert_eq!(summary["turns"], 0);
    assert!(summary["path"].as_str().unwrap().ends_with("strata.db"));
}

#[test]
fn quitting_mid_answer_records_the_partial_turn_in_the_ledger_and_the_conversation() {
    use crate::state::Domain;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // A slow model (40 ms a chunk), so the answer is still streaming when the app quits.
    let emulator = runtime
        .block_on(bedrock_emulator::Emulator::start(
            bedrock_emulator::EmulatorConfig::for_tests(bedrock_emulator::Seed::Demo).with_pacing(
                bedrock_emulator::Pacing {
                    time_to_first_token: std::time::Duration::ZERO,
                    per_chunk: std::time::Duration::from_millis(40),
                },
            ),
        ))
        .unwrap();
    let app = start_against(&emulator);
    let list = invoke(
        &app.main,
        "list_models",
        serde_json::json!({ "refresh": false }),
    )
    .unwrap();
    assert_eq!(list["error"], Value::Null, "{list}");
    let haiku = "anthropic.claude-3-haiku-20240307-v1:0";
    let question = "Explain cross-region inference in detail, step by step, with many examples.";
    // As the UI does: the conversation is saved when the message is sent.
    invoke(
        &app.main,
        "save_conversation",
        serde_json::json!({ "conversation": user_conversation("c1", haiku, question) }),
    )
    .unwrap();
    let request = serde_json::json!({
        "entryId": haiku,
        "system": null,
        "messages": [{"role": "user", "text": question}],
        "maxTokens": null,
        "temperature": null,
        "conversationId": "c1",
    });
    let request_id = invoke(
        &app.main,
        "start_chat",
        serde_json::json!({ "request": request, "onEvent": "__CHANNEL__:7" }),
    )
    .unwrap();
    assert!(request_id.is_string());
    // The turn connects in the background: wait until its stream has begun (the emulator
    // records a call once it has answered with the stream's headers).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while calls(&emulator, "ConverseStream") == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the stream never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let domain = app.app.state::<Domain<MockRuntime>>();
    assert_eq!(
        domain.chat.running_count(),
        1,
        "the answer is still streaming"
    );

    // What the Exit event does.
    crate::finish_turns(app.app.handle());

    assert_eq!(domain.chat.running_count(), 0);
    let rows = domain.chat.ledger().read().unwrap().records;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].outcome,
        strata_core::ledger::TurnOutcome::Interrupted
    );
    let saved = invoke(&app.main, "list_conversations", Value::Null).unwrap();
    let messages = saved[0]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2, "{saved}");
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(messages[1]["outcome"], "interrupted");
    let summary = invoke(
        &app.main,
        "usage_totals",
        serde_json::json!({ "tagKey": null }),
    )
    .unwrap();
    assert_eq!(summary["turns"], 1);
}

fn settings_on_disk(dir: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("settings.json")).unwrap()).unwrap()
}

#[test]
fn a_settings_save_that_fails_keeps_the_previous_settings_and_applies_nothing() {
    let app = start(demo());
    let mut settings = invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
    settings["region"] = Value::from("eu-central-1");
    invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings.clone() }),
    )
    .unwrap();
    let before = std::fs::read(app.data_dir.join("settings.json")).unwrap();

    // The backup cannot be written (a folder in its place, as a full disk would refuse it).
    let backup = app.data_dir.join("settings.json.bak");
    std::fs::remove_file(&backup).unwrap();
    std::fs::create_dir(&backup).unwrap();
    settings["region"] = Value::from("us-west-2");
    settings["enableInferenceProfiles"] = Value::Bool(true);
    let err = invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "Internal", "{err}");
    assert!(
        err["hint"]
            .as_str()
            .unwrap()
            .contains("previous settings are kept"),
        "{err}"
    );
    // Not applied, and the file is as it was.
    let now = invoke(&app.main, "get_settings", Value::Null).unwrap();
    assert_eq!(now["settings"]["region"], "eu-central-1");
    assert_eq!(now["settings"]["enableInferenceProfiles"], false);
    assert_eq!(
        std::fs::read(app.data_dir.join("settings.json")).unwrap(),
        before
    );
}

#[test]
fn a_settings_file_cut_short_is_restored_from_the_durable_backup() {
    let data_dir = tempfile::tempdir().unwrap();
    {
        let app = start_in(demo(), data_dir.path());
        let mut settings =
            invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
        settings["enableInferenceProfiles"] = Value::Bool(true);
        settings["region"] = Value::from("eu-central-1");
        invoke(
            &app.main,
            "update_settings",
            serde_json::json!({ "settings": settings }),
        )
        .unwrap();
    }
    let bak: Value =
        serde_json::from_slice(&std::fs::read(data_dir.path().join("settings.json.bak")).unwrap())
            .unwrap();
    assert_eq!(
        bak,
        settings_on_disk(data_dir.path()),
        "the backup holds what was saved"
    );
    // The plugin's own save (it saves again at exit) truncates first: a crash there leaves this.
    std::fs::write(data_dir.path().join("settings.json"), b"").unwrap();
    let app = start_in(demo(), data_dir.path());
    let snapshot = invoke(&app.main, "get_settings", Value::Null).unwrap();
    assert_eq!(snapshot["settings"]["enableInferenceProfiles"], true);
    assert_eq!(snapshot["settings"]["region"], "eu-central-1");
    let notice = snapshot["notice"].as_str().unwrap();
    assert!(
        notice.contains("restored your last saved settings"),
        "{notice}"
    );
    assert_eq!(
        settings_on_disk(data_dir.path())["settings"]["region"],
        "eu-central-1"
    );
}

#[test]
fn profile_commands_change_the_picker_in_place_and_refuse_bad_input_before_a_call() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = test_emulator(&runtime);
    let app = start_against(&emulator);
    let mut settings = invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
    settings["enableInferenceProfiles"] = Value::Bool(true);
    invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap();
    let list = invoke(&app.main, "refresh_models", Value::Null).unwrap();
    assert_eq!(application_profiles(&list).len(), 5, "{list}");
    let events = record_events(&app.app);
    let listings = calls(&emulator, "ListInferenceProfiles");

    // The guide's description breaks AWS's pattern: refused with the character, nothing sent.
    let source =
        "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    let bad = serde_json::json!({
        "draft": { "name": "team-x", "description": "Project Alpha - Claude 3.5 Sonnet", "source": source, "tags": [] },
        "clientRequestToken": "0c3c9a5e-4a8e-4d55-9d87-2f61f3d1c001",
    });
    let refused = invoke(&app.main, "create_profile", bad).unwrap_err();
    assert_eq!(refused["kind"], "Validation", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("15"),
        "{refused}"
    );
    assert_eq!(calls(&emulator, "CreateInferenceProfile"), 0);

    let tags = serde_json::json!([
        { "key": "Project", "value": "Gamma" },
        { "key": "Department", "value": "Research" },
        { "key": "CostCenter", "value": "CC-3001" },
    ]);
    let created = invoke(
        &app.main,
        "create_profile",
        serde_json::json!({
            "draft": { "name": "team-gamma", "description": "Research team profile", "source": source, "tags": tags },
            "clientRequestToken": "0c3c9a5e-4a8e-4d55-9d87-2f61f3d1c002",
        }),
    )
    .unwrap();
    let arn = created["arn"].as_str().unwrap().to_owned();
    assert!(arn.contains(":application-inference-profile/"), "{created}");
    let shown = wait_for_event(&events, "the catalog with the new profile", |e| {
        e["type"] == "catalog"
            && application_profiles(&e["list"]).contains(&"team-gamma".to_owned())
    });
    let entry = shown["list"]["catalog"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["arn"] == arn.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["tags"].as_array().unwrap().len(), 3, "{entry}");
    assert_eq!(entry["baseModelName"], "Claude 3 Haiku", "{entry}");

    // Tag change: the picker's entry follows.
    events.lock().unwrap().clear();
    invoke(
        &app.main,
        "tag_profile",
        serde_json::json!({ "arn": arn, "tags": [{ "key": "Project", "value": "Delta" }] }),
    )
    .unwrap();
    wait_for_event(&events, "the changed tag", |e| {
        e["type"] == "catalog"
            && e["list"]["catalog"]["entries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| {
                    x["arn"] == arn.as_str()
                        && x["tags"].as_array().is_some_and(|t| {
                            t.iter()
                                .any(|t| t["key"] == "Project" && t["value"] == "Delta")
                        })
                })
    });

    // Selected in the chat: the delete dialog is told.
    let mut settings = invoke(&app.main, "get_settings", Value::Null).unwrap()["settings"].clone();
    settings["selectedModelId"] = Value::from(arn.clone());
    invoke(
        &app.main,
        "update_settings",
        serde_json::json!({ "settings": settings }),
    )
    .unwrap();
    let used = invoke(&app.main, "profile_use", serde_json::json!({ "arn": arn })).unwrap();
    assert_eq!(used["selected"], true, "{used}");

    events.lock().unwrap().clear();
    invoke(
        &app.main,
        "delete_profile",
        serde_json::json!({ "arn": arn }),
    )
    .unwrap();
    let gone = wait_for_event(&events, "the catalog without it", |e| {
        e["type"] == "catalog"
    });
    assert!(!application_profiles(&gone["list"]).contains(&"team-gamma".to_owned()));
    assert_eq!(application_profiles(&gone["list"]).len(), 5);
    // None of it listed the catalog again.
    assert_eq!(calls(&emulator, "ListInferenceProfiles"), listings);
    runtime.block_on(emulator.shutdown());
}
