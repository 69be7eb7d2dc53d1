//! JETCO APIX: payment consents and payments with UK-style status names, the gateway's
//! `X-IBM-Client-*` headers beside the OAuth tokens.

use hkob_banks::{AuthScheme, BankId, Dialect};

use super::payee::{self, WireOrder, WirePayee};
use super::{Fetch, PaymentDialect, Polled, Wire, inconsistent, send_signed};
use crate::error::PaymentError;
use crate::generated::jetco_apix::{operations as op, security, types as wire};
use crate::model::{
    Payment, PaymentConsent, PaymentConsentStatus, PaymentKind, PaymentOrder, PaymentStatus,
    StatusReason,
};

/// The JETCO APIX dialect.
pub(crate) struct JetcoApix;

impl PaymentDialect for JetcoApix {
    fn dialect(&self) -> Dialect {
        Dialect::JetcoApix
    }

    fn app_scheme(&self) -> AuthScheme {
        AuthScheme::HeaderPair {
            id_header: security::CLIENT_ID_HEADER,
            secret_header: security::CLIENT_SECRET_HEADER,
        }
    }

    fn create_consent<'a>(
        &'a self,
        w: Wire<'a>,
        order: &'a PaymentOrder,
        key: &'a str,
    ) -> Fetch<'a, PaymentConsent> {
        Box::pin(async move {
            let body = wire::PaymentConsentRequest {
                data: wire::PaymentConsentRequestData {
                    initiation: initiation(order),
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let (answer, _) =
                send_signed(w, &op::CreatePaymentConsent::new(body), Some(key)).await?;
            consent(w.bank, answer.data)
        })
    }

    fn read_consent<'a>(&'a self, w: Wire<'a>, consent_id: &'a str) -> Fetch<'a, PaymentConsent> {
        Box::pin(async move {
            let (answer, _) = send_signed(w, &op::GetPaymentConsent::new(consent_id), None).await?;
            consent(w.bank, answer.data)
        })
    }

    fn submit<'a>(
        &'a self,
        w: Wire<'a>,
        consent_id: &'a str,
        order: &'a PaymentOrder,
        key: &'a str,
    ) -> Fetch<'a, Polled> {
        Box::pin(async move {
            let body = wire::PaymentRequest {
                data: wire::PaymentRequestData {
                    consent_id: consent_id.to_owned(),
                    initiation: initiation(order),
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let (answer, retry_after) =
                send_signed(w, &op::CreatePayment::new(body), Some(key)).await?;
            Ok(Polled {
                payment: payment(w.bank, answer.data)?,
                retry_after,
            })
        })
    }

    fn payment<'a>(&'a self, w: Wire<'a>, payment_id: &'a str) -> Fetch<'a, Polled> {
        Box::pin(async move {
            let (answer, retry_after) =
                send_signed(w, &op::GetPayment::new(payment_id), None).await?;
            Ok(Polled {
                payment: payment(w.bank, answer.data)?,
                retry_after,
            })
        })
    }
}

fn initiation(order: &PaymentOrder) -> wire::PaymentInitiation {
    let payee = payee::to_wire(&order.payee);
    wire::PaymentInitiation {
        payment_type: match order.kind() {
            PaymentKind::Fps => wire::PaymentType::Fps,
            PaymentKind::IntraBank => wire::PaymentType::IntraBank,
            PaymentKind::CardRepayment => wire::PaymentType::CardRepayment,
            PaymentKind::BillPayment => wire::PaymentType::BillPayment,
        },
        instructed_amount: wire::ActiveOrHistoricCurrencyAndAmount {
            amount: order.amount.value,
            currency: order.amount.currency.code().to_owned(),
            additional_properties: Default::default(),
        },
        debtor_account: order.debtor_account.as_ref().map(|a| wire::DebtorAccount {
            scheme_name: wire::SchemeName::Bban,
            identification: a.expose().clone(),
            additional_properties: Default::default(),
        }),
        creditor_account: wire::CreditorAccount {
            scheme_name: wire::SchemeName::from(payee.scheme.as_str()),
            identification: payee.identification,
            bank_code: payee.bank_code,
            name: order.payee_name.as_ref().map(|n| n.expose().clone()),
            additional_properties: Default::default(),
        },
        bill: payee.bill.map(|b| wire::BillPayment {
            merchant_code: b.merchant_code,
            bill_number: b.bill_number.into_inner(),
            bill_type: b.bill_type,
            additional_properties: Default::default(),
        }),
        reference: order.reference.clone(),
        purpose: order.purpose.clone(),
        additional_properties: Default::default(),
    }
}

