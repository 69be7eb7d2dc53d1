//! The payee on the wire, the same in every dialect: a payment type, a scheme name (the FPS proxy
//! type codes, plus `HKID`), an identification, the payee's bank code and the bill.

use crate::fps::{
    BankAccount, BankCode, CustomerId, EmailAddress, FpsId, FpsProxy, HkidNumber, MobileNumber,
};
use hkob_banks::BankId;
use hkob_core::{Amount, Currency, Decimal, Redacted};

use super::inconsistent;
use crate::error::PaymentError;
use crate::model::{Bill, CardNumber, Payee, PaymentKind, PaymentOrder};

/// A payee in wire terms.
pub(crate) struct WirePayee {
    pub(crate) scheme: String,
    pub(crate) identification: String,
    pub(crate) bank_code: Option<String>,
    pub(crate) bill: Option<Bill>,
}

/// A payment as a dialect's body holds it, in wire terms.
pub(crate) struct WireOrder {
    pub(crate) kind: PaymentKind,
    pub(crate) amount: Decimal,
    pub(crate) currency: String,
    pub(crate) payee: WirePayee,
    pub(crate) debtor_account: Option<String>,
    pub(crate) payee_name: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) purpose: Option<String>,
}

impl WireOrder {
    /// The canonical order; what does not fit is [`PaymentError::Inconsistent`].
    pub(crate) fn into_order(self, bank: &BankId) -> Result<PaymentOrder, PaymentError> {
        let currency = Currency::new(&self.currency)
            .map_err(|_| inconsistent(bank, "the payment's currency is not an ISO 4217 code"))?;
        let payee = from_wire(self.kind, self.payee).map_err(|m| inconsistent(bank, m))?;
        let mut order = PaymentOrder::new(Amount::new(self.amount, currency), payee);
        order.debtor_account = self.debtor_account.map(Redacted::new);
        order.payee_name = self.payee_name.map(Redacted::new);
        order.reference = self.reference;
        order.purpose = self.purpose;
        Ok(order)
    }
}

/// A bill from its wire fields.
pub(crate) fn bill(merchant_code: String, bill_number: String, bill_type: Option<String>) -> Bill {
    let bill = Bill::new(merchant_code, bill_number);
    match bill_type {
        Some(t) => bill.bill_type(t),
        None => bill,
    }
}

/// The wire form of `payee`. A bill is paid to the merchant, named by its code (`CUST`).
pub(crate) fn to_wire(payee: &Payee) -> WirePayee {
    let plain = |scheme: &str, identification: &str| WirePayee {
        scheme: scheme.to_owned(),
        identification: identification.to_owned(),
        bank_code: None,
        bill: None,
    };
    match payee {
        Payee::Fps(FpsProxy::BankAccount(account)) => WirePayee {
            scheme: "BBAN".to_owned(),
            identification: account.account_number().to_owned(),
            bank_code: Some(account.bank_code().as_str().to_owned()),
            bill: None,
        },
        Payee::Fps(FpsProxy::Hkid(hkid)) => plain("HKID", hkid.as_str()),
        Payee::Fps(FpsProxy::MobileNumber(m)) => plain("MOBN", m.as_str()),
        Payee::Fps(FpsProxy::Email(e)) => plain("EMAL", e.as_str()),
        Payee::Fps(FpsProxy::FpsId(id)) => plain("SVID", id.as_str()),
        Payee::Fps(FpsProxy::CustomerId(c)) => plain("CUST", c.as_str()),
        Payee::SameBank(account) => plain("BBAN", account.expose()),
        Payee::OwnCard(card) => plain("AIIN", card.as_str()),
        Payee::Bill(bill) => WirePayee {
            bill: Some(bill.clone()),
            ..plain("CUST", &bill.merchant_code)
        },
    }
}

/// The payee of a payment of `kind` to `wire`; `Err` says what does not fit.
pub(crate) fn from_wire(kind: PaymentKind, wire: WirePayee) -> Result<Payee, String> {
    let bad = |e: &dyn std::fmt::Display| format!("the payee is not valid: {e}");
    let id = wire.identification.as_str();
    match (kind, wire.scheme.as_str()) {
        (PaymentKind::Fps, "MOBN") => MobileNumber::parse(id)
            .map(|p| Payee::Fps(p.into()))
            .map_err(|e| bad(&e)),
        (PaymentKind::Fps, "EMAL") => EmailAddress::parse(id)
            .map(|p| Payee::Fps(p.into()))
            .map_err(|e| bad(&e)),
        (PaymentKind::Fps, "SVID") => FpsId::parse(id)
            .map(|p| Payee::Fps(p.into()))
            .map_err(|e| bad(&e)),
        (PaymentKind::Fps, "HKID") => HkidNumber::parse(id)
            .map(|p| Payee::Fps(p.into()))
            .map_err(|e| bad(&e)),
        (PaymentKind::Fps, "CUST") => CustomerId::parse(id)
            .map(|p| Payee::Fps(p.into()))
            .map_err(|e| bad(&e)),
        (PaymentKind::Fps, "BBAN") => {
            let code = wire
                .bank_code
                .as_deref()
                .ok_or("an FPS payment to an account names no bank code")?;
            let code = BankCode::parse(code).map_err(|e| bad(&e))?;
            BankAccount::new(code, id)
                .map(|a| Payee::Fps(a.into()))
                .map_err(|e| bad(&e))
        }
        (PaymentKind::IntraBank, "BBAN") => Ok(Payee::SameBank(Redacted::new(id.to_owned()))),
        (PaymentKind::CardRepayment, "AIIN") => CardNumber::parse(id)
            .map(Payee::OwnCard)
            .map_err(|e| bad(&e)),
        (PaymentKind::BillPayment, _) => wire
            .bill
            .map(Payee::Bill)
            .ok_or_else(|| "a bill payment names no bill".to_owned()),
        (kind, scheme) => Err(format!("a {kind:?} payment to a `{scheme}` payee")),
    }
}
