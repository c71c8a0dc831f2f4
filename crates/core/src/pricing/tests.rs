//! The price table's tests: normalisation, the built-in rows, the user's file and quotes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use super::built_in::BUILT_IN;
use super::*;
use crate::catalog::{EntryKind, ModelEntry};

fn input(t: &PriceTable, id: &str) -> Option<f64> {
    t.price_of(id).map(|p| p.input_per_million)
}

fn output(t: &PriceTable, id: &str) -> Option<f64> {
    t.price_of(id).map(|p| p.output_per_million)
}

#[test]
fn ids_are_normalised_by_geography_revision_and_context_window_only() {
    for (id, want) in [
        (
            "anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-3-haiku-20240307-v1",
        ),
        (
            "us.anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-3-haiku-20240307-v1",
        ),
        (
            "global.anthropic.claude-opus-4-6-v1",
            "anthropic.claude-opus-4-6-v1",
        ),
        (
            "jp.anthropic.claude-sonnet-4-6",
            "anthropic.claude-sonnet-4-6",
        ),
        (
            "au.anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-haiku-4-5-20251001-v1",
        ),
        ("ca.amazon.nova-lite-v1:0", "amazon.nova-lite-v1"),
        (
            "us-gov.anthropic.claude-3-haiku-20240307-v1:0",
            "anthropic.claude-3-haiku-20240307-v1",
        ),
        ("apac.amazon.nova-pro-v1:0", "amazon.nova-pro-v1"),
        (
            "eu.meta.llama3-2-1b-instruct-v1:0",
            "meta.llama3-2-1b-instruct-v1",
        ),
        (
            "amazon.titan-text-express-v1:0:8k",
            "amazon.titan-text-express-v1",
        ),
        (
            "anthropic.claude-3-sonnet-20240229-v1:0:200k",
            "anthropic.claude-3-sonnet-20240229-v1",
        ),
        ("amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2"),
        (
            "mistral.mistral-7b-instruct-v0:2",
            "mistral.mistral-7b-instruct-v0",
        ),
        ("anthropic.claude-opus-5-5", "anthropic.claude-opus-5-5"),
        // Not a geography: left alone.
        ("acme.mystery-model-v1", "acme.mystery-model-v1"),
    ] {
        assert_eq!(normalise_model_id(id), want, "{id}");
    }
}

/// Each pair is a newer model and the older one its id starts like, or vice versa: with
/// prefix matching the first was billed at the second's price.
#[test]
fn every_family_gets_its_own_price_not_its_neighbours() {
    let t = PriceTable::built_in();
    let opus45 = "anthropic.claude-opus-4-5-20251101-v1:0";
    assert_eq!(input(&t, &format!("global.{opus45}")), Some(5.0));
    assert_eq!(output(&t, &format!("global.{opus45}")), Some(25.0));
    assert_eq!(
        input(&t, "anthropic.claude-opus-4-20250514-v1:0"),
        Some(15.0)
    );
    assert_eq!(
        input(&t, "anthropic.claude-opus-4-1-20250805-v1:0"),
        Some(15.0)
    );
    assert_eq!(input(&t, "global.anthropic.claude-opus-4-6-v1"), Some(5.0));
    assert_eq!(input(&t, "global.anthropic.claude-opus-5-5"), Some(4.0));
    // Claude 3 vs 3.5 vs 3.7, Haiku 3 vs 3.5 vs 4.5.
    assert_eq!(
        input(&t, "anthropic.claude-3-haiku-20240307-v1:0"),
        Some(0.25)
    );
    assert_eq!(
        input(&t, "anthropic.claude-3-5-haiku-20241022-v1:0"),
        Some(0.80)
    );
    assert_eq!(
        input(&t, "global.anthropic.claude-haiku-4-5-20251001-v1:0"),
        Some(1.0)
    );
    assert_eq!(
        input(&t, "anthropic.claude-3-7-sonnet-20250219-v1:0"),
        Some(3.0)
    );
    assert_eq!(input(&t, "global.anthropic.claude-sonnet-5"), Some(2.0));
    assert_eq!(input(&t, "global.anthropic.claude-sonnet-5-5"), Some(2.0));
    // Claude 3.5 Sonnet's Bedrock price moved and is not in the table: unknown, not 3 Sonnet's.
    assert_eq!(
        t.price_of("anthropic.claude-3-5-sonnet-20240620-v1:0"),
        None
    );
    assert_eq!(
        t.price_of("anthropic.claude-3-5-sonnet-20241022-v2:0"),
        None
    );
    // Nova vs Nova 2 / Premier.
    assert_eq!(input(&t, "amazon.nova-lite-v1:0"), Some(0.06));
    assert_eq!(t.price_of("amazon.nova-2-lite-v1:0"), None);
    assert_eq!(t.price_of("us.amazon.nova-premier-v1:0"), None);
    // Llama 3 vs 3.1 / 3.2 / 3.3 / 4.
    assert_eq!(input(&t, "meta.llama3-70b-instruct-v1:0"), Some(2.65));
    assert_eq!(input(&t, "meta.llama3-1-70b-instruct-v1:0"), Some(0.72));
    assert_eq!(input(&t, "meta.llama3-2-1b-instruct-v1:0"), Some(0.10));
    assert_eq!(input(&t, "meta.llama3-3-70b-instruct-v1:0"), Some(0.72));
    assert_eq!(t.price_of("meta.llama4-maverick-17b-instruct-v1:0"), None);
    // Mistral Large 24.02 vs 24.07, Small 24.02 vs later.
    assert_eq!(input(&t, "mistral.mistral-large-2402-v1:0"), Some(4.0));
    assert_eq!(t.price_of("mistral.mistral-large-2407-v1:0"), None);
    assert_eq!(t.price_of("mistral.mistral-small-2501-v1:0"), None);
    // Command R vs R+, Titan Text Express vs its embeddings neighbour.
    assert_eq!(input(&t, "cohere.command-r-v1:0"), Some(0.5));
    assert_eq!(input(&t, "cohere.command-r-plus-v1:0"), Some(3.0));
    assert_eq!(t.price_of("amazon.titan-embed-text-v1"), None);
}

