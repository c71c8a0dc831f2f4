//! Prices from the AWS Price List against the emulator over real HTTP: a refresh prices Claude
//! 3.5 Sonnet (which the built-in table lacks) with source and date, the running chat service
//! uses the new prices at once, the turn's cost agrees with what the emulator's Cost Explorer
//! bills, and the user's `prices.json` still wins.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use aws_sdk_costexplorer::types::{DateInterval, Granularity};
use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use strata_core::chat::{ChatMessage, ChatRequest, ChatService, Role, StartOptions};
use strata_core::costs::Day;
use strata_core::ledger::{TurnOutcome, UsageLedger};
use strata_core::pricing::{refresh_price_list, Price, PriceSource, PriceTable, PRICES_FILE};
use strata_core::{CatalogService, DemoBedrock, RunMode, Session, Settings};

const SONNET_35: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const SONNET_35_V2: &str = "anthropic.claude-3-5-sonnet-20241022-v2:0";
/// The emulator's price list's date (its GetProducts `publicationDate`).
const LIST_DATE: &str = "2026-12-01";

async fn demo(emulator: &EmulatorHandle) -> Session {
    Session::connect(
        &Settings::default(),
        RunMode::from_switches(["--demo"], None),
        &DemoBedrock::external(emulator.endpoint()),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_refresh_prices_claude_3_5_sonnet_from_the_price_list_with_its_date() {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let session = demo(&emulator).await;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        PriceTable::built_in().lookup(SONNET_35),
        None,
        "not built in"
    );

    let refresh = refresh_price_list(&session, dir.path()).await.unwrap();
    assert_eq!(refresh.as_of, LIST_DATE);
    // The emulator names every product by a catalog model's exact name.
    assert_eq!(refresh.unmapped, 0);
    assert!(refresh.models >= 2, "{refresh:?}");
    let cache = dir.path().join("cache").join("price-list.json");
    assert_eq!(refresh.path, cache.display().to_string());
    let text = std::fs::read_to_string(&cache).unwrap();
    assert!(
        text.contains(&format!("\"asOf\": \"{LIST_DATE}\"")),
        "{text}"
    );
    assert!(text.contains("\"region\": \"ap-northeast-1\""), "{text}");

    // Asked for the session's region, through the Price List's own endpoint region.
    let calls: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.operation == "GetProducts")
        .collect();
    assert!(!calls.is_empty());
    assert!(calls.iter().all(|c| c.region == "us-east-1"), "{calls:?}");

    let load = PriceTable::load_dir(dir.path());
    assert!(load.problem.is_none() && load.price_list_problem.is_none());
    let v1 = load.table.lookup(SONNET_35).unwrap();
    assert_eq!(v1.price, Price::new(3.0, 15.0));
    assert_eq!(v1.source, PriceSource::PriceList);
    assert_eq!(v1.as_of.as_deref(), Some(LIST_DATE));
    // v2 is its own model with its own name: priced as itself, not as v1's neighbour.
    let v2 = load.table.lookup(SONNET_35_V2).unwrap();
    assert_eq!(v2.source, PriceSource::PriceList);
    // A model the Price List prices and the built-in table has: the Price List's figure now.
    let haiku = load
        .table
        .lookup("anthropic.claude-3-haiku-20240307-v1:0")
        .unwrap();
    assert_eq!(haiku.source, PriceSource::PriceList);
    assert_eq!(haiku.price, Price::new(0.25, 1.25));
    emulator.shutdown().await;
}

fn ask(entry: &str) -> ChatRequest {
    ChatRequest::new(
        entry,
        vec![ChatMessage::text(
            Role::User,
            "What does the Price List say?",
        )],
    )
}

