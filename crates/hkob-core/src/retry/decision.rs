//! The one place that decides whether a failed attempt is tried again.

use std::time::Duration;

use super::RetryPolicy;
use crate::error::Error;

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Try again at once, without counting an attempt: the bank refused the credentials, and
    /// fresh ones were fetched.
    RetryNow,
    /// Try again after this wait.
    RetryAfter(Duration),
    /// Give up and report the error.
    Stop,
}

/// A failed attempt, as the retry decision sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Failure<'a> {
    /// What went wrong.
    pub error: &'a Error,
    /// Whether the request may be sent again ([`ApiRequest::is_retry_safe`](crate::ApiRequest::is_retry_safe)).
    pub retry_safe: bool,
    /// The attempt that failed, 1 for the first.
    pub attempt: u32,
    /// Time since the first attempt started.
    pub elapsed: Duration,
    /// Whether the answer was a 401 and the credentials were renewed for one more try.
    pub credentials_renewed: bool,
    /// Whether the request carries an idempotency key: then a 409 means the bank is still
    /// working on the first request with that key, and the same request may be tried again.
    pub keyed: bool,
}

/// Decides what follows `failure` under `policy` and the call's total time limit.
pub(crate) fn decide(
    policy: &RetryPolicy,
    total_limit: Option<Duration>,
    failure: Failure<'_>,
) -> Decision {
    if failure.credentials_renewed {
        return Decision::RetryNow;
    }
    let in_progress = failure.keyed && failure.error.status() == Some(http::StatusCode::CONFLICT);
    if !failure.retry_safe || !(failure.error.is_retryable() || in_progress) {
        return Decision::Stop;
    }
    let Some(delay) = policy.delay(
        failure.attempt.saturating_add(1),
        failure.error.retry_after(),
    ) else {
        return Decision::Stop;
    };
    if total_limit.is_some_and(|limit| failure.elapsed.saturating_add(delay) >= limit) {
        return Decision::Stop;
    }
    Decision::RetryAfter(delay)
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, StatusCode};

    use super::*;
    use crate::error::{ApiError, TransportError, TransportErrorKind};

    fn api(status: u16, retry_after: Option<&'static str>) -> Error {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(http::header::RETRY_AFTER, HeaderValue::from_static(value));
        }
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        ApiError::from_response(status, &headers, bytes::Bytes::new()).into()
    }

    fn failure(error: &Error) -> Failure<'_> {
        Failure {
            error,
            retry_safe: true,
            attempt: 1,
            elapsed: Duration::ZERO,
            credentials_renewed: false,
            keyed: false,
        }
    }

    #[test]
    fn a_conflict_on_a_keyed_request_waits_for_the_first_one() {
        let conflict = api(409, None);
        let keyed = Failure {
            keyed: true,
            ..failure(&conflict)
        };
        assert_eq!(
            decide(&policy(), None, keyed),
            Decision::RetryAfter(Duration::from_millis(100))
        );
        assert_eq!(decide(&policy(), None, failure(&conflict)), Decision::Stop);
    }

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .jitter(false)
            .backoff(Duration::from_millis(100), Duration::from_secs(1))
    }

    #[test]
    fn retryable_failures_of_safe_requests_wait_the_backoff() {
        for error in [
            api(503, None),
            api(429, None),
            api(408, None),
            TransportError::new(TransportErrorKind::Connect, "refused").into(),
        ] {
            assert_eq!(
                decide(&policy(), None, failure(&error)),
                Decision::RetryAfter(Duration::from_millis(100)),
                "{error:?}"
            );
        }
    }

    #[test]
    fn unsafe_requests_and_final_answers_stop() {
        let busy = api(503, None);
        let unsafe_post = Failure {
            retry_safe: false,
            ..failure(&busy)
        };
        assert_eq!(decide(&policy(), None, unsafe_post), Decision::Stop);
        for status in [400, 403, 404, 409, 422] {
            let error = api(status, None);
            assert_eq!(decide(&policy(), None, failure(&error)), Decision::Stop);
        }
    }

    #[test]
    fn the_banks_retry_after_is_honoured_within_the_policy() {
        let asked = api(503, Some("2"));
        assert_eq!(
            decide(&policy(), None, failure(&asked)),
            Decision::RetryAfter(Duration::from_secs(2))
        );
        let too_long = api(503, Some("3600"));
        assert_eq!(decide(&policy(), None, failure(&too_long)), Decision::Stop);
    }

    #[test]
    fn attempts_and_total_time_are_capped() {
        let busy = api(503, None);
        let last = Failure {
            attempt: 3,
            ..failure(&busy)
        };
        assert_eq!(decide(&policy(), None, last), Decision::Stop);
        let late = Failure {
            elapsed: Duration::from_millis(950),
            ..failure(&busy)
        };
        assert_eq!(
            decide(&policy(), Some(Duration::from_secs(1)), late),
            Decision::Stop
        );
    }

    #[test]
    fn extreme_waits_are_capped_not_overflowed() {
        let forever = api(503, Some("18446744073709551615"));
        let patient = policy()
            .max_retry_after(Duration::MAX)
            .backoff(Duration::MAX, Duration::MAX);
        assert_eq!(decide(&patient, None, failure(&forever)), Decision::Stop);
        let late = Failure {
            elapsed: Duration::MAX,
            ..failure(&forever)
        };
        assert_eq!(decide(&patient, Some(Duration::MAX), late), Decision::Stop);
        let busy = api(503, None);
        assert_eq!(
            decide(&patient, Some(Duration::MAX), failure(&busy)),
            Decision::RetryAfter(Duration::from_secs(3600))
        );
        let jittered = patient.jitter(true);
        for _ in 0..100 {
            match decide(&jittered, None, failure(&busy)) {
                Decision::RetryAfter(wait) => assert!(wait <= Duration::from_secs(3600)),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn renewed_credentials_retry_at_once_even_for_a_post() {
        let refused = api(401, None);
        let renewed = Failure {
            retry_safe: false,
            credentials_renewed: true,
            ..failure(&refused)
        };
        assert_eq!(decide(&policy(), None, renewed), Decision::RetryNow);
        let not_renewed = Failure {
            credentials_renewed: false,
            ..renewed
        };
        assert_eq!(decide(&policy(), None, not_renewed), Decision::Stop);
    }
}
