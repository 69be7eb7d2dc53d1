//! The HSBC group's real-time direct debit: consents, mandates (authorisations) and collections
//! (instructions), each answer with its `processResult`.

use chrono::{DateTime, NaiveDate, Utc};
use hkob_banks::BankId;
use hkob_core::{Amount, Currency, Redacted};

use super::HsbcGroup;
use crate::dialects::{DirectDebitDialect, Fetch, Wire, inconsistent, send_signed};
use crate::direct_debit::{
    Collected, Collection, CollectionStatus, DebtorIdentity, DirectDebitConsent,
    DirectDebitPermission, Frequency, Mandate, MandateAccount, MandateLimits, MandateRequest,
    MandateStatus,
};
use crate::error::PaymentError;
use crate::fps::BankCode;
use crate::generated::hsbc_group::{operations as op, types as wire};
use crate::model::{PaymentConsentStatus, StatusReason};

/// The end date the bank writes for a mandate that never expires.
fn forever() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

impl DirectDebitDialect for HsbcGroup {
    fn create_consent<'a>(
        &'a self,
        w: Wire<'a>,
        permissions: &'a [DirectDebitPermission],
        expires_at: Option<DateTime<Utc>>,
        key: &'a str,
    ) -> Fetch<'a, DirectDebitConsent> {
        Box::pin(async move {
            let body = wire::DirectDebitConsentRequest {
                data: wire::DirectDebitConsentRequestData {
                    permissions: permissions
                        .iter()
                        .map(|p| wire::DirectDebitPermission::from(p.as_str()))
                        .collect(),
                    expiration_date_time: expires_at.map(|at| at.fixed_offset()),
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let (answer, _) =
                send_signed(w, &op::CreateDirectDebitConsent::new(body), Some(key)).await?;
            consent(w.bank, answer.data)
        })
    }

    fn read_consent<'a>(
        &'a self,
        w: Wire<'a>,
        consent_id: &'a str,
    ) -> Fetch<'a, DirectDebitConsent> {
        Box::pin(async move {
            let (answer, _) =
                send_signed(w, &op::GetDirectDebitConsent::new(consent_id), None).await?;
            consent(w.bank, answer.data)
        })
    }

    fn setup<'a>(
        &'a self,
        w: Wire<'a>,
        request: &'a MandateRequest,
        key: &'a str,
    ) -> Fetch<'a, Mandate> {
        Box::pin(async move {
            use wire::DirectDebitAuthorisationRequestDebtorPrivateIdentificationSchemeName as Id;
            let (id, scheme) = match &request.debtor.identity {
                DebtorIdentity::Hkid(hkid) => (hkid.as_str().to_owned(), Id::Nidn),
                DebtorIdentity::Passport(number) => (number.expose().clone(), Id::Ccpt),
            };
            let body = wire::DirectDebitAuthorisationRequest {
                merchant_request_identification: request.request_id.clone(),
                creditor_reference: request.creditor_reference.clone(),
                debtor_name: request.debtor.name.expose().clone(),
                debtor_account: cash(&request.debtor.account),
                creditor_name: request.creditor_name.clone(),
                creditor_account: cash(&request.creditor_account),
                debtor_private_identification: id,
                debtor_private_identification_scheme_name: scheme,
                debtor_mobile_number: request
                    .debtor
                    .mobile
                    .as_ref()
                    .map(|m| m.as_str().to_owned()),
                maximum_amount_currency: request.limits.maximum.currency.code().to_owned(),
                maximum_amount: request.limits.maximum.value,
                occurrences: occurrences(request.limits.frequency, request.limits.until),
                otp_hold_indicator: Some(false),
                sms_language_code: Some(wire::DirectDebitAuthorisationRequestSmsLanguageCode::Eng),
                additional_properties: Default::default(),
            };
            let (answer, _) =
                send_signed(w, &op::CreateDirectDebitAuthorisation::new(body), Some(key)).await?;
            succeeded(w.bank, &answer.process_result)?;
            Ok(Mandate {
                id: answer
                    .mandate_identification
                    .ok_or_else(|| inconsistent(w.bank, "a mandate set up without a reference"))?,
                status: status(answer.mandate_status),
                otp_prefix: answer.otp_identification_number,
                masked_mobile: answer.mobile_number,
                maximum: Some(request.limits.maximum),
                until: request.limits.until,
            })
        })
    }

    fn confirm<'a>(
        &'a self,
        w: Wire<'a>,
        mandate_id: &'a str,
        otp_prefix: &'a str,
        otp: &'a str,
        creditor: &'a MandateAccount,
        key: &'a str,
    ) -> Fetch<'a, ()> {
        Box::pin(async move {
            let body = wire::OtpConfirmationRequest {
                mandate_identification: mandate_id.to_owned(),
                otp_identification_number: otp_prefix.to_owned(),
                otp_password: otp.to_owned(),
                creditor_account: cash(creditor),
                additional_properties: Default::default(),
            };
            let (answer, _) = send_signed(
                w,
                &op::ConfirmDirectDebitAuthorisation::new(body),
                Some(key),
            )
            .await?;
            succeeded(w.bank, &answer.process_result)
        })
    }

    fn regenerate_otp<'a>(
        &'a self,
        w: Wire<'a>,
        mandate_id: &'a str,
        creditor: &'a MandateAccount,
        key: &'a str,
    ) -> Fetch<'a, Option<String>> {
        Box::pin(async move {
            let body = wire::OtpRegenerationRequest {
                mandate_identification: mandate_id.to_owned(),
                creditor_account: cash(creditor),
                sms_language_code: Some(wire::OtpRegenerationRequestSmsLanguageCode::Eng),
                additional_properties: Default::default(),
            };
            let (answer, _) =
                send_signed(w, &op::RegenerateDirectDebitOtp::new(body), Some(key)).await?;
            succeeded(w.bank, &answer.process_result)?;
            Ok(answer.otp_identification_number)
        })
    }

    fn mandate<'a>(&'a self, w: Wire<'a>, mandate_id: &'a str) -> Fetch<'a, Mandate> {
        Box::pin(async move {
            let (answer, _) =
                send_signed(w, &op::GetDirectDebitAuthorisation::new(mandate_id), None).await?;
            enquired(w.bank, answer)
        })
    }

    fn amend<'a>(
        &'a self,
        w: Wire<'a>,
        mandate_id: &'a str,
        creditor: &'a MandateAccount,
        limits: &'a MandateLimits,
        key: &'a str,
    ) -> Fetch<'a, Mandate> {
        Box::pin(async move {
            let body = wire::MandateAmendmentRequest {
                creditor_account: cash(creditor),
                maximum_amount: limits.maximum.value,
                maximum_amount_currency: limits.maximum.currency.code().to_owned(),
                occurrences: Some(occurrences(limits.frequency, limits.until)),
                additional_properties: Default::default(),
            };
            let (answer, _) = send_signed(
                w,
                &op::AmendDirectDebitAuthorisation::new(mandate_id, body),
                Some(key),
            )
            .await?;
            enquired(w.bank, answer)
        })
    }

    fn cancel<'a>(&'a self, w: Wire<'a>, mandate_id: &'a str) -> Fetch<'a, Mandate> {
        Box::pin(async move {
            let (answer, _) = send_signed(
                w,
                &op::CancelDirectDebitAuthorisation::new(mandate_id),
                None,
            )
            .await?;
            enquired(w.bank, answer)
        })
    }

    fn collect<'a>(
        &'a self,
        w: Wire<'a>,
        collection: &'a Collection,
        key: &'a str,
    ) -> Fetch<'a, Collected> {
        Box::pin(async move {
            let body = wire::DirectDebitInstructionRequest {
                mandate_identification: collection.mandate_id.clone(),
                instructed_amount: wire::Amount {
                    amount: collection.amount.value,
                    currency: collection.amount.currency.code().to_owned(),
                    additional_properties: Default::default(),
                },
                creditor_account: cash(&collection.creditor_account),
                creditor_reference: collection.creditor_reference.clone(),
                end_to_end_identification: collection.reference.clone(),
                additional_properties: Default::default(),
            };
            let (answer, _) =
                send_signed(w, &op::CreateDirectDebitInstruction::new(body), Some(key)).await?;
            Ok(collected(answer))
        })
    }

    fn collection<'a>(&'a self, w: Wire<'a>, id: &'a str) -> Fetch<'a, Collected> {
        Box::pin(async move {
            let (answer, _) = send_signed(w, &op::GetDirectDebitInstruction::new(id), None).await?;
            Ok(collected(answer))
        })
    }
}

