//! The catalog: every foundation model, system-defined (cross-region) inference profile and, when
//! the setting is on, application inference profile (AIP) of a region, merged into `ModelEntry`s.
//!
//! One load runs ListFoundationModels, ListInferenceProfiles(SYSTEM_DEFINED) and
//! ListInferenceProfiles(APPLICATION) concurrently and follows every page. An AIP resolves its
//! underlying foundation model(s) from `models[].modelArn` and inherits their provider and
//! capabilities. Tags come afterwards ([`fetch_tags`]) so that they never delay the list.
//!
//! One failing listing does not hide the others: its error is kept on its section
//! ([`Catalog::section_errors`]) and the rest is listed; only when every listing fails does the
//! load fail. A listing whose `nextToken` repeats, or that passes [`MAX_PAGES`] pages, stops with
//! an error instead of looping.

mod known;
mod load;
mod merge;
mod types;

pub(crate) use known::geography_of;
pub use load::{fetch_tags, LoadOptions};
pub use types::{
    Capabilities, Catalog, CatalogSection, CatalogStats, EntryKind, EntryStatus, ModelEntry,
    SectionError, Tag, UnderlyingModel,
};

/// Tracing target for inference-profile activity (shown as `[inference-profile]` in the console).
pub(crate) const LOG_TARGET: &str = "inference_profile";

/// The largest page ListInferenceProfiles allows.
pub const MAX_PAGE_SIZE: i32 = 1000;

/// The most pages one listing follows (100,000 profiles at the largest page size) before it stops
/// with an error: a listing that goes on longer is looping.
pub const MAX_PAGES: u32 = 100;

/// ListTagsForResource calls in flight at once.
pub(crate) const TAG_CONCURRENCY: usize = 8;
