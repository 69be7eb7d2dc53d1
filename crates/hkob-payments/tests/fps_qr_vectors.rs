//! FPS QR payloads made by independent public encoders. Each one must pass the CRC check,
//! read as its source says, and encode back to the same string.

use hkob_core::{Currency, Decimal};
use hkob_payments::fps::{
    FpsAddressError, FpsProxy, FpsQr, FpsQrError, QrInitiation, crc16_ccitt_false,
};

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn round_trips(payload: &str) -> FpsQr {
    let qr = FpsQr::parse(payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    assert_eq!(
        qr.to_payload().as_deref(),
        Ok(payload),
        "re-encoding changed it"
    );
    qr
}

fn mobile(qr: &FpsQr) -> &str {
    match qr.payee() {
        FpsProxy::MobileNumber(m) => m.as_str(),
        other => panic!("not a mobile number: {other:?}"),
    }
}

#[test]
fn crc_standard_check_value() {
    assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
}

// odoo/odoo, addons/l10n_hk/tests/test_l10n_hk_emv_qr.py
// (commit 48e0bd901f87eda94ac434561d7b206e71f3864d), test_emv_qr_vals.
#[test]
fn odoo_invoice_with_whole_amount() {
    let qr = round_trips(
        "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5914company_1_data6002HK62170513INV/TEST/00016304A154",
    );
    assert_eq!(qr.initiation(), QrInitiation::Dynamic);
    assert_eq!(mobile(&qr), "+852-67891234");
    assert_eq!(qr.bank_code(), None);
    assert_eq!(qr.merchant_category_code(), "0000");
    assert_eq!(qr.currency(), Currency::HKD);
    assert_eq!(qr.amount(), Some(dec("100")));
    assert_eq!(qr.country_code(), "HK");
    assert_eq!(qr.merchant_name(), "company_1_data");
    assert_eq!(qr.merchant_city(), "HK");
    let data = qr.additional_data().expect("tag 62");
    assert_eq!(data.reference_label(), Some("INV/TEST/0001"));
    assert_eq!(data.bill_number(), None);
}

// odoo/odoo, addons/l10n_hk/tests/test_l10n_hk_emv_qr.py
// (commit 48e0bd901f87eda94ac434561d7b206e71f3864d), test_emv_qr_vals_with_non_integer_amount.
#[test]
fn odoo_invoice_with_one_decimal() {
    let qr = round_trips(
        "00020101021226330012hk.com.hkicl0313+852-678912345204000053033445405100.55802HK5914company_1_data6002HK62170513INV/TEST/000263049E64",
    );
    assert_eq!(qr.amount(), Some(dec("100.5")));
    assert_eq!(
        qr.additional_data().and_then(|d| d.reference_label()),
        Some("INV/TEST/0002")
    );
}

// hwwong/fps-hkqr, src/pages/about/about.ts: the sample scanned code (static, with a
// participant code and an amount).
#[test]
fn hwwong_static_code_with_bank_code() {
    let qr = round_trips(
        "00020101021126400012hk.com.hkicl01030040313+852-8765432152040000530334454041.235802HK5902NA6002HK6304C246",
    );
    assert_eq!(qr.initiation(), QrInitiation::Static);
    assert_eq!(
        qr.bank_code().map(|c| c.to_string()).as_deref(),
        Some("004")
    );
    assert_eq!(
        qr.bank_code()
            .and_then(|c| c.known_bank())
            .map(|b| b.bank_code()),
        Some("004")
    );
    assert_eq!(mobile(&qr), "+852-87654321");
    assert_eq!(qr.amount(), Some(dec("1.23")));
    assert_eq!(qr.merchant_name(), "NA");
    assert_eq!(qr.additional_data(), None);
}

// hkjeffchan/hkqr, src/index.test.ts (commit 51fbe2e41b3023caa0f883db0c868be4d5001e42),
// test "dynamicPhoneNo". This encoder writes tag 54 before tag 52; the order is kept.
#[test]
fn hkjeffchan_dynamic_phone_number_with_amount_first() {
    let payload = "00020101021226330012hk.com.hkicl0313+852-688899995406888.775204000053033445802HK5907Example6002HK62090105Hello63049100";
    let qr = round_trips(payload);
    assert_eq!(qr.initiation(), QrInitiation::Dynamic);
    assert_eq!(mobile(&qr), "+852-68889999");
    assert_eq!(qr.amount(), Some(dec("888.77")));
    assert_eq!(qr.merchant_name(), "Example");
    assert_eq!(
        qr.additional_data().and_then(|d| d.bill_number()),
        Some("Hello")
    );
    assert!(payload.contains("5406888.7752040000"));
}

// hkjeffchan/hkqr, src/index.test.ts (commit 51fbe2e41b3023caa0f883db0c868be4d5001e42), tests
// "static" and "dynamic"; pulsely/hkqr, README.md (commit
// 00de8d2464eb7f2c97cd03818c09df6c3f777926). Their CRCs are right, but the FPS IDs are 6 and 12
// digits, which no FPS ID is (7 to 10): they are refused as an invalid payee, not a bad CRC.
#[test]
fn vectors_with_impossible_fps_ids_are_refused_after_the_crc() {
    for payload in [
        "00020101021126260012hk.com.hkicl02061234565204123453033445802HK5907Example6002HK62240106987654021012345678906304F2FF",
        "00020101021226260012hk.com.hkicl02061234565406888.775204000053033445802HK5907Example6002HK62090105Hello6304ED2B",
        "00020101021226320012hk.com.hkicl021299999999999952040000530334454031005802HK5902NA6002HK62110507QR123456304983E",
    ] {
        assert!(
            matches!(
                FpsQr::parse(payload),
                Err(FpsQrError::Payee(FpsAddressError::FpsId { .. }))
            ),
            "{payload}: {:?}",
            FpsQr::parse(payload)
        );
    }
}

// pulsely/hkqr, src/hkqr/__init__.py (commit 00de8d2464eb7f2c97cd03818c09df6c3f777926): the
// template it decodes carries a stale checksum (84E1); the library recomputes the CRC of its
// output with binascii.crc_hqx(..., 0xffff), which gives D1A3 for this content.
#[test]
fn pulsely_template_has_a_stale_crc() {
    let stale = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK630484E1";
    assert_eq!(
        FpsQr::parse(stale),
        Err(FpsQrError::CrcMismatch {
            expected: 0xD1A3,
            found: "84E1".to_owned(),
        })
    );
    let fixed = stale.replace("84E1", "D1A3");
    let qr = round_trips(&fixed);
    assert_eq!(qr.payee().identification(), "9999999");
    assert_eq!(qr.amount(), Some(dec("123")));
}
