//! FPS QR codes: building, reading, keeping unknown tags, and refusing broken payloads
//! without panicking.

use hkob_core::{Currency, Decimal};
use hkob_payments::fps::{
    AdditionalData, BankAccount, BankCode, EmailAddress, FpsId, FpsQr, FpsQrError, MobileNumber,
    QrInitiation, crc16_ccitt_false,
};

fn tlv(tag: &str, value: &str) -> String {
    format!("{tag}{:02}{value}", value.chars().count())
}

/// `body` with `6304` and its CRC appended.
fn sealed(body: &str) -> String {
    let with_tag = format!("{body}6304");
    let crc = crc16_ccitt_false(with_tag.as_bytes());
    format!("{with_tag}{crc:04X}")
}

fn account(inner: &str) -> String {
    tlv("26", &format!("{}{inner}", tlv("00", "hk.com.hkicl")))
}

/// A valid dynamic payload around `account_inner` (sub-tags after the GUI) and `tail` (tags
/// after 53).
fn payload_with(account_inner: &str, tail: &str) -> String {
    sealed(&format!(
        "000201010212{}5204000053033445406100.00{tail}5802HK5902NA6002HK",
        account(account_inner)
    ))
}

fn fps_id() -> FpsId {
    FpsId::parse("4853305").expect("an FPS ID")
}

#[test]
fn a_fresh_code_comes_out_in_ascending_tag_order() {
    let qr = FpsQr::new(fps_id()).unwrap();
    let payload = qr.to_payload().unwrap();
    assert_eq!(
        payload.get(..payload.len() - 4),
        Some("00020101021126270012hk.com.hkicl020748533055204000053033445802HK5902NA6002HK6304")
    );
    assert_eq!(FpsQr::parse(&payload), Ok(qr));
}

#[test]
fn building_a_dynamic_code_with_everything() {
    let mut qr = FpsQr::new(MobileNumber::parse("91234567").unwrap()).unwrap();
    qr.set_initiation(QrInitiation::Dynamic)
        .set_bank_code(Some(BankCode::parse("024").unwrap()))
        .set_amount(Some(Decimal::new(1050, 2)))
        .unwrap()
        .set_currency(Currency::CNY)
        .unwrap()
        .set_merchant_category_code("5812")
        .unwrap()
        .set_merchant_name("Tea House")
        .unwrap()
        .set_merchant_city("Kowloon")
        .unwrap();
    qr.additional_data_mut()
        .set_reference_label("ORDER-42")
        .unwrap()
        .set_bill_number("B1")
        .unwrap()
        .set_terminal_label("T9")
        .unwrap();
    let payload = qr.to_payload().unwrap();
    assert!(payload.contains("26400012hk.com.hkicl01030240313+852-91234567"));
    assert!(payload.contains("5303156540510.50"));
    assert!(payload.contains("62240102B10508ORDER-420702T9"));
    let read = FpsQr::parse(&payload).unwrap();
    assert_eq!(read, qr);
    assert_eq!(read.currency(), Currency::CNY);
    let data = read.additional_data().unwrap();
    assert_eq!(
        data.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        [1, 5, 7],
        "sub-tags in ascending order"
    );
}

#[test]
fn unknown_tags_and_sub_tags_survive_a_round_trip() {
    // Tag 15 (another scheme's account) before 26, a merchant-timeout sub-tag 26.05, tag 62
    // with unknown sub-tags 09 and 50, the language template 64 and a private tag 80, in an
    // order that is not ascending.
    let body = format!(
        "000201010212{}{}{}5204000053033445406100.005802HK5902NA6002HK{}{}{}",
        tlv("15", "4798034447980344598034493990063"),
        account(&format!(
            "{}{}",
            tlv("02", "166069526"),
            tlv("05", "291231231235")
        )),
        tlv(
            "80",
            &format!("{}{}", tlv("00", "com.swiftpass"), tlv("02", "1815"))
        ),
        tlv(
            "62",
            &format!(
                "{}{}{}{}",
                tlv("50", "private"),
                tlv("01", "00-12348A"),
                tlv("09", "AME"),
                tlv("05", "REF")
            )
        ),
        tlv("64", &format!("{}{}", tlv("00", "ZH"), tlv("01", "茶餐廳"))),
        tlv("99", "x"),
    );
    let payload = sealed(&body);
    let qr = FpsQr::parse(&payload).unwrap();
    assert_eq!(qr.to_payload().as_deref(), Ok(payload.as_str()));
    assert_eq!(
        qr.extra_tags().map(|(t, _)| t).collect::<Vec<_>>(),
        [15, 80, 64, 99]
    );
    assert_eq!(
        qr.account_extra_tags().collect::<Vec<_>>(),
        [(5, "291231231235")]
    );
    let data = qr.additional_data().unwrap();
    assert_eq!(data.get(50), Some("private"));
    assert_eq!(data.get(9), Some("AME"));
    assert_eq!(data.bill_number(), Some("00-12348A"));
    assert_eq!(data.reference_label(), Some("REF"));
}