fn cash(account: &MandateAccount) -> wire::CashAccount {
    wire::CashAccount {
        bank_code: account.bank_code.as_str().to_owned(),
        account_identification: account.account_number.expose().clone(),
        currency: account.currency.code().to_owned(),
        account_scheme_name: Some(wire::CashAccountAccountSchemeName::Bban),
        account_sub_type: None,
        additional_properties: Default::default(),
    }
}

fn occurrences(frequency: Frequency, until: Option<NaiveDate>) -> wire::Occurrences {
    wire::Occurrences {
        frequency_type: match frequency {
            Frequency::Monthly => wire::OccurrencesFrequencyType::Mnth,
            Frequency::AdHoc => wire::OccurrencesFrequencyType::Adho,
        },
        duration_from_date: None,
        duration_to_date: until.unwrap_or_else(forever),
        additional_properties: Default::default(),
    }
}

fn reasons(list: Option<Vec<wire::RejectReason>>) -> Vec<StatusReason> {
    list.unwrap_or_default()
        .into_iter()
        .map(|r| StatusReason::new(r.reject_reason_code, r.reject_reason_infomation))
        .collect()
}

/// A `processResult` of `99` is the bank's refusal, with its reasons.
fn succeeded(bank: &BankId, result: &wire::ProcessResult) -> Result<(), PaymentError> {
    match result.response_code {
        wire::ProcessResultResponseCode::V00 => Ok(()),
        _ => Err(PaymentError::Refused {
            bank: bank.clone(),
            reasons: reasons(result.reject_reason_list.clone()),
        }),
    }
}

