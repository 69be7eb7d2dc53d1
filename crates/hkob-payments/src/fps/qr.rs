//! FPS QR codes: EMVCo merchant-presented mode with the HKICL merchant account template.
//!
//! A payload is a run of TLVs, each a two-digit tag, a two-digit length (in characters) and
//! the value, ending with the CRC (tag 63). The tags FPS uses:
//!
//! | Tag | Meaning |
//! |---|---|
//! | `00` | payload format indicator, `01` |
//! | `01` | `11` static (reusable), `12` dynamic (one payment) |
//! | `26` | FPS merchant account: `00` GUI `hk.com.hkicl`, `01` participant (bank) code, then one of `02` FPS ID, `03` mobile number (`+852-…`), `04` e-mail |
//! | `52` | merchant category code, usually `0000` |
//! | `53` | currency, `344` HKD or `156` CNY |
//! | `54` | amount |
//! | `58` | country, `HK` |
//! | `59` | merchant name |
//! | `60` | merchant city |
//! | `62` | additional data: `01` bill number, `02` mobile, `03` store, `05` reference label, `07` terminal, `08` purpose … |
//! | `63` | CRC-16/CCITT-FALSE over everything before it, `6304` included |
//!
//! Other tags (and other sub-tags of `26` and `62`) are kept as read, and tags are written back
//! in the order they were read, so parsing and encoding a payload gives it back byte for byte
//! (the CRC in upper-case hex).

use std::fmt::{self, Write as _};
use std::str::FromStr;

use hkob_core::{Currency, Decimal};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::crc::crc16_ccitt_false;
use super::proxy::{BankCode, EmailAddress, FpsAddressError, FpsId, FpsProxy, MobileNumber};

/// The globally unique identifier of the FPS merchant account template (tag 26, sub-tag 00).
/// Payloads are read with it in any case (some encoders write `HK.COM.HKICL`).
pub const FPS_QR_GUI: &str = "hk.com.hkicl";

/// EMVCo's limit on a whole payload, in characters.
const MAX_PAYLOAD: usize = 512;
/// A two-digit length holds at most 99.
const MAX_VALUE: usize = 99;
/// EMVCo's limit on the merchant name (tag 59).
const MAX_MERCHANT_NAME: usize = 25;
/// EMVCo's limit on the merchant city (tag 60).
const MAX_MERCHANT_CITY: usize = 15;
/// EMVCo's limit on the additional data sub-fields 01 to 08.
const MAX_ADDITIONAL_FIELD: usize = 25;
/// EMVCo's limit on the amount, decimal point included.
const MAX_AMOUNT: usize = 13;

const TAG_FORMAT: u8 = 0;
const TAG_INITIATION: u8 = 1;
const TAG_ACCOUNT: u8 = 26;
const TAG_MCC: u8 = 52;
const TAG_CURRENCY: u8 = 53;
const TAG_AMOUNT: u8 = 54;
const TAG_COUNTRY: u8 = 58;
const TAG_NAME: u8 = 59;
const TAG_CITY: u8 = 60;
const TAG_ADDITIONAL: u8 = 62;
const TAG_CRC: u8 = 63;

/// The top-level tags [`FpsQr`] has typed fields for.
const TYPED_TAGS: [u8; 11] = [
    TAG_FORMAT,
    TAG_INITIATION,
    TAG_ACCOUNT,
    TAG_MCC,
    TAG_CURRENCY,
    TAG_AMOUNT,
    TAG_COUNTRY,
    TAG_NAME,
    TAG_CITY,
    TAG_ADDITIONAL,
    TAG_CRC,
];

const SUB_GUI: u8 = 0;
const SUB_BANK: u8 = 1;
const SUB_FPS_ID: u8 = 2;
const SUB_MOBILE: u8 = 3;
const SUB_EMAIL: u8 = 4;

