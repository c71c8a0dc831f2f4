//! Bounds on what the user can hand Strata, checked before any call: the text of a turn, AWS
//! profile and region names, and endpoint overrides. One place, so the window, `strata chat` and
//! the settings all refuse the same things with the same words.

use std::io::Read;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result};

/// The most text one chat turn may send (system prompt and every message together): 4 MiB.
pub(crate) const MAX_TURN_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// The longest AWS profile name (the AWS CLI's own bound).
pub(crate) const MAX_PROFILE_NAME_CHARS: usize = 128;

/// The longest region name accepted (real ones are under 20 characters).
pub(crate) const MAX_REGION_CHARS: usize = 32;

/// The longest endpoint override accepted.
pub(crate) const MAX_ENDPOINT_URL_CHARS: usize = 2048;

/// The longest model id, system profile id or profile ARN accepted.
pub(crate) const MAX_MODEL_ID_CHARS: usize = 2048;

/// At most the first 60 characters of `text`, for quoting user input in a message without
/// echoing megabytes back.
fn preview(text: &str) -> String {
    const SHOWN: usize = 60;
    if text.chars().count() <= SHOWN {
        format!("{text:?}")
    } else {
        let head: String = text.chars().take(SHOWN).collect();
        format!("{head:?}…")
    }
}

fn mib(bytes: usize) -> String {
    // Display only: one decimal is enough to compare with the 4 MiB bound.
    let value = bytes as f64 / (1024.0 * 1024.0);
    format!("{value:.1} MiB")
}

/// Checks the total size of the text one turn sends (`parts`: the system prompt and messages).
pub(crate) fn turn_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let total = parts
        .into_iter()
        .fold(0usize, |sum, p| sum.saturating_add(p.len()));
    if total > MAX_TURN_TEXT_BYTES {
        return Err(Error::validation(format!(
            "This turn has {} of text; at most {} can be sent in one turn.",
            mib(total),
            mib(MAX_TURN_TEXT_BYTES)
        ))
        .with_hint("Shorten the message (or the conversation), or split it into several turns."));
    }
    Ok(())
}

/// Reads UTF-8 text from `reader` (e.g. a prompt piped to stdin), refusing more than
/// `MAX_TURN_TEXT_BYTES` (4 MiB) without reading past that bound.
pub fn read_turn_text(reader: impl Read) -> Result<String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_TURN_TEXT_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::internal(format!("The message could not be read: {e}")))?;
    if bytes.len() > MAX_TURN_TEXT_BYTES {
        return Err(Error::validation(format!(
            "The message is longer than {}, the most one turn can send.",
            mib(MAX_TURN_TEXT_BYTES)
        ))
        .with_hint("Shorten the message, or split it into several turns."));
    }
    String::from_utf8(bytes)
        .map_err(|e| Error::validation(format!("The message is not UTF-8 text: {e}.")))
}

/// Checks an AWS profile name: 1 to 128 of `A-Z a-z 0-9 _ . @ + = , / -`.
pub(crate) fn profile_name(name: &str) -> Result<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_.@+=,/-".contains(c);
    let count = name.chars().count();
    if count == 0 || count > MAX_PROFILE_NAME_CHARS || !name.chars().all(allowed) {
        return Err(Error::validation(format!(
            "{} is not a valid AWS profile name: use 1 to {MAX_PROFILE_NAME_CHARS} of the characters \
             A-Z a-z 0-9 _ . @ + = , / - (no spaces or brackets).",
            preview(name)
        )));
    }
    Ok(())
}

