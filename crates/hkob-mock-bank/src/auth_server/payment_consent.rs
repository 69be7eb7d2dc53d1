//! Consents to one payment (Phase IV): what the consent page shows of the
//! payment, and which account the customer pays from.
//!
//! A payment consent carries a [`PaymentSummary`]. When the consent names
//! its debtor account, the customer who approves must hold it; when it
//! leaves it open, the customer picks one of their accounts in the
//! payment's currency on the page, and the non-interactive path
//! ([`super::AutoApproval::Approve`], `x-mock-auto-approve: approve`) takes
//! the customer's first account in that currency. The consent then covers
//! that one account (its `account_ids`). Nothing is paid here.

use super::customer::TestCustomer;

/// The payment a consent is for, as the consent page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentSummary {
    /// The amount, as the payment writes it (`250.00`).
    pub amount: String,
    /// Its currency (`HKD`, `CNY`).
    pub currency: String,
    /// Who is paid, masked as the bank shows it (`CHAN T** M**`).
    pub creditor_name: String,
    /// The reference the creditor sees.
    pub reference: Option<String>,
    /// The account the consent pays from, when it names one (the bank's
    /// account id); `None` lets the customer choose.
    pub debtor_account_id: Option<String>,
}

impl PaymentSummary {
    /// A payment of `amount` in `currency` to `creditor_name`.
    pub fn new(
        amount: impl Into<String>,
        currency: impl Into<String>,
        creditor_name: impl Into<String>,
    ) -> Self {
        Self {
            amount: amount.into(),
            currency: currency.into(),
            creditor_name: creditor_name.into(),
            reference: None,
            debtor_account_id: None,
        }
    }

    /// Sets the reference.
    pub fn reference(mut self, reference: Option<String>) -> Self {
        self.reference = reference;
        self
    }

    /// Fixes the debtor account (the bank's account id).
    pub fn debtor_account(mut self, account_id: Option<String>) -> Self {
        self.debtor_account_id = account_id;
        self
    }

    /// The customer's accounts the payment may be made from: the consent's
    /// own, or every account in the payment's currency, in the customer's
    /// order.
    pub(super) fn payable_from(&self, customer: &TestCustomer) -> Vec<String> {
        match &self.debtor_account_id {
            Some(id) => customer
                .account_ids
                .iter()
                .filter(|a| *a == id)
                .cloned()
                .collect(),
            None => customer
                .account_ids
                .iter()
                .filter(|a| customer.currency_of(a) == Some(self.currency.as_str()))
                .cloned()
                .collect(),
        }
    }

    /// The account the payment is made from, given what the customer
    /// chose (the first of `chosen` that qualifies; the consent's own
    /// account whatever was chosen), or why there is none.
    pub(super) fn debtor(
        &self,
        customer: &TestCustomer,
        chosen: &[String],
    ) -> Result<String, String> {
        let payable = self.payable_from(customer);
        if self.debtor_account_id.is_some() {
            return payable
                .into_iter()
                .next()
                .ok_or_else(|| "The account this payment is made from is not yours.".to_owned());
        }
        chosen
            .iter()
            .find(|a| payable.contains(a))
            .cloned()
            .ok_or_else(|| match payable.is_empty() {
                true => format!("You hold no {} account to pay from.", self.currency),
                false => format!("Choose one of your {} accounts to pay from.", self.currency),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer() -> TestCustomer {
        TestCustomer::new(
            "chan",
            "pw",
            "CHAN",
            "C0001",
            vec!["A1".into(), "A2".into(), "A3".into()],
        )
        .currency("A1", "USD")
        .currency("A2", "HKD")
        .currency("A3", "HKD")
    }

    #[test]
    fn the_debtor_is_the_first_qualifying_choice_or_the_consents_own() {
        let c = customer();
        let open = PaymentSummary::new("1.00", "HKD", "X");
        assert_eq!(open.payable_from(&c), ["A2", "A3"]);
        assert_eq!(open.debtor(&c, &c.holdings()), Ok("A2".to_owned()));
        assert_eq!(open.debtor(&c, &["A3".into()]), Ok("A3".to_owned()));
        assert!(open.debtor(&c, &["A1".into()]).is_err());
        let cny = PaymentSummary::new("1.00", "CNY", "X");
        assert!(
            cny.debtor(&c, &c.holdings())
                .is_err_and(|e| e.contains("no CNY"))
        );
        let fixed = open.clone().debtor_account(Some("A3".into()));
        assert_eq!(fixed.debtor(&c, &[]), Ok("A3".to_owned()));
        let not_hers = open.debtor_account(Some("B9".into()));
        assert!(not_hers.debtor(&c, &c.holdings()).is_err());
    }
}
