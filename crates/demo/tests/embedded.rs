//! The embedded demo as the app and the CLI start it: Bedrock's API on a loopback port with the
//! guide's profiles, no admin API, and a damaged state file kept aside instead of failing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use bedrock_emulator::{Emulator, EmulatorConfig, Seed};
use strata_core::{CatalogService, DemoBackend, DemoReason, EntryKind, RunMode, Settings};
use strata_demo::EmbeddedDemo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The status code of one plain HTTP/1.1 request to `endpoint` (`http://127.0.0.1:PORT`).
async fn status_of(endpoint: &str, method: &str, path: &str) -> u16 {
    let authority = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n\
         Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let head = String::from_utf8_lossy(&response);
    head.split_whitespace().nth(1).unwrap().parse().unwrap()
}

const ADMIN_ROUTES: [(&str, &str); 3] = [
    ("GET", "/_emulator/requests"),
    ("POST", "/_emulator/reset"),
    ("POST", "/_emulator/faults"),
];

#[tokio::test]
async fn the_embedded_demo_answers_its_admin_routes_like_unknown_paths() {
    // The standalone emulator serves them (so the requests below are well-formed admin calls)…
    let standalone = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    assert_eq!(
        status_of(&standalone.endpoint(), "GET", "/_emulator/requests").await,
        200
    );
    standalone.shutdown().await;

    // …the embedded one does not: they get what any path Bedrock does not have gets.
    let demo = EmbeddedDemo::new(None).without_pacing();
    let endpoint = demo.endpoint().await.unwrap();
    let unknown = status_of(&endpoint, "GET", "/no-such-operation").await;
    assert_eq!(unknown, 404);
    for (method, path) in ADMIN_ROUTES {
        assert_eq!(
            status_of(&endpoint, method, path).await,
            unknown,
            "{method} {path}"
        );
    }
    demo.shutdown().await;
}

fn demo_mode() -> RunMode {
    RunMode {
        demo: Some(DemoReason::Flag),
    }
}

fn with_profiles() -> Settings {
    Settings {
        enable_inference_profiles: true,
        ..Settings::default()
    }
}

#[tokio::test]
async fn a_damaged_state_file_is_kept_aside_and_the_demo_starts_from_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join(strata_core::data_folder::DEMO_STATE_FILE);
    std::fs::write(&state, b"{\"profiles\": [oops").unwrap();

    let demo = EmbeddedDemo::new(Some(state.clone()))
        .without_pacing()
        .into_bedrock();
    let service = CatalogService::new(demo_mode(), with_profiles(), None, demo);
    let list = service.refresh().await;
    assert_eq!(list.error, None);
    let profiles = list
        .catalog
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::ApplicationProfile)
        .count();
    assert_eq!(profiles, 5, "the guide's five profiles");
    service.shutdown().await;

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(std::fs::read(&backups[0]).unwrap(), b"{\"profiles\": [oops");
}

#[tokio::test]
async fn the_demo_starts_once_and_again_after_a_shutdown() {
    let demo = EmbeddedDemo::new(None).without_pacing();
    let first = demo.endpoint().await.unwrap();
    assert_eq!(demo.endpoint().await.unwrap(), first, "kept running");
    demo.shutdown().await;
    let second = demo.endpoint().await.unwrap();
    assert_eq!(status_of(&second, "GET", "/no-such-operation").await, 404);
    demo.shutdown().await;
}
