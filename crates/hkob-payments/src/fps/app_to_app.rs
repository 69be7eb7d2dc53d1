//! FPS App-to-App (ATA) and Web-to-App (WTA) merchant payments.
//!
//! In Hong Kong these are an app switch, not a bank REST call:
//!
//! 1. The merchant's server creates the order with its bank or acquirer and gets back an FPS
//!    **payment request URL** ([`PaymentRequestUrl`], always https).
//! 2. The server hands its app an [`AppSwitch`]: on Android the app starts an `Intent` with
//!    action `hk.com.hkicl` and the extra `url` (with `startActivityForResult`); on iOS it
//!    shows a `UIActivityViewController` whose `NSItemProvider` has type identifier
//!    `hk.com.hkicl` and the item [`IosItem`], `{"URL": …, "callback": …}`. A web page in an
//!    app's WebView (WTA) passes the same URL through a JS bridge to the same native calls.
//! 3. The customer picks an FPS-enabled banking app and approves the payment there.
//! 4. The banking app returns: on Android with an activity result code, on iOS by opening the
//!    merchant's universal link ([`CallbackUrl`]). [`AppSwitchResult`] reads either.
//! 5. The merchant's server confirms the payment's final status with the bank or acquirer
//!    (by polling or a webhook; ISO 20022 `ACSC` means settled).
//!
//! Step 5 is not optional. What the banking app hands back is an [`Indicative`] hint for the
//! user interface only: it is not signed, any app can open a universal link with any query,
//! and a customer can pay and then press "back". Never ship goods on it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The Android intent action FPS banking apps answer to.
pub const ANDROID_INTENT_ACTION: &str = "hk.com.hkicl";

/// The name of the Android intent extra that carries the payment request URL.
pub const ANDROID_URL_EXTRA: &str = "url";

/// The iOS `NSItemProvider` type identifier FPS banking apps answer to.
pub const IOS_TYPE_IDENTIFIER: &str = "hk.com.hkicl";

/// Android's `Activity.RESULT_OK`.
const ANDROID_RESULT_OK: i32 = -1;
/// Android's `Activity.RESULT_CANCELED`.
const ANDROID_RESULT_CANCELED: i32 = 0;

/// Why a URL cannot be used for an app switch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AppSwitchError {
    /// The text is not a URL.
    #[error("the {what} is not a URL")]
    InvalidUrl {
        /// Which URL.
        what: &'static str,
    },
    /// The URL is not https.
    #[error("the {what} must be an https URL")]
    NotHttps {
        /// Which URL.
        what: &'static str,
    },
    /// The URL has no host.
    #[error("the {what} has no host")]
    NoHost {
        /// Which URL.
        what: &'static str,
    },
    /// The URL carries a user name or password.
    #[error("the {what} must not carry a user name or password")]
    HasCredentials {
        /// Which URL.
        what: &'static str,
    },
    /// The URL the banking app opened is not the merchant's callback (another scheme, host,
    /// port or path).
    #[error("the returned URL is not the merchant's callback")]
    CallbackMismatch,
}

fn https_url(text: &str, what: &'static str) -> Result<url::Url, AppSwitchError> {
    let url = url::Url::parse(text.trim()).map_err(|_| AppSwitchError::InvalidUrl { what })?;
    if url.scheme() != "https" {
        return Err(AppSwitchError::NotHttps { what });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(AppSwitchError::NoHost { what });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AppSwitchError::HasCredentials { what });
    }
    Ok(url)
}