/// Why a payload could not be read, or an [`FpsQr`] not be encoded.
///
/// Tags are named as two digits, sub-tags as `26.03` or `62.05`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FpsQrError {
    /// The payload does not end with a CRC (`6304` and four characters).
    #[error("the payload does not end with a CRC (tag 63, length 04)")]
    MissingCrc,
    /// The CRC in the payload does not match its content.
    #[error("the CRC does not match: the payload says {found}, its content gives {expected:04X}")]
    CrcMismatch {
        /// The CRC of the content.
        expected: u16,
        /// The four characters the payload carries.
        found: String,
    },
    /// The TLV structure is broken.
    #[error("malformed payload at character {offset}: {reason}")]
    Malformed {
        /// Where (in characters from the start of the payload) the broken TLV starts.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A tag appears twice at the same level.
    #[error("tag {tag} appears more than once")]
    DuplicateTag {
        /// The tag.
        tag: String,
    },
    /// A mandatory tag is missing.
    #[error("mandatory tag {tag} is missing")]
    MissingTag {
        /// The tag.
        tag: &'static str,
    },
    /// A tag is where it may not be (`00` must come first, `63` last).
    #[error("tag {tag} is out of place: {reason}")]
    Misplaced {
        /// The tag.
        tag: &'static str,
        /// Where it must be.
        reason: &'static str,
    },
    /// Tag 26 belongs to another payment scheme: its GUI is not `hk.com.hkicl`.
    #[error("tag 26 is not an FPS merchant account: its identifier is `{found}`, not hk.com.hkicl")]
    WrongGui {
        /// The identifier found, cut to 40 characters.
        found: String,
    },
    /// The amount is not a positive number with at most two decimals and 13 characters.
    #[error("invalid amount: {reason}")]
    InvalidAmount {
        /// What is wrong.
        reason: &'static str,
    },
    /// FPS QR codes carry HKD (344) or CNY (156) only.
    #[error("currency {code} is not an FPS currency (HKD 344 or CNY 156)")]
    UnsupportedCurrency {
        /// The code found or given, cut to 8 characters.
        code: String,
    },
    /// A value breaks the rules of its tag.
    #[error("invalid value in tag {tag}: {reason}")]
    InvalidField {
        /// The tag.
        tag: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A value is longer than its tag allows.
    #[error("tag {tag} is {len} characters long; at most {max} fit")]
    TooLong {
        /// The tag.
        tag: String,
        /// The value's length in characters.
        len: usize,
        /// The most the tag takes.
        max: usize,
    },
    /// The payload is longer than EMVCo's 512 characters.
    #[error("the payload is {len} characters long; at most 512 fit")]
    PayloadTooLong {
        /// The payload's length in characters.
        len: usize,
    },
    /// The merchant account template names no payee.
    #[error("the FPS merchant account names no payee (FPS ID, mobile number or e-mail)")]
    MissingPayee,
    /// The merchant account template names more than one payee.
    #[error("the FPS merchant account names more than one payee")]
    MultiplePayees,
    /// FPS QR codes pay an FPS ID, a mobile number or an e-mail address only.
    #[error(
        "an FPS QR code pays an FPS ID, a mobile number or an e-mail address, not a {scheme} proxy"
    )]
    UnsupportedPayee {
        /// The proxy type code of the proxy given.
        scheme: String,
    },
    /// The payee in the merchant account template is not a valid proxy.
    #[error("invalid payee: {0}")]
    Payee(#[from] FpsAddressError),
    /// A dynamic QR code (`01` = `12`) must carry an amount.
    #[error("a dynamic QR code must carry an amount")]
    AmountRequired,
    /// The tag has its own typed setter and cannot be set as an extra tag.
    #[error("tag {tag:02} has its own field and cannot be set as an extra tag")]
    ReservedTag {
        /// The tag.
        tag: u8,
    },
}

/// Static or dynamic: tag 01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QrInitiation {
    /// `11`: a code shown for many payments (a shop's sticker).
    Static,
    /// `12`: a code for one payment, usually with an amount.
    Dynamic,
}

impl QrInitiation {
    /// The value of tag 01: `11` or `12`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Static => "11",
            Self::Dynamic => "12",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// TLV reading and writing

struct Tlv<'a> {
    tag: u8,
    value: &'a str,
    offset: usize,
}

/// The first `n` characters of `s` and the rest, or `None` if `s` is shorter.
fn split_chars(s: &str, n: usize) -> Option<(&str, &str)> {
    match s.char_indices().nth(n) {
        Some((at, _)) => Some((s.get(..at)?, s.get(at..)?)),
        None if s.chars().count() == n => Some((s, "")),
        None => None,
    }
}

/// Reads a run of TLVs; `offset` is where `input` starts in the whole payload (for errors).
fn read_tlvs(mut input: &str, mut offset: usize) -> Result<Vec<Tlv<'_>>, FpsQrError> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let malformed = move |reason| FpsQrError::Malformed { offset, reason };
        if input.len() < 4 {
            return Err(malformed("a tag and length are cut short"));
        }
        let header = input
            .get(..4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(malformed("a tag or length is not two digits"))?;
        let tag: u8 = header
            .get(..2)
            .and_then(|t| t.parse().ok())
            .ok_or(malformed("a tag is not two digits"))?;
        let len: usize = header
            .get(2..)
            .and_then(|l| l.parse().ok())
            .ok_or(malformed("a length is not two digits"))?;
        if len == 0 {
            return Err(malformed("a value is empty"));
        }
        let rest = input.get(4..).unwrap_or_default();
        let (value, remaining) =
            split_chars(rest, len).ok_or(malformed("a value is shorter than its length says"))?;
        out.push(Tlv { tag, value, offset });
        offset = offset.saturating_add(4).saturating_add(len);
        input = remaining;
    }
    Ok(out)
}

fn tag_path(parent: Option<u8>, tag: u8) -> String {
    match parent {
        Some(parent) => format!("{parent:02}.{tag:02}"),
        None => format!("{tag:02}"),
    }
}

