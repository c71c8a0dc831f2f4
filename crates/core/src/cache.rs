//! The last catalog per (region, credentials profile, endpoint), kept on disk so that the picker
//! can show it at once and refresh in the background (stale-while-revalidate).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::aws::Target;
use crate::catalog::Catalog;

/// Bumped when the cached layout changes; older files are ignored.
const CACHE_VERSION: u32 = 2;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CacheFile {
    version: u32,
    /// The key the file was written for: a file is only ever read back for the same key.
    key: CacheKey,
    catalog: Catalog,
}

/// The same layout, written from a borrowed catalog (no copy of thousands of entries).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CacheFileRef<'a> {
    version: u32,
    key: &'a CacheKey,
    catalog: &'a Catalog,
}

/// What a cached catalog depends on: the region, who asks, and where the calls go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CacheKey {
    region: String,
    profile: String,
    endpoint: String,
}

impl CacheKey {
    fn of(target: &Target) -> Self {
        let profile = if target.demo {
            "demo".to_owned()
        } else {
            target
                .profile
                .clone()
                .unwrap_or_else(|| "default".to_owned())
        };
        // The demo emulator's port changes every run; its catalog is the same.
        let endpoint = if target.demo {
            "demo".to_owned()
        } else {
            target
                .endpoint_url
                .clone()
                .unwrap_or_else(|| "aws".to_owned())
        };
        Self {
            region: target.region.clone(),
            profile,
            endpoint,
        }
    }

    /// The file name: a SHA-256 of the whole key (a JSON array, so no two keys encode alike),
    /// instead of sanitised parts that let `a.b` and `a_b` share a file.
    fn file_name(&self) -> String {
        use sha2::{Digest, Sha256};
        let encoded =
            serde_json::to_vec(&(&self.region, &self.profile, &self.endpoint)).unwrap_or_default();
        let digest = Sha256::digest(&encoded);
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("catalog-{hex}.json")
    }
}

/// A folder of cached catalogs.
#[derive(Debug, Clone)]
pub(crate) struct CatalogCache {
    dir: PathBuf,
}

impl CatalogCache {
    /// A cache in `dir` (created on first write).
    pub(crate) fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The file that holds `target`'s catalog.
    pub(crate) fn path_for(&self, target: &Target) -> PathBuf {
        self.dir.join(CacheKey::of(target).file_name())
    }

