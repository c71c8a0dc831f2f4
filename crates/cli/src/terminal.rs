//! Text from a model or from AWS made safe to print on a terminal: escape sequences (CSI, OSC,
//! DCS, …) and other control characters are dropped, so an answer cannot move the cursor, clear
//! the screen, retitle the window, write the clipboard (OSC 52) or hide a line behind a carriage
//! return. Newlines and tabs stay. The filter keeps its state between chunks, because a stream can
//! split a sequence anywhere.

/// Where the filter is inside a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    #[default]
    Text,
    /// After ESC.
    Escape,
    /// After ESC and intermediate bytes (`ESC ( B`).
    EscapeIntermediate,
    /// Inside `ESC [` … final byte.
    Csi,
    /// Inside an OSC/DCS/SOS/PM/APC string, until BEL or ST.
    Str,
    /// ESC inside such a string (the start of ST, `ESC \`).
    StrEscape,
}

/// A stateful filter for one stream of text (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct TerminalFilter {
    state: State,
}

impl TerminalFilter {
    /// The printable part of `chunk`, given what came before it.
    pub(crate) fn push(&mut self, chunk: &str) -> String {
        let mut out = String::with_capacity(chunk.len());
        for c in chunk.chars() {
            // A newline ends any unfinished sequence, so a broken one hides one line at most.
            if c == '\n' {
                self.state = State::Text;
                out.push(c);
                continue;
            }
            self.state = match self.state {
                State::Text => match c {
                    '\t' => {
                        out.push(c);
                        State::Text
                    }
                    '\u{1b}' => State::Escape,
                    '\u{9b}' => State::Csi,
                    '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => State::Str,
                    c if c.is_control() => State::Text,
                    c => {
                        out.push(c);
                        State::Text
                    }
                },
                State::Escape => match c {
                    '[' => State::Csi,
                    ']' | 'P' | 'X' | '^' | '_' => State::Str,
                    '\u{20}'..='\u{2f}' => State::EscapeIntermediate,
                    _ => State::Text,
                },
                State::EscapeIntermediate => match c {
                    '\u{20}'..='\u{2f}' => State::EscapeIntermediate,
                    _ => State::Text,
                },
                State::Csi => match c {
                    '\u{20}'..='\u{3f}' => State::Csi,
                    _ => State::Text,
                },
                State::Str => match c {
                    '\u{07}' | '\u{9c}' => State::Text,
                    '\u{1b}' => State::StrEscape,
                    _ => State::Str,
                },
                State::StrEscape => match c {
                    '\\' => State::Text,
                    '\u{1b}' => State::StrEscape,
                    _ => State::Str,
                },
            };
        }
        out
    }
}

/// `text` with control sequences removed, for one-off lines (errors, names, tags).
pub(crate) fn sanitize(text: &str) -> String {
    TerminalFilter::default().push(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_dropped_text_stays() {
        let cases = [
            ("plain\ttext\nnext", "plain\ttext\nnext"),
            ("\u{1b}[31mred\u{1b}[0m", "red"),
            ("\u{1b}[2J\u{1b}[Hclear", "clear"),
            ("\u{1b}]0;owned\u{07}title", "title"),
            ("\u{1b}]52;c;ZXZpbA==\u{1b}\\clip", "clip"),
            ("\u{1b}P+q\u{1b}\\dcs", "dcs"),
            ("\u{1b}(Bcharset", "charset"),
            ("shown\rhidden", "shownhidden"),
            ("bell\u{07}del\u{7f}c1\u{9b}1mend", "belldelc1end"),
            ("é 日本 😀", "é 日本 😀"),
        ];
        for (input, want) in cases {
            assert_eq!(sanitize(input), want, "{input:?}");
        }
    }

    #[test]
    fn a_sequence_split_across_chunks_is_still_dropped() {
        let mut f = TerminalFilter::default();
        let joined: String = ["ok \u{1b}", "[3", "1m", "red \u{1b}]0;t", "itle\u{07} done"]
            .iter()
            .map(|c| f.push(c))
            .collect();
        assert_eq!(joined, "ok red  done");
    }

    #[test]
    fn an_unterminated_sequence_hides_at_most_its_line() {
        assert_eq!(sanitize("a\u{1b}]0;never ends\nnext line"), "a\nnext line");
    }
}
