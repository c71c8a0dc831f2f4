//! Profiles commands: list (this region or all), what can be copied, create, tag, untag and
//! delete application inference profiles. Each change updates the catalog in place and
//! broadcasts it, so the picker shows it at once without a reload.

use strata_core::profiles::{
    ConversationRef, Profile, ProfileDraft, ProfileSource, ProfileType, ProfileUse, Profiles,
    RegionProfiles,
};
use strata_core::Tag;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::commands::chat::blocking;
use crate::error::IpcError;
use crate::events::{AppEvent, APP_EVENT};
use crate::state::Domain;

fn profiles<R: Runtime>(domain: &Domain<R>) -> Profiles {
    Profiles::new(domain.catalog.clone())
}

/// Broadcasts the catalog as it is after a change (updated in place, not reloaded).
async fn broadcast_catalog<R: Runtime>(app: &AppHandle<R>, domain: &Domain<R>) {
    let (list, _) = domain.catalog.cached().await;
    let _ = app.emit(APP_EVENT, AppEvent::Catalog { list });
}

/// The application profiles of the current region, or (`all_regions`) of every Bedrock region
/// at once; each region's failure is on its own answer.
#[tauri::command]
pub(crate) async fn list_profiles<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    all_regions: bool,
) -> Result<Vec<RegionProfiles>, IpcError> {
    let profiles = profiles(&domain);
    Ok(if all_regions {
        profiles.list_all_regions(ProfileType::Application).await
    } else {
        vec![profiles.list(ProfileType::Application).await]
    })
}

/// What a new profile can copy in the current region.
#[tauri::command]
pub(crate) async fn profile_sources<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
) -> Result<Vec<ProfileSource>, IpcError> {
    profiles(&domain).sources().await
}

/// Creates an application profile; the same token makes a retry create nothing new.
#[tauri::command]
pub(crate) async fn create_profile<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    draft: ProfileDraft,
    client_request_token: String,
) -> Result<Profile, IpcError> {
    let created = profiles(&domain)
        .create(&draft, &client_request_token)
        .await?;
    broadcast_catalog(&app, &domain).await;
    Ok(created)
}

/// Adds or changes tags on a profile.
#[tauri::command]
pub(crate) async fn tag_profile<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    arn: String,
    tags: Vec<Tag>,
) -> Result<Profile, IpcError> {
    let profile = profiles(&domain).tag(&arn, &tags).await?;
    broadcast_catalog(&app, &domain).await;
    Ok(profile)
}

/// Removes tags from a profile by key.
#[tauri::command]
pub(crate) async fn untag_profile<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    arn: String,
    tag_keys: Vec<String>,
) -> Result<Profile, IpcError> {
    let profile = profiles(&domain).untag(&arn, &tag_keys).await?;
    broadcast_catalog(&app, &domain).await;
    Ok(profile)
}

/// Deletes an application profile.
#[tauri::command]
pub(crate) async fn delete_profile<R: Runtime>(
    app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    arn: String,
) -> Result<(), IpcError> {
    profiles(&domain).delete(&arn).await?;
    broadcast_catalog(&app, &domain).await;
    Ok(())
}

/// Who uses a profile: the chat's selection, saved conversations (shown before a delete).
#[tauri::command]
pub(crate) async fn profile_use<R: Runtime>(
    _app: AppHandle<R>,
    domain: State<'_, Domain<R>>,
    arn: String,
) -> Result<ProfileUse, IpcError> {
    let selected = domain.catalog.settings().await.selected_model_id.as_deref() == Some(&arn);
    let store = domain.conversations.clone();
    let all = blocking(move || store.list()).await?;
    let conversations = all
        .into_iter()
        .filter(|c| c.entry_id == arn)
        .map(|c| ConversationRef {
            id: c.id,
            title: c.title,
        })
        .collect();
    Ok(ProfileUse {
        selected,
        conversations,
    })
}