macro_rules! https_url_type {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(url::Url);

        impl $name {
            /// Reads and checks the URL: https, with a host, without a user name or password.
            pub fn parse(text: &str) -> Result<Self, AppSwitchError> {
                https_url(text, $what).map(Self)
            }

            /// The URL as a string.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = AppSwitchError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

https_url_type!(
    /// The FPS payment request URL the merchant's bank or acquirer issues for one order; the
    /// banking app opens it to show the payment.
    PaymentRequestUrl,
    "payment request URL"
);

https_url_type!(
    /// The merchant app's universal link the banking app returns to on iOS (https, registered
    /// for the app through its associated domains).
    CallbackUrl,
    "callback URL"
);

/// How to hand a payment request to an FPS banking app: the data a TSP's server gives its
/// mobile app, which makes the native call.
///
/// The flow of an App-to-App (or Web-to-App) merchant payment:
///
/// 1. The merchant's server creates the order with its bank or acquirer and gets back a
///    [`PaymentRequestUrl`].
/// 2. It sends its app this `AppSwitch`. On Android the app starts an `Intent` with
///    [`action`](Self::action) `hk.com.hkicl` and the extra `url`
///    ([`android_extras`](Self::android_extras)), with `startActivityForResult`. On iOS it shows
///    a `UIActivityViewController` whose `NSItemProvider` has
///    [`type_identifier`](Self::type_identifier) `hk.com.hkicl` and the item
///    [`ios_item`](Self::ios_item). A web page in the app's WebView passes the URL through a JS
///    bridge to the same calls.
/// 3. The customer approves the payment in the banking app of their choice.
/// 4. The banking app returns: an activity result code on Android, the merchant's universal
///    link ([`callback`](Self::callback)) on iOS. [`AppSwitchResult`] reads either, as an
///    [`Indicative`] hint.
/// 5. The merchant's server confirms the final status with the bank or acquirer (polling or a
///    webhook; ISO 20022 `ACSC` means settled). Only this step says whether the customer paid:
///    the hint is not signed, any app can open a universal link with any query, and a customer
///    can pay and then press "back".
///
/// ```
/// use hkob_payments::fps::{AppSwitch, CallbackUrl, PaymentRequestUrl};
///
/// let switch = AppSwitch::new(
///     PaymentRequestUrl::parse("https://pay.example-bank.hk/fps/req/123")?,
///     CallbackUrl::parse("https://shop.example.hk/fps/return?order=42")?,
/// );
/// assert_eq!(switch.action, "hk.com.hkicl");
/// let json: serde_json::Value = serde_json::from_str(&switch.to_json()).unwrap();
/// assert_eq!(
///     json,
///     serde_json::json!({
///         "action": "hk.com.hkicl",
///         "type_identifier": "hk.com.hkicl",
///         "url": "https://pay.example-bank.hk/fps/req/123",
///         "callback": "https://shop.example.hk/fps/return?order=42",
///     })
/// );
/// # Ok::<(), hkob_payments::fps::AppSwitchError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppSwitch {
    /// The Android intent action, `hk.com.hkicl`.
    pub action: String,
    /// The iOS `NSItemProvider` type identifier, `hk.com.hkicl`.
    pub type_identifier: String,
    /// The payment request URL: the Android extra `url`, the iOS item's `URL`.
    pub url: PaymentRequestUrl,
    /// The merchant's universal link, the iOS item's `callback`.
    pub callback: CallbackUrl,
}

impl AppSwitch {
    /// The app switch for a payment request, returning to `callback` on iOS.
    pub fn new(url: PaymentRequestUrl, callback: CallbackUrl) -> Self {
        Self {
            action: ANDROID_INTENT_ACTION.to_owned(),
            type_identifier: IOS_TYPE_IDENTIFIER.to_owned(),
            url,
            callback,
        }
    }

    /// The Android intent's extras: `[("url", <payment request URL>)]`.
    pub fn android_extras(&self) -> [(&'static str, &str); 1] {
        [(ANDROID_URL_EXTRA, self.url.as_str())]
    }

    /// The iOS item for the `NSItemProvider`.
    pub fn ios_item(&self) -> IosItem {
        IosItem {
            url: self.url.as_str().to_owned(),
            callback: self.callback.as_str().to_owned(),
        }
    }

    /// The app switch as JSON, `{"action", "callback", "type_identifier", "url"}`, for the
    /// server to send its app.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "action": self.action,
            "type_identifier": self.type_identifier,
            "url": self.url.as_str(),
            "callback": self.callback.as_str(),
        })
        .to_string()
    }
}

/// The dictionary an iOS app puts in the `NSItemProvider`: `{"URL": …, "callback": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IosItem {
    /// The payment request URL.
    #[serde(rename = "URL")]
    pub url: String,
    /// The merchant's universal link.
    pub callback: String,
}

/// What the banking app says happened: a hint for the user interface, never proof.
///
/// Confirm the final status server side by reading the payment's status from the bank or
/// acquirer before acting on it; see [`AppSwitch`] for the whole flow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Indicative {
    /// The app says the customer went through with it (Android `RESULT_OK`, or a status such
    /// as `success`). The payment may still have failed or be pending.
    Ok,
    /// The app says the customer cancelled (Android `RESULT_CANCELED`, or a status such as
    /// `cancelled`). The customer may still have paid.
    Cancelled,
    /// Anything else, kept as returned (cut to 64 characters); empty if nothing was returned.
    Unknown(String),
}

