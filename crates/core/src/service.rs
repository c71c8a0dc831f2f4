//! The catalog as the app and the `strata models` command use it: settings in, a model list out,
//! answered from memory or the disk cache at once and refreshed from Bedrock on demand
//! (stale-while-revalidate). A failed refresh keeps the last good list and reports the error.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::aws::Target;
use crate::cache::CatalogCache;
use crate::catalog::{fetch_tags, Catalog, EntryKind, LoadOptions, LOG_TARGET};
use crate::error::{Error, Result};
use crate::mode::RunMode;
use crate::profiles::Profile;
use crate::session::{ConnectionInfo, DemoBedrock, Session};
use crate::settings::Settings;

/// What the picker gets: the entries, where they came from, and what went wrong if anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelList {
    /// The catalog, if one was ever loaded for these settings (possibly from the disk cache).
    pub catalog: Option<Catalog>,
    /// True when the catalog comes from the disk cache or the last refresh failed.
    pub stale: bool,
    /// The error of the last refresh, if it failed.
    pub error: Option<Error>,
    /// Where calls go, once connected.
    pub connection: Option<ConnectionInfo>,
}

/// What a settings change means for the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SettingsChange {
    /// Region, profile, endpoint or demo mode changed: a new connection and a reload.
    pub connection: bool,
    /// "Enable Inference Profiles" changed.
    pub inference_profiles: bool,
    /// A reload from Bedrock is needed to show the new state.
    pub needs_refresh: bool,
}

struct State {
    settings: Settings,
    session: Option<Arc<Session>>,
    catalog: Option<Catalog>,
    /// Whose catalog `catalog` is (where a change of it is cached).
    catalog_target: Option<Target>,
    stale: bool,
    error: Option<Error>,
    /// Bumped by every settings change, so that a refresh started before it is discarded.
    generation: u64,
    /// In-place changes made while a refresh or a tag fetch was in flight, numbered: one that
    /// listed before a change would otherwise undo it when it lands.
    edits: Vec<(u64, Edit)>,
    /// The number of the last change made in place.
    edit_seq: u64,
}

/// A change made to the catalog in place.
#[derive(Debug, Clone)]
enum Edit {
    Upserted(Box<Profile>),
    Removed(String),
}

impl Edit {
    /// Makes the change to `catalog`; true when it changed something.
    fn apply(&self, catalog: &mut Catalog) -> bool {
        match self {
            Edit::Upserted(profile) => catalog.upsert_application_profile(profile),
            Edit::Removed(arn) => catalog.remove_application_profile(arn),
        }
    }
}

/// Counts a refresh or tag fetch in flight for as long as it lives (also when it is cancelled).
struct InFlight<'a>(&'a AtomicUsize);