/// True when `region` has the shape of an AWS region name: two lowercase letters, one or more
/// lowercase words, a number of one or two digits (`eu-central-1`, `us-gov-west-1`).
pub(crate) fn is_region_name(region: &str) -> bool {
    if region.len() > MAX_REGION_CHARS {
        return false;
    }
    let parts: Vec<&str> = region.split('-').collect();
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    let Some((first, middle)) = words.split_first() else {
        return false;
    };
    let lower_word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
    first.len() == 2
        && lower_word(first)
        && !middle.is_empty()
        && middle.iter().all(|w| lower_word(w))
        && (1..=2).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a region name (see `is_region_name`).
pub fn region_name(region: &str) -> Result<()> {
    if is_region_name(region) {
        Ok(())
    } else {
        Err(Error::validation(format!(
            "{} is not an AWS region name (like us-east-1 or ap-northeast-1).",
            preview(region)
        )))
    }
}

/// Checks a model id, system profile id or profile ARN chosen in the picker.
pub fn model_id(id: &str) -> Result<()> {
    if id.chars().count() > MAX_MODEL_ID_CHARS {
        return Err(Error::validation(format!(
            "The selected model id is longer than {MAX_MODEL_ID_CHARS} characters."
        )));
    }
    Ok(())
}

/// True for the hosts `http://` may go to: `localhost`, 127.0.0.0/8 and `::1`.
fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback());
    }
    host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// Checks an endpoint override before anything is sent to it. `what` names it in the message
