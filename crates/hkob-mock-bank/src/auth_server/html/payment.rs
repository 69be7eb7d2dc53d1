//! What the consent page shows of a consent to one payment: the payment
//! (amount, currency, who is paid, the reference), and the accounts it may
//! be paid from, as radio buttons `name="accounts"`.

use std::fmt::Write as _;

use super::account_choice::AccountChoice;
use super::escape;
use crate::auth_server::PaymentSummary;
use crate::auth_server::customer::TestCustomer;

/// The payment, in the request's summary.
pub(super) fn summary(h: &mut String, consent_id: &str, payment: &PaymentSummary) {
    let _ = write!(
        h,
        "<p>Consent <code id=\"consent-id\">{}</code>, to make one payment \
         (nothing is paid until the application submits it):</p><dl id=\"payment\">\
         <dt>Amount</dt><dd id=\"payment-amount\">{} {}</dd>\
         <dt>To</dt><dd id=\"payment-creditor\">{}</dd>",
        escape(consent_id),
        escape(&payment.currency),
        escape(&payment.amount),
        escape(&payment.creditor_name),
    );
    if let Some(reference) = &payment.reference {
        let _ = write!(
            h,
            "<dt>Reference</dt><dd id=\"payment-reference\">{}</dd>",
            escape(reference)
        );
    }
    h.push_str("</dl>");
}

/// The accounts to pay from: one radio button each (`id="account-<id>"`),
/// the first (or the one chosen last) selected.
pub(super) fn debtor_choice(
    h: &mut String,
    payment: &PaymentSummary,
    customer: &TestCustomer,
    chosen: Option<&[String]>,
) {
    AccountChoice {
        legend: "Pay from",
        none_id: "no-debtor",
        none_text: "to pay from",
        currency: &payment.currency,
    }
    .write(h, &payment.payable_from(customer), customer, chosen);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_payment_and_offers_accounts_in_its_currency() {
        let c = TestCustomer::new("chan", "pw", "CHAN", "C1", vec!["A1".into(), "A2".into()])
            .currency("A1", "USD")
            .currency("A2", "HKD")
            .label("A2", "Savings <HKD>");
        let p =
            PaymentSummary::new("250.00", "HKD", "CHAN T** M**").reference(Some("INV<1>".into()));
        let mut h = String::new();
        summary(&mut h, "c-1", &p);
        debtor_choice(&mut h, &p, &c, None);
        assert!(h.contains("HKD 250.00"));
        assert!(h.contains("CHAN T** M**"));
        assert!(h.contains("INV&lt;1&gt;"));
        assert!(
            h.contains("type=\"radio\" name=\"accounts\" id=\"account-A2\" value=\"A2\" checked>")
        );
        assert!(!h.contains("account-A1"));
        assert!(h.contains("Savings &lt;HKD&gt;"));
        let mut h = String::new();
        debtor_choice(&mut h, &PaymentSummary::new("1", "CNY", "X"), &c, None);
        assert!(h.contains("no CNY account"));
    }
}
