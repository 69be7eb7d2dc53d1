//! The scenario grammar, shared by the `x-mock-scenario` header and the admin API.
//!
//! ```text
//! scenario  = directive *( (";" / ",") directive )
//! directive = "latency=" duration        ; 250ms, 2s, or plain milliseconds
//!           / "status=" 3DIGIT           ; 400-599, answered in the bank's error envelope
//!           / "retry-after=" seconds     ; Retry-After in delta-seconds (status defaults to 429)
//!           / "retry-after-date=" seconds; Retry-After as an HTTP-date that many seconds ahead
//!                                        ; (at most to the end of the year 9999)
//!           / "reset"                    ; drop the connection without an answer
//!           / "reset-after"              ; let the handler answer (a payment is made),
//!                                        ; then drop the connection without that answer
//!           / "truncate"                 ; send half of the body, then close
//!           / "malformed-json"           ; a body that is not valid JSON
//!           / "unknown-enum"             ; enum fields carry values the spec does not list
//!           / "extra-fields"             ; objects carry fields the spec does not list
//!           / "token=" ("expired" / "revoked") ; bearer token refused (Phase III/IV endpoints)
//!           / "hkma-html-200"            ; the HKMA portal answers an HTML page with HTTP 200
//!           / "hkma-bad-gateway"         ; the HKMA portal answers an HTML page with HTTP 502
//!           / "method=" token            ; only requests with this method (GET, POST...)
//! ```
//!
//! `reset-after` runs the request through its handler, so what it does
//! happens (the payment is made, the idempotency key remembers the
//! answer), and then drops the connection instead of sending the answer:
//! the client sees the connection fail after the bank accepted. With it,
//! `status=`, `retry-after` and the body directives have nothing to change.
//!
//! `method=` narrows a rule (or a header's scenario) to requests with that
//! method, so a rule on `/payments` can hit the `POST` and leave the
//! status polls alone.
//!
//! Most directives apply to every request the pipeline sees (a bank's or
//! the HKMA portal's). `hkma-*` apply to the HKMA portal (`/hkma/public`)
//! only; `token=` and `unknown-enum` to banks only, so a scenario cannot
//! combine the two kinds.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// How a `Retry-After` header is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "form", content = "seconds")]
pub enum RetryAfter {
    /// `Retry-After: 2`.
    Seconds(u64),
    /// `Retry-After: <HTTP-date that many seconds from now>`.
    HttpDate(u64),
}

/// A bearer-token fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenFault {
    /// The token is treated as expired.
    Expired,
    /// The token (or its consent) is treated as revoked.
    Revoked,
}

/// An outage of the HKMA public portal: an HTML page instead of the JSON
/// envelope, as the portal's gateway sends when it is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HkmaOutage {
    /// `hkma-html-200`: an HTML page with HTTP 200.
    #[serde(rename = "hkma-html-200")]
    HtmlPage,
    /// `hkma-bad-gateway`: an HTML page with HTTP 502.
    #[serde(rename = "hkma-bad-gateway")]
    BadGateway,
}

/// What should go wrong with one response. The default is nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// Added delay before answering.
    #[serde(with = "millis", skip_serializing_if = "Option::is_none")]
    pub latency: Option<Duration>,
    /// Answer with this status and the bank's error envelope instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Add a `Retry-After` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<RetryAfter>,
    /// Drop the connection without answering.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reset: bool,
    /// Run the handler, then drop the connection without its answer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reset_after: bool,
    /// Only requests with this method (upper case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Send only half of the body, then close the connection.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncate: bool,
    /// Send a body that is not valid JSON.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub malformed_json: bool,
    /// Put unknown values into enum-typed fields.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown_enum: bool,
    /// Add fields the spec does not define to every object.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extra_fields: bool,
    /// Refuse the bearer token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenFault>,
    /// Answer an HKMA portal request with an HTML outage page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hkma_outage: Option<HkmaOutage>,
}

mod millis {
    use std::time::Duration;

    pub fn serialize<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_u64(d.as_millis() as u64),
            None => s.serialize_none(),
        }
    }
}

/// A scenario string that does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    directive: String,
    reason: &'static str,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid scenario directive `{}`: {}",
            self.directive, self.reason
        )
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    /// A refusal of a whole scenario or rule (not one directive of it).
    pub(crate) fn new(directive: impl Into<String>, reason: &'static str) -> Self {
        Self {
            directive: directive.into(),
            reason,
        }
    }
}

/// The longest latency a scenario may ask for.
const MAX_LATENCY: Duration = Duration::from_secs(120);

