//! HSBC group request bodies, read into the shared [`Initiation`].

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
    local_instrument: String,
    instructed_amount: WireAmount,
    debtor_account: Option<WireAccount>,
    creditor_account: WireAccount,
    remittance_information: Option<WireRemittance>,
    bill_information: Option<WireBill>,
    purpose_code: Option<String>,
}

#[derive(Deserialize)]
struct WireAmount {
    amount: String,
    currency: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAccount {
    scheme_name: String,
    identification: String,
    name: Option<String>,
    bank_code: Option<String>,
}

#[derive(Deserialize)]
struct WireRemittance {
    reference: Option<String>,
    unstructured: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireBill {
    merchant_code: String,
    bill_number: String,
    bill_type: Option<String>,
}

/// A `DomesticPaymentConsentRequest`.
pub(super) fn consent(body: &[u8]) -> Result<Initiation, Problem> {
    let req: ConsentRequest = parse_json(body)?;
    initiation(req.data.initiation)
}

/// A `DomesticPaymentRequest`.
pub(super) fn payment(body: &[u8]) -> Result<Submission, Problem> {
    let req: PaymentRequest = parse_json(body)?;
    Ok(Submission {
        consent_id: consent_id(req.data.consent_id)?,
        initiation: initiation(req.data.initiation)?,
    })
}

/// The local instruments: the kinds of payment.
pub(super) const INSTRUMENTS: [(&str, PaymentKind); 4] = [
    ("HK.FPS", PaymentKind::Fps),
    ("HK.INTRABANK", PaymentKind::IntraBank),
    ("HK.CARDREPAYMENT", PaymentKind::CardRepayment),
    ("HK.BILLPAYMENT", PaymentKind::BillPayment),
];

fn initiation(w: WireInitiation) -> Result<Initiation, Problem> {
    let kind = INSTRUMENTS
        .iter()
        .find(|(name, _)| *name == w.local_instrument)
        .map(|(_, k)| *k)
        .ok_or_else(|| {
            Problem::invalid(
                "initiation.localInstrument",
                format!(
                    "initiation.localInstrument must be HK.FPS, HK.INTRABANK, HK.CARDREPAYMENT or HK.BILLPAYMENT, not {}.",
                    shown(&w.local_instrument)
                ),
            )
        })?;
    let debtor = match w.debtor_account {
        Some(d) => {
            if d.bank_code.is_some() {
                return Err(Problem::invalid(
                    "initiation.debtorAccount.bankCode",
                    "initiation.debtorAccount has no bankCode.",
                ));
            }
            Some(Party {
                scheme: scheme("initiation.debtorAccount.schemeName", &d.scheme_name)?,
                identification: d.identification,
                bank_code: None,
                name: d.name,
            })
        }
        None => None,
    };
    let c = w.creditor_account;
    let (reference, unstructured) = w
        .remittance_information
        .map_or((None, None), |r| (r.reference, r.unstructured));
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
        bill: w.bill_information.map(|b| Bill {
            merchant_code: b.merchant_code,
            bill_number: b.bill_number,
            bill_type: b.bill_type,
        }),
        reference,
        unstructured,
        purpose: w.purpose_code,
    })
}
