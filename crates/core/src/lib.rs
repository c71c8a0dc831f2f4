//! Strata's domain logic, free of any Tauri dependency so that it can be tested against the
//! Bedrock emulator over real HTTP and reused by the headless commands (`strata-cli`). It ships no
//! emulator: demo mode is an endpoint with static credentials ([`DemoBedrock`]) that `strata-demo`
//! serves.
//!
//! The desktop shell (`src-tauri/`) only wires these pieces to the window.

pub mod aws;
pub mod cache;
pub mod catalog;
pub mod chat;
pub mod clock;
pub mod conversations;
pub mod costs;
pub mod data_folder;
pub mod doctor;
pub mod durable;
pub mod error;
pub mod http_client;
pub mod ledger;
pub mod limits;
pub mod log_area;
pub mod log_caps;
pub mod mode;
pub mod pricing;
pub mod profiles;
pub mod service;
pub mod session;
pub mod settings;
pub mod storage;

pub use catalog::{
    Capabilities, Catalog, CatalogStats, EntryKind, ModelEntry, Tag, UnderlyingModel,
};
pub use error::{Error, ErrorKind, Result};
pub use log_area::log_area;
pub use mode::{DemoReason, RunMode};
pub use service::{CatalogService, ModelList, SettingsChange};
pub use session::{ConnectionInfo, DemoBackend, DemoBedrock, Session};
pub use settings::{DemoPreference, Settings};
