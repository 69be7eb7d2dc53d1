//! What identifies a customer to the availability check: the HKID and
//! passport numbers on the bank's records, and the English name split into
//! first and last names.

use super::Customer;
use crate::prng::Rng;

/// A customer's identity documents and names, as the bank records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The HKID as printed, with its check digit in brackets (`A123456(3)`).
    pub hkid: String,
    /// A passport number (`K12345678`).
    pub passport: String,
    /// Given names (`Tai Man`).
    pub first_name: String,
    /// Surname (`Chan`).
    pub last_name: String,
}

/// The identity of a customer of a bank, derived from the seed.
pub fn identity(seed: u64, bank_id: &str, customer: &Customer) -> Identity {
    let mut rng = Rng::derive(seed, &[bank_id, &customer.id, "identity"]);
    let letter = b'A'.saturating_add(rng.range(0, 25) as u8);
    let digits = format!("{:06}", rng.range(0, 999_999));
    let check = hkid_check_digit(&[letter], &digits);
    let passport = format!(
        "{}{:08}",
        char::from(b'H'.saturating_add(rng.range(0, 3) as u8)),
        rng.range(0, 99_999_999)
    );
    let (last_name, first_name) = customer
        .name_en
        .split_once(' ')
        .unwrap_or((customer.name_en.as_str(), ""));
    Identity {
        hkid: format!("{}{digits}({check})", char::from(letter)),
        passport,
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
    }
}

/// The check digit of an HKID with a one- or two-letter `prefix` (`0`-`9` or
/// `A`): the weighted sum of the (space-padded) letters and digits must divide
/// by 11.
pub(crate) fn hkid_check_digit(prefix: &[u8], digits: &str) -> char {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    // 0-9 for digits, 10-35 for letters, 36 for the padding space.
    let value = |c: u8| -> u64 {
        ALPHABET
            .iter()
            .position(|a| *a == c)
            .map_or(36, |p| p as u64)
    };
    let pad = (prefix.len() < 2).then_some(b' ');
    let chars = pad
        .into_iter()
        .chain(prefix.iter().copied())
        .chain(digits.bytes());
    let sum = chars.zip((2..=9u64).rev()).fold(0u64, |sum, (c, w)| {
        sum.saturating_add(value(c).saturating_mul(w))
    });
    match 11u64.saturating_sub(sum % 11) % 11 {
        10 => 'A',
        d => char::from(ALPHABET.get(d as usize).copied().unwrap_or(b'0')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(name: &str) -> Customer {
        Customer {
            id: "C0001".into(),
            name_en: name.into(),
            name_zh: String::new(),
            mobile: String::new(),
        }
    }

    #[test]
    fn known_check_digits() {
        // Worked examples of the HKID check digit.
        assert_eq!(hkid_check_digit(b"A", "123456"), '3');
        assert_eq!(hkid_check_digit(b"G", "123456"), 'A');
        assert_eq!(hkid_check_digit(b"AB", "987654"), '3');
    }

    #[test]
    fn identities_are_pure_and_named() {
        let c = customer("Chan Tai Man");
        let id = identity(1, "bea", &c);
        assert_eq!(id, identity(1, "bea", &c));
        assert_eq!(id.last_name, "Chan");
        assert_eq!(id.first_name, "Tai Man");
        assert_eq!(id.hkid.len(), 10);
        assert_eq!(id.passport.len(), 9);
    }
}
