//! The checks of an applicant's identity and contact fields: the HKID check
//! digit, the mobile number and the e-mail address.

/// Whether `number` is an HKID with a valid check digit: one or two
/// letters, six digits, the check digit (0-9 or A), with or without
/// brackets around it (`A123456(3)`, `AB9876543`).
pub(crate) fn hkid_is_valid(number: &str) -> bool {
    let compact: String = number
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | ' '))
        .collect::<String>()
        .to_ascii_uppercase();
    let bytes = compact.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) || bytes.len() != letters.saturating_add(7) {
        return false;
    }
    let (prefix, rest) = bytes.split_at(letters);
    let (digits, check) = rest.split_at(6);
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let digits = std::str::from_utf8(digits).unwrap_or_default();
    let expected = crate::data::hkid_check_digit(prefix, digits);
    u8::try_from(expected).is_ok_and(|e| check == [e])
}

/// Whether `number` is `+<country code>-<digits>`, a Hong Kong number
/// (`+852`) being 8 digits starting 4 to 9.
pub(crate) fn mobile_is_valid(number: &str) -> bool {
    let Some((cc, rest)) = number.strip_prefix('+').and_then(|n| n.split_once('-')) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(cc) || cc.len() > 3 || !digits(rest) {
        return false;
    }
    if cc == "852" {
        rest.len() == 8 && rest.starts_with(['4', '5', '6', '7', '8', '9'])
    } else {
        (4..=15).contains(&rest.len())
    }
}

/// Whether `email` looks like an address: `local@domain.tld`, no spaces.
pub(crate) fn email_is_valid(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hkid_check_digits() {
        assert!(hkid_is_valid("A123456(3)"));
        assert!(hkid_is_valid("A1234563"));
        assert!(!hkid_is_valid("A123456(4)"));
        assert!(hkid_is_valid("C668668(9)"));
        assert!(!hkid_is_valid("C668668(E)"));
        assert!(hkid_is_valid("AB987654(3)"));
        assert!(!hkid_is_valid("123456(3)"));
        assert!(!hkid_is_valid("ABC123456(3)"));
        assert!(!hkid_is_valid(""));
    }

    #[test]
    fn mobiles_and_emails() {
        assert!(mobile_is_valid("+852-91234567"));
        assert!(!mobile_is_valid("+852-31234567"));
        assert!(!mobile_is_valid("+852-9123456"));
        assert!(mobile_is_valid("+44-7700900123"));
        assert!(!mobile_is_valid("91234567"));
        assert!(email_is_valid("chan.tai.man@example.com"));
        assert!(!email_is_valid("chan@example"));
        assert!(!email_is_valid("chan example.com"));
    }
}
