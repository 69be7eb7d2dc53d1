//! App-to-App / Web-to-App: the app switch data and what comes back.

use hkob_payments::fps::{
    ANDROID_INTENT_ACTION, AppSwitch, AppSwitchError, AppSwitchResult, CallbackUrl,
    IOS_TYPE_IDENTIFIER, Indicative, PaymentRequestUrl,
};

fn switch() -> AppSwitch {
    AppSwitch::new(
        PaymentRequestUrl::parse("https://fps.example-acquirer.hk/pay/abc123").unwrap(),
        CallbackUrl::parse("https://shop.example.hk/app/fps-return").unwrap(),
    )
}

#[test]
fn the_switch_carries_the_hkicl_identifiers() {
    let s = switch();
    assert_eq!(s.action, ANDROID_INTENT_ACTION);
    assert_eq!(s.action, "hk.com.hkicl");
    assert_eq!(s.type_identifier, IOS_TYPE_IDENTIFIER);
    assert_eq!(
        s.android_extras(),
        [("url", "https://fps.example-acquirer.hk/pay/abc123")]
    );
    assert_eq!(
        serde_json::to_string(&s.ios_item()).unwrap(),
        r#"{"URL":"https://fps.example-acquirer.hk/pay/abc123","callback":"https://shop.example.hk/app/fps-return"}"#
    );
}

#[test]
fn the_switch_serialises_and_reads_back() {
    let s = switch();
    let json = s.to_json();
    let read: AppSwitch = serde_json::from_str(&json).unwrap();
    assert_eq!(read, s);
    assert_eq!(serde_json::to_string(&s).unwrap().len(), json.len());
    // Deserialising checks the URLs too.
    let bad = json.replace("https://fps", "http://fps");
    assert!(serde_json::from_str::<AppSwitch>(&bad).is_err());
}

#[test]
fn payment_request_urls_are_https() {
    for bad in [
        "http://fps.example.hk/pay",
        "hk.com.hkicl://pay",
        "https://",
        "https://me:secret@fps.example.hk/pay",
        "",
    ] {
        assert!(PaymentRequestUrl::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn callback_results_are_only_indicative() {
    let callback = CallbackUrl::parse("https://shop.example.hk/app/fps-return").unwrap();
    let cases = [
        ("?status=success", Indicative::Ok),
        ("?status=OK", Indicative::Ok),
        ("?order=1&status=Cancelled", Indicative::Cancelled),
        ("?status=canceled", Indicative::Cancelled),
        ("?status=pending", Indicative::Unknown("pending".into())),
        ("", Indicative::Unknown(String::new())),
    ];
    for (query, expected) in cases {
        let url = format!("https://shop.example.hk/app/fps-return{query}");
        let result = AppSwitchResult::from_callback(&url, &callback).unwrap();
        assert_eq!(result.indicative, expected, "{query}");
    }
    for other in [
        "https://evil.example/app/fps-return?status=success",
        "https://shop.example.hk/elsewhere?status=success",
        "https://shop.example.hk:8443/app/fps-return?status=success",
        "http://shop.example.hk/app/fps-return?status=success",
    ] {
        assert_eq!(
            AppSwitchResult::from_callback(other, &callback),
            Err(AppSwitchError::CallbackMismatch),
            "{other}"
        );
    }
    assert!(matches!(
        AppSwitchResult::from_callback("::", &callback),
        Err(AppSwitchError::InvalidUrl { .. })
    ));
}

#[test]
fn results_serialise() {
    let r = AppSwitchResult::from_android_result_code(0);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, r#"{"indicative":"cancelled","status":"0"}"#);
    assert_eq!(serde_json::from_str::<AppSwitchResult>(&json).unwrap(), r);
}
