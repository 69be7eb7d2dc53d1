//! The proxy directory: one registration per proxy, to an account at one
//! bank of the instance.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::{Merchant, email_of, hkid_proxy};
use crate::data::identity;
use crate::instance::BankState;

/// The kind of an FPS proxy, with its ISO 20022 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum ProxyScheme {
    /// `MOBN`: a mobile number, `+852-XXXXXXXX`.
    Mobile,
    /// `EMAL`: an e-mail address.
    Email,
    /// `SVID`: an FPS identifier.
    FpsId,
    /// `HKID`: a Hong Kong identity card number, without brackets.
    Hkid,
}

impl ProxyScheme {
    /// The code on the wire (`MOBN`, `EMAL`, `SVID`, `HKID`).
    pub fn code(self) -> &'static str {
        match self {
            ProxyScheme::Mobile => "MOBN",
            ProxyScheme::Email => "EMAL",
            ProxyScheme::FpsId => "SVID",
            ProxyScheme::Hkid => "HKID",
        }
    }

    /// The scheme of a wire code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            ProxyScheme::Mobile,
            ProxyScheme::Email,
            ProxyScheme::FpsId,
            ProxyScheme::Hkid,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// One proxy registered with FPS, as tests list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FpsRegistration {
    /// The bank the proxy is registered at (`bea`).
    pub bank: String,
    /// The proxy's kind, as its code (`MOBN`, `EMAL`, `SVID`, `HKID`).
    pub scheme: String,
    /// The proxy in canonical form, as a payment names it.
    pub identification: String,
    /// The account it pays into, in the bank's ledger (`A00011`, or a
    /// merchant's `MERCHANT-CLP-HKD`).
    pub account_id: String,
    /// The account holder's name, as the bank holds it.
    pub holder_name: String,
    /// The customer it belongs to (`C0001`), for a customer's proxy.
    pub customer_id: Option<String>,
    /// The merchant code bill payments name it by, for a merchant's proxy.
    pub merchant_code: Option<String>,
}

/// Whose account a proxy pays into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Holder {
    /// A customer of the bank.
    Customer(String),
    /// A merchant (its code).
    Merchant(&'static str),
}

/// A registration, as payments resolve it.
#[derive(Debug, Clone)]
pub(crate) struct Registration {
    pub scheme: ProxyScheme,
    pub identification: String,
    pub bank: Arc<BankState>,
    pub account_id: String,
    pub holder: Holder,
    pub holder_name: String,
}

/// Every registration of an instance, and its merchants.
#[derive(Debug, Default)]
pub(crate) struct FpsDirectory {
    /// In registration order (banks in catalogue order, their customers in order).
    registrations: Vec<Registration>,
    by_proxy: HashMap<(ProxyScheme, String), usize>,
    merchants: Vec<Merchant>,
}

impl FpsDirectory {
    /// Registers every customer of every bank and the instance's merchants,
    /// opening the merchants' accounts (HKD and CNY) in their banks' ledgers.
    /// A proxy registered twice (the same mobile number drawn at two banks)
    /// keeps its first registration, FPS's default bank.
    pub(crate) fn build(seed: u64, banks: &[Arc<BankState>]) -> Self {
        let mut dir = FpsDirectory::default();
        for bank in banks {
            for customer in &bank.customers {
                let Some(account) = bank
                    .accounts
                    .iter()
                    .find(|a| a.customer_id == customer.id && a.currency == "HKD")
                else {
                    continue;
                };
                let hkid = hkid_proxy(&identity(seed, &bank.profile.id, customer).hkid);
                for (scheme, id) in [
                    (ProxyScheme::Mobile, customer.mobile.clone()),
                    (ProxyScheme::Email, email_of(&bank.profile.id, customer)),
                    (ProxyScheme::Hkid, hkid),
                ] {
                    dir.register(Registration {
                        scheme,
                        identification: id,
                        bank: bank.clone(),
                        account_id: account.id.clone(),
                        holder: Holder::Customer(customer.id.clone()),
                        holder_name: customer.name_en.clone(),
                    });
                }
            }
        }
        let ids: Vec<&str> = banks.iter().map(|b| b.profile.id.as_str()).collect();
        for merchant in Merchant::of_instance(seed, &ids) {
            let Some(bank) = banks.iter().find(|b| b.profile.id == merchant.bank_id) else {
                continue;
            };
            for currency in ["HKD", "CNY"] {
                bank.ledger
                    .open_internal(&merchant.account_id(currency), currency);
            }
            dir.register(Registration {
                scheme: ProxyScheme::FpsId,
                identification: merchant.fps_id.clone(),
                bank: bank.clone(),
                account_id: merchant.account_id("HKD"),
                holder: Holder::Merchant(merchant.code),
                holder_name: merchant.name.to_owned(),
            });
            dir.merchants.push(merchant);
        }
        dir
    }

    fn register(&mut self, r: Registration) {
        let key = (r.scheme, r.identification.clone());
        if self.by_proxy.contains_key(&key) {
            return;
        }
        self.by_proxy.insert(key, self.registrations.len());
        self.registrations.push(r);
    }

    /// The registration of a proxy.
    pub(crate) fn lookup(
        &self,
        scheme: ProxyScheme,
        identification: &str,
    ) -> Option<&Registration> {
        self.by_proxy
            .get(&(scheme, identification.to_owned()))
            .and_then(|i| self.registrations.get(*i))
    }

    /// A merchant by its code.
    pub(crate) fn merchant(&self, code: &str) -> Option<&Merchant> {
        self.merchants.iter().find(|m| m.code == code)
    }

    /// Every registration, as tests list them.
    pub(crate) fn list(&self) -> Vec<FpsRegistration> {
        self.registrations
            .iter()
            .map(|r| {
                let (customer_id, merchant_code) = match &r.holder {
                    Holder::Customer(id) => (Some(id.clone()), None),
                    Holder::Merchant(code) => (None, Some((*code).to_owned())),
                };
                FpsRegistration {
                    bank: r.bank.profile.id.clone(),
                    scheme: r.scheme.code().to_owned(),
                    identification: r.identification.clone(),
                    account_id: r.account_id.clone(),
                    holder_name: r.holder_name.clone(),
                    customer_id,
                    merchant_code,
                }
            })
            .collect()
    }
}
