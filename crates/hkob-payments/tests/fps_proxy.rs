//! Typed FPS proxies: normalising, refusing, masking and serde.

use hkob_payments::fps::{
    BankAccount, BankCode, CustomerId, EmailAddress, FpsAddressError, FpsId, FpsProxy, HkidNumber,
    MobileNumber, ProxyScheme,
};

#[test]
fn fps_ids() {
    assert_eq!(FpsId::parse("4853305").unwrap().as_str(), "4853305");
    assert!(FpsId::parse("166069526").is_ok());
    assert!(FpsId::parse("1234567890").is_ok());
    for bad in ["123456", "12345678901", "12345a7", ""] {
        assert!(FpsId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn bank_codes_and_accounts() {
    let hsbc = BankCode::parse("004").unwrap();
    assert_eq!(hsbc.known_bank().map(|b| b.id()), Some("hsbc"));
    // An older code the clearing house maps to BOCHK.
    assert_eq!(
        BankCode::parse("014")
            .unwrap()
            .known_bank()
            .map(|b| b.bank_code()),
        Some("012")
    );
    assert!(BankCode::parse("04").is_err());
    assert!(BankCode::parse("0a4").is_err());

    let account = BankAccount::parse("024-361-373921-882").unwrap();
    assert_eq!(account.as_str(), "024-361373921882");
    assert_eq!(account.bank_code().as_str(), "024");
    assert_eq!(account.account_number(), "361373921882");
    assert_eq!(format!("{account:?}"), "BankAccount(024-********1882)");
    assert_eq!(
        BankAccount::new(hsbc, "749 86477821").unwrap().as_str(),
        "004-74986477821"
    );
    assert!(BankAccount::parse("024361373921882").is_err());
    assert!(BankAccount::parse("024-12345").is_err());
    assert!(BankAccount::parse(&format!("024-{}", "1".repeat(35))).is_err());
    assert!(BankAccount::parse("024-1234567X").is_err());
}

#[test]
fn schemes_and_identifications_round_trip() {
    let proxies = [
        FpsProxy::from(MobileNumber::parse("91234567").unwrap()),
        FpsProxy::from(EmailAddress::parse("shop@example.hk").unwrap()),
        FpsProxy::from(FpsId::parse("4853305").unwrap()),
        FpsProxy::from(HkidNumber::parse("A1234563").unwrap()),
        FpsProxy::from(BankAccount::parse("004-123456789012").unwrap()),
        FpsProxy::from(CustomerId::parse("CIF-0012345").unwrap()),
    ];
    let schemes: Vec<String> = proxies.iter().map(|p| p.scheme().to_string()).collect();
    assert_eq!(schemes, ["MOBN", "EMAL", "SVID", "CUST", "BBAN", "CUST"]);
    for proxy in &proxies {
        assert_eq!(
            FpsProxy::from_scheme(&proxy.scheme(), proxy.identification()).as_ref(),
            Ok(proxy)
        );
        let json = serde_json::to_string(proxy).unwrap();
        assert_eq!(serde_json::from_str::<FpsProxy>(&json).unwrap(), *proxy);
    }
    assert_eq!(
        serde_json::to_string(&proxies[0]).unwrap(),
        r#"{"scheme":"MOBN","identification":"+852-91234567"}"#
    );
    assert_eq!(proxies[2].to_string(), "SVID:4853305");
    assert_eq!(
        FpsProxy::from_scheme(&ProxyScheme::Aiin, "4111111111111111"),
        Err(FpsAddressError::UnsupportedScheme {
            scheme: "AIIN".into()
        })
    );
    let unknown = ProxyScheme::from("XYZW");
    assert!(!unknown.is_known());
    assert!(FpsProxy::from_scheme(&unknown, "x").is_err());
}

#[test]
fn debug_masks_personal_data() {
    let proxies = [
        FpsProxy::from(MobileNumber::parse("91234567").unwrap()),
        FpsProxy::from(HkidNumber::parse("A1234563").unwrap()),
        FpsProxy::from(BankAccount::parse("004-123456789012").unwrap()),
        FpsProxy::from(CustomerId::parse("CIF-0012345").unwrap()),
    ];
    for (proxy, secret) in
        proxies
            .iter()
            .zip(["91234567", "1234563", "123456789012", "CIF-0012345"])
    {
        let debug = format!("{proxy:?}");
        assert!(!debug.contains(secret), "{debug}");
        assert!(proxy.to_string().contains(secret));
    }
}

#[test]
fn serde_validates() {
    let m: MobileNumber = serde_json::from_str(r#""85291234567""#).unwrap();
    assert_eq!(serde_json::to_string(&m).unwrap(), r#""+852-91234567""#);
    assert!(serde_json::from_str::<MobileNumber>(r#""21234567""#).is_err());
    assert!(serde_json::from_str::<HkidNumber>(r#""C5678908""#).is_err());
    assert!(serde_json::from_str::<BankCode>(r#""0042""#).is_err());
    assert!(
        serde_json::from_str::<FpsProxy>(r#"{"scheme":"SVID","identification":"12"}"#).is_err()
    );
}
