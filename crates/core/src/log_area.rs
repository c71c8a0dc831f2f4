//! Names the area a log line belongs to, as shown in the developer-tools console
//! (`[inference-profile] loaded 5 profiles`), so that one area is easy to filter.

/// Turns a `tracing` target into a console area.
///
/// Domain targets such as `inference_profile` are used as they are; module paths such as
/// `strata_core::catalog` give their last segment. Underscores become hyphens.
pub fn log_area(target: &str) -> String {
    let last = target.rsplit("::").next().unwrap_or(target);
    let area = if last.is_empty() { "app" } else { last };
    area.replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::log_area;

    #[test]
    fn domain_targets_keep_their_name_with_hyphens() {
        assert_eq!(log_area("inference_profile"), "inference-profile");
    }

    #[test]
    fn module_paths_give_their_last_segment() {
        assert_eq!(log_area("strata_core::catalog"), "catalog");
        assert_eq!(log_area("strata_lib::logging"), "logging");
    }

    #[test]
    fn an_empty_target_is_the_app() {
        assert_eq!(log_area(""), "app");
        assert_eq!(log_area("strata::"), "app");
    }
}