#[test]
fn editing_a_read_code_keeps_its_order() {
    let payload = "00020101021226330012hk.com.hkicl0313+852-688899995406888.775204000053033445802HK5907Example6002HK62090105Hello63049100";
    let mut qr = FpsQr::parse(payload).unwrap();
    qr.set_payee(FpsId::parse("1234567").unwrap()).unwrap();
    qr.set_amount(Some(Decimal::new(5, 0))).unwrap();
    qr.additional_data_mut().set_reference_label("B7").unwrap();
    let edited = qr.to_payload().unwrap();
    assert!(
        edited.starts_with(
            "00020101021226270012hk.com.hkicl02071234567540155204000053033445802HK5907Example6002HK62150105Hello0502B76304"
        ),
        "{edited}"
    );
}

#[test]
fn upper_case_gui_and_lower_case_crc_are_read() {
    let body = format!(
        "000201010211{}5204000053033445802HK5902NA6002HK6304",
        tlv(
            "26",
            &format!("{}{}", tlv("00", "HK.COM.HKICL"), tlv("02", "7035918"))
        )
    );
    let crc = crc16_ccitt_false(body.as_bytes());
    let payload = format!("{body}{crc:04x}");
    let qr = FpsQr::parse(&payload).unwrap();
    assert_eq!(qr.gui(), "HK.COM.HKICL");
    assert_eq!(qr.to_payload().unwrap(), format!("{body}{crc:04X}"));
}

#[test]
fn the_crc_is_checked_first() {
    let good = payload_with(&tlv("02", "4853305"), "");
    let mut bad = good.clone();
    bad.replace_range(good.len() - 4.., "0000");
    let Err(FpsQrError::CrcMismatch { expected, found }) = FpsQr::parse(&bad) else {
        panic!("no CRC mismatch");
    };
    assert_eq!(format!("{expected:04X}"), &good[good.len() - 4..]);
    assert_eq!(found, "0000");

    // A changed byte anywhere is a CRC mismatch, whatever else it breaks.
    let tampered = good.replacen("4853305", "4853306", 1);
    assert!(matches!(
        FpsQr::parse(&tampered),
        Err(FpsQrError::CrcMismatch { .. })
    ));
    assert_eq!(FpsQr::parse("000201"), Err(FpsQrError::MissingCrc));
    assert_eq!(FpsQr::parse(""), Err(FpsQrError::MissingCrc));
}

