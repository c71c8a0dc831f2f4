//! Loading a catalog: the three listings through the SDK (concurrently, every page), then the
//! tags of the application profiles.

use std::collections::HashSet;
use std::time::Instant;

use aws_sdk_bedrock::types::{
    FoundationModelSummary, InferenceProfileSummary, InferenceProfileType,
};
use futures::stream::{self, StreamExt};

use super::merge::merge;
use super::{
    Catalog, CatalogSection, CatalogStats, SectionError, Tag, LOG_TARGET, MAX_PAGES, MAX_PAGE_SIZE,
    TAG_CONCURRENCY,
};
use crate::aws::{context, Target};
use crate::clock::now_ms;
use crate::error::{Error, ErrorKind, Result};

/// What to load.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// List application inference profiles too (the "Enable Inference Profiles" setting).
    pub application_profiles: bool,
    /// `maxResults` per ListInferenceProfiles page (1–1000).
    pub page_size: i32,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            application_profiles: false,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

impl Catalog {
    /// Loads the catalog of `target`'s region through `client` (see the module docs).
    pub async fn load(
        client: &aws_sdk_bedrock::Client,
        target: &Target,
        options: LoadOptions,
    ) -> Result<Catalog> {
        if !(1..=MAX_PAGE_SIZE).contains(&options.page_size) {
            return Err(Error::validation(format!(
                "The page size must be between 1 and {MAX_PAGE_SIZE}, not {}.",
                options.page_size
            )));
        }
        let started = Instant::now();
        let foundation = list_foundation_models(client, target);
        let system = list_profiles(
            client,
            target,
            InferenceProfileType::SystemDefined,
            options.page_size,
        );
        let application = async {
            if options.application_profiles {
                list_profiles(
                    client,
                    target,
                    InferenceProfileType::Application,
                    options.page_size,
                )
                .await
            } else {
                Ok((Vec::new(), 0))
            }
        };
        let (foundation, system, application) = tokio::join!(foundation, system, application);
        let mut section_errors = Vec::new();
        let (foundation, _) = listed_or_noted(
            target,
            CatalogSection::FoundationModels,
            foundation.map(|models| (models, 1)),
            &mut section_errors,
        );
        let (system, system_pages) = listed_or_noted(
            target,
            CatalogSection::SystemProfiles,
            system,
            &mut section_errors,
        );
        let (application, application_pages) = listed_or_noted(
            target,
            CatalogSection::ApplicationProfiles,
            application,
            &mut section_errors,
        );
        let requested = 2 + usize::from(options.application_profiles);
        if section_errors.len() == requested {
            // Nothing listed at all: the whole list's error, as before (the first listing's).
            tracing::warn!(target: LOG_TARGET, region = %target.region, "catalog load failed");
            return Err(section_errors.remove(0).error);
        }
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let stats = CatalogStats {
            foundation_models: count(foundation.len()),
            system_profiles: count(system.len()),
            application_profiles: count(application.len()),
            pages: 1 + system_pages + application_pages,
            elapsed_ms,
        };
        if options.application_profiles {
            tracing::info!(
                target: LOG_TARGET,
                region = %target.region,
                count = stats.application_profiles,
                pages = application_pages,
                elapsed_ms,
                "loaded application inference profiles"
            );
        } else {
            tracing::info!(
                target: LOG_TARGET,
                region = %target.region,
                "application inference profiles not listed: the setting is off"
            );
        }
        let entries = merge(&target.region, &foundation, &system, &application);
        Ok(Catalog {
            region: target.region.clone(),
            application_profiles_included: options.application_profiles,
            entries,
            loaded_at_ms: now_ms(),
            stats,
            section_errors,
        })
    }
}

