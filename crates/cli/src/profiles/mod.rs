//! `strata profiles`: application inference profiles from the command line, with the AWS CLI's
//! flags (`strata profiles <verb>` for `aws bedrock <verb>-inference-profile`), AWS's input
//! rules checked before any request, and `--json` printing what the AWS CLI prints.

mod apply;
mod aws_json;
mod input;
mod text;

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::Arc;

use strata_core::profiles::{
    check_draft, check_resource_arn, check_tag_keys, check_tags, problems_error, ProfileDraft,
    ProfileType, Profiles,
};
use strata_core::CatalogService;

use crate::connection::{service, ConnectionArgs};
use crate::output::print_error;
use crate::terminal::sanitize;
use aws_json::{to_aws_json, AwsProfile, CreateResponse, ListResponse};

/// Options of `strata profiles`.
#[derive(Debug, clap::Args)]
pub(crate) struct ProfilesArgs {
    #[command(subcommand)]
    command: Verb,
}

#[derive(Debug, clap::Subcommand)]
enum Verb {
    /// Lists inference profiles (ListInferenceProfiles, every page), with their tags.
    List(ListArgs),
    /// Shows one inference profile (GetInferenceProfile) and its tags.
    Get(GetArgs),
    /// Creates an application inference profile (CreateInferenceProfile).
    Create(CreateArgs),
    /// Adds or changes tags on a profile (TagResource).
    Tag(TagArgs),
    /// Removes tags from a profile by key (UntagResource).
    Untag(UntagArgs),
    /// Deletes an application inference profile (DeleteInferenceProfile).
    Delete(DeleteArgs),
    /// Makes a region's application profiles what a JSON or YAML file says.
    Apply(apply::ApplyArgs),
}

/// `--type-equals`, spelled as AWS does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TypeEquals {
    #[value(name = "APPLICATION")]
    Application,
    #[value(name = "SYSTEM_DEFINED")]
    SystemDefined,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Which profiles; without it AWS lists the SYSTEM_DEFINED (cross-region) ones.
    #[arg(long, value_enum, value_name = "TYPE")]
    type_equals: Option<TypeEquals>,
    /// List every Bedrock region of the partition at once.
    #[arg(long)]
    all_regions: bool,
    /// Print what `aws bedrock list-inference-profiles` prints.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct GetArgs {
    /// The profile's id, ARN or (application profiles) name.
    #[arg(long, value_name = "ID|ARN|NAME")]
    inference_profile_identifier: String,
    /// Print what `aws bedrock get-inference-profile` prints.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct CreateArgs {
    /// The new profile's name (1–64 letters, digits, and single spaces, `_` or `-` between).
    #[arg(long, value_name = "NAME")]
    inference_profile_name: String,
    /// Its description (1–200 letters, digits, `:` and `.`, and single spaces, `_` or `-`).
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// What it copies: {"copyFrom":"ARN"} (a foundation model or cross-region profile; a
    /// model or profile id is resolved in the region), copyFrom=ARN, or file://PATH.
    #[arg(long, value_name = "JSON", value_parser = input::model_source)]
    model_source: String,
    /// Its tags: [{"key":"K","value":"V"}, …] or file://PATH.
    #[arg(long, value_name = "JSON", value_parser = input::tag_list)]
    tags: Option<input::TagList>,
    /// Check it and print the request (and the AWS CLI command) without sending it.
    #[arg(long)]
    dry_run: bool,
    /// Print what `aws bedrock create-inference-profile` prints.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct TagArgs {
    /// The profile's ARN.
    #[arg(long = "resource-arn", value_name = "ARN")]
    resource_arn: String,
    /// The tags to add or change: [{"key":"K","value":"V"}, …] or file://PATH.
    #[arg(long, value_name = "JSON", value_parser = input::tag_list)]
    tags: input::TagList,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct UntagArgs {
    /// The profile's ARN.
    #[arg(long = "resource-arn", value_name = "ARN")]
    resource_arn: String,
    /// The keys of the tags to remove (or a JSON list of them).
    #[arg(long, value_name = "KEY", num_args = 1.., required = true)]
    tag_keys: Vec<String>,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, clap::Args)]
