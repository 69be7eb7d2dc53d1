//! The consent's permissions in words, as the consent page lists them.

/// What a permission lets the application read, in words; `None` for a
/// permission this page does not know (it is shown by its code).
pub(super) fn in_words(permission: &str) -> Option<&'static str> {
    Some(match permission {
        "ReadAccounts" => "Your accounts",
        "ReadAccountsBasic" => "Your accounts: their names, types and currencies",
        "ReadAccountsDetail" => {
            "Your accounts in full: their names, types, currencies and numbers, and the holder's name"
        }
        "ReadBalances" => "Your account balances",
        "ReadAccountStatus" => "Whether each account is active, dormant or closed",
        "ReadTransactionsBasic" => "Your transactions: their dates, amounts and types",
        "ReadTransactionsDetail" => "Your transactions in full, with their descriptions",
        "ReadTransactionsCredits" => "Money paid into your accounts",
        "ReadTransactionsDebits" => "Money paid out of your accounts",
        "ReadCards" => "Your credit cards: their limits, balances and payment dates",
        "ReadCardTransactions" => "Your credit card transactions",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_permissions_have_words_and_others_none() {
        assert_eq!(in_words("ReadBalances"), Some("Your account balances"));
        assert!(in_words("ReadCardTransactions").is_some());
        assert_eq!(in_words("ReadSomethingNew"), None);
        assert_eq!(in_words(""), None);
    }
}