impl Scenario {
    /// Parses a scenario string (see the module documentation for the grammar).
    pub fn parse(text: &str) -> Result<Self, ScenarioError> {
        let mut s = Scenario::default();
        for raw in text.split([';', ',']) {
            let directive = raw.trim();
            if directive.is_empty() {
                continue;
            }
            let err = |reason| ScenarioError {
                directive: directive.to_owned(),
                reason,
            };
            let (key, value) = match directive.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.trim())),
                None => (directive.to_ascii_lowercase(), None),
            };
            match (key.as_str(), value) {
                ("latency" | "delay", Some(v)) => {
                    let d = parse_duration(v)
                        .ok_or_else(|| err("expected a duration such as 200ms or 2s"))?;
                    if d > MAX_LATENCY {
                        return Err(err("latency above 120s"));
                    }
                    s.latency = Some(d);
                }
                ("status", Some(v)) => {
                    let code: u16 = v.parse().map_err(|_| err("expected a status code"))?;
                    if !(400..=599).contains(&code) {
                        return Err(err("status must be 400-599"));
                    }
                    s.status = Some(code);
                }
                ("retry-after", Some(v)) => {
                    s.retry_after = Some(RetryAfter::Seconds(
                        v.parse().map_err(|_| err("expected seconds"))?,
                    ));
                }
                ("retry-after-date", Some(v)) => {
                    let seconds = v.parse().map_err(|_| err("expected seconds"))?;
                    if http_date_after(seconds).is_none() {
                        return Err(err("the HTTP-date would be past the year 9999"));
                    }
                    s.retry_after = Some(RetryAfter::HttpDate(seconds));
                }
                ("reset", None) => s.reset = true,
                ("reset-after", None) => s.reset_after = true,
                ("method", Some(v)) => {
                    if v.is_empty() || v.len() > 16 || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
                        return Err(err("expected a method such as GET or POST"));
                    }
                    s.method = Some(v.to_ascii_uppercase());
                }
                ("truncate", None) => s.truncate = true,
                ("malformed-json", None) => s.malformed_json = true,
                ("unknown-enum", None) => s.unknown_enum = true,
                ("extra-fields", None) => s.extra_fields = true,
                ("token", Some("expired")) => s.token = Some(TokenFault::Expired),
                ("token", Some("revoked")) => s.token = Some(TokenFault::Revoked),
                ("token", _) => return Err(err("expected token=expired or token=revoked")),
                ("hkma-html-200", None) => s.hkma_outage = Some(HkmaOutage::HtmlPage),
                ("hkma-bad-gateway", None) => s.hkma_outage = Some(HkmaOutage::BadGateway),
                _ => return Err(err("unknown directive")),
            }
        }
        if s.retry_after.is_some() && s.status.is_none() && s.hkma_outage.is_none() {
            s.status = Some(429);
        }
        if !s.applies_to_banks() && !s.applies_to_portal() {
            return Err(ScenarioError::new(
                text.trim(),
                "hkma-* directives (HKMA portal only) cannot combine with token= or unknown-enum (banks only)",
            ));
        }
        Ok(s)
    }

    /// Whether the scenario can apply to a bank's request (it has no `hkma-*` directive).
    pub(crate) fn applies_to_banks(&self) -> bool {
        self.hkma_outage.is_none()
    }

    /// Whether the scenario can apply to an HKMA portal request (it has no
    /// `token=` or `unknown-enum` directive).
    pub(crate) fn applies_to_portal(&self) -> bool {
        self.token.is_none() && !self.unknown_enum
    }

    /// Whether the scenario changes anything.
    pub fn is_empty(&self) -> bool {
        Scenario {
            method: None,
            ..self.clone()
        } == Scenario::default()
    }

    /// Whether the scenario applies to a request with this method.
    pub fn applies_to_method(&self, method: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    /// Whether the response body must be rewritten after the handler ran.
    pub fn rewrites_body(&self) -> bool {
        self.truncate || self.malformed_json || self.unknown_enum || self.extra_fields
    }

    /// Combines two scenarios; where both set something, `over` wins.
    pub fn merged_with(mut self, over: &Scenario) -> Scenario {
        self.latency = over.latency.or(self.latency);
        self.status = over.status.or(self.status);
        self.retry_after = over.retry_after.or(self.retry_after);
        self.reset |= over.reset;
        self.reset_after |= over.reset_after;
        self.method = over.method.clone().or(self.method);
        self.truncate |= over.truncate;
        self.malformed_json |= over.malformed_json;
        self.unknown_enum |= over.unknown_enum;
        self.extra_fields |= over.extra_fields;
        self.token = over.token.or(self.token);
        self.hkma_outage = over.hkma_outage.or(self.hkma_outage);
        self
    }
}

/// The latest time an HTTP-date can name: 9999-12-31T23:59:59Z.
const LATEST_HTTP_DATE: Duration = Duration::from_secs(253_402_300_799);