fn check_unique(tlvs: &[Tlv<'_>], parent: Option<u8>) -> Result<(), FpsQrError> {
    let mut seen = [false; 100];
    for tlv in tlvs {
        let slot = seen
            .get_mut(usize::from(tlv.tag))
            .ok_or(FpsQrError::Malformed {
                offset: tlv.offset,
                reason: "a tag is out of range",
            })?;
        if *slot {
            return Err(FpsQrError::DuplicateTag {
                tag: tag_path(parent, tlv.tag),
            });
        }
        *slot = true;
    }
    Ok(())
}

fn write_tlv(out: &mut String, parent: Option<u8>, tag: u8, value: &str) -> Result<(), FpsQrError> {
    let len = value.chars().count();
    if len == 0 {
        return Err(FpsQrError::InvalidField {
            tag: tag_path(parent, tag),
            reason: "the value is empty",
        });
    }
    if len > MAX_VALUE {
        return Err(FpsQrError::TooLong {
            tag: tag_path(parent, tag),
            len,
            max: MAX_VALUE,
        });
    }
    // Writing to a String cannot fail.
    let _ = write!(out, "{tag:02}{len:02}{value}");
    Ok(())
}

/// Puts `items` (unique tags) in the order a payload was read in; tags that were not in it go
/// before the first tag with a higher number, so a fresh code comes out in ascending order.
fn arrange(mut items: Vec<(u8, String)>, order: &[u8]) -> Vec<(u8, String)> {
    items.sort_by_key(|(tag, _)| *tag);
    let mut out: Vec<(u8, String)> = Vec::with_capacity(items.len());
    for tag in order {
        if let Some(at) = items.iter().position(|(t, _)| t == tag) {
            out.push(items.remove(at));
        }
    }
    for item in items {
        let at = out
            .iter()
            .position(|(t, _)| *t > item.0)
            .unwrap_or(out.len());
        out.insert(at, item);
    }
    out
}

fn write_all(items: &[(u8, String)], parent: Option<u8>) -> Result<String, FpsQrError> {
    let mut out = String::new();
    for (tag, value) in items {
        write_tlv(&mut out, parent, *tag, value)?;
    }
    Ok(out)
}

/// Sets `tag` in an ordered list: replaces the value in place, or inserts before the first
/// higher tag.
fn upsert(fields: &mut Vec<(u8, String)>, tag: u8, value: String) {
    if let Some(slot) = fields.iter_mut().find(|(t, _)| *t == tag) {
        slot.1 = value;
    } else {
        let at = fields
            .iter()
            .position(|(t, _)| *t > tag)
            .unwrap_or(fields.len());
        fields.insert(at, (tag, value));
    }
}

fn check_text(tag: String, value: &str, max: usize) -> Result<(), FpsQrError> {
    let len = value.chars().count();
    if len == 0 {
        return Err(FpsQrError::InvalidField {
            tag,
            reason: "the value is empty",
        });
    }
    if len > max {
        return Err(FpsQrError::TooLong { tag, len, max });
    }
    if value.chars().any(char::is_control) {
        return Err(FpsQrError::InvalidField {
            tag,
            reason: "the value contains control characters",
        });
    }
    Ok(())
}

fn all_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Field rules

fn check_amount(value: Decimal) -> Result<(), FpsQrError> {
    let err = |reason| FpsQrError::InvalidAmount { reason };
    if value <= Decimal::ZERO {
        return Err(err("it must be more than zero"));
    }
    if value.scale() > 2 {
        return Err(err("it has more than two decimals"));
    }
    if value.to_string().len() > MAX_AMOUNT {
        return Err(err("it is longer than 13 characters"));
    }
    Ok(())
}

/// Reads tag 54 strictly, so that the [`Decimal`] writes it back the same: digits without a
/// leading zero, and an optional point with one or two decimals.
fn parse_amount(text: &str) -> Result<Decimal, FpsQrError> {
    let err = |reason| FpsQrError::InvalidAmount { reason };
    if text.len() > MAX_AMOUNT {
        return Err(err("it is longer than 13 characters"));
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return Err(err("it must be digits with an optional decimal point"));
    }
    if whole.len() > 1 && whole.starts_with('0') {
        return Err(err("it has a leading zero"));
    }
    if fraction.is_some_and(|f| f.len() > 2) {
        return Err(err("it has more than two decimals"));
    }
    let value = Decimal::from_str(text).map_err(|_| err("it is not a number"))?;
    check_amount(value)?;
    Ok(value)
}

fn currency_code(currency: Currency) -> Option<&'static str> {
    if currency == Currency::HKD {
        Some("344")
    } else if currency == Currency::CNY {
        Some("156")
    } else {
        None
    }
}

fn currency_from_code(code: &str) -> Option<Currency> {
    match code {
        "344" => Some(Currency::HKD),
        "156" => Some(Currency::CNY),
        _ => None,
    }
}

fn check_mcc(value: &str) -> Result<(), FpsQrError> {
    if value.len() == 4 && all_digits(value) {
        Ok(())
    } else {
        Err(FpsQrError::InvalidField {
            tag: tag_path(None, TAG_MCC),
            reason: "a merchant category code is 4 digits",
        })
    }
}

fn check_country(value: &str) -> Result<(), FpsQrError> {
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(FpsQrError::InvalidField {
            tag: tag_path(None, TAG_COUNTRY),
            reason: "a country code is 2 upper-case letters",
        })
    }
}

fn check_payee(payee: FpsProxy) -> Result<FpsProxy, FpsQrError> {
    match payee {
        FpsProxy::FpsId(_) | FpsProxy::MobileNumber(_) | FpsProxy::Email(_) => Ok(payee),
        other => Err(FpsQrError::UnsupportedPayee {
            scheme: other.scheme().to_string(),
        }),
    }
}

fn payee_sub_tag(payee: &FpsProxy) -> u8 {
    match payee {
        FpsProxy::MobileNumber(_) => SUB_MOBILE,
        FpsProxy::Email(_) => SUB_EMAIL,
        _ => SUB_FPS_ID,
    }
}

/// The order tags were read in, so that encoding writes them back the same way. It is
/// bookkeeping, not content: two codes with the same fields are equal whatever their order.
#[derive(Clone, Default)]
struct TagOrder(Vec<u8>);

impl PartialEq for TagOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for TagOrder {}

