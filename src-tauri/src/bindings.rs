//! Generates the TypeScript side of IPC, into one committed file: the types of everything that
//! crosses it, the command table (`commands/table.rs`), the broadcast event's name and the error
//! kinds. `cargo test` fails when the file is stale; `UPDATE_BINDINGS=1 cargo test -p strata
//! bindings` rewrites it.

use ts_rs::{Config, TS};

use strata_core::catalog::{CatalogSection, EntryStatus, SectionError};
use strata_core::{
    Capabilities, Catalog, CatalogStats, ConnectionInfo, DemoPreference, DemoReason, EntryKind,
    ModelEntry, ModelList, Settings, Tag, UnderlyingModel,
};

use strata_core::chat::{
    Attachment, AttachmentKind, ChatEvent, ChatFeatures, ChatMessage, ChatParameters, ChatRequest,
    ModelFeatures, PromptCacheSpec, Reasoning, ReasoningLevel, ReasoningSpec, Role, ServiceTier,
    StopReason, TurnUsage,
};
use strata_core::conversations::{Conversation, StoredMessage, StoredUsage};
use strata_core::ledger::{TurnOutcome, UsageTotal};
use strata_core::profiles::{
    ConversationRef, DraftField, FieldProblem, Profile, ProfileDraft, ProfileOrigin, ProfileSource,
    ProfileType, ProfileUse, RegionProfiles,
};

use strata_core::costs::{
    ActivationStatus, Alert, AlertKind, Billed, BilledGap, BilledGroup, BilledSide,
    BillingAlarmDraft, BudgetDraft, CallerIdentity, CostQuery, CostReport, CostSource, DateText,
    DayEstimate, DayGroup, Estimate, EstimateBasis, GroupEstimate, PeriodChoice, PriceBasis,
    ServiceCost, TagActivation,
};
use strata_core::doctor::{
    Check, CheckId, CheckStatus, DoctorEvent, DoctorReport, DoctorRequest, FixAction,
};
use strata_core::pricing::{Price, PriceListRefresh, PriceQuote, PriceSource};

use crate::commands::chat::UsageSummary;
use crate::commands::costs::CsvExport;
use crate::commands::settings::AwsOptions;
use crate::error::{IpcError, IpcErrorKind};
use crate::events::{AppEvent, AppInfo, LogLevel, LogLine, MenuAction, APP_EVENT};
use crate::settings_store::SettingsSnapshot;

/// Where the generated file lives, relative to the repository root.
pub(crate) const BINDINGS_PATH: &str = "ui/src/bindings/index.ts";

