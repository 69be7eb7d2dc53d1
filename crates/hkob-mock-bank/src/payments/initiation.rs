//! The exact payment a consent holds and a payment repeats, whatever the
//! dialect's field names: each dialect reads its body into an
//! [`Initiation`] and writes one back; the rules of both specs are checked
//! here once ([`Initiation::check`]).

use rust_decimal::Decimal;

use super::Problem;
use super::amount;
use crate::fps::ProxyScheme;

/// What kind of payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PaymentKind {
    /// An FPS credit transfer to an account or proxy at any participant.
    Fps,
    /// A transfer to another account of the same bank.
    IntraBank,
    /// A repayment of the customer's own credit card at the bank.
    CardRepayment,
    /// A bill paid to a merchant.
    BillPayment,
}

/// How an account is identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Bban,
    Aiin,
    Svid,
    Emal,
    Mobn,
    Hkid,
    Cust,
}

impl Scheme {
    const ALL: [Scheme; 7] = [
        Scheme::Bban,
        Scheme::Aiin,
        Scheme::Svid,
        Scheme::Emal,
        Scheme::Mobn,
        Scheme::Hkid,
        Scheme::Cust,
    ];

    /// The wire code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Scheme::Bban => "BBAN",
            Scheme::Aiin => "AIIN",
            Scheme::Svid => "SVID",
            Scheme::Emal => "EMAL",
            Scheme::Mobn => "MOBN",
            Scheme::Hkid => "HKID",
            Scheme::Cust => "CUST",
        }
    }

    /// A scheme by its wire code.
    pub(crate) fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The FPS proxy type, for the proxy schemes.
    pub(crate) fn proxy(self) -> Option<ProxyScheme> {
        ProxyScheme::from_code(self.code())
    }
}

/// An amount as sent (`250.00`), its value and its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Amount {
    pub text: String,
    pub value: Decimal,
    pub currency: String,
}

impl Amount {
    /// An amount as sent; its value is checked by [`Initiation::check`].
    pub(crate) fn new(text: String, currency: String) -> Self {
        Self {
            value: amount::parse(&text).unwrap_or(Decimal::ZERO),
            text,
            currency,
        }
    }
}

/// A scheme code from a request at `field`.
pub(crate) fn scheme(field: &str, code: &str) -> Result<Scheme, Problem> {
    Scheme::parse(code).ok_or_else(|| {
        Problem::invalid(
            field,
            format!(
                "{field} must be one of BBAN, AIIN, SVID, EMAL, MOBN, HKID, CUST, not {}.",
                shown(code)
            ),
        )
    })
}

/// A consent id from a payment request: 1 to 128 characters.
pub(crate) fn consent_id(value: String) -> Result<String, Problem> {
    length("data.consentId", &value, 1, 128)?;
    Ok(value)
}

/// An account, card or proxy, as a payment names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Party {
    pub scheme: Scheme,
    pub identification: String,
    /// The clearing code of the account's bank (creditors only).
    pub bank_code: Option<String>,
    /// The name the TSP knows the holder by.
    pub name: Option<String>,
}

/// The bill a bill payment pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bill {
    pub merchant_code: String,
    pub bill_number: String,
    pub bill_type: Option<String>,
}

/// One exact payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Initiation {
    pub kind: PaymentKind,
    pub amount: Amount,
    pub debtor: Option<Party>,
    pub creditor: Party,
    pub bill: Option<Bill>,
    /// The end-to-end reference.
    pub reference: Option<String>,
    /// Free text for the creditor (HSBC's `remittanceInformation.unstructured`).
    pub unstructured: Option<String>,
    /// ISO 20022 purpose code.
    pub purpose: Option<String>,
}

/// What a dialect calls the fields whose names differ between the specs,
/// for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldNames {
    pub kind: &'static str,
    pub bill: &'static str,
    pub reference: &'static str,
    pub unstructured: &'static str,
    pub purpose: &'static str,
}