/// ("The Bedrock endpoint URL", "AWS_ENDPOINT_URL_BEDROCK").
///
/// Rules: at most 2,048 characters, no spaces or control characters; `https://` to any host,
/// `http://` only to this machine (localhost, 127.0.0.0/8, `[::1]`); no `user:pass@`; a port, if
/// given, from 1 to 65535.
pub fn endpoint_url(what: &str, url: &str) -> Result<()> {
    let fail = |rule: String| {
        Err(Error::validation(format!("{what} {}: {rule}", preview(url)))
            .with_hint("Use https://HOST[:PORT][/PATH] (http:// only to localhost, 127.0.0.1 or [::1]), or leave it empty for Bedrock's own endpoint."))
    };
    if url.chars().count() > MAX_ENDPOINT_URL_CHARS {
        return fail(format!(
            "it is longer than {MAX_ENDPOINT_URL_CHARS} characters."
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("it must not contain spaces or control characters.".to_owned());
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if lower.starts_with("https://") {
        (true, &url["https://".len()..])
    } else if lower.starts_with("http://") {
        (false, &url["http://".len()..])
    } else {
        return fail("it must start with https:// (or http:// to this machine).".to_owned());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return fail("it must not contain a user name or password (user:pass@).".to_owned());
    }
    let (host, port) = if authority.starts_with('[') {
        match authority.split_once(']') {
            Some((v6, after)) => {
                let host = &authority[..=v6.len()];
                match (after, after.strip_prefix(':')) {
                    ("", _) => (host, None),
                    (_, Some(port)) => (host, Some(port)),
                    _ => return fail("nothing may follow the IPv6 address but :PORT.".to_owned()),
                }
            }
            None => return fail("the IPv6 address has no closing bracket.".to_owned()),
        }
    } else {
        match authority.split_once(':') {
            Some((_, p)) if p.contains(':') => {
                return fail("write an IPv6 address in brackets, like [::1].".to_owned())
            }
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return fail("it has no host name.".to_owned());
    }
    let valid_host = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        v6.parse::<Ipv6Addr>().is_ok()
    } else {
        host.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
    };
    if !valid_host {
        return fail(format!("{} is not a valid host name.", preview(host)));
    }
    if let Some(port) = port {
        let ok = !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !ok {
            return fail(format!(
                "the port {} must be a number from 1 to 65535.",
                preview(port)
            ));
        }
    }
    if !secure && !is_loopback_host(host) {
        return fail(format!(
            "http:// is allowed only to this machine (localhost, 127.0.0.0/8, [::1]); use https:// for {host}."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn endpoint_error(url: &str) -> String {
        endpoint_url("The endpoint URL", url)
            .expect_err(url)
            .message()
            .to_owned()
    }

    #[test]
    fn https_to_any_host_and_http_to_loopback_are_accepted() {
        for ok in [
            "https://bedrock.vpce-123.us-east-1.vpce.amazonaws.com",
            "https://bedrock.example.com:8443/base/path",
            "HTTPS://Bedrock.Example.com",
            "https://[2001:db8::1]:443",
            "http://127.0.0.1:4000",
            "http://127.9.8.7",
            "http://localhost:65535/",
            "http://[::1]:8080",
        ] {
            assert!(endpoint_url("The endpoint URL", ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn each_refused_endpoint_names_its_rule() {
        for (bad, rule) in [
            (
                "http://bedrock.example.com",
                "http:// is allowed only to this machine",
            ),
            (
                "http://10.0.0.1:80",
                "http:// is allowed only to this machine",
            ),
            ("http://[::2]:80", "http:// is allowed only to this machine"),
            (
                "http://128.0.0.1",
                "http:// is allowed only to this machine",
            ),
            (
                "http://localhost.example.com",
                "http:// is allowed only to this machine",
            ),
            (
                "https://user:pass@bedrock.example.com",
                "user name or password",
            ),
            ("https://token@bedrock.example.com", "user name or password"),
            ("https://bedrock.example.com:0", "from 1 to 65535"),
            ("https://bedrock.example.com:65536", "from 1 to 65535"),
            ("https://bedrock.example.com:", "from 1 to 65535"),
            ("https://bedrock.example.com:https", "from 1 to 65535"),
            ("https://", "no host name"),
            ("https://:443", "no host name"),
            ("bedrock.example.com", "must start with https://"),
            ("ftp://bedrock.example.com", "must start with https://"),
            (
                "https://bed rock.example.com",
                "spaces or control characters",
            ),
            (
                "https://bedrock.example.com\n",
                "spaces or control characters",
            ),
            ("https://::1/", "IPv6 address in brackets"),
            ("https://[::1", "closing bracket"),
            ("https://bedrock!.example.com", "not a valid host name"),
        ] {
            let message = endpoint_error(bad);
            assert!(message.contains(rule), "{bad}: {message}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_ENDPOINT_URL_CHARS));
        assert!(endpoint_error(&long).contains("longer than 2048 characters"));
        let just_fits = format!(
            "https://example.com/{}",
            "a".repeat(MAX_ENDPOINT_URL_CHARS - 20)
        );
        assert_eq!(just_fits.len(), MAX_ENDPOINT_URL_CHARS);
        assert!(endpoint_url("x", &just_fits).is_ok());
    }

    #[test]
    fn refused_values_are_quoted_briefly() {
        let message = endpoint_error(&format!("ftp://{}", "x".repeat(100_000)));
        assert!(message.len() < 300, "{}", message.len());
    }

    #[test]
    fn profile_names_follow_the_aws_pattern() {
        for ok in [
            "default",
            "work-sso",
            "a",
            "team/dev@corp+1=2,3.x_y",
            &"p".repeat(128),
        ] {
            assert!(profile_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "my profile",
            "[work]",
            "work\n",
            "prod;rm",
            "ü",
            &"p".repeat(129),
        ] {
            let e = profile_name(bad).expect_err(bad);
            assert!(e.message().contains("not a valid AWS profile name"), "{e}");
        }
    }

    #[test]
    fn region_names_are_recognised() {
        for ok in [
            "us-east-1",
            "ap-northeast-1",
            "us-gov-west-1",
            "eu-central-2",
        ] {
            assert!(region_name(ok).is_ok(), "{ok}");
        }
        let too_long = format!("us-{}-1", "a".repeat(MAX_REGION_CHARS));
        for bad in [
            "",
            "us",
            "useast1",
            "US-EAST-1",
            "us-east-",
            "us--1",
            "us-east-1a",
            "u-east-1",
            "us-east-123",
            too_long.as_str(),
        ] {
            assert!(region_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_turn_may_carry_four_mib_of_text_and_no_more() {
        let half = "a".repeat(MAX_TURN_TEXT_BYTES / 2);
        assert!(turn_text([half.as_str(), half.as_str()]).is_ok());
        let e = turn_text([half.as_str(), half.as_str(), "b"]).unwrap_err();
        assert!(e.message().contains("at most 4.0 MiB"), "{e}");
    }

    #[test]
    fn reading_stops_at_the_bound() {
        let exact = vec![b'a'; MAX_TURN_TEXT_BYTES];
        assert_eq!(
            read_turn_text(&exact[..]).unwrap().len(),
            MAX_TURN_TEXT_BYTES
        );
        // An endless source is refused after one byte more than the bound, not read to the end.
        let endless = std::io::repeat(b'a');
        let e = read_turn_text(endless).unwrap_err();
        assert!(e.message().contains("longer than 4.0 MiB"), "{e}");
        assert!(read_turn_text(&[0xff, 0xfe][..])
            .unwrap_err()
            .message()
            .contains("not UTF-8"));
    }
}