impl<'a> InFlight<'a> {
    fn start(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The catalog service (see the module docs).
pub struct CatalogService {
    mode: RunMode,
    cache: Option<CatalogCache>,
    demo: DemoBedrock,
    page_size: i32,
    state: Mutex<State>,
    /// Refreshes and tag fetches in flight (see [`State::edits`]).
    loading: AtomicUsize,
}

impl CatalogService {
    /// A service for `settings`; `cache_dir` holds cached catalogs (`None`: no disk cache).
    pub fn new(
        mode: RunMode,
        settings: Settings,
        cache_dir: Option<PathBuf>,
        demo: DemoBedrock,
    ) -> Self {
        Self {
            mode,
            cache: cache_dir.map(CatalogCache::new),
            demo,
            page_size: crate::catalog::MAX_PAGE_SIZE,
            state: Mutex::new(State {
                settings,
                session: None,
                catalog: None,
                catalog_target: None,
                stale: false,
                error: None,
                generation: 0,
                edits: Vec::new(),
                edit_seq: 0,
            }),
            loading: AtomicUsize::new(0),
        }
    }

    /// Uses `page_size` for ListInferenceProfiles (tests use small pages to cross page bounds).
    pub fn with_page_size(mut self, page_size: i32) -> Self {
        self.page_size = page_size;
        self
    }

    /// The current settings.
    pub async fn settings(&self) -> Settings {
        self.state.lock().await.settings.clone()
    }

    /// Validates and applies new settings; says what they change. Nothing is applied when they
    /// are invalid.
    pub async fn set_settings(&self, new: Settings) -> Result<SettingsChange> {
        let new = new.normalized();
        new.validate()?;
        let mut state = self.state.lock().await;
        let old = &state.settings;
        let change = SettingsChange {
            connection: old.region != new.region
                || old.aws_profile != new.aws_profile
                || old.endpoint_url != new.endpoint_url
                || old.runtime_endpoint_url != new.runtime_endpoint_url
                || old.demo_mode != new.demo_mode,
            inference_profiles: old.enable_inference_profiles != new.enable_inference_profiles,
            needs_refresh: false,
        };
        if change.inference_profiles {
            tracing::info!(
                target: LOG_TARGET,
                enabled = new.enable_inference_profiles,
                "Enable Inference Profiles turned {}",
                if new.enable_inference_profiles { "on" } else { "off" }
            );
        }
        state.settings = new;
        let mut needs_refresh = false;
        if change.connection {
            state.generation += 1;
            state.session = None;
            state.catalog = None;
            state.catalog_target = None;
            state.edits.clear();
            state.error = None;
            needs_refresh = true;
        } else if change.inference_profiles {
            state.generation += 1;
            if state.settings.enable_inference_profiles {
                needs_refresh = true;
            } else if let Some(catalog) = state.catalog.as_mut() {
                // Turning profiles off needs no call: drop them from what is shown.
                catalog
                    .entries
                    .retain(|e| e.kind != EntryKind::ApplicationProfile);
                catalog.application_profiles_included = false;
                catalog.stats.application_profiles = 0;
                catalog
                    .section_errors
                    .retain(|s| s.section != crate::catalog::CatalogSection::ApplicationProfiles);
            } else {
                needs_refresh = true;
            }
        }
        Ok(SettingsChange {
            needs_refresh,
            ..change
        })
    }

    /// Answers at once, without calling Bedrock: the catalog in memory, else the disk cache for
    /// these settings (marked stale). The second value is true when a refresh should follow.
    pub async fn cached(&self) -> (ModelList, bool) {
        let (look, settings, session_target) = {
            let state = self.state.lock().await;
            (
                state.catalog.is_none(),
                state.settings.clone(),
                state.session.as_ref().map(|s| s.target.clone()),
            )
        };
        // Where to look is worked out before taking the lock again: it reads the AWS config files.
        let targets = match (&self.cache, look) {
            (Some(_), true) => match session_target {
                Some(t) => vec![t],
                None => self.cache_targets(&settings).await,
            },
            _ => Vec::new(),
        };
        let mut state = self.state.lock().await;
        if state.catalog.is_none() && state.settings == settings {
            if let Some(cache) = &self.cache {
                let wanted = state.settings.enable_inference_profiles;
                let hit = targets
                    .iter()
                    .filter_map(|t| cache.read(t).map(|c| (t, c)))
                    .find(|(_, c)| c.application_profiles_included == wanted);
                if let Some((target, catalog)) = hit {
                    state.catalog = Some(catalog);
                    state.catalog_target = Some(target.clone());
                    state.stale = true;
                }
            }
        }
        let needs_refresh = state.catalog.is_none() || state.stale;
        (list_of(&state), needs_refresh)
    }

    /// The targets whose cache entries the settings may use before anything is connected, most
    /// likely first. The region comes from the settings, else `AWS_REGION` or the AWS config
    /// files, as the connection will resolve it; nothing here calls the network. With demo mode
    /// on "Automatic" it is not known yet whether credentials will resolve, so both the real and
    /// the demo entry are candidates (the refresh that follows corrects a wrong guess).
    async fn cache_targets(&self, settings: &Settings) -> Vec<crate::aws::Target> {
        use crate::settings::DemoPreference;
        let demo = crate::aws::Target {
            region: settings
                .region
                .clone()
                .unwrap_or_else(|| crate::session::DEMO_REGION.to_owned()),
            profile: None,
            endpoint_url: None,
            demo: true,
        };
        if self.mode.is_demo() || settings.demo_mode == DemoPreference::On {
            return vec![demo];
        }
        // Settings the connection would refuse (a bad CA bundle …) have no cache entry.
        let real = crate::session::real_target(settings)
            .await
            .ok()
            .map(|r| r.0);
        match settings.demo_mode {
            DemoPreference::Auto => real.into_iter().chain([demo]).collect(),
            _ => real.into_iter().collect(),
        }
    }

    /// Loads the catalog from Bedrock now. A fresh connection is made each time, so credentials
    /// renewed meanwhile (e.g. `aws sso login`) apply. On failure the last list stays, marked stale.
    pub async fn refresh(&self) -> ModelList {
        let _in_flight = InFlight::start(&self.loading);
        let (settings, generation, edits_seen) = {
            let state = self.state.lock().await;
            (state.settings.clone(), state.generation, state.edit_seq)
        };
        let result = async {
            let session = Arc::new(Session::connect(&settings, self.mode, &self.demo).await?);
            let options = LoadOptions {
                application_profiles: settings.enable_inference_profiles,
                page_size: self.page_size,
            };
            let catalog = Catalog::load(session.control(), &session.target, options).await?;
            Ok::<_, Error>((session, catalog))
        }
        .await;

        let mut state = self.state.lock().await;
        if state.generation != generation {
            // The settings changed while this ran; its answer is for the old settings.
            return list_of(&state);
        }
        match result {
            Ok((session, mut catalog)) => {
                // Tags already known stay visible until the tag fetch brings fresh ones.
                if let Some(old) = &state.catalog {
                    catalog.apply_tags(&old.known_tags());
                }
                // Changes made in place while this listed may be missing from its answer.
                reapply_edits(&mut state, edits_seen, &mut catalog, &self.loading);
                if let Some(cache) = &self.cache {
                    if let Err(e) = cache.write(&session.target, &catalog) {
                        tracing::warn!(target: LOG_TARGET, error = %e, "the catalog cache could not be written");
                    }
                }
                // A listing refused for its credentials (the others answered) also means the
                // connection's credentials are stale: resolve afresh next time.
                let stale_credentials = catalog
                    .section_errors
                    .iter()
                    .any(|s| s.error.is_auth_failure());
                state.catalog = Some(catalog);
                state.catalog_target = Some(session.target.clone());
                state.session = (!stale_credentials).then_some(session);
                state.stale = false;
                state.error = None;
            }
            Err(e) => {
                tracing::warn!(target: LOG_TARGET, kind = ?e.kind(), error = %e, "refresh failed; keeping the last list");
                if e.is_auth_failure() {
                    // The kept connection holds the same stale credentials: resolve afresh next time.
                    state.session = None;
                }
                state.stale = state.catalog.is_some();
                state.error = Some(e);
            }
        }
        list_of(&state)
    }

    /// Fetches the tags of the listed application profiles and merges them in. Returns `None`
    /// when there is nothing to fetch, or the settings changed meanwhile.
    pub async fn load_tags(&self) -> Option<ModelList> {
        let _in_flight = InFlight::start(&self.loading);
        let (session, arns, generation, edits_seen) = {
            let state = self.state.lock().await;
            let session = state.session.clone()?;
            let arns = state.catalog.as_ref()?.application_profile_arns();
            (session, arns, state.generation, state.edit_seq)
        };
        if arns.is_empty() {
            return None;
        }
        let results = fetch_tags(session.control(), &session.target, arns).await;
        let mut auth_failure = None;
        let tags = results
            .into_iter()
            .filter_map(|(arn, r)| match r {
                Ok(t) => Some((arn, t)),
                Err(e) => {
                    if e.is_auth_failure() {
                        auth_failure = Some(e);
                    }
                    None
                }
            })
            .collect();
        if let Some(e) = auth_failure {
            self.report_failure(&session, &e).await;
        }
        let mut state = self.state.lock().await;
        if state.generation != generation {
            return None;
        }
        let mut catalog = state.catalog.take()?;
        catalog.apply_tags(&tags);
        // Tags changed in place while these were fetched are newer than what was fetched.
        reapply_edits(&mut state, edits_seen, &mut catalog, &self.loading);
        self.write_cache(&session.target, &catalog);
        state.catalog = Some(catalog);
        Some(list_of(&state))
    }

    /// The live session, connecting if there is none yet.
    pub async fn session(&self) -> Result<Arc<Session>> {
        let settings = {
            let state = self.state.lock().await;
            if let Some(s) = &state.session {
                return Ok(s.clone());
            }
            state.settings.clone()
        };
        let session = Arc::new(Session::connect(&settings, self.mode, &self.demo).await?);
        let mut state = self.state.lock().await;
        if state.settings == settings {
            state.session = Some(session.clone());
        }
        Ok(session)
    }

    /// Tells the service that a call through `session` failed with `error`. When the error says
    /// the credentials are missing, expired or broken, the cached connection is dropped, so the
    /// next call resolves credentials afresh: rotated keys in `~/.aws/credentials` or a new
    /// `aws sso login` apply without a restart. A connection from [`Self::session_in`] counts
    /// as the one it was made from (same credentials). A newer connection is left alone.
    pub async fn report_failure(&self, session: &Arc<Session>, error: &Error) {
        if !error.is_auth_failure() {
            return;
        }
        let mut state = self.state.lock().await;
        if state
            .session
            .as_ref()
            .is_some_and(|current| current.shares_credentials_with(session))
        {
            tracing::info!(target: LOG_TARGET, kind = ?error.kind(), "credentials failed; the next call connects afresh");
            state.session = None;
        }
    }

    /// The entry with this id (model id, system profile id or application profile ARN) or name in
    /// the current list, with its tags if they are loaded.
    pub async fn entry(&self, id_or_name: &str) -> Option<crate::catalog::ModelEntry> {
        let state = self.state.lock().await;
        let entries = &state.catalog.as_ref()?.entries;
        entries
            .iter()
            .find(|e| e.id == id_or_name || e.arn == id_or_name)
            .or_else(|| entries.iter().find(|e| e.name == id_or_name))
            .cloned()
    }

    /// Puts `profile` (created, or with changed tags) into the catalog in place, replacing the
    /// entry with its ARN, and writes the cache; no listing is repeated. It is built as a load
    /// builds it (capabilities and provider from the foundation model in the same catalog).
    /// Nothing changes when no catalog is loaded, it leaves application profiles out, or
    /// `profile` is of another region.
    pub async fn profile_upserted(&self, profile: &Profile) {
        self.edit(Edit::Upserted(Box::new(profile.clone()))).await;
    }

    /// Drops the application profile with this ARN from the catalog in place, and writes the
    /// cache.
    pub async fn profile_removed(&self, arn: &str) {
        self.edit(Edit::Removed(arn.to_owned())).await;
    }

    async fn edit(&self, edit: Edit) {
        let mut state = self.state.lock().await;
        let Some(mut catalog) = state.catalog.take() else {
            return;
        };
        let changed = edit.apply(&mut catalog);
        if changed {
            if let Some(target) = &state.catalog_target {
                self.write_cache(target, &catalog);
            }
        } else {
            tracing::debug!(target: LOG_TARGET, ?edit, region = %catalog.region, "a profile change does not concern the loaded catalog");
        }
        state.catalog = Some(catalog);
        // A refresh or tag fetch in flight may have listed before this change: it re-applies
        // it when it lands (the lock taken above means it has not landed yet).
        if self.loading.load(Ordering::SeqCst) > 0 {
            state.edit_seq += 1;
            let seq = state.edit_seq;
            state.edits.push((seq, edit));
        } else {
            state.edits.clear();
        }
    }

    fn write_cache(&self, target: &Target, catalog: &Catalog) {
        if let Some(cache) = &self.cache {
            if let Err(e) = cache.write(target, catalog) {
                tracing::warn!(target: LOG_TARGET, error = %e, "the catalog cache could not be written");
            }
        }
    }

    /// A connection like the current one (same credentials source, demo or not) in `region`,
    /// for listings across regions. It shares the current connection's configuration, and so
    /// its credentials and their cache: asking for many regions at once resolves credentials
    /// once, not once per region. The service's own connection stays as it is.
    pub async fn session_in(&self, region: &str) -> Result<Arc<Session>> {
        let current = self.session().await?;
        if current.target.region == region {
            return Ok(current);
        }
        crate::limits::region_name(region)?;
        Ok(Arc::new(current.in_region(region)))
    }

    /// Stops demo mode's emulator, if it runs.
    pub async fn shutdown(&self) {
        self.demo.shutdown().await;
    }
}

/// Makes the in-place changes numbered after `seen` again on `catalog`, an answer that was
/// being fetched while they were made. The last load in flight forgets them.
fn reapply_edits(state: &mut State, seen: u64, catalog: &mut Catalog, loading: &AtomicUsize) {
    for (_, edit) in state.edits.iter().filter(|(seq, _)| *seq > seen) {
        edit.apply(catalog);
    }
    if loading.load(Ordering::SeqCst) <= 1 {
        state.edits.clear();
    }
}

fn list_of(state: &State) -> ModelList {
    ModelList {
        catalog: state.catalog.clone(),
        stale: state.stale,
        error: state.error.clone(),
        connection: state.session.as_ref().map(|s| s.info.clone()),
    }
}
