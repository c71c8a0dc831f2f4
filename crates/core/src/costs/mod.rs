//! Costs: what each profile, model or tag value spent in a period. This module is the
//! estimate, from the usage ledger (see [`crate::ledger`]): available at once, offline, and
//! only as good as the prices each turn was recorded with. Turns with an unknown cost are
//! counted apart and never summed as $0.

mod csv;
mod estimate;
mod period;

pub use csv::CSV_HEADER;
pub use estimate::{
    DayEstimate, DayGroup, Estimate, EstimateBasis, GroupEstimate, Grouping, PriceBasis,
    UNKNOWN_MODEL,
};
pub use period::{DateText, Day, DayRange, Period, MAX_PERIOD_DAYS};

#[cfg(test)]
mod tests;
