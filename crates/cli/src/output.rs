//! What every command prints the same way: errors and hints on stderr, without control sequences.

use crate::terminal::sanitize;

/// Prints `e`'s message and hint on stderr.
pub(crate) fn print_error(e: &strata_core::Error) {
    // Messages can quote what AWS or a model said: no control sequences reach the terminal.
    eprintln!("error: {}", sanitize(e.message()));
    if let Some(hint) = e.hint() {
        eprintln!("hint: {}", sanitize(hint));
    }
}