/// The full text of the generated TypeScript file.
pub(crate) fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        AppInfo::decl(&cfg),
        LogLevel::decl(&cfg),
        LogLine::decl(&cfg),
        MenuAction::decl(&cfg),
        AppEvent::decl(&cfg),
        IpcErrorKind::decl(&cfg),
        IpcError::decl(&cfg),
        DemoPreference::decl(&cfg),
        Settings::decl(&cfg),
        SettingsSnapshot::decl(&cfg),
        DemoReason::decl(&cfg),
        ConnectionInfo::decl(&cfg),
        EntryKind::decl(&cfg),
        Tag::decl(&cfg),
        Capabilities::decl(&cfg),
        UnderlyingModel::decl(&cfg),
        EntryStatus::decl(&cfg),
        ModelEntry::decl(&cfg),
        CatalogStats::decl(&cfg),
        CatalogSection::decl(&cfg),
        SectionError::decl(&cfg),
        Catalog::decl(&cfg),
        ModelList::decl(&cfg),
        AwsOptions::decl(&cfg),
        Role::decl(&cfg),
        AttachmentKind::decl(&cfg),
        Attachment::decl(&cfg),
        Reasoning::decl(&cfg),
        ServiceTier::decl(&cfg),
        ReasoningLevel::decl(&cfg),
        PromptCacheSpec::decl(&cfg),
        ReasoningSpec::decl(&cfg),
        ModelFeatures::decl(&cfg),
        ChatParameters::decl(&cfg),
        ChatMessage::decl(&cfg),
        ChatRequest::decl(&cfg),
        TurnOutcome::decl(&cfg),
        TurnUsage::decl(&cfg),
        StopReason::decl(&cfg),
        ChatEvent::decl(&cfg),
        StoredUsage::decl(&cfg),
        StoredMessage::decl(&cfg),
        Conversation::decl(&cfg),
        ChatFeatures::decl(&cfg),
        UsageTotal::decl(&cfg),
        UsageSummary::decl(&cfg),
        ProfileType::decl(&cfg),
        ProfileOrigin::decl(&cfg),
        Profile::decl(&cfg),
        RegionProfiles::decl(&cfg),
        ProfileDraft::decl(&cfg),
        DraftField::decl(&cfg),
        FieldProblem::decl(&cfg),
        ProfileSource::decl(&cfg),
        ConversationRef::decl(&cfg),
        ProfileUse::decl(&cfg),
        DateText::decl(&cfg),
        PeriodChoice::decl(&cfg),
        CostSource::decl(&cfg),
        CostQuery::decl(&cfg),
        PriceSource::decl(&cfg),
        Price::decl(&cfg),
        PriceQuote::decl(&cfg),
        PriceBasis::decl(&cfg),
        EstimateBasis::decl(&cfg),
        GroupEstimate::decl(&cfg),
        DayGroup::decl(&cfg),
        DayEstimate::decl(&cfg),
        Estimate::decl(&cfg),
        ServiceCost::decl(&cfg),
        BilledGroup::decl(&cfg),
        Billed::decl(&cfg),
        BilledGap::decl(&cfg),
        BilledSide::decl(&cfg),
        CostReport::decl(&cfg),
        CsvExport::decl(&cfg),
        CallerIdentity::decl(&cfg),
        ActivationStatus::decl(&cfg),
        TagActivation::decl(&cfg),
        BudgetDraft::decl(&cfg),
        BillingAlarmDraft::decl(&cfg),
        AlertKind::decl(&cfg),
        Alert::decl(&cfg),
        PriceListRefresh::decl(&cfg),
        CheckId::decl(&cfg),
        CheckStatus::decl(&cfg),
        FixAction::decl(&cfg),
        Check::decl(&cfg),
        DoctorRequest::decl(&cfg),
        DoctorEvent::decl(&cfg),
        DoctorReport::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p strata bindings`.\n\
         // Do not edit by hand: a test fails when this file differs from what the Rust code generates.\n\n\
         import type { Channel } from \"@tauri-apps/api/core\";\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&format!(
        "\n/** The backend's app-wide broadcast channel; its payloads are `AppEvent`. */\n\
         export const APP_EVENT = {APP_EVENT:?};\n"
    ));
    let kinds: Vec<String> = error_kinds(&cfg)
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect();
    out.push_str(&format!(
        "\n/** Every `IpcErrorKind`, to tell a typed rejection from anything else at run time. */\n\
         export const IPC_ERROR_KINDS: readonly IpcErrorKind[] = [{}];\n",
        kinds.join(", ")
    ));
    out.push_str(&crate::commands::typescript(&cfg));
    out
}

/// The variants of `IpcErrorKind`, read from its ts-rs form (a union of string literals), so
/// the list follows the Rust enum without a copy of its variants.
fn error_kinds(cfg: &Config) -> Vec<String> {
    IpcErrorKind::inline(cfg)
        .split('|')
        .map(|k| k.trim().trim_matches('"').to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::path::Path;

    use ts_rs::Config;

    #[test]
    fn error_kinds_are_the_enum_variants() {
        let kinds = super::error_kinds(&Config::new());
        assert_eq!(kinds.first().map(String::as_str), Some("NoCredentials"));
        assert!(kinds.iter().any(|k| k == "Internal"));
        // Each one is a bare variant name, as serde writes it.
        for kind in &kinds {
            let json = serde_json::to_string(kind).unwrap();
            let parsed: super::IpcErrorKind = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
        }
    }

    #[test]
    fn bindings_file_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(super::BINDINGS_PATH);
        let wanted = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &wanted).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == wanted,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p strata bindings` and commit it",
            super::BINDINGS_PATH
        );
    }
}
