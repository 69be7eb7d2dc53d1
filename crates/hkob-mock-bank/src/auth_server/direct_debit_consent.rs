//! Direct debit consents (Phase IV): a business customer, the creditor,
//! lets the TSP manage its real-time direct debits, and picks the account
//! collections are paid into.
//!
//! A direct debit consent carries a [`DirectDebitSummary`] and the
//! functions it allows in its `permissions`. On the consent page the
//! customer picks one of their accounts in the summary's currency (`HKD`);
//! the non-interactive path ([`super::AutoApproval::Approve`],
//! `x-mock-auto-approve: approve`) takes the customer's first account in
//! that currency. The consent then covers that one account (its
//! `account_ids`): the creditor account of every mandate set up under it.

use super::Consent;
use super::customer::TestCustomer;

/// What a direct debit consent is for, as the consent page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DirectDebitSummary {
    /// The currency of the account collections are paid into (`HKD`).
    pub currency: String,
}

impl DirectDebitSummary {
    /// Direct debits collected into an account in `currency`.
    pub fn new(currency: impl Into<String>) -> Self {
        Self {
            currency: currency.into(),
        }
    }

    /// The customer's accounts collections may be paid into: every account
    /// in the currency, in the customer's order.
    pub(super) fn collect_into(&self, customer: &TestCustomer) -> Vec<String> {
        customer
            .account_ids
            .iter()
            .filter(|a| customer.currency_of(a) == Some(self.currency.as_str()))
            .cloned()
            .collect()
    }

    /// The account collections are paid into, given what the customer
    /// chose (the first of `chosen` that qualifies), or why there is none.
    pub(super) fn creditor(
        &self,
        customer: &TestCustomer,
        chosen: &[String],
    ) -> Result<String, String> {
        let eligible = self.collect_into(customer);
        chosen
            .iter()
            .find(|a| eligible.contains(a))
            .cloned()
            .ok_or_else(|| match eligible.is_empty() {
                true => format!(
                    "You hold no {} account to collect direct debits into.",
                    self.currency
                ),
                false => format!(
                    "Choose one of your {} accounts to collect direct debits into.",
                    self.currency
                ),
            })
    }
}

impl Consent {
    /// For a consent that covers exactly one account (a payment's debtor
    /// account, a direct debit's creditor account): that account given
    /// what the customer chose, or why there is none; `None` for other
    /// consents.
    pub(super) fn one_account(
        &self,
        customer: &TestCustomer,
        chosen: &[String],
    ) -> Option<Result<String, String>> {
        if let Some(payment) = &self.payment {
            return Some(payment.debtor(customer, chosen));
        }
        self.direct_debit
            .as_ref()
            .map(|d| d.creditor(customer, chosen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_creditor_account_is_the_first_chosen_account_in_the_currency() {
        let c = TestCustomer::new(
            "chan",
            "pw",
            "CHAN",
            "C0001",
            vec!["A1".into(), "A2".into(), "A3".into()],
        )
        .currency("A1", "USD")
        .currency("A2", "HKD")
        .currency("A3", "HKD");
        let dd = DirectDebitSummary::new("HKD");
        assert_eq!(dd.collect_into(&c), ["A2", "A3"]);
        assert_eq!(dd.creditor(&c, &c.holdings()), Ok("A2".to_owned()));
        assert_eq!(dd.creditor(&c, &["A3".into()]), Ok("A3".to_owned()));
        assert!(
            dd.creditor(&c, &["A1".into()])
                .is_err_and(|e| e.contains("Choose"))
        );
        assert!(
            DirectDebitSummary::new("CNY")
                .creditor(&c, &c.holdings())
                .is_err_and(|e| e.contains("no CNY"))
        );
    }
}
