//! Per-server state of Converse's features: the prompt cache (prefix hashes with their token
//! counts and expiry, by the emulator's clock) and the secret reasoning signatures are made with.

use crate::wire::{fnv_continue, FNV_START};
use std::collections::HashMap;
use std::sync::Mutex;

/// Most prefixes kept; beyond it the expired, then the oldest, are evicted.
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Entry {
    expires_s: i64,
    inserted: u64,
}

/// The prompt cache of one server and its signing secret.
pub(crate) struct FeatureState {
    cache: Mutex<Cache>,
    secret: [u64; 2],
}

#[derive(Default)]
struct Cache {
    entries: HashMap<u64, Entry>,
    next: u64,
}

impl Default for FeatureState {
    fn default() -> Self {
        Self {
            cache: Mutex::default(),
            secret: [rand::random(), rand::random()],
        }
    }
}

impl FeatureState {
    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Forgets every cached prefix (a reset; the signing secret stays).
    pub(crate) fn clear(&self) {
        self.lock().entries.clear();
    }

    /// Whether `prefix` is cached and fresh at `now_s`; if so its lifetime starts again
    /// (`lifetime_s` from now, never shorter than it had).
    pub(crate) fn read(&self, prefix: u64, now_s: i64, lifetime_s: i64) -> bool {
        let mut cache = self.lock();
        match cache.entries.get_mut(&prefix) {
            Some(entry) if entry.expires_s > now_s => {
                entry.expires_s = entry.expires_s.max(now_s.saturating_add(lifetime_s));
                true
            }
            _ => false,
        }
    }

    /// Caches `prefix` until `lifetime_s` from `now_s`.
    pub(crate) fn write(&self, prefix: u64, now_s: i64, lifetime_s: i64) {
        let mut cache = self.lock();
        let inserted = cache.next;
        cache.next += 1;
        cache.entries.insert(
            prefix,
            Entry {
                expires_s: now_s.saturating_add(lifetime_s),
                inserted,
            },
        );
        if cache.entries.len() > MAX_ENTRIES {
            cache.entries.retain(|_, e| e.expires_s > now_s);
        }
        while cache.entries.len() > MAX_ENTRIES {
            let oldest = cache
                .entries
                .iter()
                .min_by_key(|(_, e)| e.inserted)
                .map(|(k, _)| *k);
            match oldest {
                Some(k) => cache.entries.remove(&k),
                None => break,
            };
        }
    }

    /// How many prefixes are held (for tests).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// The signature of reasoning `text`: 32 bytes keyed by the server's secret, base64.
    pub(crate) fn sign(&self, text: &[u8]) -> String {
        aws_smithy_types::base64::encode(self.mac(text))
    }

    fn mac(&self, text: &[u8]) -> Vec<u8> {
        (0..4u64)
            .flat_map(|i| {
                let key = self.secret[(i % 2) as usize] ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                let h = fnv_continue(fnv_continue(FNV_START, &key.to_le_bytes()), text);
                fnv_continue(h, &key.to_be_bytes()).to_le_bytes()
            })
            .collect()
    }

    /// Whether `signature` is this server's signature of `text`.
    pub(crate) fn verify(&self, text: &[u8], signature: &str) -> bool {
        self.sign(text) == signature
    }

    /// Whether `bytes` are redacted reasoning this server could have made: a payload followed by
    /// its 32-byte mac (the emulator never redacts its own reasoning, so it accepts only that).
    pub(crate) fn verify_redacted(&self, bytes: &[u8]) -> bool {
        bytes.len() > 32 && {
            let (payload, mac) = bytes.split_at(bytes.len() - 32);
            self.mac(payload) == mac
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_are_refreshed_and_are_bounded() {
        let state = FeatureState::default();
        assert!(!state.read(1, 0, 300));
        state.write(1, 0, 300);
        assert!(state.read(1, 299, 300));
        // Read at 299: fresh until 599.
        assert!(state.read(1, 598, 300));
        assert!(!state.read(1, 10_000, 300));
        for k in 0..(MAX_ENTRIES as u64 + 5) {
            state.write(k + 100, 20_000, 300);
        }
        assert_eq!(state.len(), MAX_ENTRIES);
        assert!(!state.read(100, 20_001, 300), "the oldest went first");
        assert!(state.read(MAX_ENTRIES as u64 + 104, 20_001, 300));
    }

    #[test]
    fn signatures_are_keyed_and_checked() {
        let state = FeatureState::default();
        let signature = state.sign(b"thinking");
        assert!(state.verify(b"thinking", &signature));
        assert!(!state.verify(b"thinking!", &signature));
        assert!(!FeatureState::default().verify(b"thinking", &signature));
        let mut redacted = b"hidden".to_vec();
        redacted.extend(state.mac(b"hidden"));
        assert!(state.verify_redacted(&redacted));
        assert!(!state.verify_redacted(b"hidden"));
    }
}