impl Indicative {
    /// Reads a status value a banking app put in the callback URL, ignoring case:
    /// `ok`, `success`, `succeeded`, `successful`, `completed`, `paid` are [`Indicative::Ok`];
    /// `cancel`, `cancelled`, `canceled` are [`Indicative::Cancelled`].
    pub fn from_status(status: &str) -> Self {
        let lower = status.trim().to_ascii_lowercase();
        match lower.as_str() {
            "ok" | "success" | "succeeded" | "successful" | "completed" | "paid" => Self::Ok,
            "cancel" | "cancelled" | "canceled" => Self::Cancelled,
            _ => Self::Unknown(status.chars().take(64).collect()),
        }
    }

    /// `ok`, `cancelled`, or the unknown value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Ok => "ok",
            Self::Cancelled => "cancelled",
            Self::Unknown(other) => other,
        }
    }
}

impl fmt::Display for Indicative {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Indicative {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Indicative {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self::from_status(&text))
    }
}

/// What came back from the banking app: an [`Indicative`] outcome and the raw status.
///
/// This is not the payment's status. Read that from the bank or acquirer, server side.
///
/// ```
/// use hkob_payments::fps::{AppSwitchResult, CallbackUrl, Indicative};
///
/// let callback = CallbackUrl::parse("https://shop.example.hk/fps/return?order=42")?;
/// let back = AppSwitchResult::from_callback(
///     "https://shop.example.hk/fps/return?order=42&status=success",
///     &callback,
/// )?;
/// assert_eq!(back.indicative, Indicative::Ok); // a hint: now ask the server
/// # Ok::<(), hkob_payments::fps::AppSwitchError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppSwitchResult {
    /// The hint.
    pub indicative: Indicative,
    /// The `status` query parameter, or the Android result code, as returned (cut to 64
    /// characters).
    pub status: Option<String>,
}

impl AppSwitchResult {
    /// Reads the URL the banking app opened on iOS. It must be the merchant's `callback`
    /// (same scheme, host, port and path; the query may differ); its `status` query parameter
    /// gives the hint.
    pub fn from_callback(returned: &str, callback: &CallbackUrl) -> Result<Self, AppSwitchError> {
        let url = url::Url::parse(returned.trim()).map_err(|_| AppSwitchError::InvalidUrl {
            what: "returned URL",
        })?;
        let expected = &callback.0;
        if url.scheme() != expected.scheme()
            || url.host_str() != expected.host_str()
            || url.port_or_known_default() != expected.port_or_known_default()
            || url.path() != expected.path()
        {
            return Err(AppSwitchError::CallbackMismatch);
        }
        let status = url
            .query_pairs()
            .find(|(key, _)| key == "status")
            .map(|(_, value)| value.chars().take(64).collect::<String>());
        let indicative = match &status {
            Some(status) => Indicative::from_status(status),
            None => Indicative::Unknown(String::new()),
        };
        Ok(Self { indicative, status })
    }

    /// Reads the Android activity result code: `RESULT_OK` (-1) is [`Indicative::Ok`],
    /// `RESULT_CANCELED` (0) [`Indicative::Cancelled`], anything else unknown.
    pub fn from_android_result_code(code: i32) -> Self {
        let indicative = match code {
            ANDROID_RESULT_OK => Indicative::Ok,
            ANDROID_RESULT_CANCELED => Indicative::Cancelled,
            other => Indicative::Unknown(other.to_string()),
        };
        Self {
            indicative,
            status: Some(code.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_https_without_credentials() {
        assert!(PaymentRequestUrl::parse("https://bank.example/p/1").is_ok());
        assert_eq!(
            PaymentRequestUrl::parse("http://bank.example/p/1"),
            Err(AppSwitchError::NotHttps {
                what: "payment request URL"
            })
        );
        assert!(matches!(
            PaymentRequestUrl::parse("https://user:pw@bank.example/p"),
            Err(AppSwitchError::HasCredentials { .. })
        ));
        assert!(matches!(
            CallbackUrl::parse("not a url"),
            Err(AppSwitchError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn android_result_codes() {
        assert_eq!(
            AppSwitchResult::from_android_result_code(-1).indicative,
            Indicative::Ok
        );
        assert_eq!(
            AppSwitchResult::from_android_result_code(0).indicative,
            Indicative::Cancelled
        );
        assert_eq!(
            AppSwitchResult::from_android_result_code(7).indicative,
            Indicative::Unknown("7".into())
        );
    }
}