#[test]
fn regional_routing_pays_bedrocks_premium_from_claude_sonnet_4_5_on() {
    let t = PriceTable::built_in();
    let id = "anthropic.claude-opus-4-5-20251101-v1:0";
    let global = t.lookup(&format!("global.{id}")).unwrap().price;
    for regional_id in [id.to_owned(), format!("us.{id}"), format!("eu.{id}")] {
        let regional = t.lookup(&regional_id).unwrap().price;
        assert_eq!(regional.input_per_million, 5.50, "{regional_id}");
        assert_eq!(regional.output_per_million, 27.50, "{regional_id}");
        assert_eq!(regional.cache_read_per_million, Some(0.55));
        assert_eq!(regional.cache_write_per_million, Some(6.875));
    }
    assert_eq!(global.cache_read_per_million, Some(0.50));
    assert_eq!(global.cache_write_per_million, Some(6.25));
    // Before Sonnet 4.5 one price applies however the request is routed.
    let sonnet4 = "anthropic.claude-sonnet-4-20250514-v1:0";
    assert_eq!(
        t.price_of(&format!("global.{sonnet4}")),
        t.price_of(&format!("us.{sonnet4}"))
    );
    // Every global price is the list price and every regional one 10% more, figure by figure.
    for b in BUILT_IN {
        let Some(g) = b.global else { continue };
        let r = b.regional;
        let pairs = [
            (Some(g.input_per_million), Some(r.input_per_million)),
            (Some(g.output_per_million), Some(r.output_per_million)),
            (g.cache_read_per_million, r.cache_read_per_million),
            (g.cache_write_per_million, r.cache_write_per_million),
        ];
        for (g, r) in pairs {
            match (g, r) {
                (Some(g), Some(r)) => {
                    assert!((r - g * 1.1).abs() < 1e-9, "{}: {g} → {r}", b.id)
                }
                (None, None) => {}
                _ => panic!("{}: a cache price is published for one routing only", b.id),
            }
        }
    }
}

#[test]
fn unknown_models_have_no_price() {
    let t = PriceTable::built_in();
    for id in [
        "acme.mystery-model-v1",
        // A revision or variant of a known name is still a different model.
        "anthropic.claude-3-haiku-20240307-v2:0",
        "anthropic.claude-opus-4",
        "anthropic.claude-opus-4-5",
        "anthropic.claude",
        "",
    ] {
        assert_eq!(t.lookup(id), None, "{id}");
    }
}

