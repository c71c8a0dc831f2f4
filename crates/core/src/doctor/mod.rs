//! The doctor: the user guide's troubleshooting list as checks Strata runs itself ("why is my
//! profile missing?", "why can't I create one?"). Each check says pass, warn, fail or skipped,
//! with a one-line finding, the fix, and what it looked at; the window shows them as they finish
//! and `strata doctor` prints them.
//!
//! The checks run concurrently ([`Doctor::run`]); what several of them need (the connection, the
//! STS identity, the profile looked up) is fetched once and shared through [`Ctx`].
//!
//! - [`env`]: `setting`, `credentials`, `identity`, `region`;
//! - [`network`]: `network` (endpoint, proxy, TLS trust, clock skew);
//! - [`lookup`]: `profile` (this region, then every Bedrock region at once);
//! - [`permissions`]: `permissions` (harmless calls, `iam:SimulatePrincipalPolicy` for mutations);
//! - [`source`]: `model-source` and `tags`.

mod env;
mod lookup;
mod network;
mod permissions;
mod source;

use std::sync::Arc;

use futures::stream::{FuturesUnordered, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use ts_rs::TS;

use crate::costs::{CallerIdentity, Costs};
use crate::error::{Error, Result};
use crate::service::CatalogService;
use crate::session::Session;

pub use lookup::ProfileLookup;

/// One check, by the name the issue, the CLI's `--json` and the README use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    /// Enable Inference Profiles is on.
    Setting,
    /// Which credentials source the chain used, whether it resolves, when it expires.
    Credentials,
    /// STS GetCallerIdentity: the account and principal the app acts as.
    Identity,
    /// The region in use, where it came from, whether Bedrock serves it.
    Region,
    /// A profile looked up here, then in every Bedrock region.
    Profile,
    /// Each IAM action the app uses.
    Permissions,
    /// The source model or profile of a new profile can be copied here.
    ModelSource,
    /// A profile's tags, and whether each key is activated for cost allocation.
    Tags,
    /// The endpoint reached, proxy, TLS trust, clock skew.
    Network,
}

impl CheckId {
    /// Every check, in the order they are shown.
    pub const ALL: [CheckId; 9] = [
        CheckId::Setting,
        CheckId::Credentials,
        CheckId::Identity,
        CheckId::Region,
        CheckId::Profile,
        CheckId::Permissions,
        CheckId::ModelSource,
        CheckId::Tags,
        CheckId::Network,
    ];

    /// The name as `--json` prints it: `model-source`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Setting => "setting",
            CheckId::Credentials => "credentials",
            CheckId::Identity => "identity",
            CheckId::Region => "region",
            CheckId::Profile => "profile",
            CheckId::Permissions => "permissions",
            CheckId::ModelSource => "model-source",
            CheckId::Tags => "tags",
            CheckId::Network => "network",
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// Nothing wrong.
    Pass,
    /// Works, but something deserves attention (credentials that expire soon, a profile in
    /// another region found by name).
    Warn,
    /// This is (one of) the problem(s).
    Fail,
    /// Not run: not asked for, nothing to look at (no profile given), or a check it needs failed.
    Skipped,
}

/// A fix the app can apply itself, shown as a button beside the finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FixAction {
    /// Turn Enable Inference Profiles on (the settings are saved and the catalog reloaded).
    EnableInferenceProfiles,
    /// Use `region` instead of the current one (a profile found there).
    SwitchRegion {
        /// The region to use.
        region: String,
    },
    /// Activate these tag keys for cost allocation (`ce:UpdateCostAllocationTagsStatus`).
    ActivateCostTags {
        /// The keys, as the profiles carry them.
        keys: Vec<String>,
    },
    /// Leave demo mode / pick credentials: open the AWS section of Settings.
    OpenAwsSettings,
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Which check.
    pub id: CheckId,
    /// How it came out.
    pub status: CheckStatus,
    /// One line: what was found ("Enable Inference Profiles is off: application profiles are
    /// not listed.").
    pub finding: String,
    /// What to do, in words (a command to run, a setting to change); `None` when nothing is to
    /// be done.
    pub fix: Option<String>,
    /// The fix, when the app can apply it itself.
    pub action: Option<FixAction>,
    /// An IAM policy statement that grants what is missing, ready to copy (JSON).
    pub policy: Option<String>,
    /// What it looked at, a line each ("credentials source: SSO session corp of profile dev",
    /// "ListInferenceProfiles in us-east-1: 3 application profiles").
    pub details: Vec<String>,
}

