//! Who a payment pays, resolved when the consent is created (a creditor
//! that cannot be found refuses the consent): the bank of the instance and
//! the account in its ledger that the money goes to, and the holder's name
//! as that bank holds it.
//!
//! - An FPS proxy (`MOBN`, `EMAL`, `SVID`, `HKID`) goes to the account the
//!   FPS directory names (or the holder's account at the same bank in the
//!   payment's currency); an unknown proxy is refused (`BE23`).
//! - An account number (`BBAN`) must be an account of the bank named by
//!   `bankCode` (or by the number's first three digits) in this instance,
//!   in the payment's currency; a transfer within the bank must name an
//!   account of the same bank.
//! - A card number (`AIIN`) must be a card of this bank; whose card it is
//!   is checked when the payment is made. Card repayments credit the bank's
//!   card-settlement account ([`card_settlement_account`]).
//! - A bill payment's merchant code must be a merchant of the instance,
//!   whose FPS id the creditor account names; the merchant's account is
//!   credited.

use std::sync::Arc;

use super::initiation::{Initiation, PaymentKind, Scheme, shown};
use super::{Kind, Problem};
use crate::data::{Account, card_number, cards_of};
use crate::fps::Holder;
use crate::instance::{BankState, Instance};

/// What the money is paid to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A customer's account.
    Account,
    /// A credit card of the bank (its id and its holder).
    Card {
        card_id: String,
        customer_id: String,
    },
    /// A merchant's account (its code).
    Merchant(&'static str),
}

/// A resolved creditor.
#[derive(Debug, Clone)]
pub(crate) struct Creditor {
    /// The creditor's bank.
    pub bank: Arc<BankState>,
    /// The account credited, in that bank's ledger.
    pub account_id: String,
    /// The holder's name as the bank holds it (unmasked).
    pub holder_name: String,
    /// What it is.
    pub target: Target,
}

/// The id of a bank's internal account that card repayments in a
/// currency credit (card balances are owed to the bank, so a repayment
/// is money the bank receives).
pub(crate) fn card_settlement_account(currency: &str) -> String {
    format!("CARD-SETTLEMENT-{currency}")
}

/// An account number in canonical form: letters and digits only.
pub(crate) fn bban(number: &str) -> String {
    number.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A bank's account by its account number.
pub(crate) fn account_by_number<'b>(
    bank: &'b BankState,
    identification: &str,
) -> Option<&'b Account> {
    let wanted = bban(identification);
    bank.accounts.iter().find(|a| bban(&a.number) == wanted)
}

fn invalid(message: String) -> Problem {
    Problem::new(Kind::CreditorInvalid, message).about("initiation.creditorAccount")
}

/// Resolves the creditor of a payment from `bank`.
pub(crate) fn resolve(
    instance: &Instance,
    bank: &Arc<BankState>,
    initiation: &Initiation,
) -> Result<Creditor, Problem> {
    let c = &initiation.creditor;
    let currency = initiation.amount.currency.as_str();
    match (initiation.kind, c.scheme) {
        (PaymentKind::BillPayment, _) => bill(instance, initiation),
        (PaymentKind::CardRepayment, _) => card(instance, bank, &c.identification, currency),
        (PaymentKind::IntraBank, _) => {
            if c.bank_code
                .as_ref()
                .is_some_and(|code| *code != bank.profile.bank_code)
            {
                return Err(invalid(format!(
                    "A transfer within the bank pays an account of bank {} (AC03).",
                    bank.profile.bank_code
                )));
            }
            account(bank, &c.identification, currency)
        }
        (_, Scheme::Bban) => {
            let digits = bban(&c.identification);
            let code = c
                .bank_code
                .clone()
                .unwrap_or_else(|| digits.chars().take(3).collect());
            let Some(payee_bank) = instance.banks.iter().find(|b| b.profile.bank_code == code)
            else {
                return Err(invalid(format!(
                    "No FPS participant with bank code {} is reachable (AC03).",
                    shown(&code)
                )));
            };
            account(payee_bank, &c.identification, currency)
        }
        (_, scheme) => proxy(instance, scheme, &c.identification, currency),
    }
}

fn account(
    bank: &Arc<BankState>,
    identification: &str,
    currency: &str,
) -> Result<Creditor, Problem> {
    let Some(a) = account_by_number(bank, identification) else {
        return Err(invalid(format!(
            "No account {} at {} (AC03).",
            shown(identification),
            bank.profile.id
        )));
    };
    if a.currency != currency {
        return Err(invalid(format!(
            "Account {} holds {}, not {currency} (AC03).",
            shown(identification),
            a.currency
        )));
    }
    Ok(Creditor {
        bank: bank.clone(),
        account_id: a.id.clone(),
        holder_name: holder_name(bank, &a.customer_id),
        target: Target::Account,
    })
}