#[test]
fn a_quote_says_where_the_figure_comes_from_and_when() {
    let t = PriceTable::built_in();
    let q = t
        .lookup("global.anthropic.claude-opus-4-5-20251101-v1:0")
        .unwrap();
    assert_eq!(q.source, PriceSource::BuiltIn);
    assert_eq!(q.as_of.as_deref(), Some("2026-12-01"));
    assert!(q.note.contains("platform.claude.com"), "{}", q.note);
    let old = t.lookup("meta.llama3-70b-instruct-v1:0").unwrap();
    assert_eq!(old.as_of.as_deref(), Some("2025-06-01"));
    assert!(old.note.contains("aws.amazon.com/bedrock/pricing"));
}

#[test]
fn the_table_date_is_its_newest_entry_and_every_entry_is_dated_iso() {
    let newest = BUILT_IN.iter().map(|b| b.as_of).max().unwrap();
    assert_eq!(PRICES_AS_OF, newest);
    for b in BUILT_IN {
        let d = b.as_of.as_bytes();
        assert!(
            d.len() == 10 && d[4] == b'-' && d[7] == b'-',
            "{}: {}",
            b.id,
            b.as_of
        );
        assert!(
            b.regional.is_valid() && b.global.is_none_or(|g| g.is_valid()),
            "{}",
            b.id
        );
    }
}

#[test]
fn no_two_built_in_entries_name_the_same_model() {
    let mut seen = HashMap::new();
    for b in BUILT_IN {
        if let Some(other) = seen.insert(normalise_model_id(b.id), b.id) {
            panic!("{other} and {} are the same entry", b.id);
        }
    }
}

#[test]
fn cost_is_per_million_tokens() {
    let p = Price::new(3.0, 15.0);
    assert!((p.cost(1_000, 2_000) - 0.033).abs() < 1e-12);
}

#[test]
fn cache_tokens_are_priced_when_published_and_unknown_when_not() {
    let p = Price::new(3.0, 15.0).with_cache(0.30, 3.75);
    let c = p.cost_with_cache(1_000, 2_000, 10_000, 4_000).unwrap();
    assert!((c - (0.033 + 0.003 + 0.015)).abs() < 1e-12, "{c}");
    assert_eq!(
        p.cost_with_cache(1_000, 2_000, 0, 0),
        Some(p.cost(1_000, 2_000))
    );
    let no_cache = Price::new(0.25, 1.25);
    assert_eq!(no_cache.cost_with_cache(1, 1, 5, 0), None);
    assert_eq!(no_cache.cost_with_cache(1, 1, 0, 5), None);
    assert_eq!(no_cache.cost_with_cache(1_000_000, 0, 0, 0), Some(0.25));
}

#[test]
fn routing_of_regions_is_global_only_across_areas() {
    assert_eq!(Routing::of_regions(["ap-northeast-1"]), Routing::Regional);
    assert_eq!(
        Routing::of_regions(["us-east-1", "us-east-2", "us-west-2"]),
        Routing::Regional
    );
    assert_eq!(
        Routing::of_regions(["ap-northeast-1", "ap-northeast-3"]),
        Routing::Regional
    );
    assert_eq!(
        Routing::of_regions(["us-east-1", "eu-west-1", "ap-northeast-1"]),
        Routing::Global
    );
    assert_eq!(Routing::of_regions([]), Routing::Regional);
}

