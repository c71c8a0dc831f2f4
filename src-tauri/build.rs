#![allow(clippy::expect_used)] // a failed tauri-build must stop the build with its message
                               // The manifest dir is the repository root, so tauri-build must be told where the capabilities are.
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "app_info",
                "recent_logs",
                "open_devtools",
                "get_settings",
                "update_settings",
                "aws_options",
                "list_models",
                "refresh_models",
                "start_chat",
                "cancel_chat",
                "list_conversations",
                "save_conversation",
                "delete_conversation",
                "usage_totals",
            ])),
    )
    .expect("failed to run tauri-build");
}
