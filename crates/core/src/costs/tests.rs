//! The estimate's tests: periods computed from a fixed "now", groupings over a real ledger
//! (SQLite in a temporary folder), the per-day series, the JSON shape and the CSV export.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::catalog::{EntryKind, Tag};
use crate::error::ErrorKind;
use crate::ledger::{TurnOutcome, UsageLedger, UsageRecord};

const HOUR: u64 = 3_600_000;
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const SONNET: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const ALPHA_ARN: &str =
    "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/alpha";
const BETA_ARN: &str = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/beta";

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

/// A time `hours` into the day `date`, in ms.
fn at(date: &str, hours: u64) -> u64 {
    day(date).start_ms() + hours * HOUR
}

fn turn(
    id: &str,
    time_ms: u64,
    profile: Option<&str>,
    tags: &[(&str, &str)],
    model: &str,
    tokens: (u64, u64),
    cost: Option<f64>,
) -> UsageRecord {
    UsageRecord {
        time_ms,
        turn_id: id.into(),
        entry_id: profile.unwrap_or(model).into(),
        kind: if profile.is_some() {
            EntryKind::ApplicationProfile
        } else {
            EntryKind::Foundation
        },
        entry_name: id.into(),
        profile_arn: profile.map(Into::into),
        tags: tags
            .iter()
            .map(|(k, v)| Tag {
                key: (*k).into(),
                value: (*v).into(),
            })
            .collect(),
        model_id: Some(model.into()),
        region: "us-east-1".into(),
        input_tokens: Some(tokens.0),
        output_tokens: Some(tokens.1),
        latency_ms: 100,
        ttft_ms: Some(10),
        cost_usd: cost,
        price_source: cost.map(|_| crate::pricing::PriceSource::BuiltIn),
        price_as_of: cost.map(|_| "2026-11-25".to_owned()),
        outcome: TurnOutcome::Completed,
        stop_reason: Some("end_turn".into()),
        error_kind: None,
        cache_read_tokens: None,
        cache_write_tokens: None,
        reasoning_tokens: None,
        service_tier: None,
    }
}

/// March 2024 (after a leap February): Alpha and Beta profiles with different Project tags, an
/// unknown-cost Beta turn, an untagged direct model call, a turn of the month before.
fn march_turns() -> Vec<UsageRecord> {
    let alpha = [("Project", "Alpha"), ("Department", "Research")];
    let beta = [("Project", "Beta")];
    vec![
        // Outside the period: the last millisecond of February.
        turn(
            "feb",
            day("2024-03-01").start_ms() - 1,
            Some(ALPHA_ARN),
            &alpha,
            HAIKU,
            (1, 1),
            Some(9.0),
        ),
        turn(
            "a1",
            at("2024-03-01", 0),
            Some(ALPHA_ARN),
            &alpha,
            HAIKU,
            (100, 50),
            Some(0.25),
        ),
        turn(
            "a2",
            at("2024-03-03", 5),
            Some(ALPHA_ARN),
            &alpha,
            HAIKU,
            (200, 100),
            Some(0.5),
        ),
        turn(
            "b1",
            at("2024-03-03", 6),
            Some(BETA_ARN),
            &beta,
            SONNET,
            (10, 20),
            Some(1.5),
        ),
        turn(
            "b2",
            at("2024-03-04", 7),
            Some(BETA_ARN),
            &beta,
            SONNET,
            (30, 40),
            None,
        ),
        turn(
            "plain",
            at("2024-03-04", 8),
            None,
            &[],
            SONNET,
            (5, 6),
            None,
        ),
    ]
}

fn ledger_with(records: &[UsageRecord]) -> (tempfile::TempDir, UsageLedger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = UsageLedger::new(dir.path().join("strata.db"));
    for r in records {
        ledger.append(r).unwrap();
    }
    (dir, ledger)
}

fn group<'a>(e: &'a Estimate, key: &str) -> &'a GroupEstimate {
    e.groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key} in {:?}", e.groups))
}