impl Initiation {
    /// Checks the rules of the spec that types alone do not: the amount's
    /// pattern and sign, the currency, lengths, schemes, and that the kind
    /// of payment fits its creditor (an account of this bank for a
    /// transfer within it, a card for a card repayment, a bill for a bill
    /// payment).
    pub(crate) fn check(&self, names: &FieldNames) -> Result<(), Problem> {
        let amount = "initiation.instructedAmount.amount";
        amount::parse(&self.amount.text)
            .map_err(|why| Problem::invalid(amount, format!("{amount} {why}.")))?;
        if !amount::currency_accepted(&self.amount.currency) {
            return Err(Problem::invalid(
                "initiation.instructedAmount.currency",
                format!(
                    "initiation.instructedAmount.currency must be HKD or CNY, not {}.",
                    shown(&self.amount.currency)
                ),
            ));
        }
        if let Some(d) = &self.debtor {
            length(
                "initiation.debtorAccount.identification",
                &d.identification,
                1,
                34,
            )?;
            optional("initiation.debtorAccount.name", d.name.as_deref(), 140)?;
            if d.scheme != Scheme::Bban {
                return Err(Problem::invalid(
                    "initiation.debtorAccount.schemeName",
                    "initiation.debtorAccount.schemeName must be BBAN: payments are made from an account.",
                ));
            }
        }
        let c = &self.creditor;
        length(
            "initiation.creditorAccount.identification",
            &c.identification,
            1,
            254,
        )?;
        optional("initiation.creditorAccount.name", c.name.as_deref(), 140)?;
        if let Some(code) = &c.bank_code
            && !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Problem::invalid(
                "initiation.creditorAccount.bankCode",
                "initiation.creditorAccount.bankCode must be three digits.",
            ));
        }
        optional(names.reference, self.reference.as_deref(), 35)?;
        optional(names.unstructured, self.unstructured.as_deref(), 140)?;
        optional(names.purpose, self.purpose.as_deref(), 4)?;
        if let Some(b) = &self.bill {
            let at = |f: &str| format!("{}.{f}", names.bill);
            length(&at("merchantCode"), &b.merchant_code, 1, 20)?;
            length(&at("billNumber"), &b.bill_number, 1, 35)?;
            optional(&at("billType"), b.bill_type.as_deref(), 35)?;
        }
        self.check_kind(names)
    }

    fn check_kind(&self, names: &FieldNames) -> Result<(), Problem> {
        let scheme = "initiation.creditorAccount.schemeName";
        let wrong = |what: &str| Problem::invalid(scheme, format!("{what} ({}).", names.kind));
        match self.kind {
            PaymentKind::Fps => match self.creditor.scheme {
                Scheme::Bban | Scheme::Svid | Scheme::Emal | Scheme::Mobn | Scheme::Hkid => {}
                _ => {
                    return Err(wrong(
                        "An FPS payment pays an account (BBAN) or an FPS proxy (MOBN, EMAL, SVID, HKID)",
                    ));
                }
            },
            PaymentKind::IntraBank if self.creditor.scheme != Scheme::Bban => {
                return Err(wrong(
                    "A transfer within the bank pays an account of the bank (BBAN)",
                ));
            }
            PaymentKind::CardRepayment if self.creditor.scheme != Scheme::Aiin => {
                return Err(wrong("A card repayment pays the card's number (AIIN)"));
            }
            PaymentKind::BillPayment
                if !matches!(self.creditor.scheme, Scheme::Svid | Scheme::Cust) =>
            {
                return Err(wrong(
                    "A bill payment pays the merchant, by its FPS id (SVID) or its code (CUST)",
                ));
            }
            _ => {}
        }
        match (self.kind, &self.bill) {
            (PaymentKind::BillPayment, None) => Err(Problem::missing(names.bill)),
            (PaymentKind::BillPayment, Some(_)) | (_, None) => Ok(()),
            (_, Some(_)) => Err(Problem::invalid(
                names.bill,
                format!("{} is only for bill payments.", names.bill),
            )),
        }
    }

    /// The first top-level part in which two payments differ, by the
    /// dialect's name (for a refusal); `None` when they are the same.
    pub(crate) fn difference(
        &self,
        other: &Initiation,
        names: &FieldNames,
    ) -> Option<&'static str> {
        if self.kind != other.kind {
            Some(names.kind)
        } else if self.amount != other.amount {
            Some("instructedAmount")
        } else if self.debtor != other.debtor {
            Some("debtorAccount")
        } else if self.creditor != other.creditor {
            Some("creditorAccount")
        } else if self.bill != other.bill {
            Some(names.bill)
        } else if self.reference != other.reference || self.unstructured != other.unstructured {
            Some(names.reference)
        } else if self.purpose != other.purpose {
            Some(names.purpose)
        } else {
            None
        }
    }
}

fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), Problem> {
    let n = value.chars().count();
    if n < min || n > max {
        return Err(Problem::invalid(
            field,
            format!("{field} must be {min} to {max} characters."),
        ));
    }
    Ok(())
}

fn optional(field: &str, value: Option<&str>, max: usize) -> Result<(), Problem> {
    value.map_or(Ok(()), |v| length(field, v, 0, max))
}

/// A value from a request as shown in a message: at most 40 characters.
pub(crate) fn shown(value: &str) -> String {
    match value.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &value[..cut]),
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: FieldNames = FieldNames {
        kind: "paymentType",
        bill: "bill",
        reference: "reference",
        unstructured: "unstructured",
        purpose: "purpose",
    };

    fn fps() -> Initiation {
        Initiation {
            kind: PaymentKind::Fps,
            amount: Amount {
                text: "250.00".into(),
                value: Decimal::new(25_000, 2),
                currency: "HKD".into(),
            },
            debtor: None,
            creditor: Party {
                scheme: Scheme::Mobn,
                identification: "+852-61234567".into(),
                bank_code: None,
                name: None,
            },
            bill: None,
            reference: Some("INV-1".into()),
            unstructured: None,
            purpose: None,
        }
    }

    #[test]
    fn checks_amounts_lengths_and_kinds() {
        assert!(fps().check(&NAMES).is_ok());
        let mut p = fps();
        p.amount.text = "1.234".into();
        assert!(p.check(&NAMES).is_err());
        let mut p = fps();
        p.amount.currency = "USD".into();
        assert!(p.check(&NAMES).is_err());
        let mut p = fps();
        p.reference = Some("x".repeat(36));
        assert!(p.check(&NAMES).is_err());
        let mut p = fps();
        p.kind = PaymentKind::CardRepayment;
        assert!(p.check(&NAMES).is_err());
        let mut p = fps();
        p.kind = PaymentKind::BillPayment;
        p.creditor.scheme = Scheme::Svid;
        assert!(p.check(&NAMES).is_err(), "needs a bill");
        p.bill = Some(Bill {
            merchant_code: "CLP".into(),
            bill_number: "1".into(),
            bill_type: None,
        });
        assert!(p.check(&NAMES).is_ok());
        let mut p = fps();
        p.creditor.bank_code = Some("4".into());
        assert!(p.check(&NAMES).is_err());
    }

    #[test]
    fn names_the_first_difference() {
        let a = fps();
        assert_eq!(a.difference(&fps(), &NAMES), None);
        let mut b = fps();
        b.amount.text = "250.0".into();
        assert_eq!(a.difference(&b, &NAMES), Some("instructedAmount"));
        let mut b = fps();
        b.reference = None;
        assert_eq!(a.difference(&b, &NAMES), Some("reference"));
    }
}
