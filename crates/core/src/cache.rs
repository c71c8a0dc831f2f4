//! The last catalog per (region, credentials profile, endpoint), kept on disk so that the picker
//! can show it at once and refresh in the background (stale-while-revalidate).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::aws::Target;
use crate::catalog::Catalog;

/// Bumped when the cached layout changes; older files are ignored.
const CACHE_VERSION: u32 = 1;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CacheFile {
    version: u32,
    catalog: Catalog,
}

/// The same layout, written from a borrowed catalog (no copy of thousands of entries).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CacheFileRef<'a> {
    version: u32,
    catalog: &'a Catalog,
}

/// A folder of cached catalogs.
#[derive(Debug, Clone)]
pub struct CatalogCache {
    dir: PathBuf,
}

impl CatalogCache {
    /// A cache in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds `target`'s catalog.
    pub fn path_for(&self, target: &Target) -> PathBuf {
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
            "demo"
        } else {
            target.endpoint_url.as_deref().unwrap_or("aws")
        };
        let name = format!(
            "catalog-{}-{}-{:016x}.json",
            sanitize(&target.region),
            sanitize(&profile),
            fnv1a(endpoint.as_bytes())
        );
        self.dir.join(name)
    }

    /// The cached catalog of `target`, if there is a readable one.
    pub fn read(&self, target: &Target) -> Option<Catalog> {
        let path = self.path_for(target);
        let bytes = std::fs::read(&path).ok()?;
        match serde_json::from_slice::<CacheFile>(&bytes) {
            Ok(file) if file.version == CACHE_VERSION => Some(file.catalog),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(target: crate::catalog::LOG_TARGET, path = %path.display(), error = %e, "ignoring an unreadable catalog cache");
                None
            }
        }
    }

    /// Saves `catalog` for `target`, atomically (a temp file renamed over the old one).
    pub fn write(&self, target: &Target, catalog: &Catalog) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path_for(target);
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec(&CacheFileRef {
            version: CACHE_VERSION,
            catalog,
        })
        .map_err(std::io::Error::other)?;
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)
    }
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// FNV-1a: a stable, dependency-free hash for file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::catalog::CatalogStats;

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
    fn a_damaged_file_reads_as_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CatalogCache::new(dir.path());
        let t = target("eu-central-1", None);
        std::fs::write(cache.path_for(&t), b"{oops").unwrap();
        assert!(cache.read(&t).is_none());
    }
}