#[test]
fn periods_are_utc_days_from_inclusive_to_exclusive() {
    let now = at("2024-03-15", 10);
    let range = |p: Period| {
        let r = p.range(now);
        (r.from.to_string(), r.to.to_string(), r.days())
    };
    let s = |a: &str, b: &str, n: usize| (a.to_owned(), b.to_owned(), n);
    assert_eq!(range(Period::ThisMonth), s("2024-03-01", "2024-03-16", 15));
    assert_eq!(range(Period::LastMonth), s("2024-02-01", "2024-03-01", 29));
    assert_eq!(range(Period::Last7Days), s("2024-03-09", "2024-03-16", 7));
    assert_eq!(range(Period::Last30Days), s("2024-02-15", "2024-03-16", 30));
    // In January, last month is December of the year before; the last millisecond of a day
    // is still that day.
    let jan = day("2025-01-01").start_ms() + 24 * HOUR - 1;
    let r = Period::LastMonth.range(jan);
    assert_eq!(
        (r.from.to_string(), r.to.to_string()),
        ("2024-12-01".into(), "2025-01-01".into())
    );
    assert_eq!(Period::ThisMonth.range(jan).days(), 1);
    let custom = Period::custom("2024-01-01", "2024-02-01").unwrap();
    assert_eq!(range(custom), s("2024-01-01", "2024-02-01", 31));
}

#[test]
fn invalid_custom_periods_are_refused_with_a_validation_error() {
    for (from, to, says) in [
        ("2024-02-01", "2024-02-01", "is not after"),
        ("2024-03-01", "2024-02-01", "is not after"),
        ("2023-02-29", "2023-03-01", "“2023-02-29” is not a date"),
        ("2024-1-01", "2024-02-01", "“2024-1-01” is not a date"),
        ("2024-01-01", "2024-13-01", "“2024-13-01” is not a date"),
        ("2024-01-01", "+024-02-01", "“+024-02-01” is not a date"),
        ("2000-01-01", "2020-01-01", "at most 3660"),
    ] {
        let e = Period::custom(from, to).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{from}..{to}");
        assert!(e.message().contains(says), "{from}..{to}: {}", e.message());
        assert!(e.hint().is_some(), "{from}..{to}");
    }
    // A leap day is a date.
    assert!(Period::custom("2024-02-29", "2024-03-01").is_ok());
}

#[test]
fn days_round_trip_through_their_civil_dates() {
    let first = day("1970-01-01");
    assert_eq!(first.start_ms(), 0);
    let mut previous: Option<(i64, u32, u32)> = None;
    for n in 0..(200 * 366) {
        let d = first.plus(n);
        let (y, m, dd) = d.ymd();
        assert_eq!(Day::from_ymd(y, m, dd), Some(d));
        assert_eq!(Day::parse(&d.to_string()).unwrap(), d);
        if let Some(p) = previous {
            assert!((y, m, dd) > p, "{d} after {p:?}");
        }
        previous = Some((y, m, dd));
    }
    assert_eq!(day("2000-03-01").plus(-1).to_string(), "2000-02-29");
    assert_eq!(day("2100-03-01").plus(-1).to_string(), "2100-02-28");
}