#[test]
fn broken_payloads_give_typed_errors() {
    let payee = tlv("02", "4853305");
    type Check = fn(&FpsQrError) -> bool;
    let cases: Vec<(String, Check)> = vec![
        // A length that is not two digits.
        (sealed(&format!("0002010102121X{}", account(&payee))), |e| {
            matches!(e, FpsQrError::Malformed { .. })
        }),
        // A value longer than what is left (the CRC tag swallowed).
        (sealed("000201010212269912"), |e| {
            matches!(e, FpsQrError::Malformed { .. })
        }),
        // The same tag twice.
        (
            payload_with(&payee, "5802HK"),
            |e| matches!(e, FpsQrError::DuplicateTag { tag } if tag == "58"),
        ),
        // The same sub-tag twice.
        (
            payload_with(
                &format!("{payee}{}", tlv("01", "004")),
                &tlv("62", &format!("{}{}", tlv("05", "A"), tlv("05", "B"))),
            ),
            |e| matches!(e, FpsQrError::DuplicateTag { tag } if tag == "62.05"),
        ),
        // No merchant name.
        (
            sealed(&format!(
                "000201010211{}5204000053033445802HK6002HK",
                account(&payee)
            )),
            |e| matches!(e, FpsQrError::MissingTag { tag: "59" }),
        ),
        // No tag 26.
        (
            sealed("0002010102115204000053033445802HK5902NA6002HK"),
            |e| matches!(e, FpsQrError::MissingTag { tag: "26" }),
        ),
        // Another scheme in tag 26.
        (
            sealed(&format!(
                "000201010211{}5204000053033445802HK5902NA6002HK",
                tlv("26", &format!("{}{payee}", tlv("00", "sg.paynow")))
            )),
            |e| matches!(e, FpsQrError::WrongGui { found } if found == "sg.paynow"),
        ),
        // Three decimals.
        (
            sealed(&format!(
                "000201010212{}52040000530334454051.2345802HK5902NA6002HK",
                account(&payee)
            )),
            |e| matches!(e, FpsQrError::InvalidAmount { .. }),
        ),
        // Zero.
        (
            sealed(&format!(
                "000201010212{}520400005303344540105802HK5902NA6002HK",
                account(&payee)
            )),
            |e| matches!(e, FpsQrError::InvalidAmount { .. }),
        ),
        // Dynamic without an amount.
        (
            sealed(&format!(
                "000201010212{}5204000053033445802HK5902NA6002HK",
                account(&payee)
            )),
            |e| matches!(e, FpsQrError::AmountRequired),
        ),
        // US dollars.
        (
            sealed(&format!(
                "000201010211{}5204000053038405802HK5902NA6002HK",
                account(&payee)
            )),
            |e| matches!(e, FpsQrError::UnsupportedCurrency { code } if code == "840"),
        ),
        // Two payees.
        (
            payload_with(&format!("{payee}{}", tlv("04", "shop@example.hk")), ""),
            |e| matches!(e, FpsQrError::MultiplePayees),
        ),
        // No payee.
        (payload_with(&tlv("01", "004"), ""), |e| {
            matches!(e, FpsQrError::MissingPayee)
        }),
        // A mobile number not in +852-XXXXXXXX form.
        (
            payload_with(&tlv("03", "91234567"), ""),
            |e| matches!(e, FpsQrError::InvalidField { tag, .. } if tag == "26.03"),
        ),
        // The format indicator not first.
        (
            sealed(&format!(
                "010212000201{}52040000530334454011",
                account(&payee)
            )),
            |e| matches!(e, FpsQrError::Misplaced { tag: "00", .. }),
        ),
        // A merchant name over 25 characters.
        (
            sealed(&format!(
                "000201010211{}5204000053033445802HK{}6002HK",
                account(&payee),
                tlv("59", "A merchant name that is too long")
            )),
            |e| matches!(e, FpsQrError::TooLong { tag, max: 25, .. } if tag == "59"),
        ),
        // An empty value.
        (
            sealed(&format!(
                "000201010211{}5204000053033445802HK5902NA6002HK6200",
                account(&payee)
            )),
            |e| {
                matches!(
                    e,
                    FpsQrError::Malformed {
                        reason: "a value is empty",
                        ..
                    }
                )
            },
        ),
    ];
    for (payload, expected) in cases {
        match FpsQr::parse(&payload) {
            Err(e) if expected(&e) => {}
            other => panic!("{payload}: {other:?}"),
        }
    }
}

