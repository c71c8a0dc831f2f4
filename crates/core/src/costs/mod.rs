//! Costs: what each profile, model or tag value spent in a period.
//!
//! - The estimate, from the usage ledger (see [`crate::ledger`]): available at once, offline,
//!   and only as good as the prices each turn was recorded with. Turns with an unknown cost are
//!   counted apart and never summed as $0.
//! - The bill, from Cost Explorer ([`billed`]): what AWS charged, per tag value and Bedrock
//!   service; it lags 24–48 hours and each request costs $0.01, so it is cached and fetched
//!   only when asked.
//! - Tag activation ([`activation`]), alerts ([`alerts`]) and the identity the figures belong
//!   to ([`identity`]).

pub mod activation;
pub mod alerts;
mod alerts_calls;
pub mod billed;
mod ce_calls;
mod csv;
mod estimate;
pub mod identity;
mod period;
mod query;
mod service;

pub use activation::{ActivationStatus, TagActivation, MAX_KEYS_PER_ACTIVATION};
pub use alerts::{Alert, AlertKind, BillingAlarmDraft, BudgetDraft, ALERTS_POLICY};
pub use billed::{Billed, BilledGap, BilledGroup, BilledSide, ServiceCost, COSTS_POLICY};
pub use csv::CSV_HEADER;
pub use estimate::{
    DayEstimate, DayGroup, Estimate, EstimateBasis, GroupEstimate, Grouping, PriceBasis,
    UNKNOWN_MODEL,
};
pub use identity::CallerIdentity;
pub use period::{DateText, Day, DayRange, Period, MAX_PERIOD_DAYS};
pub use query::{CostQuery, CostSource, PeriodChoice};
pub use service::{BilledCache, CostReport, Costs, BILLED_CACHE_FILE};

#[cfg(test)]
mod tests;
