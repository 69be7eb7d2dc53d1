//! One account to choose, as radio buttons: where a payment is paid from, or where direct
//! debits are collected into.

use std::fmt::Write as _;

use super::escape;
use crate::auth_server::customer::TestCustomer;

/// What a choice of one account says.
pub(super) struct AccountChoice<'a> {
    /// The fieldset's legend (`Pay from`), before the currency.
    pub legend: &'a str,
    /// The `id` of the paragraph shown when no account fits (`no-debtor`).
    pub none_id: &'a str,
    /// What that paragraph says after "You hold no <currency> account " (`to pay from`).
    pub none_text: &'a str,
    /// The accounts' currency.
    pub currency: &'a str,
}

impl AccountChoice<'_> {
    /// One radio button per account of `eligible` (`id="account-<id>"`), the one chosen last
    /// (else the first) selected; a paragraph instead when there is none.
    pub(super) fn write(
        &self,
        h: &mut String,
        eligible: &[String],
        customer: &TestCustomer,
        chosen: Option<&[String]>,
    ) {
        if eligible.is_empty() {
            let _ = write!(
                h,
                "<p id=\"{}\">You hold no {} account {}.</p>",
                self.none_id,
                escape(self.currency),
                self.none_text
            );
            return;
        }
        let selected = chosen
            .and_then(|c| c.iter().find(|a| eligible.contains(a)))
            .or(eligible.first());
        let _ = write!(
            h,
            "<fieldset><legend>{} ({} account)</legend>",
            self.legend,
            escape(self.currency)
        );
        for id in eligible {
            let _ = write!(
                h,
                "<label for=\"account-{id}\"><input type=\"radio\" name=\"accounts\" \
                 id=\"account-{id}\" value=\"{id}\"{checked}> {label}</label>",
                id = escape(id),
                checked = if Some(id) == selected { " checked" } else { "" },
                label = escape(customer.label_of(id)),
            );
        }
        h.push_str("</fieldset>");
    }
}
