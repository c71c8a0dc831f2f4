#![allow(clippy::expect_used)] // a failed tauri-build must stop the build with its message

// The command list (one place: src/commands/table.rs), for the AppManifest's permissions.
include!("src/commands/table.rs");

// The manifest dir is the repository root, so tauri-build must be told where the capabilities are.
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/table.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(strata_commands!(names))),
    )
    .expect("failed to run tauri-build");
}