fn holder_name(bank: &BankState, customer_id: &str) -> String {
    bank.customers
        .iter()
        .find(|c| c.id == customer_id)
        .map(|c| c.name_en.clone())
        .unwrap_or_default()
}

fn proxy(
    instance: &Instance,
    scheme: Scheme,
    identification: &str,
    currency: &str,
) -> Result<Creditor, Problem> {
    let registered = scheme
        .proxy()
        .and_then(|p| instance.fps.lookup(p, identification));
    let Some(r) = registered else {
        return Err(Problem::new(
            Kind::ProxyNotFound,
            format!(
                "No FPS participant registered the proxy {} {} (BE23).",
                scheme.code(),
                shown(identification)
            ),
        )
        .about("initiation.creditorAccount.identification"));
    };
    let (account_id, target) = match &r.holder {
        Holder::Merchant(code) => (
            instance
                .fps
                .merchant(code)
                .map(|m| m.account_id(currency))
                .unwrap_or_default(),
            Target::Merchant(code),
        ),
        Holder::Customer(customer_id) => {
            let registered_fits = r.bank.ledger.currency(&r.account_id) == Some(currency);
            let account = if registered_fits {
                Some(r.account_id.clone())
            } else {
                r.bank
                    .accounts
                    .iter()
                    .find(|a| a.customer_id == *customer_id && a.currency == currency)
                    .map(|a| a.id.clone())
            };
            let Some(account) = account else {
                return Err(invalid(format!(
                    "The proxy's holder has no {currency} account to be paid into (AC03)."
                )));
            };
            (account, Target::Account)
        }
    };
    Ok(Creditor {
        bank: r.bank.clone(),
        account_id,
        holder_name: r.holder_name.clone(),
        target,
    })
}

fn card(
    instance: &Instance,
    bank: &Arc<BankState>,
    number: &str,
    currency: &str,
) -> Result<Creditor, Problem> {
    let seed = instance.settings.seed;
    let wanted = bban(number);
    let found = bank.customers.iter().find_map(|customer| {
        cards_of(seed, &bank.profile.id, &customer.id, Some(0))
            .into_iter()
            .find(|card| card_number(seed, &bank.profile.id, card) == wanted)
            .map(|card| (card, customer))
    });
    let Some((card, customer)) = found else {
        return Err(invalid(format!(
            "No credit card {} at {} (AC03).",
            shown(number),
            bank.profile.id
        )));
    };
    if card.currency != currency {
        return Err(invalid(format!(
            "The card is billed in {}, not {currency} (AC03).",
            card.currency
        )));
    }
    Ok(Creditor {
        bank: bank.clone(),
        account_id: card_settlement_account(currency),
        holder_name: customer.name_en.clone(),
        target: Target::Card {
            card_id: card.id,
            customer_id: customer.id.clone(),
        },
    })
}

fn bill(instance: &Instance, initiation: &Initiation) -> Result<Creditor, Problem> {
    let code = initiation
        .bill
        .as_ref()
        .map(|b| b.merchant_code.as_str())
        .unwrap_or_default();
    let Some(merchant) = instance.fps.merchant(code) else {
        return Err(Problem::new(
            Kind::CreditorInvalid,
            format!(
                "No merchant with code {} takes bill payments (AC03).",
                shown(code)
            ),
        )
        .about("merchantCode"));
    };
    // The creditor names the merchant: by its FPS id (`SVID`) or by its code (`CUST`).
    let names_merchant = match initiation.creditor.scheme.code() {
        "SVID" => initiation.creditor.identification == merchant.fps_id,
        "CUST" => initiation.creditor.identification == merchant.code,
        _ => false,
    };
    if !names_merchant {
        return Err(invalid(format!(
            "The creditor account is not the FPS id or the code of merchant {} (AC03).",
            merchant.code
        )));
    }
    let Some(bank) = instance.bank(&merchant.bank_id) else {
        return Err(invalid(
            "The merchant's bank is not reachable (AC03).".to_owned(),
        ));
    };
    Ok(Creditor {
        bank: bank.clone(),
        account_id: merchant.account_id(&initiation.amount.currency),
        holder_name: merchant.name.to_owned(),
        target: Target::Merchant(merchant.code),
    })
}
