//! What `strata profiles` prints for people: tables and `key: value` blocks (the caller filters
//! control characters out of everything AWS sent before printing).

use std::fmt::Write as _;

use strata_core::profiles::{Profile, ProfileDraft, ProfileOrigin, RegionProfiles};
use strata_core::Tag;

use super::aws_json::{to_aws_json, type_name};

/// `Project=Alpha, Department=Engineering`; `-` for none, `?` when not fetched.
pub(crate) fn tags_text(tags: Option<&[Tag]>) -> String {
    match tags {
        None => "?".to_owned(),
        Some([]) => "-".to_owned(),
        Some(tags) => tags
            .iter()
            .map(|t| format!("{}={}", t.key, t.value))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// What a profile copies, in words.
pub(crate) fn origin_text(profile: &Profile) -> String {
    match &profile.origin {
        ProfileOrigin::Model { model_id } => model_id.clone(),
        ProfileOrigin::CrossRegion {
            profile_id,
            geography,
        } => match geography {
            Some(g) => format!("{profile_id} (cross-region, {g})"),
            None => format!("{profile_id} (cross-region)"),
        },
        ProfileOrigin::Unknown => {
            let mut ids: Vec<&str> = profile.models.iter().map(|m| m.model_id.as_str()).collect();
            ids.dedup();
            if ids.is_empty() {
                "-".to_owned()
            } else {
                ids.join(", ")
            }
        }
    }
}

/// Rows padded to their columns; the last column is not padded.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// `strata profiles list`: one profile a line (with its region across regions).
pub(crate) fn list_table(answers: &[RegionProfiles], all_regions: bool) -> String {
    let mut rows = Vec::new();
    for answer in answers {
        for p in &answer.profiles {
            let mut row = Vec::new();
            if all_regions {
                row.push(answer.region.clone());
            }
            row.extend([
                p.name.clone(),
                origin_text(p),
                p.status.as_str().to_owned(),
                tags_text(p.tags.as_deref()),
                p.arn.clone(),
            ]);
            rows.push(row);
        }
    }
    let count = rows.len();
    let regions = answers.iter().filter(|a| a.error.is_none()).count();
    let mut out = if all_regions {
        format!("# {count} profiles in {regions} regions\n")
    } else {
        let region = answers.first().map_or("", |a| a.region.as_str());
        format!("# {region} · {count} profiles\n")
    };
    if count == 0 {
        return out;
    }
    let header: &[&str] = if all_regions {
        &["REGION", "NAME", "SOURCE", "STATUS", "TAGS", "ARN"]
    } else {
        &["NAME", "SOURCE", "STATUS", "TAGS", "ARN"]
    };
    out.push_str(&table(header, &rows));
    out
}

/// `strata profiles get`: every field, one a line.
pub(crate) fn profile_details(p: &Profile) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        let _ = writeln!(out, "{label:<12} {value}");
    };
    line("Name:", &p.name);
    line("ARN:", &p.arn);
    line("ID:", &p.id);
    line("Type:", type_name(p.kind));
    line("Status:", p.status.as_str());
    line("Region:", &p.region);
    line("Description:", p.description.as_deref().unwrap_or("-"));
    line("Source:", &origin_text(p));
    for (i, m) in p.models.iter().enumerate() {
        line(if i == 0 { "Models:" } else { "" }, &m.arn);
    }
    line("Created:", p.created_at.as_deref().unwrap_or("-"));
    line("Updated:", p.updated_at.as_deref().unwrap_or("-"));
    line("Tags:", &tags_text(p.tags.as_deref()));
    out
}

/// `strata profiles create`: what was made.
pub(crate) fn created(p: &Profile) -> String {
    format!(
        "Created {}\n{}",
        p.name,
        profile_details(p)
            .lines()
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    )
}

/// After tag/untag: the tags the profile has now.
pub(crate) fn tags_now(p: &Profile) -> String {
    format!(
        "{} now has the tags: {}",
        p.name,
        tags_text(p.tags.as_deref())
    )
}

