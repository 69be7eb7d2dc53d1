//! Every Hong Kong retail bank hkob knows: who it is, its codes, and the dialect of each phase's
//! API.

mod entries;

use serde::Serialize;

use crate::dialect::{Dialect, Phase};

/// One bank's API for one phase: the dialect it speaks and, where public, its base URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhaseApi {
    dialect: Dialect,
    sandbox_url: Option<&'static str>,
    production_url: Option<&'static str>,
}

impl PhaseApi {
    const fn new(
        dialect: Dialect,
        sandbox_url: Option<&'static str>,
        production_url: Option<&'static str>,
    ) -> Self {
        Self {
            dialect,
            sandbox_url,
            production_url,
        }
    }

    /// The dialect the bank's API speaks.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The base URL of the bank's sandbox, where the bank publishes it.
    pub fn sandbox_url(&self) -> Option<&'static str> {
        self.sandbox_url
    }

    /// The base URL of the bank's production API, where the bank publishes it.
    pub fn production_url(&self) -> Option<&'static str> {
        self.production_url
    }
}

/// A Hong Kong bank in hkob's directory.
///
/// ```
/// use hkob_banks::{Dialect, KnownBank, Phase};
///
/// let bea = KnownBank::find("bea").expect("BEA is in the directory");
/// assert_eq!(bea.bank_code(), "015");
/// assert_eq!(bea.dialect(Phase::ProductInformation), Some(Dialect::JetcoApix));
/// assert_eq!(KnownBank::by_bank_code("015").map(|b| b.id()), Some("bea"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KnownBank {
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    bank_code: &'static str,
    other_codes: &'static [&'static str],
    swift_bic: Option<&'static str>,
    virtual_bank: bool,
    apis: [Option<PhaseApi>; 4],
}

impl KnownBank {
    /// Every bank in the directory: the banks hkob speaks to first, then the others.
    pub fn all() -> &'static [KnownBank] {
        entries::BANKS
    }

    /// The bank with this id (`bea`, `hsbc` ...), ignoring case.
    pub fn find(id: &str) -> Option<&'static KnownBank> {
        entries::BANKS
            .iter()
            .find(|bank| bank.id.eq_ignore_ascii_case(id.trim()))
    }

    /// The bank whose HKMA bank code (the three-digit FPS clearing code) is `code`, including the
    /// older codes some banks still answer to (`014` is BOCHK).
    pub fn by_bank_code(code: &str) -> Option<&'static KnownBank> {
        let code = code.trim();
        entries::BANKS
            .iter()
            .find(|bank| bank.bank_code == code || bank.other_codes.contains(&code))
    }

    /// The banks whose API for `phase` speaks `dialect`.
    pub fn speaking(phase: Phase, dialect: Dialect) -> impl Iterator<Item = &'static KnownBank> {
        entries::BANKS
            .iter()
            .filter(move |bank| bank.dialect(phase) == Some(dialect))
    }

    /// The short id hkob uses for the bank (for JETCO APIX members, the bank's code on APIX).
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The bank's registered English name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The bank's Chinese name, in traditional characters.
    pub fn name_zh(&self) -> &'static str {
        self.name_zh
    }

    /// The HKMA's three-digit bank code, which is also the bank's FPS clearing code.
    pub fn bank_code(&self) -> &'static str {
        self.bank_code
    }

    /// Older bank codes that the clearing house still maps to this bank.
    pub fn other_codes(&self) -> &'static [&'static str] {
        self.other_codes
    }

    /// The bank's SWIFT BIC, where hkob knows it.
    pub fn swift_bic(&self) -> Option<&'static str> {
        self.swift_bic
    }

    /// Whether the bank holds a virtual banking licence.
    pub fn is_virtual_bank(&self) -> bool {
        self.virtual_bank
    }

    /// The bank's API for `phase`, when hkob speaks its dialect.
    pub fn api(&self, phase: Phase) -> Option<&PhaseApi> {
        self.apis[phase.index()].as_ref()
    }

    /// The dialect of the bank's API for `phase`, when hkob speaks it.
    pub fn dialect(&self, phase: Phase) -> Option<Dialect> {
        self.api(phase).map(PhaseApi::dialect)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_and_codes_are_unique_and_well_formed() {
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        for bank in KnownBank::all() {
            assert!(ids.insert(bank.id()), "duplicate id {}", bank.id());
            for code in std::iter::once(&bank.bank_code()).chain(bank.other_codes()) {
                assert!(codes.insert(*code), "duplicate code {code}");
                assert!(
                    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()),
                    "{}: code {code}",
                    bank.id()
                );
            }
            if let Some(bic) = bank.swift_bic() {
                assert!(
                    (bic.len() == 8 || bic.len() == 11)
                        && &bic[4..6] == "HK"
                        && bic.bytes().all(|b| b.is_ascii_alphanumeric()),
                    "{}: BIC {bic}",
                    bank.id()
                );
            }
            assert!(!bank.name().is_empty() && !bank.name_zh().is_empty());
        }
    }

    #[test]
    fn every_phase_one_dialect_has_banks_and_urls_are_https() {
        for dialect in Dialect::ALL {
            assert!(
                KnownBank::speaking(Phase::ProductInformation, dialect)
                    .next()
                    .is_some(),
                "{dialect}"
            );
        }
        for bank in KnownBank::all() {
            for phase in Phase::ALL {
                if let Some(api) = bank.api(phase) {
                    for url in [api.sandbox_url(), api.production_url()]
                        .into_iter()
                        .flatten()
                    {
                        assert!(url.starts_with("https://") && !url.ends_with('/'), "{url}");
                    }
                }
            }
        }
    }

    #[test]
    fn finds_by_id_and_by_legacy_code() {
        assert_eq!(
            KnownBank::find(" HSBC ").map(|b| b.bank_code()),
            Some("004")
        );
        assert_eq!(
            KnownBank::by_bank_code("014").map(|b| b.id()),
            Some("bochk")
        );
        assert_eq!(KnownBank::by_bank_code("999"), None);
        let jetco: Vec<_> = KnownBank::speaking(Phase::ProductInformation, Dialect::JetcoApix)
            .map(|b| b.id())
            .collect();
        assert_eq!(jetco.len(), 14);
        let bea = KnownBank::find("bea").and_then(|b| b.api(Phase::ProductInformation));
        assert_eq!(
            bea.and_then(|a| a.sandbox_url()),
            Some("https://sandbox.apix.com.hk/jetco/sb/bea")
        );
    }
}