#[test]
fn grouping_parses_the_values_of_by() {
    assert_eq!(Grouping::parse("profile").unwrap(), Grouping::Profile);
    assert_eq!(Grouping::parse("model").unwrap(), Grouping::Model);
    assert_eq!(
        Grouping::parse("tag:Project").unwrap(),
        Grouping::Tag("Project".into())
    );
    assert_eq!(Grouping::Tag("Project".into()).to_string(), "tag:Project");
    for bad in ["tag:", "tag: ", "entry", "Profile", ""] {
        let e = Grouping::parse(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{bad}");
    }
}

#[test]
fn by_tag_sums_known_costs_and_keeps_untagged_and_unknown_turns() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let by = Grouping::Tag("Project".into());
    let e = Estimate::from_ledger(&ledger, Period::ThisMonth, &by, at("2024-03-05", 12)).unwrap();
    assert_eq!(
        (e.from.0.as_str(), e.to.0.as_str()),
        ("2024-03-01", "2024-03-06")
    );
    assert_eq!((e.by.as_str(), e.currency.as_str()), ("tag:Project", "USD"));
    let keys: Vec<&str> = e.groups.iter().map(|g| g.key.as_str()).collect();
    // Largest known first; the untagged group, whose every cost is unknown, last.
    assert_eq!(keys, ["Beta", "Alpha", "(Project not set)"]);
    let alpha = group(&e, "Alpha");
    assert_eq!(
        alpha.estimated_usd,
        Some(0.75),
        "February's turn is outside the period"
    );
    assert_eq!((alpha.turns, alpha.unknown_cost_turns), (2, 0));
    assert_eq!((alpha.input_tokens, alpha.output_tokens), (300, 150));
    let beta = group(&e, "Beta");
    assert_eq!(beta.estimated_usd, Some(1.5));
    assert_eq!((beta.turns, beta.unknown_cost_turns), (2, 1));
    assert_eq!((beta.input_tokens, beta.output_tokens), (40, 60));
    let untagged = group(&e, "(Project not set)");
    assert_eq!(untagged.estimated_usd, None, "unknown, never $0");
    assert_eq!((untagged.turns, untagged.unknown_cost_turns), (1, 1));
    assert!(e.groups.iter().all(|g| g.billed_usd.is_none()));
    assert_eq!(e.totals.estimated_usd, Some(2.25));
    assert_eq!((e.totals.turns, e.totals.unknown_cost_turns), (5, 2));
    assert_eq!((e.totals.input_tokens, e.totals.output_tokens), (345, 216));
    assert_eq!(e.basis.first_priced_ms, Some(at("2024-03-01", 0)));
    assert_eq!(e.basis.last_priced_ms, Some(at("2024-03-03", 6)));
    assert_eq!(e.basis.unreadable_turns, 0);
    // The three priced turns of the period, all from the one table the fixture records.
    assert_eq!(
        e.basis.price_sources,
        [PriceBasis {
            source: Some(crate::pricing::PriceSource::BuiltIn),
            as_of: Some("2026-11-25".to_owned()),
            turns: 3,
        }]
    );
}

#[test]
fn the_day_series_has_every_day_stacked_in_the_groups_order() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let by = Grouping::Tag("Project".into());
    let e = Estimate::from_ledger(&ledger, Period::ThisMonth, &by, at("2024-03-05", 12)).unwrap();
    let dates: Vec<&str> = e.days.iter().map(|d| d.date.0.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2024-03-01",
            "2024-03-02",
            "2024-03-03",
            "2024-03-04",
            "2024-03-05"
        ]
    );
    let stack = |i: usize| -> Vec<(&str, Option<f64>, u64, u64)> {
        e.days[i]
            .groups
            .iter()
            .map(|g| {
                (
                    g.key.as_str(),
                    g.estimated_usd,
                    g.turns,
                    g.unknown_cost_turns,
                )
            })
            .collect()
    };
    assert_eq!(stack(0), [("Alpha", Some(0.25), 1, 0)]);
    assert!(
        stack(1).is_empty(),
        "a day without turns is present and empty"
    );
    assert_eq!(
        stack(2),
        [("Beta", Some(1.5), 1, 0), ("Alpha", Some(0.5), 1, 0)]
    );
    assert_eq!(
        stack(3),
        [("Beta", None, 1, 1), ("(Project not set)", None, 1, 1)]
    );
    assert!(stack(4).is_empty());
}

#[test]
fn by_profile_and_by_model_group_what_the_ledger_recorded() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let now = at("2024-03-20", 0);
    let e = Estimate::from_ledger(&ledger, Period::ThisMonth, &Grouping::Profile, now).unwrap();
    let rows: Vec<(&str, Option<f64>, u64)> = e
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.estimated_usd, g.turns))
        .collect();
    // The direct call goes under the model it called.
    assert_eq!(
        rows,
        [
            (BETA_ARN, Some(1.5), 2),
            (ALPHA_ARN, Some(0.75), 2),
            (SONNET, None, 1)
        ]
    );
    let e = Estimate::from_ledger(&ledger, Period::ThisMonth, &Grouping::Model, now).unwrap();
    let rows: Vec<(&str, Option<f64>, u64, u64)> = e
        .groups
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.estimated_usd,
                g.turns,
                g.unknown_cost_turns,
            )
        })
        .collect();
    assert_eq!(rows, [(SONNET, Some(1.5), 3, 2), (HAIKU, Some(0.75), 2, 0)]);
    assert_eq!(e.days.len(), 20);
}