    /// The cached catalog of `target`, if there is a readable one.
    pub(crate) fn read(&self, target: &Target) -> Option<Catalog> {
        let path = self.path_for(target);
        let bytes = std::fs::read(&path).ok()?;
        match serde_json::from_slice::<CacheFile>(&bytes) {
            Ok(file) if file.version == CACHE_VERSION && file.key == CacheKey::of(target) => {
                Some(file.catalog)
            }
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(target: crate::catalog::LOG_TARGET, path = %path.display(), error = %e, "ignoring an unreadable catalog cache");
                None
            }
        }
    }

    /// Saves `catalog` for `target` durably (see [`crate::durable`]): a crash or a full disk
    /// leaves the previous cache whole.
    pub(crate) fn write(&self, target: &Target, catalog: &Catalog) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let key = CacheKey::of(target);
        let bytes = serde_json::to_vec(&CacheFileRef {
            version: CACHE_VERSION,
            key: &key,
            catalog,
        })
        .map_err(std::io::Error::other)?;
        crate::durable::write(&self.dir.join(key.file_name()), &bytes)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::catalog::{CatalogStats, EntryStatus};

    fn target(region: &str, profile: Option<&str>) -> Target {
        Target {
            region: region.into(),
            profile: profile.map(Into::into),
            endpoint_url: None,
            demo: false,
        }
    }

    fn catalog(region: &str) -> Catalog {
        Catalog {
            region: region.into(),
            application_profiles_included: true,
            entries: vec![],
            loaded_at_ms: 42,
            stats: CatalogStats::default(),
            section_errors: vec![],
        }
    }

    #[test]
    fn each_region_and_profile_has_its_own_entry() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogCache::new(dir.path());
        let tokyo = target("ap-northeast-1", Some("work"));
        let virginia = target("us-east-1", Some("work"));
        cache.write(&tokyo, &catalog("ap-northeast-1")).unwrap();
        assert_eq!(cache.read(&tokyo).unwrap().region, "ap-northeast-1");
        assert!(cache.read(&virginia).is_none());
        assert!(cache
            .read(&target("ap-northeast-1", Some("home")))
            .is_none());
    }

    #[test]
    fn keys_that_sanitised_names_confused_have_their_own_files() {
        // Sanitising parts mapped both of these to `catalog-us-east-1-a_b-…`: one profile's
        // catalog was shown for the other.
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogCache::new(dir.path());
        let dotted = target("us-east-1", Some("a.b"));
        let underscored = target("us-east-1", Some("a_b"));
        assert_ne!(cache.path_for(&dotted), cache.path_for(&underscored));
        cache.write(&dotted, &catalog("us-east-1")).unwrap();
        assert!(cache.read(&underscored).is_none());
        assert!(cache.read(&dotted).is_some());
        // The parts' boundaries count too: ("a-b", "c") is not ("a", "b-c").
        assert_ne!(
            cache.path_for(&target("a-b", Some("c"))),
            cache.path_for(&target("a", Some("b-c")))
        );
        let with_endpoint = |e: &str| Target {
            endpoint_url: Some(e.into()),
            ..target("us-east-1", None)
        };
        assert_ne!(
            cache.path_for(&with_endpoint("https://a.example")),
            cache.path_for(&with_endpoint("https://b.example"))
        );
    }

    #[test]
    fn a_file_written_for_another_key_is_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogCache::new(dir.path());
        let work = target("us-east-1", Some("work"));
        let home = target("us-east-1", Some("home"));
        cache.write(&work, &catalog("us-east-1")).unwrap();
        std::fs::copy(cache.path_for(&work), cache.path_for(&home)).unwrap();
        assert!(cache.read(&home).is_none());
    }

    #[test]
    fn a_damaged_file_reads_as_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogCache::new(dir.path());
        let t = target("eu-central-1", None);
        std::fs::write(cache.path_for(&t), b"{oops").unwrap();
        assert!(cache.read(&t).is_none());
    }

    #[test]
    fn a_file_of_the_previous_version_with_text_statuses_reads_back() {
        // Before statuses were an enum, entries stored Bedrock's text as it came.
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogCache::new(dir.path());
        let t = target("us-east-1", Some("work"));
        let entry = |id: &str, status: &str| {
            serde_json::json!({
                "id": id, "kind": "Foundation", "name": id, "description": null,
                "provider": "Anthropic", "arn": format!("arn:aws:bedrock:us-east-1::foundation-model/{id}"),
                "region": "us-east-1", "underlyingModels": [], "baseModelName": null,
                "geography": null, "tags": null, "status": status,
                "capabilities": {"textOutput": true, "streaming": true, "imageInput": false,
                                 "toolUse": null, "onDemand": true},
            })
        };
        let file = serde_json::json!({
            "version": 2,
            "key": {"region": "us-east-1", "profile": "work", "endpoint": "aws"},
            "catalog": {
                "region": "us-east-1", "applicationProfilesIncluded": false, "loadedAtMs": 42,
                "stats": {"foundationModels": 3, "systemProfiles": 0, "applicationProfiles": 0,
                          "pages": 1, "elapsedMs": 5},
                "sectionErrors": [],
                "entries": [entry("a", "ACTIVE"), entry("b", "LEGACY"), entry("c", "RETIRING")],
            },
        });
        std::fs::write(cache.path_for(&t), serde_json::to_vec(&file).unwrap()).unwrap();
        let read = cache
            .read(&t)
            .expect("the previous version's file reads back");
        let statuses: Vec<EntryStatus> = read.entries.iter().map(|e| e.status.clone()).collect();
        assert_eq!(
            statuses,
            [
                EntryStatus::Active,
                EntryStatus::Legacy,
                EntryStatus::Other("RETIRING".to_owned())
            ]
        );
        // Written again and read back, nothing changes.
        cache.write(&t, &read).unwrap();
        assert_eq!(cache.read(&t).unwrap(), read);
    }
}
