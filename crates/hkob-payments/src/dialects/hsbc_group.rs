//! The HSBC group: domestic payment consents and domestic payments with ISO 20022 statuses, on
//! OAuth tokens alone.

mod direct_debit;

use hkob_banks::{AuthScheme, BankId, Dialect};

use super::payee::{self, WireOrder, WirePayee};
use super::{Fetch, PaymentDialect, Polled, Wire, inconsistent, send_signed};
use crate::error::PaymentError;
use crate::generated::hsbc_group::{operations as op, types as wire};
use crate::model::{
    Payment, PaymentConsent, PaymentConsentStatus, PaymentKind, PaymentOrder, PaymentStatus,
    StatusReason,
};

/// The HSBC group dialect.
pub(crate) struct HsbcGroup;

impl PaymentDialect for HsbcGroup {
    fn dialect(&self) -> Dialect {
        Dialect::HsbcGroup
    }

    fn app_scheme(&self) -> AuthScheme {
        AuthScheme::None
    }

    fn create_consent<'a>(
        &'a self,
        w: Wire<'a>,
        order: &'a PaymentOrder,
        key: &'a str,
    ) -> Fetch<'a, PaymentConsent> {
        Box::pin(async move {
            let body = wire::DomesticPaymentConsentRequest {
                data: wire::DomesticPaymentConsentRequestData {
                    initiation: initiation(order),
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let (answer, _) =
                send_signed(w, &op::CreateDomesticPaymentConsent::new(body), Some(key)).await?;
            consent(w.bank, answer.data)
        })
    }

    fn read_consent<'a>(&'a self, w: Wire<'a>, consent_id: &'a str) -> Fetch<'a, PaymentConsent> {
        Box::pin(async move {
            let (answer, _) =
                send_signed(w, &op::GetDomesticPaymentConsent::new(consent_id), None).await?;
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
            let body = wire::DomesticPaymentRequest {
                data: wire::DomesticPaymentRequestData {
                    consent_id: consent_id.to_owned(),
                    initiation: initiation(order),
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let (answer, retry_after) =
                send_signed(w, &op::CreateDomesticPayment::new(body), Some(key)).await?;
            Ok(Polled {
                payment: payment(w.bank, answer.data)?,
                retry_after,
            })
        })
    }

    fn payment<'a>(&'a self, w: Wire<'a>, payment_id: &'a str) -> Fetch<'a, Polled> {
        Box::pin(async move {
            let (answer, retry_after) =
                send_signed(w, &op::GetDomesticPayment::new(payment_id), None).await?;
            Ok(Polled {
                payment: payment(w.bank, answer.data)?,
                retry_after,
            })
        })
    }
}

fn initiation(order: &PaymentOrder) -> wire::DomesticPaymentInitiation {
    let payee = payee::to_wire(&order.payee);
    wire::DomesticPaymentInitiation {
        local_instrument: match order.kind() {
            PaymentKind::Fps => wire::LocalInstrument::HkFps,
            PaymentKind::IntraBank => wire::LocalInstrument::HkIntrabank,
            PaymentKind::CardRepayment => wire::LocalInstrument::HkCardrepayment,
            PaymentKind::BillPayment => wire::LocalInstrument::HkBillpayment,
        },
        instructed_amount: wire::Amount {
            amount: order.amount.value,
            currency: order.amount.currency.code().to_owned(),
            additional_properties: Default::default(),
        },
        debtor_account: order.debtor_account.as_ref().map(|a| wire::DebtorAccount {
            scheme_name: wire::SchemeName::Bban,
            identification: a.expose().clone(),
            name: None,
            additional_properties: Default::default(),
        }),
        creditor_account: wire::CreditorAccount {
            scheme_name: wire::SchemeName::from(payee.scheme.as_str()),
            identification: payee.identification,
            name: order.payee_name.as_ref().map(|n| n.expose().clone()),
            bank_code: payee.bank_code,
            additional_properties: Default::default(),
        },
        remittance_information: order
            .reference
            .as_ref()
            .map(|r| wire::RemittanceInformation {
                reference: Some(r.clone()),
                unstructured: None,
                additional_properties: Default::default(),
            }),
        bill_information: payee.bill.map(|b| wire::BillInformation {
            merchant_code: b.merchant_code,
            bill_number: b.bill_number.into_inner(),
            bill_type: b.bill_type,
            additional_properties: Default::default(),
        }),
        purpose_code: order.purpose.clone(),
        additional_properties: Default::default(),
    }
}

fn order(bank: &BankId, i: wire::DomesticPaymentInitiation) -> Result<PaymentOrder, PaymentError> {
    let kind = match i.local_instrument {
        wire::LocalInstrument::HkFps => PaymentKind::Fps,
        wire::LocalInstrument::HkIntrabank => PaymentKind::IntraBank,
        wire::LocalInstrument::HkCardrepayment => PaymentKind::CardRepayment,
        wire::LocalInstrument::HkBillpayment => PaymentKind::BillPayment,
        other => {
            return Err(inconsistent(
                bank,
                format!("unknown local instrument `{other}`"),
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
                .bill_information
                .map(|b| payee::bill(b.merchant_code, b.bill_number, b.bill_type)),
        },
        debtor_account: i.debtor_account.map(|d| d.identification),
        payee_name: i.creditor_account.name,
        reference: i.remittance_information.and_then(|r| r.reference),
        purpose: i.purpose_code,
    }
    .into_order(bank)
}

fn consent(bank: &BankId, c: wire::DomesticPaymentConsent) -> Result<PaymentConsent, PaymentError> {
    Ok(PaymentConsent {
        bank: bank.clone(),
        id: c.consent_id,
        // The dialect's codes are the canonical ones.
        status: PaymentConsentStatus::from(c.status.as_str()),
        order: order(bank, c.initiation)?,
        created_at: c.creation_date_time.into(),
        status_updated_at: c.status_update_date_time.into(),
        expires_at: c.expiration_date_time.map(Into::into),
        payee_name: c.creditor_name,
    })
}

fn payment(bank: &BankId, p: wire::DomesticPayment) -> Result<Payment, PaymentError> {
    Ok(Payment {
        bank: bank.clone(),
        id: p.domestic_payment_id,
        consent_id: p.consent_id,
        status: PaymentStatus::from(p.status.as_str()),
        reasons: p
            .reject_reason_list
            .unwrap_or_default()
            .into_iter()
            .map(|r| StatusReason::new(r.reject_reason_code, r.reject_reason_infomation))
            .collect(),
        order: order(bank, p.initiation)?,
        created_at: p.creation_date_time.into(),
        status_updated_at: p.status_update_date_time.into(),
    })
}
