//! The `Retry-After` header, in both of its forms.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// Reads `Retry-After` as delay-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past means "now".
pub(crate) fn parse(headers: &HeaderMap) -> Option<Duration> {
    parse_at(headers, SystemTime::now())
}

pub(crate) fn parse_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, value.parse().unwrap());
        h
    }

    #[test]
    fn seconds_form() {
        assert_eq!(parse(&headers("2")), Some(Duration::from_secs(2)));
        assert_eq!(parse(&headers(" 30 ")), Some(Duration::from_secs(30)));
    }

    #[test]
    fn date_form() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap();
        let h = headers("Wed, 21 Oct 2026 07:28:05 GMT");
        assert_eq!(parse_at(&h, now), Some(Duration::from_secs(5)));
        let past = headers("Wed, 21 Oct 2026 07:27:00 GMT");
        assert_eq!(parse_at(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn garbage_is_ignored() {
        assert_eq!(parse(&headers("soon")), None);
        assert_eq!(parse(&headers("-1")), None);
        assert_eq!(parse(&HeaderMap::new()), None);
    }
}
