//! Header names hkob sends and reads, and the caller's language.

use http::HeaderValue;

/// The FAPI interaction id, sent on every request and echoed by the bank.
pub const INTERACTION_ID: &str = "x-fapi-interaction-id";
/// The idempotency key of a request that must not take effect twice.
pub const IDEMPOTENCY_KEY: &str = "x-idempotency-key";
/// The detached JWS signature of a request body.
pub const JWS_SIGNATURE: &str = "x-jws-signature";

/// The language a customer reads product and account text in.
///
/// Banks name these differently (JETCO `EN`/`HK`/`ZH`, HSBC `en-HK`,
/// BOCHK `zh-TW`); each dialect maps a `Language` to its own code, and
/// [`Language::tag`] gives the usual BCP 47 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Language {
    /// English.
    #[default]
    English,
    /// Traditional Chinese, as used in Hong Kong.
    TraditionalChinese,
    /// Simplified Chinese.
    SimplifiedChinese,
}

impl Language {
    /// The BCP 47 tag used in Hong Kong: `en-HK`, `zh-HK` or `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en-HK",
            Language::TraditionalChinese => "zh-HK",
            Language::SimplifiedChinese => "zh-CN",
        }
    }

    /// The tag as a header value.
    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(self.tag())
    }
}