impl Check {
    /// A check with `status` and `finding`, no fix, nothing looked at yet.
    pub fn new(id: CheckId, status: CheckStatus, finding: impl Into<String>) -> Self {
        Self {
            id,
            status,
            finding: finding.into(),
            fix: None,
            action: None,
            policy: None,
            details: Vec::new(),
        }
    }

    /// Not run, with why.
    pub fn skipped(id: CheckId, why: impl Into<String>) -> Self {
        Self::new(id, CheckStatus::Skipped, why)
    }

    /// With a fix in words.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// With a fix the app can apply.
    pub fn with_action(mut self, action: FixAction) -> Self {
        self.action = Some(action);
        self
    }

    /// With a policy statement to copy.
    pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// With one more line of what it looked at.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }
}

/// What to examine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DoctorRequest {
    /// A profile's id, ARN or name ("why is this one missing?"); `None`: "my profiles are
    /// missing", the application profiles of the region as a whole.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub profile_identifier: Option<String>,
    /// The `copyFrom` of a profile that cannot be created (model id, system profile id or ARN);
    /// `model-source` is skipped without it.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub model_source: Option<String>,
    /// Only these checks (the picker's inline findings); `None`: all of them.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub checks: Option<Vec<CheckId>>,
}

impl DoctorRequest {
    /// The checks to run, in [`CheckId::ALL`]'s order.
    pub fn selected(&self) -> Vec<CheckId> {
        CheckId::ALL
            .into_iter()
            .filter(|id| self.checks.as_ref().is_none_or(|only| only.contains(id)))
            .collect()
    }

    /// Checks the profile identifier and the model source as AWS would, before any call.
    pub fn validate(&self) -> Result<()> {
        if let Some(identifier) = &self.profile_identifier {
            crate::profiles::check_identifier(identifier.trim())?;
        }
        // A source is what `copyFrom` takes (a foundation-model ARN included), by its own rules.
        if let Some(problem) = self
            .model_source
            .as_deref()
            .and_then(|s| crate::profiles::check_source(s.trim()))
        {
            return Err(crate::profiles::problems_error(&[problem]));
        }
        Ok(())
    }
}

/// What the doctor says while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DoctorEvent {
    /// These checks started (shown as running).
    Started {
        /// In the order they are shown.
        checks: Vec<CheckId>,
    },
    /// One check finished.
    Finished {
        /// Its outcome.
        check: Check,
    },
}

/// Every check's outcome, in [`CheckId::ALL`]'s order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    /// The checks run (skipped ones included).
    pub checks: Vec<Check>,
}

