//! Hong Kong mobile numbers: eight digits after `+852`, starting with 5, 6,
//! 7 or 9 in the ranges the numbering plan gives mobiles (`5x` but not
//! `58`, `6x`, `70`, `9x` but not `90`, where premium numbers sit).

/// Two-digit starts of mobile numbers the mock hands out.
const MOBILE_STARTS: [u64; 27] = [
    51, 52, 53, 54, 55, 56, 57, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 91, 92, 93, 94, 95,
    96, 97, 98,
];

/// A mobile number in the FPS proxy's canonical form (`+852-61234567`),
/// from an eight-digit draw: a draw that starts like a mobile number is
/// kept; another gets a mobile start in place of its first two digits.
pub(crate) fn hk_mobile(drawn: u64) -> String {
    let rest = drawn.checked_rem(1_000_000).unwrap_or(0);
    let start = drawn.checked_div(1_000_000).unwrap_or(0);
    let start = if MOBILE_STARTS.contains(&start) {
        start
    } else {
        let i = usize::try_from(start).unwrap_or(0);
        MOBILE_STARTS
            .get(i.checked_rem(MOBILE_STARTS.len()).unwrap_or(0))
            .copied()
            .unwrap_or(61)
    };
    format!("+852-{start:02}{rest:06}")
}

/// Whether a value is a mobile number in canonical form with a mobile start.
#[cfg(test)]
fn is_hk_mobile(value: &str) -> bool {
    value.strip_prefix("+852-").is_some_and(|digits| {
        digits.len() == 8
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits
                .get(..2)
                .and_then(|s| s.parse::<u64>().ok())
                .is_some_and(|s| MOBILE_STARTS.contains(&s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_draw_becomes_a_mobile_number() {
        assert_eq!(hk_mobile(61_234_567), "+852-61234567");
        for drawn in [
            51_000_000, 58_012_345, 80_000_000, 90_012_345, 98_999_999, 75_555_555,
        ] {
            let m = hk_mobile(drawn);
            assert!(is_hk_mobile(&m), "{drawn}: {m}");
            assert!(m.ends_with(&format!("{:06}", drawn % 1_000_000)));
        }
    }
}
