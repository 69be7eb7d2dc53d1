//! Consent requests are checked before anything is sent; statuses say what can be done.

use chrono::{Duration, Utc};
use hkob_accounts::model::BankId;
use hkob_accounts::{Consent, ConsentRequest, ConsentStatus, Permission, PersonCheck};

#[test]
fn permissions_are_kept_once_in_the_order_asked() {
    let request = ConsentRequest::new([Permission::Balances, Permission::AccountsBasic])
        .permission(Permission::Balances)
        .permission(Permission::Cards);
    assert_eq!(
        request.permissions(),
        [
            Permission::Balances,
            Permission::AccountsBasic,
            Permission::Cards
        ]
    );
    assert_eq!(Permission::Cards.as_str(), "ReadCards");
    assert_eq!(
        Permission::from("ReadSomethingNew"),
        Permission::Unknown("ReadSomethingNew".into())
    );
}

#[test]
fn statuses_say_whether_data_can_be_read() {
    assert!(ConsentStatus::Authorised.is_usable());
    for status in [
        ConsentStatus::Rejected,
        ConsentStatus::Revoked,
        ConsentStatus::Expired,
    ] {
        assert!(!status.is_usable() && status.is_final(), "{status}");
    }
    assert!(!ConsentStatus::AwaitingAuthorisation.is_final());
    assert!(
        !ConsentStatus::from("Suspended").is_final(),
        "unknown is not taken for final"
    );

    let mut consent = Consent::new(BankId::new("bea"), "c", ConsentStatus::Authorised);
    let now = Utc::now();
    consent.expires_at = Some(now - Duration::seconds(1));
    assert_eq!(consent.status_at(now), ConsentStatus::Expired);
    consent.expires_at = Some(now + Duration::days(1));
    assert_eq!(consent.status_at(now), ConsentStatus::Authorised);
}

#[test]
fn a_person_check_keeps_the_masking_rules() {
    assert!(PersonCheck::new().hkid("A12****(7)").is_ok());
    assert!(
        PersonCheck::new().hkid("A1******").is_err(),
        "only two characters in clear"
    );
    assert!(PersonCheck::new().travel_document("A**2**86*53*").is_ok());
    assert!(PersonCheck::new().travel_document("A*********53").is_err());
    assert!(PersonCheck::new().travel_document("").is_err());
    let check = PersonCheck::new()
        .hkid("Z68****(0)")
        .unwrap()
        .last_name("CHAN");
    let shown = format!("{check:?}");
    assert!(!shown.contains("Z68") && !shown.contains("CHAN"), "{shown}");
}
