//! HSBC group direct debit request bodies, read and checked against the
//! spec's rules (required fields, lengths, patterns, enums) into the
//! shared requests of [`crate::direct_debit`].

use chrono::NaiveDate;
use serde::Deserialize;

use crate::direct_debit::account::CashAccount;
use crate::direct_debit::consents::ConsentRequest;
use crate::direct_debit::instructions::InstructionRequest;
use crate::direct_debit::mandates::{Amendment, SetupRequest};
use crate::direct_debit::otp::{Confirmation, Regeneration};
use crate::direct_debit::{CURRENCY, Frequency, Money, Occurrences, Permission, length};
use crate::payments::initiation::shown;
use crate::payments::{Problem, amount, parse_json};

#[derive(Deserialize)]
struct WireConsentRequest {
    data: WireConsentData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireConsentData {
    permissions: Vec<String>,
    expiration_date_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCash {
    bank_code: String,
    account_identification: String,
    currency: String,
    account_scheme_name: Option<String>,
    account_sub_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireOccurrences {
    frequency_type: String,
    duration_from_date: Option<String>,
    duration_to_date: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSetup {
    merchant_request_identification: String,
    creditor_reference: String,
    debtor_name: String,
    debtor_account: WireCash,
    creditor_name: String,
    creditor_account: WireCash,
    debtor_private_identification: String,
    debtor_private_identification_scheme_name: String,
    debtor_mobile_number: Option<String>,
    maximum_amount_currency: String,
    maximum_amount: String,
    occurrences: WireOccurrences,
    otp_hold_indicator: Option<bool>,
    sms_language_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireConfirmation {
    mandate_identification: String,
    otp_identification_number: String,
    otp_password: String,
    creditor_account: WireCash,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRegeneration {
    mandate_identification: String,
    creditor_account: WireCash,
    sms_language_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAmendment {
    creditor_account: WireCash,
    maximum_amount: String,
    maximum_amount_currency: String,
    occurrences: Option<WireOccurrences>,
}

#[derive(Deserialize)]
struct WireAmount {
    amount: String,
    currency: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireInstruction {
    mandate_identification: String,
    instructed_amount: WireAmount,
    creditor_account: WireCash,
    creditor_reference: Option<String>,
    end_to_end_identification: Option<String>,
}

/// A `DirectDebitConsentRequest`: at least one permission of the spec's
/// (each kept once), an optional RFC 3339 end.
pub(super) fn consent(body: &[u8]) -> Result<ConsentRequest, Problem> {
    let req: WireConsentRequest = parse_json(body)?;
    let field = "data.permissions";
    if req.data.permissions.is_empty() {
        return Err(Problem::invalid(
            field,
            "data.permissions must list at least one permission.",
        ));
    }
    let mut permissions = Vec::new();
    for code in &req.data.permissions {
        let Some(p) = Permission::parse(code) else {
            return Err(Problem::invalid(
                field,
                format!(
                    "{} is not a direct debit permission (one of {}).",
                    shown(code),
                    Permission::ALL.map(Permission::code).join(", ")
                ),
            ));
        };
        if !permissions.contains(&p) {
            permissions.push(p);
        }
    }
    let expires_at = match req.data.expiration_date_time {
        Some(text) => Some(
            chrono::DateTime::parse_from_rfc3339(&text)
                .map_err(|_| {
                    Problem::invalid(
                        "data.expirationDateTime",
                        "data.expirationDateTime must be an RFC 3339 date-time with an offset.",
                    )
                })?
                .timestamp(),
        ),
        None => None,
    };
    Ok(ConsentRequest {
        permissions,
        expires_at,
    })
}

fn cash(field: &str, w: WireCash) -> Result<CashAccount, Problem> {
    CashAccount::checked(
        field,
        w.bank_code,
        w.account_identification,
        w.currency,
        w.account_scheme_name,
        w.account_sub_type,
    )
}

fn date(field: &str, text: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| Problem::invalid(field, format!("{field} must be a date, YYYY-MM-DD.")))
}

fn occurrences(w: WireOccurrences) -> Result<Occurrences, Problem> {
    let frequency = match w.frequency_type.as_str() {
        "MNTH" => Frequency::Monthly,
        "ADHO" => Frequency::AdHoc,
        other => {
            return Err(Problem::invalid(
                "occurrences.frequencyType",
                format!(
                    "occurrences.frequencyType must be MNTH or ADHO, not {}.",
                    shown(other)
                ),
            ));
        }
    };
    if let Some(from) = &w.duration_from_date {
        date("occurrences.durationFromDate", from)?;
    }
    Ok(Occurrences {
        frequency,
        until: date("occurrences.durationToDate", &w.duration_to_date)?,
    })
}

/// An amount and its currency: the spec's pattern, positive, in HKD.
fn money(
    field: &str,
    text: String,
    currency_field: &str,
    currency: String,
) -> Result<Money, Problem> {
    let value =
        amount::parse(&text).map_err(|why| Problem::invalid(field, format!("{field} {why}.")))?;
    if currency != CURRENCY {
        return Err(Problem::invalid(
            currency_field,
            format!(
                "{currency_field} must be HKD (direct debits are in HKD), not {}.",
                shown(&currency)
            ),
        ));
    }
    Ok(Money {
        text,
        value,
        currency,
    })
}

fn sms_language(field: &str, code: Option<&str>) -> Result<(), Problem> {
    match code {
        None | Some("eng" | "chi") => Ok(()),
        Some(other) => Err(Problem::invalid(
            field,
            format!("{field} must be eng or chi, not {}.", shown(other)),
        )),
    }
}

/// A `DirectDebitAuthorisationRequest`.
pub(super) fn setup(body: &[u8]) -> Result<SetupRequest, Problem> {
    let w: WireSetup = parse_json(body)?;
    length(
        "merchantRequestIdentification",
        &w.merchant_request_identification,
        1,
        35,
    )?;
    length("creditorReference", &w.creditor_reference, 1, 35)?;
    length("debtorName", &w.debtor_name, 1, 140)?;
    length("creditorName", &w.creditor_name, 1, 140)?;
    length(
        "debtorPrivateIdentification",
        &w.debtor_private_identification,
        1,
        35,
    )?;
    let scheme = w.debtor_private_identification_scheme_name;
    if scheme != "NIDN" && scheme != "CCPT" {
        return Err(Problem::invalid(
            "debtorPrivateIdentificationSchemeName",
            format!(
                "debtorPrivateIdentificationSchemeName must be NIDN or CCPT, not {}.",
                shown(&scheme)
            ),
        ));
    }
    if let Some(m) = &w.debtor_mobile_number {
        length("debtorMobileNumber", m, 0, 35)?;
        let shape = m.bytes().any(|b| b.is_ascii_digit())
            && m.bytes().all(|b| b.is_ascii_digit() || b"+- ".contains(&b));
        if !shape {
            return Err(Problem::invalid(
                "debtorMobileNumber",
                "debtorMobileNumber must be a phone number, +852-XXXXXXXX.",
            ));
        }
    }
    sms_language("smsLanguageCode", w.sms_language_code.as_deref())?;
    let _ = w.otp_hold_indicator;
    Ok(SetupRequest {
        debtor_account: cash("debtorAccount", w.debtor_account)?,
        creditor_account: cash("creditorAccount", w.creditor_account)?,
        maximum: money(
            "maximumAmount",
            w.maximum_amount,
            "maximumAmountCurrency",
            w.maximum_amount_currency,
        )?,
        occurrences: occurrences(w.occurrences)?,
        merchant_request_id: w.merchant_request_identification,
        creditor_reference: w.creditor_reference,
        debtor_name: w.debtor_name,
        creditor_name: w.creditor_name,
        debtor_id: w.debtor_private_identification,
        debtor_id_scheme: scheme,
        debtor_mobile: w.debtor_mobile_number,
    })
}

fn mandate_id(value: &str) -> Result<(), Problem> {
    length("mandateIdentification", value, 1, 35)
}

/// An `OtpConfirmationRequest`.
pub(super) fn confirmation(body: &[u8]) -> Result<Confirmation, Problem> {
    let w: WireConfirmation = parse_json(body)?;
    mandate_id(&w.mandate_identification)?;
    length(
        "otpIdentificationNumber",
        &w.otp_identification_number,
        0,
        10,
    )?;
    length("otpPassword", &w.otp_password, 0, 10)?;
    Ok(Confirmation {
        creditor_account: cash("creditorAccount", w.creditor_account)?,
        mandate_id: w.mandate_identification,
        prefix: w.otp_identification_number,
        password: w.otp_password,
    })
}

/// An `OtpRegenerationRequest`.
pub(super) fn regeneration(body: &[u8]) -> Result<Regeneration, Problem> {
    let w: WireRegeneration = parse_json(body)?;
    mandate_id(&w.mandate_identification)?;
    sms_language("smsLanguageCode", w.sms_language_code.as_deref())?;
    Ok(Regeneration {
        creditor_account: cash("creditorAccount", w.creditor_account)?,
        mandate_id: w.mandate_identification,
    })
}

/// A `MandateAmendmentRequest`.
pub(super) fn amendment(body: &[u8]) -> Result<Amendment, Problem> {
    let w: WireAmendment = parse_json(body)?;
    Ok(Amendment {
        creditor_account: cash("creditorAccount", w.creditor_account)?,
        maximum: money(
            "maximumAmount",
            w.maximum_amount,
            "maximumAmountCurrency",
            w.maximum_amount_currency,
        )?,
        occurrences: w.occurrences.map(occurrences).transpose()?,
    })
}

/// A `DirectDebitInstructionRequest`.
pub(super) fn instruction(body: &[u8]) -> Result<InstructionRequest, Problem> {
    let w: WireInstruction = parse_json(body)?;
    mandate_id(&w.mandate_identification)?;
    if let Some(r) = &w.creditor_reference {
        length("creditorReference", r, 0, 35)?;
    }
    if let Some(r) = &w.end_to_end_identification {
        length("endToEndIdentification", r, 0, 35)?;
    }
    Ok(InstructionRequest {
        amount: money(
            "instructedAmount.amount",
            w.instructed_amount.amount,
            "instructedAmount.currency",
            w.instructed_amount.currency,
        )?,
        creditor_account: cash("creditorAccount", w.creditor_account)?,
        mandate_id: w.mandate_identification,
        creditor_reference: w.creditor_reference,
        end_to_end_id: w.end_to_end_identification,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::payments::Kind;

    fn kind(r: Result<impl std::fmt::Debug, Problem>) -> Option<Kind> {
        r.err().map(|p| p.kind)
    }

    #[test]
    fn consents_need_known_permissions_and_a_real_end() {
        let ok = consent(
            json!({"data": {"permissions": ["RealTimeDirectDebitSetup", "RealTimeDirectDebitSetup"],
                "expirationDateTime": "2027-12-02T00:00:00+08:00"}})
            .to_string()
            .as_bytes(),
        );
        assert!(
            ok.as_ref().is_ok_and(
                |c| c.permissions == [Permission::Setup] && c.expires_at == Some(1_827_676_800)
            ),
            "{ok:?}"
        );
        for body in [
            json!({"data": {"permissions": []}}),
            json!({"data": {"permissions": ["ReadBalances"]}}),
            json!({"data": {"permissions": ["RealTimeDirectDebitSetup"], "expirationDateTime": "2027-12-02"}}),
            json!({"data": {"permissions": "RealTimeDirectDebitSetup"}}),
        ] {
            assert_eq!(
                kind(consent(body.to_string().as_bytes())),
                Some(Kind::FieldInvalid),
                "{body}"
            );
        }
        assert_eq!(kind(consent(b"{\"data\":{}}")), Some(Kind::FieldMissing));
        assert_eq!(kind(consent(b"not json")), Some(Kind::FieldInvalid));
    }

    fn setup_body() -> serde_json::Value {
        json!({
            "merchantRequestIdentification": "MR-1",
            "creditorReference": "GYM-1",
            "debtorName": "CHAN TAI MAN",
            "debtorAccount": {"bankCode": "004", "accountIdentification": "004123456789838", "currency": "HKD", "accountSchemeName": "BBAN"},
            "creditorName": "HARBOUR FITNESS LTD",
            "creditorAccount": {"bankCode": "004", "accountIdentification": "004500123456838", "currency": "HKD"},
            "debtorPrivateIdentification": "A1234563",
            "debtorPrivateIdentificationSchemeName": "NIDN",
            "debtorMobileNumber": "+852-61234567",
            "maximumAmountCurrency": "HKD",
            "maximumAmount": "800.00",
            "occurrences": {"frequencyType": "MNTH", "durationToDate": "9999-12-31"},
            "otpHoldIndicator": false,
            "smsLanguageCode": "eng"
        })
    }

    #[test]
    fn setups_follow_every_rule_of_the_spec() {
        let ok = setup(setup_body().to_string().as_bytes());
        assert!(
            ok.as_ref().is_ok_and(|s| s.maximum.text == "800.00"
                && s.occurrences.until
                    == NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()),
            "{ok:?}"
        );
        let bad: [(&str, serde_json::Value); 12] = [
            ("merchantRequestIdentification", json!("")),
            ("creditorReference", json!("x".repeat(36))),
            ("debtorName", json!("")),
            ("debtorPrivateIdentificationSchemeName", json!("HKID")),
            ("debtorMobileNumber", json!("call me")),
            ("maximumAmount", json!("0")),
            ("maximumAmount", json!("1.234")),
            ("maximumAmountCurrency", json!("CNY")),
            (
                "occurrences",
                json!({"frequencyType": "WEEK", "durationToDate": "9999-12-31"}),
            ),
            (
                "occurrences",
                json!({"frequencyType": "MNTH", "durationToDate": "31/12/9999"}),
            ),
            ("smsLanguageCode", json!("fra")),
            (
                "debtorAccount",
                json!({"bankCode": "4", "accountIdentification": "1", "currency": "HKD"}),
            ),
        ];
        for (field, value) in bad {
            let mut body = setup_body();
            body[field] = value;
            assert_eq!(
                kind(setup(body.to_string().as_bytes())),
                Some(Kind::FieldInvalid),
                "{field}"
            );
        }
        for field in [
            "debtorName",
            "creditorAccount",
            "occurrences",
            "maximumAmount",
        ] {
            let mut body = setup_body();
            if let Some(o) = body.as_object_mut() {
                o.remove(field);
            }
            assert_eq!(
                kind(setup(body.to_string().as_bytes())),
                Some(Kind::FieldMissing),
                "{field}"
            );
        }
        let mut body = setup_body();
        body["maximumAmount"] = json!(800);
        assert_eq!(
            kind(setup(body.to_string().as_bytes())),
            Some(Kind::FieldInvalid)
        );
    }

    #[test]
    fn the_other_requests_are_checked_too() {
        let cash = json!({"bankCode": "004", "accountIdentification": "1", "currency": "HKD"});
        assert!(
            confirmation(
                json!({"mandateIdentification": "D1", "otpIdentificationNumber": "YU88X",
            "otpPassword": "467854", "creditorAccount": cash})
                .to_string()
                .as_bytes()
            )
            .is_ok()
        );
        assert_eq!(
            kind(confirmation(
                json!({"mandateIdentification": "", "otpIdentificationNumber": "Y",
            "otpPassword": "1", "creditorAccount": cash})
                .to_string()
                .as_bytes()
            )),
            Some(Kind::FieldInvalid)
        );
        assert_eq!(
            kind(confirmation(
                json!({"mandateIdentification": "D1", "otpIdentificationNumber": "Y",
            "otpPassword": "12345678901", "creditorAccount": cash})
                .to_string()
                .as_bytes()
            )),
            Some(Kind::FieldInvalid)
        );
        assert!(
            regeneration(
                json!({"mandateIdentification": "D1", "creditorAccount": cash})
                    .to_string()
                    .as_bytes()
            )
            .is_ok()
        );
        assert!(
            amendment(
                json!({"creditorAccount": cash, "maximumAmount": "1200.00",
            "maximumAmountCurrency": "HKD"})
                .to_string()
                .as_bytes()
            )
            .is_ok_and(|a| a.occurrences.is_none())
        );
        assert_eq!(
            kind(amendment(
                json!({"creditorAccount": cash, "maximumAmount": "-1",
            "maximumAmountCurrency": "HKD"})
                .to_string()
                .as_bytes()
            )),
            Some(Kind::FieldInvalid)
        );
        assert!(instruction(json!({"mandateIdentification": "D1", "instructedAmount": {"amount": "650.00", "currency": "HKD"},
            "creditorAccount": cash}).to_string().as_bytes()).is_ok());
        assert_eq!(kind(instruction(json!({"mandateIdentification": "D1", "instructedAmount": {"amount": "650.00", "currency": "USD"},
            "creditorAccount": cash}).to_string().as_bytes())), Some(Kind::FieldInvalid));
        assert_eq!(kind(instruction(json!({"mandateIdentification": "D1", "instructedAmount": {"amount": "1", "currency": "HKD"},
            "creditorAccount": cash, "endToEndIdentification": "e".repeat(36)}).to_string().as_bytes())), Some(Kind::FieldInvalid));
    }
}