#[test]
fn month_boundaries_split_at_midnight_utc() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let by = Grouping::Profile;
    let now = at("2024-03-10", 0);
    let last = Estimate::from_ledger(&ledger, Period::LastMonth, &by, now).unwrap();
    assert_eq!(
        (last.from.0.as_str(), last.to.0.as_str()),
        ("2024-02-01", "2024-03-01")
    );
    assert_eq!(last.days.len(), 29);
    assert_eq!(last.totals.turns, 1);
    assert_eq!(last.totals.estimated_usd, Some(9.0));
    assert_eq!(last.days[28].date.0, "2024-02-29");
    assert_eq!(last.days[28].groups.len(), 1);
    let this = Estimate::from_ledger(&ledger, Period::ThisMonth, &by, now).unwrap();
    assert_eq!(
        this.totals.turns, 5,
        "the turn at 00:00 on the 1st is March's"
    );
    // A custom period ending on the 4th leaves the 4th out.
    let custom = Period::custom("2024-03-01", "2024-03-04").unwrap();
    let e = Estimate::from_ledger(&ledger, custom, &by, now).unwrap();
    assert_eq!(e.totals.turns, 3);
    assert_eq!(e.totals.unknown_cost_turns, 0);
}

#[test]
fn an_empty_period_has_no_groups_but_every_day() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let e = Estimate::from_ledger(
        &ledger,
        Period::Last7Days,
        &Grouping::Model,
        at("2024-06-10", 1),
    )
    .unwrap();
    assert!(e.groups.is_empty());
    assert_eq!(e.days.len(), 7);
    assert!(e.days.iter().all(|d| d.groups.is_empty()));
    assert_eq!((e.totals.turns, e.totals.estimated_usd), (0, None));
    assert_eq!(
        e.to_csv(),
        "group,estimatedUsd,inputTokens,outputTokens,turns,unknownCostTurns\r\n"
    );
}

#[test]
fn the_json_is_the_shape_strata_costs_prints() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let by = Grouping::Tag("Project".into());
    let e = Estimate::from_ledger(&ledger, Period::ThisMonth, &by, at("2024-03-05", 12)).unwrap();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["from"], "2024-03-01");
    assert_eq!(json["to"], "2024-03-06");
    assert_eq!(json["by"], "tag:Project");
    assert_eq!(json["currency"], "USD");
    let untagged = &json["groups"][2];
    let mut keys: Vec<&str> = untagged
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "billedUsd",
            "estimatedUsd",
            "inputTokens",
            "key",
            "outputTokens",
            "turns",
            "unknownCostTurns"
        ]
    );
    assert_eq!(untagged["key"], "(Project not set)");
    assert!(untagged["estimatedUsd"].is_null());
    assert!(untagged["billedUsd"].is_null());
    assert_eq!(json["groups"][0]["estimatedUsd"], 1.5);
    assert_eq!(json["days"][1]["groups"], serde_json::json!([]));
}

#[test]
fn csv_quotes_as_rfc_4180_and_leaves_unknown_costs_empty() {
    let odd = r#"Alpha, "the first""#;
    let records = [
        turn(
            "q",
            at("2024-03-02", 1),
            Some(ALPHA_ARN),
            &[("Project", odd)],
            HAIKU,
            (7, 8),
            Some(0.125),
        ),
        turn(
            "u",
            at("2024-03-02", 2),
            Some(BETA_ARN),
            &[("Project", "Beta")],
            SONNET,
            (1, 2),
            None,
        ),
    ];
    let (_dir, ledger) = ledger_with(&records);
    let by = Grouping::Tag("Project".into());
    let period = Period::custom("2024-03-01", "2024-04-01").unwrap();
    let e = Estimate::from_ledger(&ledger, period, &by, 0).unwrap();
    assert_eq!(
        e.to_csv(),
        "group,estimatedUsd,inputTokens,outputTokens,turns,unknownCostTurns\r\n\
         \"Alpha, \"\"the first\"\"\",0.125,7,8,1,0\r\n\
         Beta,,1,2,1,1\r\n"
    );
}