/// `'text'` for a POSIX shell.
pub(crate) fn shell_quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/=@+,".contains(c));
    if safe {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The CreateInferenceProfile request body.
fn request_json(draft: &ProfileDraft, arn: &str, token: &str) -> serde_json::Value {
    let mut request = serde_json::Map::new();
    request.insert("inferenceProfileName".into(), draft.name.clone().into());
    if !draft.description.is_empty() {
        request.insert("description".into(), draft.description.clone().into());
    }
    request.insert("clientRequestToken".into(), token.into());
    request.insert("modelSource".into(), serde_json::json!({ "copyFrom": arn }));
    if !draft.tags.is_empty() {
        request.insert("tags".into(), tags_json(&draft.tags));
    }
    serde_json::Value::Object(request)
}

fn tags_json(tags: &[Tag]) -> serde_json::Value {
    tags.iter()
        .map(|t| serde_json::json!({ "key": t.key, "value": t.value }))
        .collect()
}

/// The `aws bedrock create-inference-profile` command that sends the same request.
pub(crate) fn aws_cli_command(draft: &ProfileDraft, arn: &str, region: &str) -> String {
    let mut words = vec![
        "aws bedrock create-inference-profile".to_owned(),
        format!("--region {}", shell_quote(region)),
        format!("--inference-profile-name {}", shell_quote(&draft.name)),
    ];
    if !draft.description.is_empty() {
        words.push(format!("--description {}", shell_quote(&draft.description)));
    }
    let source = serde_json::json!({ "copyFrom": arn }).to_string();
    words.push(format!("--model-source {}", shell_quote(&source)));
    if !draft.tags.is_empty() {
        words.push(format!(
            "--tags {}",
            shell_quote(&tags_json(&draft.tags).to_string())
        ));
    }
    words.join(" \\\n    ")
}

/// `strata profiles create --dry-run`: the request it would send and the AWS CLI command.
pub(crate) fn create_dry_run(
    draft: &ProfileDraft,
    arn: &str,
    region: &str,
    token: &str,
    json: bool,
) -> String {
    let request = request_json(draft, arn, token);
    let command = aws_cli_command(draft, arn, region);
    if json {
        return to_aws_json(&serde_json::json!({
            "dryRun": true,
            "region": region,
            "operation": "CreateInferenceProfile",
            "request": request,
            "awsCli": command,
        }));
    }
    format!(
        "Dry run: AWS would accept this. Nothing was sent.\n\
         CreateInferenceProfile in {region}:\n{}\
         The same with the AWS CLI:\n{command}\n",
        to_aws_json(&request)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_keeps_plain_words_and_quotes_the_rest() {
        assert_eq!(shell_quote("us-east-1"), "us-east-1");
        assert_eq!(shell_quote("Project Alpha"), "'Project Alpha'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(r#"{"copyFrom":"a"}"#), r#"'{"copyFrom":"a"}'"#);
    }

    #[test]
    fn the_aws_cli_command_has_every_field_quoted() {
        let draft = ProfileDraft {
            name: "project-alpha".into(),
            description: "Project Alpha: Claude".into(),
            source: "m".into(),
            tags: vec![Tag {
                key: "Project".into(),
                value: "Alpha".into(),
            }],
        };
        let command = aws_cli_command(
            &draft,
            "arn:aws:bedrock:us-east-1::foundation-model/m",
            "us-east-1",
        );
        assert!(
            command.starts_with("aws bedrock create-inference-profile \\\n    --region us-east-1")
        );
        assert!(command.contains("--description 'Project Alpha: Claude'"));
        assert!(command.contains(
            r#"--model-source '{"copyFrom":"arn:aws:bedrock:us-east-1::foundation-model/m"}'"#
        ));
        assert!(command.contains(r#"--tags '[{"key":"Project","value":"Alpha"}]'"#));
    }
}