#[test]
fn an_application_profile_is_priced_by_its_model_and_routing() {
    use crate::catalog::UnderlyingModel;
    let model = "anthropic.claude-opus-4-5-20251101-v1:0";
    let under = |region: &str| UnderlyingModel {
        arn: format!("arn:aws:bedrock:{region}::foundation-model/{model}"),
        model_id: model.to_owned(),
        region: region.to_owned(),
        name: None,
    };
    let mut entry = ModelEntry {
        id: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc".into(),
        kind: EntryKind::ApplicationProfile,
        name: "team-opus".into(),
        description: None,
        provider: None,
        arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc".into(),
        region: "us-east-1".into(),
        underlying_models: vec![under("us-east-1"), under("us-west-2")],
        base_model_name: None,
        geography: None,
        capabilities: Default::default(),
        tags: None,
        status: crate::catalog::EntryStatus::Active,
    };
    let t = PriceTable::built_in();
    let q = t.quote_for(&entry, "us-east-1").unwrap();
    assert_eq!(q.price.input_per_million, 5.50, "a copy of a us. profile");
    entry.underlying_models = vec![under("us-east-1"), under("eu-west-1"), under("ap-south-1")];
    let q = t.quote_for(&entry, "us-east-1").unwrap();
    assert_eq!(
        q.price.input_per_million, 5.0,
        "a copy of the global profile"
    );
    entry.kind = EntryKind::SystemProfile;
    entry.id = format!("global.{model}");
    assert_eq!(
        t.quote_for(&entry, "us-east-1")
            .unwrap()
            .price
            .input_per_million,
        5.0
    );
    entry.id = format!("us.{model}");
    assert_eq!(
        t.quote_for(&entry, "us-east-1")
            .unwrap()
            .price
            .input_per_million,
        5.50
    );
    entry.kind = EntryKind::Foundation;
    entry.id = model.to_owned();
    entry.underlying_models.clear();
    assert_eq!(
        t.quote_for(&entry, "us-east-1")
            .unwrap()
            .price
            .input_per_million,
        5.50
    );
    entry.id = "anthropic.claude-opus-4-20250514-v1:0".to_owned();
    assert_eq!(
        t.quote_for(&entry, "us-east-1")
            .unwrap()
            .price
            .input_per_million,
        15.0
    );
}

fn load_text(text: &str) -> (PriceLoad, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(PRICES_FILE);
    std::fs::write(&path, text).unwrap();
    (PriceTable::load(&path), dir)
}

#[test]
fn a_missing_user_file_is_no_problem() {
    let dir = tempfile::tempdir().unwrap();
    let load = PriceTable::load(&dir.path().join(PRICES_FILE));
    assert!(load.problem.is_none());
    assert_eq!(
        input(&load.table, "anthropic.claude-3-haiku-20240307-v1:0"),
        Some(0.25)
    );
}

#[test]
fn a_user_file_overrides_and_adds_by_exact_id() {
    let (load, _dir) = load_text(
        r#"{"prices": {
            "anthropic.claude-3-haiku-20240307-v1:0": {"inputPerMillion": 0.3, "outputPerMillion": 1.5},
            "us.acme.mystery-v1:0": {"inputPerMillion": 1, "outputPerMillion": 2, "cacheReadPerMillion": 0.1}
        }}"#,
    );
    assert!(load.problem.is_none(), "{:?}", load.problem);
    let t = load.table;
    let haiku = t
        .lookup("us.anthropic.claude-3-haiku-20240307-v1:0")
        .unwrap();
    assert_eq!(haiku.price.input_per_million, 0.3);
    assert_eq!(haiku.source, PriceSource::UserFile);
    assert_eq!(haiku.as_of, None);
    assert!(haiku.note.contains(PRICES_FILE));
    let mystery = t.lookup("acme.mystery-v1:0").unwrap().price;
    assert_eq!(mystery.output_per_million, 2.0);
    assert_eq!(mystery.cache_read_per_million, Some(0.1));
    assert_eq!(mystery.cache_write_per_million, None);
    // Exact ids: a user key does not price its neighbours.
    assert_eq!(t.price_of("acme.mystery-v2:0"), None);
    assert_eq!(t.price_of("acme.mystery"), None);
    // A user price applies however the request is routed.
    assert_eq!(input(&t, "global.acme.mystery-v1:0"), Some(1.0));
}

#[test]
fn a_prefix_key_in_the_user_file_prices_nothing_else() {
    let (load, _dir) = load_text(
        r#"{"prices": {"anthropic.claude-opus-4": {"inputPerMillion": 99, "outputPerMillion": 99}}}"#,
    );
    assert!(load.problem.is_none());
    assert_eq!(
        input(&load.table, "anthropic.claude-opus-4-20250514-v1:0"),
        Some(15.0)
    );
    assert_eq!(
        input(&load.table, "us.anthropic.claude-opus-4-5-20251101-v1:0"),
        Some(5.5)
    );
}

