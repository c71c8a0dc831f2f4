//! A turn's cost with its cache tokens and service tier, at the built-in table's rates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::chat::ServiceTier;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn price(id: &str) -> Price {
    PriceTable::built_in().price_of(id).unwrap()
}

const TURN: TurnTokens = TurnTokens {
    input: 1_000,
    output: 2_000,
    cache_read: 10_000,
    cache_write: 4_000,
};

#[test]
fn tier_factors_are_bedrocks_published_premium_and_discount() {
    assert_eq!(tier_factor(ServiceTier::Default), Some(1.0));
    assert_eq!(tier_factor(ServiceTier::Priority), Some(1.75));
    assert_eq!(tier_factor(ServiceTier::Flex), Some(0.5));
    assert_eq!(tier_factor(ServiceTier::Reserved), None);
}

#[test]
fn a_claude_turn_prices_cache_reads_and_writes_at_their_own_rates() {
    // Claude 3.7 Sonnet: $3 input, $15 output, $0.30 cache read, $3.75 cache write.
    let p = price("us.anthropic.claude-3-7-sonnet-20250219-v1:0");
    let standard = 1_000.0 * 3.0 + 2_000.0 * 15.0 + 10_000.0 * 0.30 + 4_000.0 * 3.75;
    let standard = standard / 1e6;
    assert!(close(p.cost_of(&TURN, None).unwrap(), standard));
    assert!(close(
        p.cost_of(&TURN, Some(ServiceTier::Default)).unwrap(),
        standard
    ));
    assert!(close(
        p.cost_of(&TURN, Some(ServiceTier::Priority)).unwrap(),
        standard * 1.75
    ));
    assert!(close(
        p.cost_of(&TURN, Some(ServiceTier::Flex)).unwrap(),
        standard * 0.5
    ));
    assert_eq!(p.cost_of(&TURN, Some(ServiceTier::Reserved)), None);
}

#[test]
fn the_cache_saving_is_reads_below_input_less_writes_above_it() {
    // Claude 3.5 Haiku: $0.80 input, $0.08 cache read, $1.00 cache write.
    let p = price("anthropic.claude-3-5-haiku-20241022-v1:0");
    let saving = (10_000.0 * (0.80 - 0.08) - 4_000.0 * (1.00 - 0.80)) / 1e6;
    assert!(close(p.cache_saving(&TURN, None).unwrap(), saving));
    assert!(close(
        p.cache_saving(&TURN, Some(ServiceTier::Priority)).unwrap(),
        saving * 1.75
    ));
    // What was saved is exactly the difference with the same tokens priced as plain input.
    let plain = TurnTokens {
        input: TURN.input + TURN.cache_read + TURN.cache_write,
        cache_read: 0,
        cache_write: 0,
        ..TURN
    };
    let difference = p.cost_of(&plain, None).unwrap() - p.cost_of(&TURN, None).unwrap();
    assert!(close(p.cache_saving(&TURN, None).unwrap(), difference));
    // A first turn that only writes costs more than without the cache: the saving is negative.
    let write_only = TurnTokens {
        cache_read: 0,
        ..TURN
    };
    assert!(p.cache_saving(&write_only, None).unwrap() < 0.0);
    // No cache token: nothing to say.
    let none = TurnTokens {
        cache_read: 0,
        cache_write: 0,
        ..TURN
    };
    assert_eq!(p.cache_saving(&none, None), None);
    assert_eq!(p.cache_saving(&TURN, Some(ServiceTier::Reserved)), None);
}

#[test]
fn nova_reads_the_cache_at_a_quarter_of_input_and_writes_at_the_input_price() {
    for (id, input) in [
        ("amazon.nova-micro-v1:0", 0.035),
        ("us.amazon.nova-lite-v1:0", 0.06),
        ("amazon.nova-pro-v1:0", 0.80),
    ] {
        let p = price(id);
        assert_eq!(p.input_per_million, input, "{id}");
        assert!(
            close(p.cache_read_per_million.unwrap(), input * 0.25),
            "{id}"
        );
        assert_eq!(p.cache_write_per_million, Some(input), "{id}");
        // Writes cost nothing extra, so the saving is the reads' 75%.
        let saving = p.cache_saving(&TURN, None).unwrap();
        assert!(
            close(saving, 10_000.0 * input * 0.75 / 1e6),
            "{id}: {saving}"
        );
    }
}

#[test]
fn a_cache_rate_not_published_makes_the_turn_unpriced_not_a_partial_sum() {
    // Claude Sonnet 5.5's cache read is left unpriced in the table (sources disagree).
    let p = price("anthropic.claude-sonnet-5-5");
    assert_eq!(p.cache_read_per_million, None);
    assert_eq!(p.cost_of(&TURN, None), None);
    assert_eq!(p.cache_saving(&TURN, None), None);
    let writes_only = TurnTokens {
        cache_read: 0,
        ..TURN
    };
    assert!(p.cost_of(&writes_only, None).is_some());
    // A model without any cache price: unpriced as soon as a cache token is used.
    let haiku_3 = price("anthropic.claude-3-haiku-20240307-v1:0");
    assert_eq!(haiku_3.cost_of(&TURN, None), None);
    let plain = TurnTokens {
        cache_read: 0,
        cache_write: 0,
        ..TURN
    };
    assert!(close(
        haiku_3.cost_of(&plain, None).unwrap(),
        haiku_3.cost(1_000, 2_000)
    ));
}

#[test]
fn every_model_of_the_features_table_that_caches_has_both_cache_rates() {
    for id in [
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-opus-4-20250514-v1:0",
        "anthropic.claude-opus-4-1-20250805-v1:0",
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        "anthropic.claude-opus-4-5-20251101-v1:0",
        "anthropic.claude-opus-4-6-v1",
        "anthropic.claude-sonnet-4-6",
        "anthropic.claude-opus-4-7",
        "anthropic.claude-fable-5",
        "amazon.nova-micro-v1:0",
        "amazon.nova-lite-v1:0",
        "amazon.nova-pro-v1:0",
    ] {
        let p = price(id);
        assert!(p.cache_read_per_million.is_some(), "{id}");
        assert!(p.cache_write_per_million.is_some(), "{id}");
    }
}
