//! FPS addressing, QR codes and App-to-App payment requests.
//!
//! The Faster Payment System (FPS) of HKICL moves HKD and CNY between banks and stored-value
//! facilities in seconds, around the clock. This module has the pieces a TSP needs around an
//! FPS payment:
//!
//! - **Whom to pay.** [`FpsProxy`] is a typed payee: a [`MobileNumber`] (`+852-91234567`), an
//!   [`EmailAddress`], an [`FpsId`], an [`HkidNumber`], a [`BankAccount`] (with its
//!   [`BankCode`], which [`BankCode::known_bank`] looks up in the bank directory) or a
//!   [`CustomerId`]. [`FpsProxy::scheme`] gives the proxy type code FPS messages carry
//!   ([`ProxyScheme`]: `MOBN`, `EMAL`, `SVID`, `BBAN`, `CUST` …) and
//!   [`FpsProxy::from_scheme`] reads one back. Bad input is an [`FpsAddressError`] that does
//!   not repeat the value, and `Debug` masks personal data.
//! - **QR codes.** [`FpsQr`] builds and reads FPS QR codes (EMVCo merchant-presented mode with
//!   the `hk.com.hkicl` merchant account): [`FpsQr::new`] with a payee, setters for the amount,
//!   merchant and [`AdditionalData`], [`FpsQr::to_payload`] for the string to render, and
//!   [`FpsQr::parse`] for a scanned one (CRC checked with [`crc16_ccitt_false`]; errors are
//!   [`FpsQrError`]). Unknown tags survive a parse and re-encode byte for byte.
//! - **App-to-App / Web-to-App.** The merchant's server gets a [`PaymentRequestUrl`] from its
//!   bank or acquirer, hands its app an [`AppSwitch`] (the Android intent and the iOS
//!   [`IosItem`]), and reads what the banking app returns with [`AppSwitchResult`]. That result
//!   is only [`Indicative`], never proof of payment: confirm the payment's status server side
//!   with the bank or acquirer before acting on it (see [`AppSwitch`] for the flow).
//!
//! ```
//! use hkob_payments::fps::{FpsProxy, FpsQr, MobileNumber, QrInitiation};
//! use hkob_core::Decimal;
//!
//! let payee = MobileNumber::parse("9123 4567")?;
//! let mut qr = FpsQr::new(payee)?;
//! qr.set_initiation(QrInitiation::Dynamic)
//!     .set_amount(Some(Decimal::new(100, 0)))?
//!     .set_merchant_name("Tea House")?;
//! let payload = qr.to_payload()?;
//!
//! let scanned = FpsQr::parse(&payload)?;
//! assert_eq!(scanned.payee().identification(), "+852-91234567");
//! assert!(matches!(scanned.payee(), FpsProxy::MobileNumber(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod app_to_app;
mod crc;
mod proxy;
mod qr;

pub use app_to_app::{
    ANDROID_INTENT_ACTION, ANDROID_URL_EXTRA, AppSwitch, AppSwitchError, AppSwitchResult,
    CallbackUrl, IOS_TYPE_IDENTIFIER, Indicative, IosItem, PaymentRequestUrl,
};
pub use crc::crc16_ccitt_false;
pub use proxy::{
    BankAccount, BankCode, CustomerId, EmailAddress, FpsAddressError, FpsId, FpsProxy, HkidNumber,
    MobileNumber, ProxyScheme,
};
pub use qr::{AdditionalData, FPS_QR_GUI, FpsQr, FpsQrError, QrInitiation};