/// What a listing returned, or nothing with its error noted on its section.
fn listed_or_noted<T>(
    target: &Target,
    section: CatalogSection,
    result: Result<(Vec<T>, u32)>,
    errors: &mut Vec<SectionError>,
) -> (Vec<T>, u32) {
    match result {
        Ok(listed) => listed,
        Err(error) => {
            tracing::warn!(
                target: LOG_TARGET,
                region = %target.region,
                section = ?section,
                kind = ?error.kind(),
                error = %error,
                "a catalog listing failed; the other listings are still shown"
            );
            errors.push(SectionError { section, error });
            (Vec::new(), 0)
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

async fn list_foundation_models(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
) -> Result<Vec<FoundationModelSummary>> {
    // ListFoundationModels has no pagination: one call returns the region's whole list.
    let out = client.list_foundation_models().send().await.map_err(|e| {
        Error::from_sdk(
            &e,
            context(
                target,
                "ListFoundationModels",
                "bedrock:ListFoundationModels",
            ),
        )
    })?;
    Ok(out.model_summaries().to_vec())
}

/// Every page of ListInferenceProfiles of one type; returns the profiles and the page count.
///
/// The SDK's paginator follows `nextToken`; it ends quietly when a page hands back the token it
/// was called with, so a repeat (of that or any earlier token) and a listing past [`MAX_PAGES`]
/// are checked here and end with an error, never with a silently short list.
async fn list_profiles(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    kind: InferenceProfileType,
    page_size: i32,
) -> Result<(Vec<InferenceProfileSummary>, u32)> {
    let mut profiles = Vec::new();
    let mut pages = 0u32;
    let mut seen_tokens: HashSet<String> = HashSet::new();
    // Without `type`, AWS lists only SYSTEM_DEFINED profiles: always pass it.
    let mut listing = client
        .list_inference_profiles()
        .type_equals(kind.clone())
        .into_paginator()
        .page_size(page_size)
        .send();
    while let Some(page) = listing.next().await {
        let out = page.map_err(|e| {
            Error::from_sdk(
                &e,
                context(
                    target,
                    "ListInferenceProfiles",
                    "bedrock:ListInferenceProfiles",
                ),
            )
        })?;
        pages += 1;
        profiles.extend_from_slice(out.inference_profile_summaries());
        match out.next_token() {
            Some(token) if !token.is_empty() => {
                if !seen_tokens.insert(token.to_owned()) {
                    return Err(endless_listing(
                        &kind,
                        format!("its nextToken repeated after {pages} pages"),
                    ));
                }
                if pages == MAX_PAGES {
                    return Err(endless_listing(
                        &kind,
                        format!("it returned more than {MAX_PAGES} pages"),
                    ));
                }
            }
            _ => break,
        }
    }
    tracing::debug!(target: LOG_TARGET, region = %target.region, r#type = kind.as_str(), count = profiles.len(), pages, "listed inference profiles");
    Ok((profiles, pages))
}

/// The error of a listing that would never end (`why`: the token repeated, too many pages).
fn endless_listing(kind: &InferenceProfileType, why: String) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!(
            "ListInferenceProfiles({}) was stopped: {why}, so the listing would never end.",
            kind.as_str()
        ),
    )
    .with_hint("This is a fault on Bedrock's side (or the endpoint's); retry later, and report it if it stays.")
}

/// Fetches the tags of `arns` with at most `TAG_CONCURRENCY` calls in flight.
/// Each ARN gets its own result, so one failure does not hide the other profiles' tags.
pub async fn fetch_tags(
    client: &aws_sdk_bedrock::Client,
    target: &Target,
    arns: Vec<String>,
) -> Vec<(String, Result<Vec<Tag>>)> {
    let started = Instant::now();
    let total = arns.len();
    let results: Vec<(String, Result<Vec<Tag>>)> = stream::iter(arns)
        .map(|arn| async move {
            let result = client
                .list_tags_for_resource()
                .resource_arn(&arn)
                .send()
                .await
                .map(|out| {
                    out.tags()
                        .iter()
                        .map(|t| Tag {
                            key: t.key().to_owned(),
                            value: t.value().to_owned(),
                        })
                        .collect()
                })
                .map_err(|e| {
                    Error::from_sdk(
                        &e,
                        context(target, "ListTagsForResource", "bedrock:ListTagsForResource"),
                    )
                });
            (arn, result)
        })
        .buffer_unordered(TAG_CONCURRENCY)
        .collect()
        .await;
    let failed: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(arn, _)| arn.as_str())
        .collect();
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if failed.is_empty() {
        tracing::info!(target: LOG_TARGET, region = %target.region, count = total, elapsed_ms, "loaded profile tags");
    } else {
        let first_error = results
            .iter()
            .find_map(|(_, r)| r.as_ref().err())
            .map(|e| e.to_string())
            .unwrap_or_default();
        tracing::warn!(
            target: LOG_TARGET,
            region = %target.region,
            count = total,
            failed = failed.len(),
            profile_arns = ?failed,
            error = %first_error,
            elapsed_ms,
            "some profile tags could not be loaded"
        );
    }
    results
}
