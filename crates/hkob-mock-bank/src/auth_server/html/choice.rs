//! The second step of the consent page: the signed-in customer chooses the
//! accounts and cards to share (every one ticked at first), then approves
//! or denies.

use std::fmt::Write as _;

use super::{PageRequest, alert, escape};
use crate::auth_server::customer::TestCustomer;

/// What the choice page shows.
pub(crate) struct ChoicePage<'a> {
    pub(crate) request: PageRequest<'a>,
    /// Who signed in: their name, accounts and cards.
    pub(crate) customer: &'a TestCustomer,
    /// The ids ticked; `None` ticks every one.
    pub(crate) ticked: Option<&'a [String]>,
    /// Why the last approval was refused.
    pub(crate) error: Option<&'a str>,
}

impl ChoicePage<'_> {
    /// The page: the request's summary and a form of checkboxes
    /// `name="accounts"` (`id="account-<id>"`) that posts `decision=approve`
    /// or `decision=deny`.
    pub(crate) fn render(&self) -> String {
        let r = &self.request;
        let c = self.customer;
        let mut h = String::new();
        r.open(&mut h, "choose what to share");
        let paying = r.consent.as_ref().is_some_and(|c| c.payment.is_some());
        let collecting = r.consent.as_ref().is_some_and(|c| c.direct_debit.is_some());
        if collecting {
            let _ = write!(
                h,
                "<h2>Approve the direct debits {} asks to manage</h2>",
                escape(r.client_id)
            );
        } else if paying {
            let _ = write!(
                h,
                "<h2>Approve the payment {} asks for</h2>",
                escape(r.client_id)
            );
        } else {
            let _ = write!(h, "<h2>Choose what {} may read</h2>", escape(r.client_id));
        }
        alert(&mut h, self.error);
        let _ = write!(
            h,
            "<p>Signed in as <strong id=\"signed-in\">{}</strong>.</p>",
            escape(&c.display_name)
        );
        r.summary(&mut h);
        r.form(&mut h);
        let payment = r.consent.as_ref().and_then(|c| c.payment);
        let direct_debit = r.consent.as_ref().and_then(|c| c.direct_debit);
        if payment.is_some() || direct_debit.is_some() {
            if let Some(payment) = payment {
                super::payment::debtor_choice(&mut h, payment, c, self.ticked);
            }
            if let Some(dd) = direct_debit {
                super::direct_debit::creditor_choice(&mut h, dd, c, self.ticked);
            }
            h.push_str(
                "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\
                 <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
                 </form></body></html>",
            );
            return h;
        }
        self.fieldset(&mut h, "Accounts to share", &c.account_ids);
        self.fieldset(&mut h, "Credit cards to share", &c.card_ids);
        if c.account_ids.is_empty() && c.card_ids.is_empty() {
            let _ = write!(
                h,
                "<p>You hold no accounts or cards at {} to share.</p>",
                escape(r.bank_name)
            );
        }
        h.push_str(
            "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
             </form></body></html>",
        );
        h
    }

    /// One group of checkboxes; nothing when the customer holds none.
    fn fieldset(&self, h: &mut String, legend: &str, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let _ = write!(h, "<fieldset><legend>{}</legend>", escape(legend));
        for id in ids {
            let ticked = self.ticked.is_none_or(|t| t.contains(id));
            let _ = write!(
                h,
                "<label for=\"account-{id}\"><input type=\"checkbox\" name=\"accounts\" \
                 id=\"account-{id}\" value=\"{id}\"{checked}> {label}</label>",
                id = escape(id),
                checked = if ticked { " checked" } else { "" },
                label = escape(self.customer.label_of(id)),
            );
        }
        h.push_str("</fieldset>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth_server::html::ConsentSummary;

    fn customer() -> TestCustomer {
        TestCustomer::new(
            "chan",
            "pw",
            "CHAN <Tai Man>",
            "C0001",
            vec!["A1".to_owned(), "A\"2".to_owned()],
        )
        .cards(vec!["K1".to_owned()])
        .label("A1", "Savings & more")
    }

    fn render(customer: &TestCustomer, ticked: Option<&[String]>, error: Option<&str>) -> String {
        ChoicePage {
            request: PageRequest {
                bank_name: "Bank",
                action: "https://bank.example/oauth/authorize",
                request_id: "rid",
                client_id: "tsp",
                scopes: &["openid".to_owned()],
                consent: Some(ConsentSummary {
                    id: "consent-1",
                    permissions: &["ReadBalances".to_owned(), "<Odd>".to_owned()],
                    payment: None,
                    direct_debit: None,
                    expiry: None,
                }),
            },
            customer,
            ticked,
            error,
        }
        .render()
    }

    #[test]
    fn every_account_and_card_is_a_ticked_checkbox_by_default() {
        let c = customer();
        let html = render(&c, None, None);
        for id in ["A1", "A&quot;2", "K1"] {
            assert!(
                html.contains(&format!(
                    "name=\"accounts\" id=\"account-{id}\" value=\"{id}\" checked>"
                )),
                "{id}: {html}"
            );
        }
        assert!(html.contains("Savings &amp; more"));
        assert!(html.contains("CHAN &lt;Tai Man&gt;"));
        assert!(html.contains("Your account balances"));
        assert!(html.contains("<code>&lt;Odd&gt;</code>"));
        assert!(html.contains("<code id=\"consent-id\">consent-1</code>"));
        assert!(html.contains("value=\"approve\"") && html.contains("value=\"deny\""));
        assert!(!html.contains("name=\"password\""));
    }

    #[test]
    fn a_refused_choice_keeps_the_ticks_and_says_why() {
        let c = customer();
        let ticked = ["K1".to_owned()];
        let html = render(&c, Some(&ticked), Some("Choose one."));
        assert!(html.contains("id=\"account-A1\" value=\"A1\">"));
        assert!(html.contains("id=\"account-K1\" value=\"K1\" checked>"));
        assert!(html.contains("role=\"alert\">Choose one.</p>"));
    }

    #[test]
    fn a_customer_with_nothing_is_told_so() {
        let c = TestCustomer::new("lee", "pw", "LEE", "C0003", Vec::new());
        let html = render(&c, None, None);
        assert!(!html.contains("type=\"checkbox\""));
        assert!(html.contains("no accounts or cards"));
    }
}