#[test]
fn setters_refuse_what_cannot_be_encoded() {
    let mut qr = FpsQr::new(fps_id()).unwrap();
    assert!(matches!(
        qr.set_amount(Some(Decimal::new(1234, 3))),
        Err(FpsQrError::InvalidAmount { .. })
    ));
    assert!(matches!(
        qr.set_amount(Some(Decimal::new(-1, 0))),
        Err(FpsQrError::InvalidAmount { .. })
    ));
    assert!(matches!(
        qr.set_amount(Some(Decimal::new(12_345_678_901_234, 0))),
        Err(FpsQrError::InvalidAmount { .. })
    ));
    assert!(matches!(
        qr.set_currency(Currency::USD),
        Err(FpsQrError::UnsupportedCurrency { .. })
    ));
    assert!(matches!(
        qr.set_merchant_city("A city with a long name"),
        Err(FpsQrError::TooLong { max: 15, .. })
    ));
    assert!(qr.set_merchant_category_code("12a4").is_err());
    assert!(qr.set_country_code("hk").is_err());
    assert_eq!(
        qr.set_extra_tag(54, "1").err(),
        Some(FpsQrError::ReservedTag { tag: 54 })
    );
    assert!(matches!(
        qr.set_extra_tag(80, &"x".repeat(100)),
        Err(FpsQrError::TooLong { max: 99, .. })
    ));
    assert!(matches!(
        qr.additional_data_mut()
            .set_reference_label(&"r".repeat(26)),
        Err(FpsQrError::TooLong { max: 25, .. })
    ));
    let account = BankAccount::parse("004-123456789012").unwrap();
    assert!(matches!(
        qr.set_payee(account.clone()),
        Err(FpsQrError::UnsupportedPayee { scheme }) if scheme == "BBAN"
    ));
    assert!(FpsQr::new(account).is_err());

    qr.set_initiation(QrInitiation::Dynamic);
    assert_eq!(qr.to_payload(), Err(FpsQrError::AmountRequired));

    // An e-mail address too long for the 99-character merchant account template.
    let long = format!("{}@{}.example.com", "a".repeat(64), "b".repeat(20));
    let mut qr = FpsQr::new(EmailAddress::parse(&long).unwrap()).unwrap();
    qr.set_additional_data(Some(AdditionalData::new()));
    assert!(matches!(qr.to_payload(), Err(FpsQrError::TooLong { tag, .. }) if tag == "26"));
}

#[test]
fn serde_uses_the_payload_string() {
    let payload = "00020101021126400012hk.com.hkicl01030040313+852-8765432152040000530334454041.235802HK5902NA6002HK6304C246";
    let qr = FpsQr::parse(payload).unwrap();
    let json = serde_json::to_string(&qr).unwrap();
    assert_eq!(json, format!("\"{payload}\""));
    assert_eq!(serde_json::from_str::<FpsQr>(&json).unwrap(), qr);
    assert!(serde_json::from_str::<FpsQr>("\"000201\"").is_err());
}

/// A tiny deterministic generator for the fuzz-style tests.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn every_prefix_of_a_valid_payload_is_an_error() {
    let payload = payload_with(
        &format!("{}{}", tlv("01", "004"), tlv("03", "+852-91234567")),
        &tlv("62", &tlv("05", "REF-1")),
    );
    assert!(FpsQr::parse(&payload).is_ok());
    for end in 0..payload.len() {
        if let Some(prefix) = payload.get(..end) {
            assert!(
                FpsQr::parse(prefix).is_err(),
                "prefix of {end} bytes parsed"
            );
        }
    }
}

#[test]
fn random_input_never_panics() {
    let mut rng = XorShift(0x5EED_F00D_CAFE_1234);
    let alphabet = b"0123456789ABCDEF.-+@hkcomil 6304\xE9\xA6\x99";
    for round in 0..3000 {
        let len = usize::try_from(rng.next() % 160).unwrap();
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = rng.next();
                if round % 3 == 0 {
                    u8::try_from(r % 256).unwrap()
                } else {
                    alphabet[usize::try_from(r).unwrap() % alphabet.len()]
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        assert!(FpsQr::parse(&text).is_err());
        // With a right CRC, the TLV reader and field rules get the input too.
        let _ = FpsQr::parse(&sealed(&text));
        let _ = FpsQr::parse(&sealed(&format!("000201010211{text}")));
    }
}

#[test]
fn mutations_of_a_valid_payload_never_panic() {
    let payload = payload_with(&tlv("02", "4853305"), &tlv("62", &tlv("01", "BILL")));
    let body = &payload[..payload.len() - 8];
    let mut rng = XorShift(42);
    for _ in 0..3000 {
        let mut bytes = body.as_bytes().to_vec();
        let at = usize::try_from(rng.next()).unwrap() % bytes.len();
        bytes[at] = b"0123456789X9"[usize::try_from(rng.next()).unwrap() % 12];
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(qr) = FpsQr::parse(&sealed(&text)) {
            // Whatever parses must encode back to the same string.
            assert_eq!(qr.to_payload(), Ok(sealed(&text)));
        }
    }
}