#[test]
fn a_broken_user_file_is_reported_and_none_of_its_prices_is_used() {
    let good = r#""anthropic.claude-3-haiku-20240307-v1:0": {"inputPerMillion": 9, "outputPerMillion": 9}"#;
    for (text, says) in [
        ("{oops".to_owned(), "not valid"),
        (String::new(), "not valid"),
        (
            format!(
                r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": -1, "outputPerMillion": 1}}}}}}"#
            ),
            "negative or not a finite number",
        ),
        (
            format!(
                r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": 1, "outputPerMillion": 1, "cacheReadPerMillion": -0.5}}}}}}"#
            ),
            "negative",
        ),
        (
            format!(r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": 1}}}}}}"#),
            "outputPerMillion",
        ),
        (
            format!(r#"{{"prices": {{{good}, "b.x-v1:0": {{"input": 1, "output": 2}}}}}}"#),
            "unknown field",
        ),
        (
            format!(r#"{{"prices": {{{good}}}, "extra": 1}}"#),
            "unknown field",
        ),
        (format!(r#"{{"price": {{{good}}}}}"#), "unknown field"),
        (
            format!(
                r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": "1", "outputPerMillion": 2}}}}}}"#
            ),
            "not valid",
        ),
        (
            format!(
                r#"{{"prices": {{{good}, "b.x-v1:0": {{"inputPerMillion": 1e999, "outputPerMillion": 2}}}}}}"#
            ),
            "not valid",
        ),
        (
            format!(
                r#"{{"prices": {{{good}, "us.anthropic.claude-3-haiku-20240307-v1:1": {{"inputPerMillion": 1, "outputPerMillion": 2}}}}}}"#
            ),
            "name the same model",
        ),
        (
            format!(
                r#"{{"prices": {{{good}, "": {{"inputPerMillion": 1, "outputPerMillion": 2}}}}}}"#
            ),
            "empty",
        ),
    ] {
        let (load, dir) = load_text(&text);
        let problem = load.problem.unwrap_or_else(|| panic!("accepted {text}"));
        assert_eq!(problem.kind(), crate::ErrorKind::Validation, "{text}");
        assert!(
            problem.message().contains(says),
            "{text}: {}",
            problem.message()
        );
        let path = dir.path().join(PRICES_FILE).display().to_string();
        assert!(problem.message().contains(&path), "{}", problem.message());
        assert!(problem.hint().unwrap().contains("inputPerMillion"));
        // The built-in price stands; the file's 9 is not used.
        assert_eq!(
            input(&load.table, "anthropic.claude-3-haiku-20240307-v1:0"),
            Some(0.25),
            "{text}"
        );
        assert_eq!(load.table.lookup("b.x-v1:0"), None, "{text}");
    }
}

#[test]
fn an_unreadable_user_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(PRICES_FILE);
    std::fs::write(&path, [0xff, 0xfe, b'{']).unwrap();
    let load = PriceTable::load(&path);
    let problem = load.problem.unwrap();
    assert_eq!(problem.kind(), crate::ErrorKind::Validation);
    assert!(
        problem.message().contains("could not be read"),
        "{}",
        problem.message()
    );
    assert!(problem.message().contains(&path.display().to_string()));
    // A folder where the file should be cannot be read either.
    let folder = dir.path().join("as-folder");
    std::fs::create_dir(&folder).unwrap();
    assert!(PriceTable::load(&folder).problem.is_some());
}

/// A data folder with a Price List cache for `region` (Sonnet 3.5 at $3/$15, Haiku at $0.30/$1.40
/// and Sonnet 4.5 at $3.30/$16.50, dated 2026-11-15) and, if given, a `prices.json`.
fn folder_with_price_list(region: &str, user_file: Option<&str>) -> tempfile::TempDir {
    use super::price_list::{cache_path, CachedPrice, PriceListFile};
    let dir = tempfile::tempdir().unwrap();
    let cached = |input, output| CachedPrice {
        price: Price::new(input, output),
        as_of: "2026-11-15".to_owned(),
    };
    let file = PriceListFile {
        version: 1,
        region: region.to_owned(),
        as_of: "2026-11-15".to_owned(),
        fetched_ms: 1,
        unmapped: 0,
        prices: [
            (
                "anthropic.claude-3-5-sonnet-20240620-v1:0",
                cached(3.0, 15.0),
            ),
            ("anthropic.claude-3-haiku-20240307-v1:0", cached(0.30, 1.40)),
            (
                "anthropic.claude-sonnet-4-5-20250929-v1:0",
                cached(3.30, 16.50),
            ),
        ]
        .into_iter()
        .map(|(id, p)| (id.to_owned(), p))
        .collect(),
    };
    let path = cache_path(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
    if let Some(text) = user_file {
        std::fs::write(dir.path().join(PRICES_FILE), text).unwrap();
    }
    dir
}

#[test]
fn the_price_list_sits_between_the_built_in_table_and_the_users_file() {
    let user = r#"{"prices": {"anthropic.claude-3-haiku-20240307-v1:0": {"inputPerMillion": 0.5, "outputPerMillion": 2.5}}}"#;
    let dir = folder_with_price_list("ap-northeast-1", Some(user));
    let load = PriceTable::load_dir(dir.path());
    assert!(load.problem.is_none() && load.price_list_problem.is_none());
    let t = load.table;
    assert_eq!(t.price_list(), Some(("ap-northeast-1", "2026-11-15")));
    // Not built in: priced by the Price List, with its source and date.
    let sonnet = t
        .quote_in(
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            Routing::Regional,
            Some("ap-northeast-1"),
        )
        .unwrap();
    assert_eq!(sonnet.price, Price::new(3.0, 15.0));
    assert_eq!(sonnet.source, PriceSource::PriceList);
    assert_eq!(sonnet.as_of.as_deref(), Some("2026-11-15"));
    // The user's file wins over the Price List.
    let haiku = t.lookup("anthropic.claude-3-haiku-20240307-v1:0").unwrap();
    assert_eq!(haiku.source, PriceSource::UserFile);
    assert_eq!(haiku.price, Price::new(0.5, 2.5));
    // Built in and not in the Price List: built in.
    let nova = t.lookup("amazon.nova-micro-v1:0").unwrap();
    assert_eq!(nova.source, PriceSource::BuiltIn);
    // The table in effect lists each model once, with the winning source.
    let rows = t.rows(None);
    let row = |id: &str| rows.iter().find(|r| r.model_id == id).unwrap().quote.source;
    assert_eq!(
        row("anthropic.claude-3-5-sonnet-20240620-v1"),
        PriceSource::PriceList
    );
    assert_eq!(
        row("anthropic.claude-3-haiku-20240307-v1"),
        PriceSource::UserFile
    );
    let mut ids: Vec<&str> = rows.iter().map(|r| r.model_id.as_str()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn the_price_list_prices_only_its_own_region_and_keeps_the_built_in_global_price() {
    let dir = folder_with_price_list("ap-northeast-1", None);
    let t = PriceTable::load_dir(dir.path()).table;
    let sonnet = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    assert!(t
        .quote_in(sonnet, Routing::Regional, Some("ap-northeast-1"))
        .is_some());
    // Another region's prices may differ: no Price List price there, and none built in.
    assert_eq!(
        t.quote_in(sonnet, Routing::Regional, Some("us-east-1")),
        None
    );
    // Sonnet 4.5: the listed in-region price, but global routing keeps the built-in list price.
    let s45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    let regional = t
        .quote_in(s45, Routing::Regional, Some("ap-northeast-1"))
        .unwrap();
    assert_eq!(regional.source, PriceSource::PriceList);
    assert_eq!(regional.price, Price::new(3.30, 16.50));
    let global = t
        .quote_in(s45, Routing::Global, Some("ap-northeast-1"))
        .unwrap();
    assert_eq!(global.source, PriceSource::BuiltIn);
    assert_eq!(
        global.price,
        PriceTable::built_in()
            .lookup(&format!("global.{s45}"))
            .unwrap()
            .price
    );
}

#[test]
fn a_broken_price_list_cache_is_reported_and_the_rest_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache").join(PRICE_LIST_FILE);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, r#"{"version": 1, "region": 7}"#).unwrap();
    std::fs::write(
        dir.path().join(PRICES_FILE),
        r#"{"prices": {"amazon.nova-micro-v1:0": {"inputPerMillion": 1, "outputPerMillion": 2}}}"#,
    )
    .unwrap();
    let load = PriceTable::load_dir(dir.path());
    let problem = load.price_list_problem.unwrap();
    assert_eq!(problem.kind(), crate::error::ErrorKind::Validation);
    assert!(
        problem.message().contains("Price List cache"),
        "{problem:?}"
    );
    assert!(load.problem.is_none());
    assert_eq!(load.table.price_list(), None);
    // The built-in prices and the user's file still apply.
    assert_eq!(
        load.table.lookup("amazon.nova-micro-v1:0").unwrap().source,
        PriceSource::UserFile
    );
    assert!(load
        .table
        .lookup("anthropic.claude-3-haiku-20240307-v1:0")
        .is_some());
}