/// The time `seconds` from now, when an HTTP-date can name it (before the
/// year 10000).
pub(crate) fn http_date_after(seconds: u64) -> Option<SystemTime> {
    SystemTime::now()
        .checked_add(Duration::from_secs(seconds))
        .filter(|t| {
            t.duration_since(UNIX_EPOCH)
                .is_ok_and(|d| d <= LATEST_HTTP_DATE)
        })
}

/// The latest time an HTTP-date can name.
pub(crate) fn latest_http_date() -> SystemTime {
    UNIX_EPOCH
        .checked_add(LATEST_HTTP_DATE)
        .unwrap_or(UNIX_EPOCH)
}

fn parse_duration(v: &str) -> Option<Duration> {
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.trim().parse().ok().map(Duration::from_millis);
    }
    if let Some(s) = v.strip_suffix('s') {
        return s.trim().parse().ok().map(Duration::from_secs);
    }
    v.parse().ok().map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_directive() {
        let s = Scenario::parse("latency=200ms; status=503, retry-after=2").unwrap_or_default();
        assert_eq!(s.latency, Some(Duration::from_millis(200)));
        assert_eq!(s.status, Some(503));
        assert_eq!(s.retry_after, Some(RetryAfter::Seconds(2)));
        let s = Scenario::parse("retry-after-date=3").unwrap_or_default();
        assert_eq!(s.status, Some(429));
        assert_eq!(s.retry_after, Some(RetryAfter::HttpDate(3)));
        let s = Scenario::parse(
            "reset;truncate;malformed-json;unknown-enum;extra-fields;token=revoked",
        )
        .unwrap_or_default();
        assert!(s.reset && s.truncate && s.malformed_json && s.unknown_enum && s.extra_fields);
        assert_eq!(s.token, Some(TokenFault::Revoked));
        assert_eq!(
            Scenario::parse("latency=2s").unwrap_or_default().latency,
            Some(Duration::from_secs(2))
        );
        let s = Scenario::parse("reset-after; method=post").unwrap_or_default();
        assert!(s.reset_after && !s.reset);
        assert_eq!(s.method.as_deref(), Some("POST"));
        assert!(s.applies_to_method("POST") && !s.applies_to_method("GET"));
        assert!(Scenario::parse("method=").is_err());
        assert!(Scenario::parse("method=P0ST").is_err());
        assert!(Scenario::parse("method=GET").is_ok_and(|s| s.is_empty()));
    }

    #[test]
    fn rejects_bad_directives() {
        assert!(Scenario::parse("status=200").is_err());
        assert!(Scenario::parse("status=abc").is_err());
        assert!(Scenario::parse("latency=fast").is_err());
        assert!(Scenario::parse("latency=999s").is_err());
        assert!(Scenario::parse("explode").is_err());
        assert!(Scenario::parse("token=stolen").is_err());
        assert!(Scenario::parse("").is_ok_and(|s| s.is_empty()));
    }

    #[test]
    fn hkma_outages_are_directives_of_the_portal_only() {
        let s = Scenario::parse("hkma-html-200").unwrap_or_default();
        assert_eq!(s.hkma_outage, Some(HkmaOutage::HtmlPage));
        assert!(s.applies_to_portal() && !s.applies_to_banks());
        let s = Scenario::parse("latency=5ms; hkma-bad-gateway").unwrap_or_default();
        assert_eq!(s.hkma_outage, Some(HkmaOutage::BadGateway));
        assert_eq!(s.latency, Some(Duration::from_millis(5)));
        assert!(Scenario::parse("hkma-html-200;token=expired").is_err());
        assert!(Scenario::parse("hkma-bad-gateway;unknown-enum").is_err());
        assert!(Scenario::parse("hkma-html-200=1").is_err());
        let s = Scenario::parse("status=503").unwrap_or_default();
        assert!(s.applies_to_portal() && s.applies_to_banks());
        let s = Scenario::parse("token=revoked").unwrap_or_default();
        assert!(!s.applies_to_portal() && s.applies_to_banks());
    }

    #[test]
    fn refuses_a_retry_after_date_no_http_date_can_name() {
        assert!(
            Scenario::parse("retry-after-date=3153600000").is_ok(),
            "100 years"
        );
        assert!(Scenario::parse("retry-after-date=253402300800").is_err());
        assert!(Scenario::parse(&format!("retry-after-date={}", u64::MAX)).is_err());
        assert!(http_date_after(u64::MAX).is_none());
        assert!(http_date_after(0).is_some_and(|t| t <= latest_http_date()));
    }

    #[test]
    fn header_overrides_rule() {
        let rule = Scenario::parse("status=500;latency=10ms").unwrap_or_default();
        let header = Scenario::parse("status=503").unwrap_or_default();
        let m = rule.merged_with(&header);
        assert_eq!(m.status, Some(503));
        assert_eq!(m.latency, Some(Duration::from_millis(10)));
    }
}