impl fmt::Debug for TagOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("..")
    }
}

// ---------------------------------------------------------------------------------------------
// Additional data (tag 62)

/// The additional data template (tag 62): bill number, reference label and the like.
///
/// Sub-tags are kept in the order read; the named setters insert new ones in ascending order.
/// Sub-tags 01 to 08 take at most 25 characters (EMVCo), others at most 99. Some banks'
/// apps (HSBC's, by one library's account) want a reference label (`05`) in merchant codes.
///
/// `Debug` masks the mobile number (`02`) but its last four characters.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AdditionalData {
    fields: Vec<(u8, String)>,
}

impl AdditionalData {
    /// Bill number.
    pub const BILL_NUMBER: u8 = 1;
    /// Mobile number (the customer's, for top-ups and bills).
    pub const MOBILE_NUMBER: u8 = 2;
    /// Store label.
    pub const STORE_LABEL: u8 = 3;
    /// Loyalty number.
    pub const LOYALTY_NUMBER: u8 = 4;
    /// Reference label.
    pub const REFERENCE_LABEL: u8 = 5;
    /// Customer label.
    pub const CUSTOMER_LABEL: u8 = 6;
    /// Terminal label.
    pub const TERMINAL_LABEL: u8 = 7;
    /// Purpose of transaction.
    pub const PURPOSE: u8 = 8;

    /// No additional data.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether there is no sub-tag at all (then tag 62 is left out).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The value of any sub-tag.
    pub fn get(&self, tag: u8) -> Option<&str> {
        self.fields
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.as_str())
    }

    /// Every sub-tag and value, in payload order.
    pub fn iter(&self) -> impl Iterator<Item = (u8, &str)> {
        self.fields.iter().map(|(t, v)| (*t, v.as_str()))
    }

    /// Sets any sub-tag (00 to 99).
    pub fn set(&mut self, tag: u8, value: &str) -> Result<&mut Self, FpsQrError> {
        Self::check(tag, value)?;
        upsert(&mut self.fields, tag, value.to_owned());
        Ok(self)
    }

    /// Removes a sub-tag, giving back its value.
    pub fn remove(&mut self, tag: u8) -> Option<String> {
        let at = self.fields.iter().position(|(t, _)| *t == tag)?;
        Some(self.fields.remove(at).1)
    }

    /// Bill number (`01`).
    pub fn bill_number(&self) -> Option<&str> {
        self.get(Self::BILL_NUMBER)
    }

    /// Mobile number (`02`).
    pub fn mobile_number(&self) -> Option<&str> {
        self.get(Self::MOBILE_NUMBER)
    }

    /// Store label (`03`).
    pub fn store_label(&self) -> Option<&str> {
        self.get(Self::STORE_LABEL)
    }

    /// Reference label (`05`).
    pub fn reference_label(&self) -> Option<&str> {
        self.get(Self::REFERENCE_LABEL)
    }

    /// Terminal label (`07`).
    pub fn terminal_label(&self) -> Option<&str> {
        self.get(Self::TERMINAL_LABEL)
    }

    /// Purpose of transaction (`08`).
    pub fn purpose(&self) -> Option<&str> {
        self.get(Self::PURPOSE)
    }

    /// Sets the bill number (`01`).
    pub fn set_bill_number(&mut self, value: &str) -> Result<&mut Self, FpsQrError> {
        self.set(Self::BILL_NUMBER, value)
    }

    /// Sets the mobile number (`02`).
    pub fn set_mobile_number(&mut self, value: &str) -> Result<&mut Self, FpsQrError> {
        self.set(Self::MOBILE_NUMBER, value)
    }

    /// Sets the store label (`03`).
    pub fn set_store_label(&mut self, value: &str) -> Result<&mut Self, FpsQrError> {
        self.set(Self::STORE_LABEL, value)
    }

    /// Sets the reference label (`05`).
    pub fn set_reference_label(&mut self, value: &str) -> Result<&mut Self, FpsQrError> {
        self.set(Self::REFERENCE_LABEL, value)
    }

    /// Sets the terminal label (`07`).
    pub fn set_terminal_label(&mut self, value: &str) -> Result<&mut Self, FpsQrError> {
        self.set(Self::TERMINAL_LABEL, value)
    }

    /// Sets the purpose of transaction (`08`).
    pub fn set_purpose(&mut self, value: &str) -> Result<&mut Self, FpsQrError> {
        self.set(Self::PURPOSE, value)
    }

    fn check(tag: u8, value: &str) -> Result<(), FpsQrError> {
        if tag > 99 {
            return Err(FpsQrError::InvalidField {
                tag: format!("{TAG_ADDITIONAL:02}.{tag}"),
                reason: "a sub-tag is 00 to 99",
            });
        }
        let max = if (1..=8).contains(&tag) {
            MAX_ADDITIONAL_FIELD
        } else {
            MAX_VALUE
        };
        check_text(tag_path(Some(TAG_ADDITIONAL), tag), value, max)
    }

    fn read(value: &str, offset: usize) -> Result<Self, FpsQrError> {
        let subs = read_tlvs(value, offset.saturating_add(4))?;
        check_unique(&subs, Some(TAG_ADDITIONAL))?;
        let mut fields = Vec::with_capacity(subs.len());
        for sub in subs {
            Self::check(sub.tag, sub.value)?;
            fields.push((sub.tag, sub.value.to_owned()));
        }
        Ok(Self { fields })
    }

    fn write(&self) -> Result<String, FpsQrError> {
        write_all(&self.fields, Some(TAG_ADDITIONAL))
    }
}

