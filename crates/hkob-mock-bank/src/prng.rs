//! A small deterministic pseudo-random generator (SplitMix64).
//!
//! Every piece of generated data is derived from the instance seed and a
//! path of labels (bank id, account id, transaction index...), so the same
//! seed always gives the same banks, and one item can be regenerated without
//! generating the items before it.

/// A SplitMix64 generator: tiny, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for one item, derived from a seed and a path of labels.
    pub fn derive(seed: u64, labels: &[&str]) -> Self {
        let mut h = seed ^ 0x9E37_79B9_7F4A_7C15;
        for label in labels {
            h = mix(h ^ fnv1a(label.as_bytes()));
        }
        Self::new(h)
    }

    /// A generator for item `index` below an already derived generator's start.
    pub fn derive_index(seed: u64, labels: &[&str], index: u64) -> Self {
        let base = Self::derive(seed, labels).state;
        Self::new(mix(base ^ mix(index.wrapping_add(0xD1B5_4A32_D192_ED03))))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// A number in `lo..=hi` (returns `lo` when `hi < lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        // hi > lo: the span is at least 2, or the whole of u64 (any value).
        let random = self.next_u64();
        let offset = hi
            .abs_diff(lo)
            .checked_add(1)
            .and_then(|span| random.checked_rem(span))
            .unwrap_or(random);
        lo.wrapping_add(offset)
    }

    /// One element of a non-empty slice (the first for an empty one is impossible: callers pass constants).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.range(0, items.len().saturating_sub(1) as u64) as usize;
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let a: Vec<u64> = (0..5)
            .map(|i| Rng::derive_index(7, &["bea", "acc"], i).next_u64())
            .collect();
        let b: Vec<u64> = (0..5)
            .map(|i| Rng::derive_index(7, &["bea", "acc"], i).next_u64())
            .collect();
        assert_eq!(a, b);
        let c: Vec<u64> = (0..5)
            .map(|i| Rng::derive_index(8, &["bea", "acc"], i).next_u64())
            .collect();
        assert_ne!(a, c);
    }

    #[test]
    fn range_is_inclusive_and_bounded() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let v = r.range(3, 5);
            assert!((3..=5).contains(&v));
        }
        assert_eq!(r.range(4, 4), 4);
        assert_eq!(r.range(9, 2), 9);
    }
}