#[test]
fn read_between_matches_the_whole_ledger_filtered_with_every_tag() {
    let (_dir, ledger) = ledger_with(&march_turns());
    let (from, to) = (at("2024-03-01", 0), at("2024-03-04", 7));
    let all = ledger.read().unwrap().records;
    let expected: Vec<UsageRecord> = all
        .into_iter()
        .filter(|r| r.time_ms >= from && r.time_ms < to)
        .collect();
    let got = ledger.read_between(from, to).unwrap();
    assert_eq!(got.records.len(), 3);
    assert_eq!(got.records, expected);
    assert_eq!(got.damaged_lines, 0);
}

#[test]
fn in_memory_and_ledger_estimates_agree_over_many_turns() {
    // 100,000 turns over 40 days, three Project values and the untagged, every 7th unpriced.
    let start = day("2024-01-10").start_ms();
    let projects = ["Alpha", "Beta", "Gamma"];
    let records: Vec<UsageRecord> = (0..100_000u64)
        .map(|i| {
            let tags: Vec<(&str, &str)> = match i % 4 {
                3 => vec![],
                n => vec![("Project", projects[usize::try_from(n).unwrap()])],
            };
            let cost = (i % 7 != 0).then_some(0.001);
            turn(
                &format!("t{i}"),
                start + i * 34_560,
                Some(ALPHA_ARN),
                &tags,
                HAIKU,
                (3, 4),
                cost,
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let ledger = UsageLedger::new(dir.path().join("strata.db"));
    ledger
        .database()
        .unwrap()
        .write("test", |tx| {
            for r in &records {
                crate::ledger::insert_record(tx, r, None)?;
            }
            Ok(())
        })
        .unwrap();
    let by = Grouping::Tag("Project".into());
    let period = Period::custom("2024-01-01", "2024-03-01").unwrap();
    let from_ledger = Estimate::from_ledger(&ledger, period, &by, 0).unwrap();
    let in_memory = Estimate::from_records(&records, period.range(0), &by);
    assert_eq!(from_ledger, in_memory);
    assert_eq!(from_ledger.totals.turns, 100_000);
    assert_eq!(from_ledger.totals.unknown_cost_turns, 14_286);
    assert_eq!(from_ledger.groups.len(), 4);
    assert_eq!(from_ledger.days.len(), 60);
    let counted: u64 = from_ledger
        .days
        .iter()
        .flat_map(|d| &d.groups)
        .map(|g| g.turns)
        .sum();
    assert_eq!(counted, 100_000);
}

#[test]
fn cached_and_tiered_turns_count_at_their_recorded_cost_and_an_unpriced_one_stays_unknown() {
    let sonnet_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    let price = crate::pricing::PriceTable::built_in()
        .price_of(sonnet_37)
        .unwrap();
    let tokens = crate::pricing::TurnTokens {
        input: 100,
        output: 200,
        cache_read: 5_000,
        cache_write: 0,
    };
    let priority = Some(crate::chat::ServiceTier::Priority);
    let recorded = price.cost_of(&tokens, priority).unwrap();
    let mut cached = turn(
        "cached",
        at("2024-03-02", 1),
        Some(ALPHA_ARN),
        &[("Project", "Alpha")],
        sonnet_37,
        (100, 200),
        Some(recorded),
    );
    cached.cache_read_tokens = Some(5_000);
    cached.cache_write_tokens = Some(0);
    cached.service_tier = priority;
    // A cache turn of a model whose cache reads have no published price: recorded unpriced.
    let mut unpriced = turn(
        "unpriced",
        at("2024-03-02", 2),
        Some(BETA_ARN),
        &[("Project", "Beta")],
        "anthropic.claude-sonnet-5-5",
        (100, 200),
        None,
    );
    unpriced.cache_read_tokens = Some(5_000);
    let (_dir, ledger) = ledger_with(&[cached, unpriced]);
    let by = Grouping::Tag("Project".into());
    let e = Estimate::from_ledger(&ledger, Period::ThisMonth, &by, at("2024-03-05", 12)).unwrap();
    // The recorded figure, cache reads and the priority premium included, not re-priced.
    assert_eq!(group(&e, "Alpha").estimated_usd, Some(recorded));
    assert!(recorded > price.cost(100, 200) * 1.75, "{recorded}");
    let beta = group(&e, "Beta");
    assert_eq!(beta.estimated_usd, None, "unknown, never a partial sum");
    assert_eq!(beta.unknown_cost_turns, 1);
}