impl fmt::Debug for AdditionalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (tag, value) in &self.fields {
            if *tag == Self::MOBILE_NUMBER {
                let len = value.chars().count();
                let hidden = len.saturating_sub(4);
                let masked: String = value
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i < hidden { '*' } else { c })
                    .collect();
                map.entry(&format_args!("{tag:02}"), &masked);
            } else {
                map.entry(&format_args!("{tag:02}"), value);
            }
        }
        map.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Merchant account (tag 26)

#[derive(Debug, Clone, PartialEq, Eq)]
struct MerchantAccount {
    gui: String,
    bank_code: Option<BankCode>,
    payee: FpsProxy,
    extra: Vec<(u8, String)>,
    order: TagOrder,
}

impl MerchantAccount {
    fn read(value: &str, offset: usize) -> Result<Self, FpsQrError> {
        let subs = read_tlvs(value, offset.saturating_add(4))?;
        check_unique(&subs, Some(TAG_ACCOUNT))?;
        let mut gui = None;
        let mut bank_code = None;
        let mut payee: Option<FpsProxy> = None;
        let mut extra = Vec::new();
        let mut order = Vec::with_capacity(subs.len());
        for sub in subs {
            order.push(sub.tag);
            let path = tag_path(Some(TAG_ACCOUNT), sub.tag);
            let not_canonical = |reason| FpsQrError::InvalidField {
                tag: path.clone(),
                reason,
            };
            let found = match sub.tag {
                SUB_GUI => {
                    gui = Some(sub.value);
                    None
                }
                SUB_BANK => {
                    let code = BankCode::parse(sub.value)
                        .ok()
                        .filter(|code| code.as_str() == sub.value)
                        .ok_or_else(|| not_canonical("a participant code is 3 digits"))?;
                    bank_code = Some(code);
                    None
                }
                SUB_FPS_ID => Some(FpsProxy::FpsId(FpsId::parse(sub.value)?)),
                SUB_MOBILE => {
                    let mobile = MobileNumber::parse(sub.value).map_err(FpsAddressError::from)?;
                    if mobile.as_str() != sub.value {
                        return Err(not_canonical("a mobile number is written +852-XXXXXXXX"));
                    }
                    Some(FpsProxy::MobileNumber(mobile))
                }
                SUB_EMAIL => {
                    let email = EmailAddress::parse(sub.value).map_err(FpsAddressError::from)?;
                    if email.as_str() != sub.value {
                        return Err(not_canonical("an e-mail address has surrounding spaces"));
                    }
                    Some(FpsProxy::Email(email))
                }
                _ => {
                    check_text(path.clone(), sub.value, MAX_VALUE)?;
                    extra.push((sub.tag, sub.value.to_owned()));
                    None
                }
            };
            if let Some(found) = found {
                if payee.is_some() {
                    return Err(FpsQrError::MultiplePayees);
                }
                payee = Some(found);
            }
        }
        let gui = gui.ok_or(FpsQrError::MissingTag { tag: "26.00" })?;
        if !gui.eq_ignore_ascii_case(FPS_QR_GUI) {
            return Err(FpsQrError::WrongGui {
                found: gui.chars().take(40).collect(),
            });
        }
        Ok(Self {
            gui: gui.to_owned(),
            bank_code,
            payee: payee.ok_or(FpsQrError::MissingPayee)?,
            extra,
            order: TagOrder(order),
        })
    }

    fn write(&self) -> Result<String, FpsQrError> {
        let mut items = vec![(SUB_GUI, self.gui.clone())];
        if let Some(code) = self.bank_code {
            items.push((SUB_BANK, code.as_str().to_owned()));
        }
        items.push((
            payee_sub_tag(&self.payee),
            self.payee.identification().to_owned(),
        ));
        items.extend(self.extra.iter().cloned());
        write_all(&arrange(items, &self.order.0), Some(TAG_ACCOUNT))
    }
}

// ---------------------------------------------------------------------------------------------
// The QR code

/// An FPS QR code (EMVCo merchant-presented mode, HKICL profile).
///
/// Build one with [`FpsQr::new`] and the setters, then [`to_payload`](Self::to_payload) gives
/// the string to render as a QR code; [`FpsQr::parse`] reads a scanned one.
///
/// ```
/// use hkob_payments::fps::{FpsId, FpsQr, QrInitiation};
/// use hkob_core::Decimal;
///
/// let mut qr = FpsQr::new(FpsId::parse("4853305")?)?;
/// qr.set_initiation(QrInitiation::Dynamic)
///     .set_amount(Some(Decimal::new(12_50, 2)))?
///     .set_merchant_name("CLP")?;
/// qr.additional_data_mut().set_reference_label("INV-0001")?;
/// let payload = qr.to_payload()?;
/// assert!(payload.starts_with("000201010212"));
///
/// let read = FpsQr::parse(&payload)?;
/// assert_eq!(read, qr);
/// assert_eq!(read.to_payload()?, payload);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Serde reads and writes the payload string (encoding errors become serialisation errors).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FpsQr {
    initiation: QrInitiation,
    account: MerchantAccount,
    merchant_category_code: String,
    currency: Currency,
    amount: Option<Decimal>,
    country_code: String,
    merchant_name: String,
    merchant_city: String,
    additional_data: Option<AdditionalData>,
    extra: Vec<(u8, String)>,
    order: TagOrder,
}

