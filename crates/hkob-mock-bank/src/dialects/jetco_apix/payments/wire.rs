//! JETCO APIX request bodies, read into the shared [`Initiation`].

use serde::Deserialize;

use crate::payments::initiation::{
    Amount, Bill, Initiation, Party, PaymentKind, consent_id, scheme, shown,
};
use crate::payments::submit::Submission;
use crate::payments::{Problem, parse_json};

#[derive(Deserialize)]
struct ConsentRequest {
    data: ConsentData,
}

#[derive(Deserialize)]
struct ConsentData {
    initiation: WireInitiation,
}

#[derive(Deserialize)]
struct PaymentRequest {
    data: PaymentData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PaymentData {
    consent_id: String,
    initiation: WireInitiation,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireInitiation {
    payment_type: String,
    instructed_amount: WireAmount,
    debtor_account: Option<WireDebtor>,
    creditor_account: WireCreditor,
    bill: Option<WireBill>,
    reference: Option<String>,
    purpose: Option<String>,
}

#[derive(Deserialize)]
struct WireAmount {
    amount: String,
    currency: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireDebtor {
    scheme_name: String,
    identification: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCreditor {
    scheme_name: String,
    identification: String,
    bank_code: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireBill {
    merchant_code: String,
    bill_number: String,
    bill_type: Option<String>,
}

/// A `PaymentConsentRequest`.
pub(super) fn consent(body: &[u8]) -> Result<Initiation, Problem> {
    let req: ConsentRequest = parse_json(body)?;
    initiation(req.data.initiation)
}

/// A `PaymentRequest`.
pub(super) fn payment(body: &[u8]) -> Result<Submission, Problem> {
    let req: PaymentRequest = parse_json(body)?;
    Ok(Submission {
        consent_id: consent_id(req.data.consent_id)?,
        initiation: initiation(req.data.initiation)?,
    })
}

/// The wire names of the kinds of payment.
pub(super) const KINDS: [(&str, PaymentKind); 4] = [
    ("FPS", PaymentKind::Fps),
    ("INTRA_BANK", PaymentKind::IntraBank),
    ("CARD_REPAYMENT", PaymentKind::CardRepayment),
    ("BILL_PAYMENT", PaymentKind::BillPayment),
];

fn initiation(w: WireInitiation) -> Result<Initiation, Problem> {
    let kind = KINDS
        .iter()
        .find(|(name, _)| *name == w.payment_type)
        .map(|(_, k)| *k)
        .ok_or_else(|| {
            Problem::invalid(
                "initiation.paymentType",
                format!(
                    "initiation.paymentType must be FPS, INTRA_BANK, CARD_REPAYMENT or BILL_PAYMENT, not {}.",
                    shown(&w.payment_type)
                ),
            )
        })?;
    let debtor = match w.debtor_account {
        Some(d) => Some(Party {
            scheme: scheme("initiation.debtorAccount.schemeName", &d.scheme_name)?,
            identification: d.identification,
            bank_code: None,
            name: None,
        }),
        None => None,
    };
    let c = w.creditor_account;
    Ok(Initiation {
        kind,
        amount: Amount::new(w.instructed_amount.amount, w.instructed_amount.currency),
        debtor,
        creditor: Party {
            scheme: scheme("initiation.creditorAccount.schemeName", &c.scheme_name)?,
            identification: c.identification,
            bank_code: c.bank_code,
            name: c.name,
        },
        bill: w.bill.map(|b| Bill {
            merchant_code: b.merchant_code,
            bill_number: b.bill_number,
            bill_type: b.bill_type,
        }),
        reference: w.reference,
        unstructured: None,
        purpose: w.purpose,
    })
}
