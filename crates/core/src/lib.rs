//! Strata's domain logic, free of any Tauri dependency so that it can be tested against the
//! Bedrock emulator over real HTTP and reused by the headless `strata` subcommands.
//!
//! The desktop shell (`src-tauri/`) only wires these pieces to the window.

pub mod log_area;
pub mod mode;

pub use log_area::log_area;
pub use mode::{DemoReason, RunMode};