impl FpsQr {
    /// A static HKD code paying `payee` (an [`FpsId`], a [`MobileNumber`] or an
    /// [`EmailAddress`]), with merchant category `0000`, country `HK`, merchant name `NA` and
    /// city `HK` (the placeholders common encoders use), no bank code and no amount.
    pub fn new(payee: impl Into<FpsProxy>) -> Result<Self, FpsQrError> {
        Ok(Self {
            initiation: QrInitiation::Static,
            account: MerchantAccount {
                gui: FPS_QR_GUI.to_owned(),
                bank_code: None,
                payee: check_payee(payee.into())?,
                extra: Vec::new(),
                order: TagOrder::default(),
            },
            merchant_category_code: "0000".to_owned(),
            currency: Currency::HKD,
            amount: None,
            country_code: "HK".to_owned(),
            merchant_name: "NA".to_owned(),
            merchant_city: "HK".to_owned(),
            additional_data: None,
            extra: Vec::new(),
            order: TagOrder::default(),
        })
    }

    /// Reads a payload: the CRC first, then the TLVs and every field's rules.
    ///
    /// Never panics, whatever the input.
    pub fn parse(payload: &str) -> Result<Self, FpsQrError> {
        let chars = payload.chars().count();
        if chars > MAX_PAYLOAD {
            return Err(FpsQrError::PayloadTooLong { len: chars });
        }
        let split = payload.len().checked_sub(4).ok_or(FpsQrError::MissingCrc)?;
        let (Some(body), Some(found)) = (payload.get(..split), payload.get(split..)) else {
            return Err(FpsQrError::MissingCrc);
        };
        if !body.ends_with("6304") {
            return Err(FpsQrError::MissingCrc);
        }
        let expected = crc16_ccitt_false(body.as_bytes());
        let matches = found.bytes().all(|b| b.is_ascii_hexdigit())
            && u16::from_str_radix(found, 16).ok() == Some(expected);
        if !matches {
            return Err(FpsQrError::CrcMismatch {
                expected,
                found: found.to_owned(),
            });
        }

        let tlvs = read_tlvs(payload, 0)?;
        check_unique(&tlvs, None)?;
        match tlvs.first() {
            Some(first) if first.tag == TAG_FORMAT => {
                if first.value != "01" {
                    return Err(FpsQrError::InvalidField {
                        tag: tag_path(None, TAG_FORMAT),
                        reason: "the payload format indicator must be 01",
                    });
                }
            }
            _ => {
                return Err(FpsQrError::Misplaced {
                    tag: "00",
                    reason: "the payload format indicator must come first",
                });
            }
        }
        match tlvs.last() {
            Some(last) if last.tag == TAG_CRC && last.value == found => {}
            _ => {
                return Err(FpsQrError::Misplaced {
                    tag: "63",
                    reason: "the CRC must come last",
                });
            }
        }

        let mut initiation = None;
        let mut account = None;
        let mut mcc = None;
        let mut currency = None;
        let mut amount = None;
        let mut country = None;
        let mut name = None;
        let mut city = None;
        let mut additional_data = None;
        let mut extra = Vec::new();
        let mut order = Vec::with_capacity(tlvs.len());
        for tlv in &tlvs {
            if tlv.tag == TAG_CRC {
                continue;
            }
            order.push(tlv.tag);
            let value = tlv.value;
            match tlv.tag {
                TAG_FORMAT => {}
                TAG_INITIATION => {
                    initiation = Some(match value {
                        "11" => QrInitiation::Static,
                        "12" => QrInitiation::Dynamic,
                        _ => {
                            return Err(FpsQrError::InvalidField {
                                tag: tag_path(None, TAG_INITIATION),
                                reason: "the point of initiation must be 11 or 12",
                            });
                        }
                    });
                }
                TAG_ACCOUNT => account = Some(MerchantAccount::read(value, tlv.offset)?),
                TAG_MCC => {
                    check_mcc(value)?;
                    mcc = Some(value.to_owned());
                }
                TAG_CURRENCY => {
                    currency = Some(currency_from_code(value).ok_or_else(|| {
                        FpsQrError::UnsupportedCurrency {
                            code: value.chars().take(8).collect(),
                        }
                    })?);
                }
                TAG_AMOUNT => amount = Some(parse_amount(value)?),
                TAG_COUNTRY => {
                    check_country(value)?;
                    country = Some(value.to_owned());
                }
                TAG_NAME => {
                    check_text(tag_path(None, TAG_NAME), value, MAX_MERCHANT_NAME)?;
                    name = Some(value.to_owned());
                }
                TAG_CITY => {
                    check_text(tag_path(None, TAG_CITY), value, MAX_MERCHANT_CITY)?;
                    city = Some(value.to_owned());
                }
                TAG_ADDITIONAL => {
                    additional_data = Some(AdditionalData::read(value, tlv.offset)?);
                }
                other => {
                    check_text(tag_path(None, other), value, MAX_VALUE)?;
                    extra.push((other, value.to_owned()));
                }
            }
        }
        let missing = |tag| FpsQrError::MissingTag { tag };
        let initiation = initiation.ok_or(missing("01"))?;
        if initiation == QrInitiation::Dynamic && amount.is_none() {
            return Err(FpsQrError::AmountRequired);
        }
        Ok(Self {
            initiation,
            account: account.ok_or(missing("26"))?,
            merchant_category_code: mcc.ok_or(missing("52"))?,
            currency: currency.ok_or(missing("53"))?,
            amount,
            country_code: country.ok_or(missing("58"))?,
            merchant_name: name.ok_or(missing("59"))?,
            merchant_city: city.ok_or(missing("60"))?,
            additional_data,
            extra,
            order: TagOrder(order),
        })
    }