fn status(status: Option<wire::MandateStatus>) -> MandateStatus {
    status.map_or(MandateStatus::Pending, |s| MandateStatus::from(s.as_str()))
}

fn enquired(bank: &BankId, answer: wire::MandateEnquiryResponse) -> Result<Mandate, PaymentError> {
    succeeded(bank, &answer.process_result)?;
    let maximum = match (answer.maximum_amount, answer.maximum_amount_currency) {
        (Some(value), Some(code)) => Some(Amount::new(
            value,
            Currency::new(&code)
                .map_err(|_| inconsistent(bank, "a mandate's currency is not ISO 4217"))?,
        )),
        _ => None,
    };
    Ok(Mandate {
        id: answer.mandate_identification,
        status: MandateStatus::from(answer.mandate_status.as_str()),
        otp_prefix: None,
        masked_mobile: None,
        maximum,
        until: answer
            .occurrences
            .map(|o| o.duration_to_date)
            .filter(|d| *d != forever()),
    })
}

fn collected(answer: wire::DirectDebitInstructionResponse) -> Collected {
    let mut reasons = reasons(answer.process_result.reject_reason_list);
    if reasons.is_empty()
        && answer.process_result.response_code != wire::ProcessResultResponseCode::V00
    {
        reasons.push(StatusReason::new("99", None));
    }
    Collected {
        id: answer.transaction_identification,
        status: CollectionStatus::from(answer.payment_information_status.as_str()),
        reasons,
    }
}

fn consent(bank: &BankId, c: wire::DirectDebitConsent) -> Result<DirectDebitConsent, PaymentError> {
    let creditor_account = match c.creditor_account {
        Some(a) => Some(MandateAccount {
            bank_code: BankCode::parse(&a.bank_code)
                .map_err(|e| inconsistent(bank, format!("the creditor account: {e}")))?,
            account_number: Redacted::new(a.account_identification),
            currency: Currency::new(&a.currency).map_err(|_| {
                inconsistent(bank, "the creditor account's currency is not ISO 4217")
            })?,
        }),
        None => None,
    };
    Ok(DirectDebitConsent {
        bank: bank.clone(),
        id: c.consent_id,
        status: PaymentConsentStatus::from(c.status.as_str()),
        permissions: c
            .permissions
            .iter()
            .map(|p| DirectDebitPermission::from(p.as_str()))
            .collect(),
        expires_at: c.expiration_date_time.map(Into::into),
        creditor_account,
    })
}
