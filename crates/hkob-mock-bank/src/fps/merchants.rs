//! The merchants of an instance: billers that take bill payments by their
//! merchant code, and FPS payments to their FPS identifier.

use crate::prng::Rng;

/// A merchant that takes payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Merchant {
    /// The merchant code banks know it by, for bill payments (`CLP`).
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its FPS identifier (7 or 9 digits).
    pub fps_id: String,
    /// The bank its accounts are at.
    pub bank_id: String,
}

/// The merchants: code and name.
const BILLERS: [(&str, &str); 4] = [
    ("CLP", "CLP Power Hong Kong Limited"),
    ("WSD", "Water Supplies Department"),
    ("TOWNGAS", "The Hong Kong and China Gas Company Limited"),
    ("HKBN", "Hong Kong Broadband Network Limited"),
];

impl Merchant {
    /// The merchants of an instance whose banks are `bank_ids` (in order):
    /// merchant `i` banks with bank `i` modulo their number. FPS ids
    /// alternate between 7 and 9 digits and differ from each other.
    pub(crate) fn of_instance(seed: u64, bank_ids: &[&str]) -> Vec<Merchant> {
        if bank_ids.is_empty() {
            return Vec::new();
        }
        let mut rng = Rng::derive(seed, &["fps", "merchants"]);
        let mut out: Vec<Merchant> = Vec::new();
        for (i, (code, name)) in BILLERS.iter().enumerate() {
            let bank = bank_ids
                .get(i.checked_rem(bank_ids.len()).unwrap_or(0))
                .copied()
                .unwrap_or_default();
            let fps_id = loop {
                let id = if i.checked_rem(2) == Some(0) {
                    format!("{}", rng.range(1_000_000, 9_999_999))
                } else {
                    format!("{}", rng.range(100_000_000, 999_999_999))
                };
                if !out.iter().any(|m| m.fps_id == id) {
                    break id;
                }
            };
            out.push(Merchant {
                code,
                name,
                fps_id,
                bank_id: bank.to_owned(),
            });
        }
        out
    }

    /// The id of the merchant's account in a currency, in its bank's ledger.
    pub(crate) fn account_id(&self, currency: &str) -> String {
        format!("MERCHANT-{}-{currency}", self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merchants_spread_over_the_banks_with_fps_ids_of_7_or_9_digits() {
        let m = Merchant::of_instance(1, &["bea", "hsbc"]);
        assert_eq!(m, Merchant::of_instance(1, &["bea", "hsbc"]));
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].bank_id, "bea");
        assert_eq!(m[1].bank_id, "hsbc");
        for (i, merchant) in m.iter().enumerate() {
            let len = if i % 2 == 0 { 7 } else { 9 };
            assert_eq!(merchant.fps_id.len(), len);
            assert!(merchant.fps_id.bytes().all(|b| b.is_ascii_digit()));
        }
        assert!(Merchant::of_instance(1, &[]).is_empty());
    }
}
