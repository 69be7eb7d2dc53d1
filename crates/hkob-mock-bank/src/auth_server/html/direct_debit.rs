//! What the consent page shows of a direct debit consent: the functions it
//! lets the application use, in words, and the accounts collections may be
//! paid into, as radio buttons `name="accounts"`.

use std::fmt::Write as _;

use super::account_choice::AccountChoice;
use super::escape;
use crate::auth_server::DirectDebitSummary;
use crate::auth_server::customer::TestCustomer;

/// What a direct debit permission lets the application do, in words;
/// `None` for a permission this page does not know (shown by its code).
fn in_words(permission: &str) -> Option<&'static str> {
    Some(match permission {
        "RealTimeDirectDebitSetup" => "Set up direct debit authorisations with your payers",
        "RealTimeDirectDebitOtpConfirmation" => {
            "Confirm an authorisation with the one-time password your payer received"
        }
        "RealTimeDirectDebitOtpRegeneration" => "Send your payer a new one-time password",
        "RealTimeDirectDebitStatusAuthorisations" => {
            "Read, change the limits of and cancel your direct debit authorisations"
        }
        "RealTimeDirectDebitInstructions" => "Collect payments under your authorisations",
        "RealTimeDirectDebitStatusInstructions" => "Read the status of your collections",
        "RealTimeDirectDebitReporting" => "Download your direct debit reports",
        _ => return None,
    })
}

/// The consent, in the request's summary: its functions and its end.
pub(super) fn summary(
    h: &mut String,
    consent_id: &str,
    permissions: &[String],
    expiry: Option<&str>,
) {
    let _ = write!(
        h,
        "<p>Consent <code id=\"consent-id\">{}</code>, to manage your real-time direct \
         debits (you are the creditor):</p><ul id=\"permissions\">",
        escape(consent_id)
    );
    for p in permissions {
        match in_words(p) {
            Some(words) => {
                let _ = write!(
                    h,
                    "<li>{} <small>(<code>{}</code>)</small></li>",
                    escape(words),
                    escape(p)
                );
            }
            None => {
                let _ = write!(h, "<li><code>{}</code></li>", escape(p));
            }
        }
    }
    h.push_str("</ul>");
    match expiry {
        Some(e) => {
            let _ = write!(h, "<p>Until {}.</p>", escape(e));
        }
        None => h.push_str("<p>No end date.</p>"),
    }
}

/// The accounts collections may be paid into: one radio button each
/// (`id="account-<id>"`), the first (or the one chosen last) selected.
pub(super) fn creditor_choice(
    h: &mut String,
    direct_debit: &DirectDebitSummary,
    customer: &TestCustomer,
    chosen: Option<&[String]>,
) {
    AccountChoice {
        legend: "Collect into",
        none_id: "no-creditor",
        none_text: "to collect direct debits into",
        currency: &direct_debit.currency,
    }
    .write(h, &direct_debit.collect_into(customer), customer, chosen);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_functions_in_words_and_offers_accounts_in_the_currency() {
        let c = TestCustomer::new("chan", "pw", "CHAN", "C1", vec!["A1".into(), "A2".into()])
            .currency("A1", "USD")
            .currency("A2", "HKD")
            .label("A2", "Current <HKD>");
        let mut h = String::new();
        summary(
            &mut h,
            "c-1",
            &["RealTimeDirectDebitSetup".into(), "<New>".into()],
            None,
        );
        creditor_choice(&mut h, &DirectDebitSummary::new("HKD"), &c, None);
        assert!(h.contains("Set up direct debit authorisations"));
        assert!(h.contains("<code>RealTimeDirectDebitSetup</code>"));
        assert!(h.contains("<li><code>&lt;New&gt;</code></li>"));
        assert!(h.contains("No end date."));
        assert!(
            h.contains("type=\"radio\" name=\"accounts\" id=\"account-A2\" value=\"A2\" checked>")
        );
        assert!(!h.contains("account-A1"));
        assert!(h.contains("Current &lt;HKD&gt;"));
        let mut h = String::new();
        creditor_choice(&mut h, &DirectDebitSummary::new("CNY"), &c, None);
        assert!(h.contains("no CNY account"));
        for p in [
            "RealTimeDirectDebitOtpConfirmation",
            "RealTimeDirectDebitOtpRegeneration",
            "RealTimeDirectDebitStatusAuthorisations",
            "RealTimeDirectDebitInstructions",
            "RealTimeDirectDebitStatusInstructions",
            "RealTimeDirectDebitReporting",
        ] {
            assert!(in_words(p).is_some(), "{p}");
        }
    }
}
