//! Integration tests: the real AWS SDK for Rust against an emulator on a free loopback port.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod alarms;
mod auth;
mod budgets;
mod clock;
mod concurrency;
mod control_plane;
mod cost_explorer;
mod cost_usage;
mod costs;
mod faults;
mod features;
mod iam;
mod identity;
mod pricing;
mod properties;
mod runtime;
mod state;