impl DoctorReport {
    /// True when any check failed (`strata doctor` exits 1).
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == CheckStatus::Fail)
    }

    /// The outcome of `id`, if it ran.
    pub fn get(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// Runs the checks against the connection a [`CatalogService`] holds.
pub struct Doctor {
    catalog: Arc<CatalogService>,
    costs: Arc<Costs>,
}

/// What the checks of one run share: the request, the services, and what is fetched once.
pub(crate) struct Ctx {
    pub(crate) request: DoctorRequest,
    pub(crate) catalog: Arc<CatalogService>,
    pub(crate) costs: Arc<Costs>,
    session: OnceCell<Result<Arc<Session>>>,
    credentials: OnceCell<Result<aws_credential_types::Credentials>>,
    identity: OnceCell<Result<CallerIdentity>>,
    lookup: OnceCell<Result<ProfileLookup>>,
}

impl Ctx {
    /// The connection (made once per run).
    pub(crate) async fn session(&self) -> Result<Arc<Session>> {
        self.session
            .get_or_init(|| self.catalog.session())
            .await
            .clone()
    }

    /// The connection's credentials, resolved once per run through its provider (the
    /// `credentials` check says where they came from; `identity` needs them).
    pub(crate) async fn credentials(&self) -> Result<aws_credential_types::Credentials> {
        self.credentials
            .get_or_init(|| async {
                let session = self.session().await?;
                crate::aws::resolve_credentials(session.sdk_config(), &session.target).await
            })
            .await
            .clone()
    }

    /// STS GetCallerIdentity (asked once per run).
    pub(crate) async fn identity(&self) -> Result<CallerIdentity> {
        self.identity
            .get_or_init(|| async {
                let session = self.session().await?;
                crate::costs::identity::caller_identity(&session).await
            })
            .await
            .clone()
    }

    /// The profile lookup (`profile` and `tags` share it; done once per run).
    pub(crate) async fn lookup(&self) -> Result<ProfileLookup> {
        self.lookup
            .get_or_init(|| lookup::look_up(self))
            .await
            .clone()
    }
}

impl Doctor {
    /// The doctor of `catalog`'s connection; `costs` answers the tag-activation question.
    pub fn new(catalog: Arc<CatalogService>, costs: Arc<Costs>) -> Self {
        Self { catalog, costs }
    }

    /// Runs the checks `request` selects, concurrently; `on_event` hears each one start and
    /// finish (in the order they finish). Fails only on a request that is not valid (checked
    /// before any call); every AWS failure is a check's finding.
    pub async fn run(
        &self,
        request: &DoctorRequest,
        on_event: impl Fn(DoctorEvent) + Send + Sync,
    ) -> Result<DoctorReport, Error> {
        request.validate()?;
        let selected = request.selected();
        on_event(DoctorEvent::Started {
            checks: selected.clone(),
        });
        let ctx = Ctx {
            request: request.clone(),
            catalog: Arc::clone(&self.catalog),
            costs: Arc::clone(&self.costs),
            session: OnceCell::new(),
            credentials: OnceCell::new(),
            identity: OnceCell::new(),
            lookup: OnceCell::new(),
        };
        let mut running: FuturesUnordered<_> = selected
            .iter()
            .map(|&id| {
                let ctx = &ctx;
                async move { run_one(ctx, id).await }
            })
            .collect();
        let mut checks = Vec::with_capacity(selected.len());
        while let Some(check) = running.next().await {
            on_event(DoctorEvent::Finished {
                check: check.clone(),
            });
            checks.push(check);
        }
        checks.sort_by_key(|c| c.id);
        Ok(DoctorReport { checks })
    }
}

async fn run_one(ctx: &Ctx, id: CheckId) -> Check {
    match id {
        CheckId::Setting => env::setting(ctx).await,
        CheckId::Credentials => env::credentials(ctx).await,
        CheckId::Identity => env::identity(ctx).await,
        CheckId::Region => env::region(ctx).await,
        CheckId::Profile => lookup::profile(ctx).await,
        CheckId::Permissions => permissions::permissions(ctx).await,
        CheckId::ModelSource => source::model_source(ctx).await,
        CheckId::Tags => source::tags(ctx).await,
        CheckId::Network => network::network(ctx).await,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn source(text: &str) -> DoctorRequest {
        DoctorRequest {
            model_source: Some(text.to_owned()),
            ..DoctorRequest::default()
        }
    }

    #[test]
    fn a_model_source_is_checked_as_copy_from_is_not_as_a_profile_identifier() {
        for ok in [
            "anthropic.claude-3-haiku-20240307-v1:0",
            "us.anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
        ] {
            assert_eq!(source(ok).validate(), Ok(()), "{ok}");
        }
        let copied = source(
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456",
        )
        .validate()
        .unwrap_err();
        assert!(copied.message().contains("cannot be copied"), "{copied}");
        let bad = source("claude 3").validate().unwrap_err();
        assert!(bad.message().contains("character 7"), "{bad}");
    }

    #[test]
    fn the_profile_identifier_is_checked_before_any_call() {
        let request = DoctorRequest {
            profile_identifier: Some("no spaces allowed!".to_owned()),
            ..DoctorRequest::default()
        };
        assert_eq!(
            request.validate().unwrap_err().kind(),
            crate::ErrorKind::Validation
        );
        assert_eq!(DoctorRequest::default().validate(), Ok(()));
        assert_eq!(DoctorRequest::default().selected(), CheckId::ALL);
    }
}