    /// The payload to render as a QR code, CRC included.
    ///
    /// Tags read from a payload keep their order; others come in ascending order.
    pub fn to_payload(&self) -> Result<String, FpsQrError> {
        if self.initiation == QrInitiation::Dynamic && self.amount.is_none() {
            return Err(FpsQrError::AmountRequired);
        }
        let currency =
            currency_code(self.currency).ok_or_else(|| FpsQrError::UnsupportedCurrency {
                code: self.currency.code().to_owned(),
            })?;
        let mut items = vec![
            (TAG_FORMAT, "01".to_owned()),
            (TAG_INITIATION, self.initiation.code().to_owned()),
            (TAG_ACCOUNT, self.account.write()?),
            (TAG_MCC, self.merchant_category_code.clone()),
            (TAG_CURRENCY, currency.to_owned()),
            (TAG_COUNTRY, self.country_code.clone()),
            (TAG_NAME, self.merchant_name.clone()),
            (TAG_CITY, self.merchant_city.clone()),
        ];
        if let Some(amount) = self.amount {
            items.push((TAG_AMOUNT, amount.to_string()));
        }
        if let Some(data) = self.additional_data.as_ref().filter(|d| !d.is_empty()) {
            items.push((TAG_ADDITIONAL, data.write()?));
        }
        items.extend(self.extra.iter().cloned());
        let mut out = write_all(&arrange(items, &self.order.0), None)?;
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        let _ = write!(out, "{crc:04X}");
        let len = out.chars().count();
        if len > MAX_PAYLOAD {
            return Err(FpsQrError::PayloadTooLong { len });
        }
        Ok(out)
    }

    /// Static (`11`) or dynamic (`12`).
    pub fn initiation(&self) -> QrInitiation {
        self.initiation
    }

    /// The GUI of the merchant account template as written (`hk.com.hkicl` in some case).
    pub fn gui(&self) -> &str {
        &self.account.gui
    }

    /// The participant (bank or SVF) code in the merchant account template (`26.01`).
    pub fn bank_code(&self) -> Option<BankCode> {
        self.account.bank_code
    }

    /// Whom the code pays: an FPS ID (`26.02`), a mobile number (`26.03`) or an e-mail
    /// address (`26.04`).
    pub fn payee(&self) -> &FpsProxy {
        &self.account.payee
    }

    /// Other sub-tags of the merchant account template (such as `05`, a merchant timeout one
    /// encoder writes), in payload order.
    pub fn account_extra_tags(&self) -> impl Iterator<Item = (u8, &str)> {
        self.account.extra.iter().map(|(t, v)| (*t, v.as_str()))
    }

    /// The merchant category code (tag 52).
    pub fn merchant_category_code(&self) -> &str {
        &self.merchant_category_code
    }

    /// The currency (tag 53): HKD or CNY.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount (tag 54), if the code carries one.
    pub fn amount(&self) -> Option<Decimal> {
        self.amount
    }

    /// The country code (tag 58).
    pub fn country_code(&self) -> &str {
        &self.country_code
    }

    /// The merchant name (tag 59).
    pub fn merchant_name(&self) -> &str {
        &self.merchant_name
    }

    /// The merchant city (tag 60).
    pub fn merchant_city(&self) -> &str {
        &self.merchant_city
    }

    /// The additional data template (tag 62), if any.
    pub fn additional_data(&self) -> Option<&AdditionalData> {
        self.additional_data.as_ref()
    }

    /// Other top-level tags (such as `15`, `64` or `80`), in payload order.
    pub fn extra_tags(&self) -> impl Iterator<Item = (u8, &str)> {
        self.extra.iter().map(|(t, v)| (*t, v.as_str()))
    }

    /// Sets static or dynamic. A dynamic code needs an amount before it encodes.
    pub fn set_initiation(&mut self, initiation: QrInitiation) -> &mut Self {
        self.initiation = initiation;
        self
    }

    /// Sets or clears the participant code (`26.01`).
    pub fn set_bank_code(&mut self, bank_code: Option<BankCode>) -> &mut Self {
        self.account.bank_code = bank_code;
        self
    }

    /// Sets the payee: an [`FpsId`], a [`MobileNumber`] or an [`EmailAddress`].
    pub fn set_payee(&mut self, payee: impl Into<FpsProxy>) -> Result<&mut Self, FpsQrError> {
        let payee = check_payee(payee.into())?;
        let old = payee_sub_tag(&self.account.payee);
        let new = payee_sub_tag(&payee);
        if old != new {
            // The new payee takes the old one's place in the template.
            for tag in &mut self.account.order.0 {
                if *tag == old {
                    *tag = new;
                }
            }
        }
        self.account.payee = payee;
        Ok(self)
    }

