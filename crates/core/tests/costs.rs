//! The Costs service against the Bedrock emulator over real HTTP: chat turns through two
//! application profiles with different Project tags are estimated from the ledger and billed by
//! the emulator's Cost Explorer, per Project; tag activation; the cache; and the billed side's
//! failures, which never lose the estimate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Fault, Seed};
use strata_core::chat::{ensure_tags, run_turn, ChatMessage, ChatRequest, Role, TurnOptions};
use strata_core::costs::{
    ActivationStatus, BilledCache, BilledGap, BilledSide, CostQuery, CostReport, CostSource, Costs,
    Grouping, PeriodChoice, COSTS_POLICY, MAX_KEYS_PER_ACTIVATION,
};
use strata_core::ledger::UsageLedger;
use strata_core::pricing::PriceTable;
use strata_core::profiles::{ProfileDraft, Profiles};
use strata_core::{CatalogService, DemoBedrock, ErrorKind, RunMode, Settings, Tag};
use tokio_util::sync::CancellationToken;

const TOKYO: &str = "ap-northeast-1";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const DAY_MS: u64 = 86_400_000;

struct World {
    emulator: EmulatorHandle,
    catalog: Arc<CatalogService>,
    ledger: UsageLedger,
    dir: tempfile::TempDir,
}

impl World {
    async fn new(config: EmulatorConfig) -> Self {
        let emulator = Emulator::start(config).await.unwrap();
        let catalog = Arc::new(CatalogService::new(
            RunMode::from_switches(["--demo"], None),
            Settings {
                region: Some(TOKYO.to_owned()),
                enable_inference_profiles: true,
                ..Settings::default()
            },
            None,
            DemoBedrock::external(emulator.endpoint()),
        ));
        let dir = tempfile::tempdir().unwrap();
        let ledger = UsageLedger::new(dir.path().join("usage.db"));
        Self {
            emulator,
            catalog,
            ledger,
            dir,
        }
    }

    fn costs(&self, cache: Arc<BilledCache>) -> Costs {
        Costs::new(self.catalog.clone(), self.ledger.clone(), cache)
    }

    /// Creates an application profile copying Claude 3 Haiku with `tags`.
    async fn profile(&self, name: &str, tags: &[(&str, &str)]) {
        let draft = ProfileDraft {
            name: name.to_owned(),
            description: String::new(),
            source: HAIKU.to_owned(),
            tags: tags
                .iter()
                .map(|(k, v)| Tag {
                    key: (*k).to_owned(),
                    value: (*v).to_owned(),
                })
                .collect(),
        };
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = format!("0b6f6c0e-4f0a-4c3a-9d56-{n:012}");
        Profiles::new(self.catalog.clone())
            .create(&draft, &token)
            .await
            .unwrap();
    }

    /// One chat turn through the profile named `name`, recorded in the ledger.
    async fn turn(&self, name: &str, text: &str) {
        let list = self.catalog.refresh().await;
        let mut entry = list
            .catalog
            .unwrap()
            .entries
            .into_iter()
            .find(|e| e.name == name)
            .unwrap();
        let session = self.catalog.session().await.unwrap();
        ensure_tags(&session, &mut entry).await;
        let request = ChatRequest::new(entry.id.clone(), vec![ChatMessage::text(Role::User, text)]);
        run_turn(
            &session,
            &PriceTable::built_in(),
            &self.ledger,
            &entry,
            &request,
            TurnOptions::default(),
            CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
    }

    fn count(&self, operation: &str) -> usize {
        self.emulator
            .requests()
            .iter()
            .filter(|r| r.operation == operation)
            .count()
    }
}

/// A period around today (from yesterday to the day after tomorrow): the turns of a test fall
/// in it even when the test straddles midnight UTC.
fn around_today() -> PeriodChoice {
    let day = |offset: i64| {
        let ms = strata_core::clock::now_ms().saturating_add_signed(offset * DAY_MS as i64);
        strata_core::costs::Day::of_ms(ms).to_string()
    };
    PeriodChoice::Custom {
        from: day(-1),
        to: day(2),
    }
}

fn query(by: &str, source: CostSource, refresh: bool) -> CostQuery {
    CostQuery {
        period: around_today(),
        by: by.to_owned(),
        source,
        refresh,
    }
}

fn group<'a>(report: &'a CostReport, key: &str) -> &'a strata_core::costs::GroupEstimate {
    report
        .estimate
        .groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key} in {:?}", report.estimate.groups))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Two Project values, two turns for Alpha and one for Beta.
