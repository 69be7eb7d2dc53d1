//! The payee on the wire, the same in every dialect: a payment type, a scheme name (the FPS proxy
//! type codes, plus `HKID`), an identification, the payee's bank code and the bill.

use crate::fps::{
    BankAccount, BankCode, CustomerId, EmailAddress, FpsId, FpsProxy, HkidProxy, MobileNumber,
};
use crate::model::{Bill, CardNumber, Payee, PaymentKind};

/// A payee in wire terms.
pub(crate) struct WirePayee {
    pub(crate) scheme: String,
    pub(crate) identification: String,
    pub(crate) bank_code: Option<String>,
    pub(crate) bill: Option<Bill>,
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
        (PaymentKind::Fps, "HKID") => HkidProxy::parse(id)
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
        (PaymentKind::IntraBank, "BBAN") => {
            Ok(Payee::SameBank(hkob_core::Redacted::new(id.to_owned())))
        }
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