    /// Sets another sub-tag of the merchant account template (05 to 99).
    pub fn set_account_extra_tag(&mut self, tag: u8, value: &str) -> Result<&mut Self, FpsQrError> {
        if tag <= SUB_EMAIL {
            return Err(FpsQrError::ReservedTag { tag });
        }
        if tag > 99 {
            return Err(FpsQrError::InvalidField {
                tag: format!("{TAG_ACCOUNT:02}.{tag}"),
                reason: "a sub-tag is 00 to 99",
            });
        }
        check_text(tag_path(Some(TAG_ACCOUNT), tag), value, MAX_VALUE)?;
        upsert(&mut self.account.extra, tag, value.to_owned());
        Ok(self)
    }

    /// Sets the merchant category code (4 digits).
    pub fn set_merchant_category_code(&mut self, mcc: &str) -> Result<&mut Self, FpsQrError> {
        check_mcc(mcc)?;
        self.merchant_category_code = mcc.to_owned();
        Ok(self)
    }

    /// Sets the currency: HKD or CNY.
    pub fn set_currency(&mut self, currency: Currency) -> Result<&mut Self, FpsQrError> {
        if currency_code(currency).is_none() {
            return Err(FpsQrError::UnsupportedCurrency {
                code: currency.code().to_owned(),
            });
        }
        self.currency = currency;
        Ok(self)
    }

    /// Sets or clears the amount: more than zero, at most two decimals and 13 characters.
    /// It is written as the [`Decimal`] prints (`Decimal::new(1250, 2)` as `12.50`).
    pub fn set_amount(&mut self, amount: Option<Decimal>) -> Result<&mut Self, FpsQrError> {
        if let Some(amount) = amount {
            check_amount(amount)?;
        }
        self.amount = amount;
        Ok(self)
    }

    /// Sets the country code (2 upper-case letters; FPS codes say `HK`).
    pub fn set_country_code(&mut self, country: &str) -> Result<&mut Self, FpsQrError> {
        check_country(country)?;
        self.country_code = country.to_owned();
        Ok(self)
    }

    /// Sets the merchant name (1 to 25 characters).
    pub fn set_merchant_name(&mut self, name: &str) -> Result<&mut Self, FpsQrError> {
        check_text(tag_path(None, TAG_NAME), name, MAX_MERCHANT_NAME)?;
        self.merchant_name = name.to_owned();
        Ok(self)
    }

    /// Sets the merchant city (1 to 15 characters).
    pub fn set_merchant_city(&mut self, city: &str) -> Result<&mut Self, FpsQrError> {
        check_text(tag_path(None, TAG_CITY), city, MAX_MERCHANT_CITY)?;
        self.merchant_city = city.to_owned();
        Ok(self)
    }

    /// Sets or clears the additional data template.
    pub fn set_additional_data(&mut self, data: Option<AdditionalData>) -> &mut Self {
        self.additional_data = data;
        self
    }

    /// The additional data template to edit, created empty if there was none.
    pub fn additional_data_mut(&mut self) -> &mut AdditionalData {
        self.additional_data.get_or_insert_with(AdditionalData::new)
    }

    /// Sets a top-level tag this type has no field for (02 to 25, 27 to 51, 55 to 57, 61, 64
    /// to 99).
    pub fn set_extra_tag(&mut self, tag: u8, value: &str) -> Result<&mut Self, FpsQrError> {
        if TYPED_TAGS.contains(&tag) {
            return Err(FpsQrError::ReservedTag { tag });
        }
        if tag > 99 {
            return Err(FpsQrError::InvalidField {
                tag: tag.to_string(),
                reason: "a tag is 00 to 99",
            });
        }
        check_text(tag_path(None, tag), value, MAX_VALUE)?;
        upsert(&mut self.extra, tag, value.to_owned());
        Ok(self)
    }

    /// Removes a top-level tag set with [`set_extra_tag`](Self::set_extra_tag) or read from a
    /// payload, giving back its value.
    pub fn remove_extra_tag(&mut self, tag: u8) -> Option<String> {
        let at = self.extra.iter().position(|(t, _)| *t == tag)?;
        Some(self.extra.remove(at).1)
    }
}

impl FromStr for FpsQr {
    type Err = FpsQrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for FpsQr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let payload = self.to_payload().map_err(serde::ser::Error::custom)?;
        s.serialize_str(&payload)
    }
}

impl<'de> Deserialize<'de> for FpsQr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrange_keeps_read_order_and_slots_new_tags() {
        let items = vec![
            (52, "a".into()),
            (54, "b".into()),
            (60, "c".into()),
            (62, "d".into()),
        ];
        let out = arrange(items, &[54, 52, 60]);
        let tags: Vec<u8> = out.iter().map(|(t, _)| *t).collect();
        assert_eq!(tags, [54, 52, 60, 62]);
    }

    #[test]
    fn amounts_read_strictly() {
        for ok in ["1", "1.2", "1.23", "100", "0.50", "1234567890123"] {
            assert_eq!(
                parse_amount(ok).map(|d| d.to_string()),
                Ok(ok.to_owned()),
                "{ok}"
            );
        }
        for bad in [
            "",
            "0",
            "0.00",
            "01",
            "1.",
            ".5",
            "1.234",
            "-1",
            "1e3",
            "12345678901234",
            "1,00",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn split_chars_counts_characters() {
        assert_eq!(split_chars("ab", 2), Some(("ab", "")));
        assert_eq!(split_chars("ab", 3), None);
        assert_eq!(split_chars("香港x", 2), Some(("香港", "x")));
    }
}