async fn two_projects(world: &World) {
    world
        .profile(
            "alpha-haiku",
            &[("Project", "Alpha"), ("Department", "Research")],
        )
        .await;
    world.profile("beta-haiku", &[("Project", "Beta")]).await;
    world
        .turn("alpha-haiku", "How much does Alpha spend on Bedrock?")
        .await;
    world.turn("alpha-haiku", "And per day?").await;
    world.turn("beta-haiku", "Beta").await;
}

#[tokio::test]
async fn estimated_and_billed_spend_per_project_agree_once_the_tag_is_active() {
    let world = World::new(EmulatorConfig::for_tests(Seed::Empty)).await;
    two_projects(&world).await;
    // A key on a profile that was never called: billing has not seen it.
    world.profile("idle-haiku", &[("Owner", "Data")]).await;
    let costs = world.costs(Arc::new(BilledCache::in_memory()));

    // Inactive: Cost Explorer puts all the spend under "without the tag".
    let before = costs
        .report(
            &query("tag:Project", CostSource::Both, false),
            strata_core::clock::now_ms(),
        )
        .await
        .unwrap();
    let BilledSide::Available { billed } = &before.billed else {
        panic!("{:?}", before.billed)
    };
    let untagged = Grouping::untagged_key("Project");
    assert_eq!(
        billed
            .groups
            .iter()
            .map(|g| g.key.as_str())
            .collect::<Vec<_>>(),
        [untagged.as_str()]
    );
    let alpha = group(&before, "Alpha");
    let beta = group(&before, "Beta");
    assert_eq!((alpha.turns, beta.turns), (2, 1));
    let (alpha_estimate, beta_estimate) =
        (alpha.estimated_usd.unwrap(), beta.estimated_usd.unwrap());
    assert!(alpha_estimate > beta_estimate && beta_estimate > 0.0);
    // Until Project is active the bill puts everything under "not set": what Alpha and Beta
    // were billed is unknown, never $0.
    assert!(!billed.splits_by_key());
    assert_eq!(alpha.billed_usd, None, "Alpha's bill is not known yet");
    assert_eq!(beta.billed_usd, None);
    let unassigned = group(&before, &untagged);
    assert_eq!(
        unassigned.estimated_usd, None,
        "no ledger turn lacks the tag"
    );
    assert_eq!((unassigned.turns, unassigned.input_tokens), (0, 0));
    assert!(close(
        unassigned.billed_usd.unwrap(),
        alpha_estimate + beta_estimate
    ));
    assert!(billed.estimated_by_aws, "today's spend is not final");
    assert_eq!((billed.requests, billed.from_cache), (1, false));
    assert_eq!(billed.account, "123456789012");

    // Tag activation: Project and Department seen by billing but inactive, Owner not seen.
    let tags = costs.tag_activation().await.unwrap();
    let status = |tags: &[strata_core::costs::TagActivation], key: &str| {
        let t = tags.iter().find(|t| t.key == key).unwrap();
        (t.status, t.profiles)
    };
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert_eq!(status(&tags, "Project"), (ActivationStatus::Inactive, 2));
    assert_eq!(status(&tags, "Department"), (ActivationStatus::Inactive, 1));
    assert_eq!(status(&tags, "Owner"), (ActivationStatus::NotSeen, 1));
    let activated = costs.activate_tags(&["Project".to_owned()]).await.unwrap();
    assert_eq!(status(&activated, "Project"), (ActivationStatus::Active, 2));
    assert_eq!(
        status(&activated, "Department"),
        (ActivationStatus::Inactive, 1)
    );
    assert!(activated
        .iter()
        .find(|t| t.key == "Project")
        .unwrap()
        .last_updated
        .is_some());

    // Active: each Project's bill is its estimate (the emulator bills with the same prices).
    let after = costs
        .report(
            &query("tag:Project", CostSource::Both, true),
            strata_core::clock::now_ms(),
        )
        .await
        .unwrap();
    let BilledSide::Available { billed } = &after.billed else {
        panic!("{:?}", after.billed)
    };
    assert_eq!(
        billed
            .groups
            .iter()
            .map(|g| g.key.as_str())
            .collect::<Vec<_>>(),
        ["Alpha", "Beta"],
        "largest first"
    );
    for key in ["Alpha", "Beta"] {
        let g = group(&after, key);
        assert!(
            close(g.billed_usd.unwrap(), g.estimated_usd.unwrap()),
            "{key}: billed {:?}, estimated {:?}",
            g.billed_usd,
            g.estimated_usd
        );
    }
    let alpha_bill = &billed.groups[0];
    assert_eq!(alpha_bill.services.len(), 1);
    assert_eq!(
        alpha_bill.services[0].service,
        "Claude 3 Haiku (Amazon Bedrock Edition)"
    );
    assert!(close(billed.total_usd, alpha_estimate + beta_estimate));
    assert_eq!(after.estimate.totals.billed_usd, Some(billed.total_usd));
    assert_eq!(after.estimate.groups.len(), 2, "no untagged group any more");
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn the_bill_is_cached_per_account_period_and_key_and_survives_a_restart() {
    let world = World::new(EmulatorConfig::for_tests(Seed::Empty)).await;
    two_projects(&world).await;
    let path = world
        .dir
        .path()
        .join("cache")
        .join(strata_core::costs::BILLED_CACHE_FILE);
    let costs = world.costs(Arc::new(BilledCache::on_disk(path.clone())));
    let now = strata_core::clock::now_ms();
    let first = costs
        .billed(around_period(), "Project", false, now)
        .await
        .unwrap();
    assert!(!first.from_cache);
    assert_eq!(world.count("GetCostAndUsage"), 1);
    let second = costs
        .billed(around_period(), "Project", false, now)
        .await
        .unwrap();
    assert!(second.from_cache);
    assert_eq!(world.count("GetCostAndUsage"), 1, "the cache answered");
    assert_eq!(
        strata_core::costs::Billed {
            from_cache: false,
            ..second.clone()
        },
        first
    );
    // Another key is another question.
    costs
        .billed(around_period(), "Department", false, now)
        .await
        .unwrap();
    assert_eq!(world.count("GetCostAndUsage"), 2);

    // A new process (the CLI, or the app after a restart) reads the file: no request.
    let restarted = world.costs(Arc::new(BilledCache::on_disk(path.clone())));
    let again = restarted
        .billed(around_period(), "Project", false, now)
        .await
        .unwrap();
    assert!(again.from_cache);
    assert_eq!(world.count("GetCostAndUsage"), 2);
    // Refresh asks again, and the new answer replaces the cached one.
    let refreshed = restarted
        .billed(around_period(), "Project", true, now)
        .await
        .unwrap();
    assert!(!refreshed.from_cache);
    assert_eq!(world.count("GetCostAndUsage"), 3);
    world.emulator.shutdown().await;
}

fn around_period() -> strata_core::costs::Period {
    around_today().period().unwrap()
}

#[tokio::test]
async fn a_corrupt_cache_file_is_an_empty_cache_and_is_replaced() {
    let world = World::new(EmulatorConfig::for_tests(Seed::Empty)).await;
    two_projects(&world).await;
    let path = world.dir.path().join(strata_core::costs::BILLED_CACHE_FILE);
    std::fs::write(&path, b"{\"answers\": [ {\"from\": tru").unwrap();
    let costs = world.costs(Arc::new(BilledCache::on_disk(path.clone())));
    let now = strata_core::clock::now_ms();
    let billed = costs
        .billed(around_period(), "Project", false, now)
        .await
        .unwrap();
    assert!(!billed.from_cache);
    assert_eq!(world.count("GetCostAndUsage"), 1);
    // The file now holds the answer, readable by the next process.
    let text = std::fs::read_to_string(&path).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["answers"][0]["tagKey"], "Project");
    let next = world.costs(Arc::new(BilledCache::on_disk(path)));
    assert!(
        next.billed(around_period(), "Project", false, now)
            .await
            .unwrap()
            .from_cache
    );
    assert_eq!(world.count("GetCostAndUsage"), 1);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn without_ce_get_cost_and_usage_the_estimate_stays_and_the_statement_is_given() {
    let world = World::new(
        EmulatorConfig::for_tests(Seed::Empty).with_fault(Fault::Deny {
            actions: vec!["ce:GetCostAndUsage".to_owned()],
        }),
    )
    .await;
    two_projects(&world).await;
    let costs = world.costs(Arc::new(BilledCache::in_memory()));
    let report = costs
        .report(
            &query("tag:Project", CostSource::Both, false),
            strata_core::clock::now_ms(),
        )
        .await
        .unwrap();
    let BilledSide::Unavailable { gap, error } = &report.billed else {
        panic!("{:?}", report.billed)
    };
    assert_eq!(*gap, BilledGap::NoPermission);
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    assert!(error.message().contains("ce:GetCostAndUsage"), "{error:?}");
    assert!(error.hint().unwrap().contains(COSTS_POLICY), "{error:?}");
    // The estimate is whole, with no billed figure.
    let alpha = group(&report, "Alpha");
    assert!(alpha.estimated_usd.unwrap() > 0.0);
    assert_eq!(alpha.billed_usd, None);
    assert_eq!(report.estimate.groups.len(), 2);
    // `billed` alone says the same as an error.
    let e = costs
        .billed(
            around_period(),
            "Project",
            false,
            strata_core::clock::now_ms(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn by_profile_or_model_there_is_no_bill_and_nothing_is_asked() {
    let world = World::new(EmulatorConfig::for_tests(Seed::Empty)).await;
    two_projects(&world).await;
    let costs = world.costs(Arc::new(BilledCache::in_memory()));
    for by in ["profile", "model"] {
        let report = costs
            .report(
                &query(by, CostSource::Billed, false),
                strata_core::clock::now_ms(),
            )
            .await
            .unwrap();
        let BilledSide::Unavailable { gap, error } = &report.billed else {
            panic!("{:?}", report.billed)
        };
        assert_eq!(*gap, BilledGap::NotByTag);
        assert!(error.message().contains("tag keys only"), "{error:?}");
        assert!(!report.estimate.groups.is_empty());
    }
    let estimate_only = costs
        .report(
            &query("tag:Project", CostSource::Estimate, false),
            strata_core::clock::now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(estimate_only.billed, BilledSide::NotAsked);
    assert!(estimate_only
        .estimate
        .groups
        .iter()
        .all(|g| g.billed_usd.is_none()));
    assert_eq!(world.count("GetCostAndUsage"), 0);
    assert_eq!(world.count("GetCallerIdentity"), 0);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn activation_checks_keys_first_sends_at_most_twenty_a_call_and_names_refused_keys() {
    let world = World::new(EmulatorConfig::for_tests(Seed::Empty)).await;
    two_projects(&world).await;
    let costs = world.costs(Arc::new(BilledCache::in_memory()));
    let bad = costs
        .activate_tags(&["aws:Project".to_owned(), "Project".to_owned()])
        .await
        .unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::Validation);
    assert!(bad.message().contains("aws:Project"), "{bad:?}");
    let empty = costs.activate_tags(&[]).await.unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::Validation);
    assert_eq!(world.count("UpdateCostAllocationTagsStatus"), 0);

    // 25 keys: two calls (20 + 5); billing knows only Project, the rest are refused by name.
    let mut keys: Vec<String> = (1..=24).map(|i| format!("Unseen{i:02}")).collect();
    keys.insert(3, "Project".to_owned());
    let refused = costs.activate_tags(&keys).await.unwrap_err();
    assert_eq!(
        world.count("UpdateCostAllocationTagsStatus"),
        keys.len().div_ceil(MAX_KEYS_PER_ACTIVATION)
    );
    assert_eq!(world.count("UpdateCostAllocationTagsStatus"), 2);
    assert_eq!(refused.kind(), ErrorKind::NotFound);
    assert!(
        refused.message().contains("Unseen01 (TagKeyNotFound"),
        "{refused:?}"
    );
    assert!(refused.message().contains("Unseen24"), "{refused:?}");
    assert!(
        refused.message().contains("Activated: Project."),
        "{refused:?}"
    );
    let tags = costs.tag_activation().await.unwrap();
    let project = tags.iter().find(|t| t.key == "Project").unwrap();
    assert_eq!(project.status, ActivationStatus::Active);
    world.emulator.shutdown().await;
}

#[tokio::test]
async fn no_profile_tags_means_no_keys_and_no_cost_explorer_request() {
    let world = World::new(EmulatorConfig::for_tests(Seed::Empty)).await;
    let costs = world.costs(Arc::new(BilledCache::in_memory()));
    assert!(costs.tag_activation().await.unwrap().is_empty());
    assert_eq!(world.count("ListCostAllocationTags"), 0);
    world.emulator.shutdown().await;
}
