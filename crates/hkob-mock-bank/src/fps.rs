//! The Faster Payment System's addressing service across the banks of one
//! mock instance: which account an FPS proxy (a mobile number, an e-mail
//! address, an FPS identifier, an HKID) pays into, and the merchants that
//! take bill payments.
//!
//! Every customer of every bank is registered, at their bank, to their
//! first HKD account, with their mobile number (`+852-XXXXXXXX`), an e-mail
//! address and their HKID (without the brackets of its check digit). A few
//! merchants (utilities) hold accounts at the instance's banks, each
//! registered with an FPS identifier of 7 or 9 digits and a merchant code
//! for bill payments. All of it comes from the seed.
//!
//! [`FpsRegistration`] is how tests list them
//! ([`crate::MockBank::fps_directory`]).

mod directory;
mod merchants;
mod mobile;

pub(crate) use directory::{FpsDirectory, Holder};
pub use directory::{FpsRegistration, ProxyScheme};
pub(crate) use merchants::Merchant;
pub(crate) use mobile::hk_mobile;

use crate::data::Customer;

/// The e-mail address a customer registered for FPS:
/// `taiman.chan.c0001@bea.example.hk`.
pub(crate) fn email_of(bank_id: &str, customer: &Customer) -> String {
    let (surname, given) = customer
        .name_en
        .split_once(' ')
        .unwrap_or((customer.name_en.as_str(), ""));
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    format!(
        "{}.{}.{}@{}.example.hk",
        letters(given),
        letters(surname),
        letters(&customer.id),
        letters(bank_id)
    )
}

/// The HKID as an FPS proxy: the printed form without brackets
/// (`A123456(3)` becomes `A1234563`).
pub(crate) fn hkid_proxy(printed: &str) -> String {
    printed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_hkids_in_canonical_form() {
        let c = Customer {
            id: "C0001".into(),
            name_en: "Chan Tai Man".into(),
            name_zh: String::new(),
            mobile: String::new(),
        };
        assert_eq!(email_of("bea", &c), "taiman.chan.c0001@bea.example.hk");
        assert_eq!(hkid_proxy("A123456(3)"), "A1234563");
    }
}