fn order(bank: &BankId, i: wire::PaymentInitiation) -> Result<PaymentOrder, PaymentError> {
    let kind = match i.payment_type {
        wire::PaymentType::Fps => PaymentKind::Fps,
        wire::PaymentType::IntraBank => PaymentKind::IntraBank,
        wire::PaymentType::CardRepayment => PaymentKind::CardRepayment,
        wire::PaymentType::BillPayment => PaymentKind::BillPayment,
        other => {
            return Err(inconsistent(
                bank,
                format!("unknown payment type `{other}`"),
            ));
        }
    };
    WireOrder {
        kind,
        amount: i.instructed_amount.amount,
        currency: i.instructed_amount.currency,
        payee: WirePayee {
            scheme: i.creditor_account.scheme_name.as_str().to_owned(),
            identification: i.creditor_account.identification,
            bank_code: i.creditor_account.bank_code,
            bill: i
                .bill
                .map(|b| payee::bill(b.merchant_code, b.bill_number, b.bill_type)),
        },
        debtor_account: i.debtor_account.map(|d| d.identification),
        payee_name: i.creditor_account.name,
        reference: i.reference,
        purpose: i.purpose,
    }
    .into_order(bank)
}

fn consent(bank: &BankId, c: wire::PaymentConsent) -> Result<PaymentConsent, PaymentError> {
    use wire::ConsentStatusCode as S;
    let status = match &c.status {
        S::AwaitingAuthorisation => PaymentConsentStatus::AwaitingAuthorisation,
        S::Authorised => PaymentConsentStatus::Authorised,
        S::Rejected => PaymentConsentStatus::Rejected,
        S::Consumed => PaymentConsentStatus::Consumed,
        S::Revoked => PaymentConsentStatus::Revoked,
        S::Expired => PaymentConsentStatus::Expired,
        other => PaymentConsentStatus::Unknown(other.as_str().to_owned()),
    };
    Ok(PaymentConsent {
        bank: bank.clone(),
        id: c.consent_id,
        status,
        order: order(bank, c.initiation)?,
        created_at: c.creation_date.into(),
        status_updated_at: c.status_update_date.into(),
        expires_at: c.expiration_date.map(Into::into),
        payee_name: c.creditor_name,
    })
}

fn payment(bank: &BankId, p: wire::Payment) -> Result<Payment, PaymentError> {
    use wire::PaymentStatusCode as S;
    let status = match &p.status {
        S::Pending => PaymentStatus::Pending,
        S::AcceptedSettlementInProcess => PaymentStatus::AcceptedSettlementInProcess,
        S::AcceptedSettlementCompleted => PaymentStatus::Completed,
        S::Rejected => PaymentStatus::Rejected,
        S::Cancelled => PaymentStatus::Cancelled,
        other => PaymentStatus::Unknown(other.as_str().to_owned()),
    };
    Ok(Payment {
        bank: bank.clone(),
        id: p.payment_id,
        consent_id: p.consent_id,
        status,
        reasons: p
            .status_reason
            .map(|r| StatusReason::new(r.code, r.information))
            .into_iter()
            .collect(),
        order: order(bank, p.initiation)?,
        created_at: p.creation_date.into(),
        status_updated_at: p.status_update_date.into(),
    })
}
