//! The profile names of the AWS config and credentials files, for the Settings list.

/// Profile names from the AWS config and credentials files (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`), sorted, without
/// repeats. Unreadable or missing files give no names.
pub fn profile_names() -> Vec<String> {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let file = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(std::path::PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
    };
    let mut names = Vec::new();
    for (path, is_config) in [
        (file("AWS_CONFIG_FILE", "config"), true),
        (file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false),
    ] {
        if let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) {
            names.extend(profile_sections(&text, is_config));
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The profile names of one file's `[section]` headers: in the config file `[default]` and
/// `[profile NAME]` (not `[sso-session …]` or `[services …]`), in the credentials file `[NAME]`.
pub(crate) fn profile_sections(text: &str, is_config: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let header = line.trim().strip_prefix('[')?.split(']').next()?.trim();
            if !is_config {
                return Some(header.to_owned());
            }
            if header == "default" {
                return Some(header.to_owned());
            }
            let name = header.strip_prefix("profile")?;
            name.starts_with(char::is_whitespace)
                .then(|| name.trim().to_owned())
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::profile_sections;

    #[test]
    fn config_sections_name_profiles_but_not_sessions() {
        let config = "[default]\nregion=us-east-1\n[profile work]\n[sso-session corp]\n[services x]\n  [profile   dev-sso ]  \n[profilex]\n";
        assert_eq!(
            profile_sections(config, true),
            ["default", "work", "dev-sso"]
        );
        assert_eq!(
            profile_sections("[default]\n[ci]\n", false),
            ["default", "ci"]
        );
    }
}
