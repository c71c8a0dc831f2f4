//! The Costs table as CSV: one line per group, RFC 4180 quoting, an unknown cost left empty
//! (never written as 0).

use super::estimate::Estimate;

/// The header of [`Estimate::to_csv`], in order.
pub const CSV_HEADER: &[&str] = &[
    "group",
    "estimatedUsd",
    "inputTokens",
    "outputTokens",
    "turns",
    "unknownCostTurns",
];

impl Estimate {
    /// The table as CSV: the header, then one line per group in the order of
    /// [`Estimate::groups`], lines ended by CRLF as RFC 4180 has it.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        out.push_str(&CSV_HEADER.join(","));
        out.push_str("\r\n");
        for g in &self.groups {
            let cells = [
                quote(&g.key),
                g.estimated_usd.map(|c| c.to_string()).unwrap_or_default(),
                g.input_tokens.to_string(),
                g.output_tokens.to_string(),
                g.turns.to_string(),
                g.unknown_cost_turns.to_string(),
            ];
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// A field quoted when it holds a comma, a quote or a line break; quotes inside doubled.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
