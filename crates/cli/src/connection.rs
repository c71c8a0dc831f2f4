//! Where Bedrock calls go: the connection flags shared by the commands that call it.

use strata_core::data_folder::{data_dir, DEMO_STATE_FILE};
use strata_core::{CatalogService, DemoPreference, DemoReason, RunMode, Settings};
use strata_demo::EmbeddedDemo;

/// Where Bedrock calls go (shared by the subcommands that call it).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ConnectionArgs {
    /// The AWS region (default: AWS_REGION, the profile's region, else us-east-1).
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// A named profile from ~/.aws/config (default: AWS_PROFILE, else default).
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// An endpoint to use instead of Bedrock's.
    #[arg(long)]
    pub(crate) endpoint_url: Option<String>,
    /// Use the built-in Bedrock emulator instead of AWS (with the app's demo data).
    #[arg(long)]
    pub(crate) demo: bool,
}

/// A catalog service for the command line: the flags' connection (`--endpoint-url` for both
/// Bedrock and Bedrock Runtime), never an automatic demo (`--demo` is reported as the flag it
/// is), and the app's demo data (so profile ARNs match the window's) without answer pacing.
pub(crate) fn service(connection: &ConnectionArgs, inference_profiles: bool) -> CatalogService {
    let settings = Settings {
        enable_inference_profiles: inference_profiles,
        region: connection.region.clone(),
        aws_profile: connection.profile.clone(),
        endpoint_url: connection.endpoint_url.clone(),
        runtime_endpoint_url: connection.endpoint_url.clone(),
        demo_mode: DemoPreference::Off,
        ..Settings::default()
    };
    let mode = RunMode {
        demo: connection.demo.then_some(DemoReason::Flag),
    };
    CatalogService::new(
        mode,
        settings,
        None,
        EmbeddedDemo::new(Some(data_dir().join(DEMO_STATE_FILE)))
            .without_pacing()
            .into_bedrock(),
    )
}