#[tokio::test]
async fn a_turn_after_the_refresh_is_priced_from_the_price_list_as_the_emulator_bills_it() {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        enable_inference_profiles: true,
        ..Settings::default()
    };
    let catalog = Arc::new(CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        settings,
        None,
        DemoBedrock::external(emulator.endpoint()),
    ));
    // The app's service, started before the refresh: no price for Sonnet 3.5 yet.
    let chat = ChatService::new(
        PriceTable::load_dir(dir.path()).table,
        UsageLedger::new(dir.path().join("strata.db")),
    );
    assert_eq!(chat.prices().lookup(SONNET_35), None);

    let session = catalog.session().await.unwrap();
    let refresh = refresh_price_list(&session, dir.path()).await.unwrap();
    assert_eq!(chat.reload_prices(dir.path()), None);
    assert_eq!(
        chat.prices().lookup(SONNET_35).map(|q| q.source),
        Some(PriceSource::PriceList)
    );

    let options = StartOptions {
        refresh_catalog: true,
        ..StartOptions::default()
    };
    let end = chat
        .start(
            catalog.clone(),
            ask("project-alpha-claude-sonnet"),
            options,
            |_| {},
        )
        .unwrap()
        .finished()
        .await;
    assert_eq!(end.outcome, TurnOutcome::Completed, "{:?}", end.error);
    let rows = chat.ledger().read().unwrap().records;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.model_id.as_deref(), Some(SONNET_35));
    assert_eq!(row.price_source, Some(PriceSource::PriceList));
    assert_eq!(row.price_as_of.as_deref(), Some(refresh.as_of.as_str()));
    let (input, output) = (row.input_tokens.unwrap(), row.output_tokens.unwrap());
    let expected = (input as f64 * 3.0 + output as f64 * 15.0) / 1_000_000.0;
    let cost = row.cost_usd.unwrap();
    assert!((cost - expected).abs() < 1e-12, "{cost} vs {expected}");

    // The emulator billed the same call at the same price.
    let billed = emulator.cost_records();
    assert_eq!(billed.len(), 1);
    assert_eq!(billed[0].model_id, SONNET_35);
    assert_eq!(
        (billed[0].input_tokens, billed[0].output_tokens),
        (input, output)
    );
    // And its Cost Explorer reports that amount for the day.
    let day = Day::parse(&billed[0].day).unwrap();
    let ce = aws_sdk_costexplorer::Client::new(&session.services_config());
    let out = ce
        .get_cost_and_usage()
        .time_period(
            DateInterval::builder()
                .start(day.to_string())
                .end(day.plus(1).to_string())
                .build()
                .unwrap(),
        )
        .granularity(Granularity::Daily)
        .metrics("UnblendedCost")
        .send()
        .await
        .unwrap();
    let total: f64 = out
        .results_by_time()
        .iter()
        .filter_map(|r| r.total())
        .filter_map(|t| t.get("UnblendedCost"))
        .filter_map(|m| m.amount())
        .map(|a| a.parse::<f64>().unwrap())
        .sum();
    assert!(
        (total - cost).abs() < 1e-9,
        "billed {total}, estimated {cost}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_users_prices_json_still_wins_over_the_price_list() {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let session = demo(&emulator).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(PRICES_FILE),
        format!(
            r#"{{"prices": {{"{SONNET_35}": {{"inputPerMillion": 6, "outputPerMillion": 30}}}}}}"#
        ),
    )
    .unwrap();
    refresh_price_list(&session, dir.path()).await.unwrap();
    let table = PriceTable::load_dir(dir.path()).table;
    let quote = table.lookup(SONNET_35).unwrap();
    assert_eq!(quote.source, PriceSource::UserFile);
    assert_eq!(quote.price, Price::new(6.0, 30.0));
    // The Price List still prices what the user's file does not name.
    assert_eq!(
        table.lookup(SONNET_35_V2).map(|q| q.source),
        Some(PriceSource::PriceList)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_cache_in_use() {
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Demo))
        .await
        .unwrap();
    let session = demo(&emulator).await;
    let dir = tempfile::tempdir().unwrap();
    refresh_price_list(&session, dir.path()).await.unwrap();
    let cache = dir.path().join("cache").join("price-list.json");
    let before = std::fs::read_to_string(&cache).unwrap();
    emulator
        .add_fault(bedrock_emulator::Fault::Error {
            operation: "GetProducts".into(),
            error: bedrock_emulator::ErrorKind::AccessDeniedException,
            message: None,
            count: None,
        })
        .unwrap();
    let e = refresh_price_list(&session, dir.path()).await.unwrap_err();
    assert_eq!(e.kind(), strata_core::ErrorKind::AccessDenied, "{e:?}");
    assert_eq!(std::fs::read_to_string(&cache).unwrap(), before);
    emulator.shutdown().await;
}