struct DeleteArgs {
    /// The profile's id, ARN or name.
    #[arg(long, value_name = "ID|ARN|NAME")]
    inference_profile_identifier: String,
    /// Delete without asking to type the name (needed when standard input is not a terminal).
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Runs `strata profiles`.
pub(crate) async fn run(args: ProfilesArgs) -> ExitCode {
    match args.command {
        Verb::List(a) => list(a).await,
        Verb::Get(a) => get(a).await,
        Verb::Create(a) => create(a).await,
        Verb::Tag(a) => tag(a).await,
        Verb::Untag(a) => untag(a).await,
        Verb::Delete(a) => delete(a).await,
        Verb::Apply(a) => apply::run(a).await,
    }
}

/// The profiles of the flags' connection (application profiles included in its catalog).
fn connect(connection: &ConnectionArgs) -> (Arc<CatalogService>, Profiles) {
    let catalog = Arc::new(service(connection, true));
    (catalog.clone(), Profiles::new(catalog))
}

/// Runs `work` with the connection's profiles, then stops demo mode's emulator; an error is
/// printed with its hint and exits 1.
async fn with_profiles<F, Fut>(connection: &ConnectionArgs, work: F) -> ExitCode
where
    F: FnOnce(Arc<CatalogService>, Profiles) -> Fut,
    Fut: std::future::Future<Output = Result<(), strata_core::Error>>,
{
    let (catalog, profiles) = connect(connection);
    let result = work(catalog.clone(), profiles).await;
    catalog.shutdown().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// A usage error (exit 2), said as clap says them.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

async fn list(args: ListArgs) -> ExitCode {
    let kind = match args.type_equals {
        Some(TypeEquals::Application) => ProfileType::Application,
        // AWS's default when the type is not given.
        Some(TypeEquals::SystemDefined) | None => ProfileType::SystemDefined,
    };
    let (catalog, profiles) = connect(&args.connection);
    let answers = if args.all_regions {
        profiles.list_all_regions(kind).await
    } else {
        vec![profiles.list(kind).await]
    };
    catalog.shutdown().await;
    let failed = answers.iter().filter(|a| a.error.is_some()).count();
    if !args.all_regions || failed == answers.len() {
        if let Some(e) = answers.iter().find_map(|a| a.error.as_ref()) {
            print_error(e);
            return ExitCode::FAILURE;
        }
    }
    if args.json {
        let summaries = answers
            .iter()
            .flat_map(|a| &a.profiles)
            .map(AwsProfile::of)
            .collect();
        print!(
            "{}",
            to_aws_json(&ListResponse {
                inference_profile_summaries: summaries,
            })
        );
    } else {
        print!(
            "{}",
            sanitize(&text::list_table(&answers, args.all_regions))
        );
    }
    // Some regions answered and some did not: the rest is above, each failure said here.
    for answer in answers.iter().filter(|a| a.error.is_some()) {
        if let Some(e) = &answer.error {
            eprintln!("warning: {} could not be listed:", answer.region);
            print_error(e);
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn get(args: GetArgs) -> ExitCode {
    with_profiles(&args.connection, |_, profiles| async move {
        let profile = profiles.get(&args.inference_profile_identifier).await?;
        if args.json {
            print!("{}", to_aws_json(&AwsProfile::of(&profile)));
        } else {
            print!("{}", sanitize(&text::profile_details(&profile)));
        }
        Ok(())
    })
    .await
}

async fn create(args: CreateArgs) -> ExitCode {
    let draft = ProfileDraft {
        name: args.inference_profile_name.clone(),
        description: args.description.clone().unwrap_or_default(),
        source: args.model_source.clone(),
        tags: args.tags.clone().map(|t| t.0).unwrap_or_default(),
    };
    // AWS's rules before anything else: an invalid draft sends nothing (and needs no login).
    let problems = check_draft(&draft);
    if !problems.is_empty() {
        print_error(&problems_error(&problems));
        return ExitCode::FAILURE;
    }
    let token = uuid::Uuid::new_v4().to_string();
    with_profiles(&args.connection, |catalog, profiles| async move {
        if args.dry_run {
            let region = catalog.session().await?.info.region.clone();
            let arn = resolved_source(&profiles, &draft.source).await?;
            print!(
                "{}",
                text::create_dry_run(&draft, &arn, &region, &token, args.json)
            );
            return Ok(());
        }
        let created = profiles.create(&draft, &token).await?;
        if args.json {
            print!(
                "{}",
                to_aws_json(&CreateResponse {
                    inference_profile_arn: &created.arn,
                    status: created.status.as_str(),
                })
            );
        } else {
            print!("{}", sanitize(&text::created(&created)));
        }
        Ok(())
    })
    .await
}

/// The ARN a draft's source goes to `copyFrom` as: itself when it is an ARN, else the region's
/// model or cross-region profile with that id (read-only calls).
async fn resolved_source(profiles: &Profiles, source: &str) -> Result<String, strata_core::Error> {
    if source.starts_with("arn:") {
        return Ok(source.to_owned());
    }
    let sources = profiles.sources().await?;
    match sources.iter().find(|s| s.id == source) {
        Some(s) => match &s.problem {
            Some(why) => Err(strata_core::Error::validation(format!(
                "{source} cannot be copied: {why}"
            ))),
            None => Ok(s.arn.clone()),
        },
        None => Err(strata_core::Error::new(
            strata_core::ErrorKind::NotFound,
            format!("No foundation model or cross-region profile {source} in this region."),
        )
        .with_hint("`strata models` lists what the region offers.")),
    }
}

async fn tag(args: TagArgs) -> ExitCode {
    let tags = args.tags.0;
    if tags.is_empty() {
        return usage_error("invalid value for '--tags <JSON>': the list has no tag");
    }
    if let Err(e) = check_resource_arn(&args.resource_arn) {
        print_error(&e);
        return ExitCode::FAILURE;
    }
    let problems = check_tags(&tags);
    if !problems.is_empty() {
        print_error(&problems_error(&problems));
        return ExitCode::FAILURE;
    }
    with_profiles(&args.connection, |_, profiles| async move {
        let profile = profiles.tag(&args.resource_arn, &tags).await?;
        eprintln!("{}", sanitize(&text::tags_now(&profile)));
        Ok(())
    })
    .await
}

async fn untag(args: UntagArgs) -> ExitCode {
    let keys = match input::tag_keys(&args.tag_keys) {
        Ok(keys) if !keys.is_empty() => keys,
        Ok(_) => return usage_error("invalid value for '--tag-keys <KEY>...': no key given"),
        Err(e) => return usage_error(&format!("invalid value for '--tag-keys <KEY>...': {e}")),
    };
    // AWS's rules before the call, so a typo is said without a request.
    if let Err(e) = check_resource_arn(&args.resource_arn) {
        print_error(&e);
        return ExitCode::FAILURE;
    }
    let problems = check_tag_keys(&keys);
    if !problems.is_empty() {
        print_error(&problems_error(&problems));
        return ExitCode::FAILURE;
    }
    with_profiles(&args.connection, |_, profiles| async move {
        let profile = profiles.untag(&args.resource_arn, &keys).await?;
        eprintln!("{}", sanitize(&text::tags_now(&profile)));
        Ok(())
    })
    .await
}

async fn delete(args: DeleteArgs) -> ExitCode {
    let ask = !args.yes;
    if ask && !std::io::stdin().is_terminal() {
        return usage_error(
            "delete asks you to type the profile's name, and standard input is not a terminal; \
             pass --yes to delete without asking",
        );
    }
    with_profiles(&args.connection, |_, profiles| async move {
        let identifier = args.inference_profile_identifier;
        let arn = if ask {
            let profile = profiles.get(&identifier).await?;
            if !confirmed(&profile.name, &profile.arn)? {
                return Err(strata_core::Error::validation(format!(
                    "Not deleted: the name typed is not {}.",
                    profile.name
                ))
                .with_hint("Type the name exactly, or pass --yes."));
            }
            profile.arn
        } else {
            identifier
        };
        profiles.delete(&arn).await?;
        eprintln!("{}", sanitize(&format!("Deleted {arn}.")));
        Ok(())
    })
    .await
}

/// Asks on the terminal to type `name`; true when it was typed exactly.
fn confirmed(name: &str, arn: &str) -> Result<bool, strata_core::Error> {
    let mut stderr = std::io::stderr();
    let _ = write!(
        stderr,
        "{}",
        sanitize(&format!(
            "Delete {name} ({arn})? It cannot be undone, and calls through its ARN will fail.\n\
             Type its name to delete it: "
        ))
    );
    let _ = stderr.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| strata_core::Error::internal(format!("cannot read the answer: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']) == name)
}
