//! The HSBC group's real-time direct debit over HTTP: the creditor's
//! consent (through the consent page or auto-approval), mandates set up on
//! us with a one-time password (wrong, right, sent again, three wrong) and
//! off us through FPS, enquired, amended and cancelled; collections moving
//! money with every total kept, and their rejections; permissions,
//! idempotent replays, refusals of bad input. Every answer is signed and
//! checked against the spec, errors included.

use hkob_mock_bank::{Account, MockBank};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::flow::{Answer, Tsp, authorize_query_for};
use crate::{balance, digits, key, totals};

const CONSENTS: &str = "/open-banking/v1.0/direct-debit/direct-debit-consents";
const AUTHORISATIONS: &str = "/open-banking/v1.0/direct-debit/authorisations";
const CONFIRM: &str = "/open-banking/v1.0/direct-debit/authorisations/otp-confirmation";
const REGENERATE: &str = "/open-banking/v1.0/direct-debit/authorisations/otp-regeneration";
const INSTRUCTIONS: &str = "/open-banking/v1.0/direct-debit/instructions";
const SCOPE: &str = "openid directdebit";

/// Every permission but reporting.
const ALL: [&str; 6] = [
    "RealTimeDirectDebitSetup",
    "RealTimeDirectDebitOtpConfirmation",
    "RealTimeDirectDebitOtpRegeneration",
    "RealTimeDirectDebitStatusAuthorisations",
    "RealTimeDirectDebitInstructions",
    "RealTimeDirectDebitStatusInstructions",
];

/// The HKD accounts of a bank's customer, in order.
fn hkd(mock: &MockBank, bank: &str, customer: &str) -> Vec<Account> {
    mock.bank(bank)
        .expect("bank")
        .accounts()
        .iter()
        .filter(|a| a.customer_id == customer && a.currency == "HKD")
        .cloned()
        .collect()
}

/// The best funded HKD account at a bank of anyone but `not`.
fn debtor_account(mock: &MockBank, bank: &str, not: &str) -> Account {
    let handle = mock.bank(bank).expect("bank");
    handle
        .accounts()
        .iter()
        .filter(|a| a.customer_id != not && a.currency == "HKD")
        .max_by_key(|a| handle.balance(&a.id).unwrap_or_default())
        .cloned()
        .expect("a debtor account")
}

fn cash(mock: &MockBank, bank: &str, account: &Account) -> Value {
    json!({
        "bankCode": mock.bank(bank).expect("bank").profile().bank_code,
        "accountIdentification": digits(&account.number),
        "currency": "HKD",
        "accountSchemeName": "BBAN",
    })
}

/// A TSP working for one creditor at a bank.
struct Creditor {
    tsp: Tsp,
    tsp_token: String,
    consent_id: String,
    username: String,
    /// The creditor's token, bound to the consent.
    token: String,
    account: Account,
    cash: Value,
}

impl Creditor {
    /// The bank's first customer authorises a consent for `permissions`
    /// without the page (collections go to their first HKD account).
    async fn at(mock: &MockBank, bank: &str, permissions: &[&str]) -> Creditor {
        let tsp = Tsp::at(mock, bank).await;
        let tsp_token = tsp.token_for("directdebit").await;
        let created = create_consent(&tsp, &tsp_token, json!({ "permissions": permissions })).await;
        assert_eq!(
            created.status,
            201,
            "{}",
            String::from_utf8_lossy(&created.bytes)
        );
        tsp.check(&created, "DirectDebitConsentResponse");
        let consent_id = created.json()["data"]["consentId"]
            .as_str()
            .expect("id")
            .to_owned();
        let handle = mock.bank(bank).expect("bank");
        let customer = handle.customers()[0].id.clone();
        let (username, _) = handle.customer_login(&customer).expect("login");
        let token = tsp.authorise_for(&consent_id, &username, SCOPE).await;
        let account = hkd(mock, bank, &customer)
            .into_iter()
            .next()
            .expect("an HKD account");
        let cash = cash(mock, bank, &account);
        Creditor {
            tsp,
            tsp_token,
            consent_id,
            username,
            token,
            account,
            cash,
        }
    }

    async fn post(&self, path: &str, key: &str, body: &Value) -> Answer {
        self.tsp
            .post(path, &self.token, key, &body.to_string(), &[])
            .await
            .expect("sent")
    }

    /// A mandate request from `debtor` at `bank`, up to `maximum`.
    fn mandate_body(&self, mock: &MockBank, bank: &str, debtor: &Account, maximum: &str) -> Value {
        json!({
            "merchantRequestIdentification": "MR-20261202-0001",
            "creditorReference": "GYM-MEMBER-8841",
            "debtorName": "CHAN TAI MAN",
            "debtorAccount": cash(mock, bank, debtor),
            "creditorName": "HARBOUR FITNESS LTD",
            "creditorAccount": self.cash,
            "debtorPrivateIdentification": "A1234563",
            "debtorPrivateIdentificationSchemeName": "NIDN",
            "debtorMobileNumber": "+852-61234567",
            "maximumAmountCurrency": "HKD",
            "maximumAmount": maximum,
            "occurrences": { "frequencyType": "MNTH", "durationToDate": "9999-12-31" },
            "otpHoldIndicator": false,
            "smsLanguageCode": "eng",
        })
    }

    /// Sets up a mandate: the checked answer's body.
    async fn setup(&self, body: &Value) -> Value {
        let a = self.post(AUTHORISATIONS, &key(), body).await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.bytes));
        self.tsp.check(&a, "DirectDebitAuthorisationResponse");
        a.json()
    }

    async fn confirm(&self, mandate: &str, prefix: &str, password: &str) -> Value {
        let body = json!({
            "mandateIdentification": mandate,
            "otpIdentificationNumber": prefix,
            "otpPassword": password,
            "creditorAccount": self.cash,
        });
        let a = self.post(CONFIRM, &key(), &body).await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.bytes));
        self.tsp.check(&a, "OtpConfirmationResponse");
        a.json()
    }

    async fn regenerate(&self, mandate: &str) -> Value {
        let body = json!({
            "mandateIdentification": mandate,
            "creditorAccount": self.cash,
            "smsLanguageCode": "chi",
        });
        let a = self.post(REGENERATE, &key(), &body).await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.bytes));
        self.tsp.check(&a, "DirectDebitAuthorisationResponse");
        a.json()
    }

    async fn enquire(&self, mandate: &str) -> Value {
        let a = self
            .tsp
            .get(&format!("{AUTHORISATIONS}/{mandate}"), &self.token)
            .await;
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.bytes));
        self.tsp.check(&a, "MandateEnquiryResponse");
        a.json()
    }

    async fn amend(&self, mandate: &str, maximum: &str) -> Answer {
        let body = json!({
            "creditorAccount": self.cash,
            "maximumAmount": maximum,
            "maximumAmountCurrency": "HKD",
            "occurrences": { "frequencyType": "ADHO", "durationToDate": "2099-12-31" },
        });
        self.tsp
            .put(
                &format!("{AUTHORISATIONS}/{mandate}"),
                &self.token,
                &key(),
                &body.to_string(),
            )
            .await
    }

    async fn cancel(&self, mandate: &str) -> Answer {
        self.tsp
            .delete(&format!("{AUTHORISATIONS}/{mandate}"), &self.token)
            .await
    }

    fn collection(&self, mandate: &str, amount: &str) -> Value {
        json!({
            "mandateIdentification": mandate,
            "instructedAmount": { "amount": amount, "currency": "HKD" },
            "creditorAccount": self.cash,
            "creditorReference": "GYM-MEMBER-8841",
            "endToEndIdentification": "DEC-2026-8841",
        })
    }

    /// Collects: the checked answer's body.
    async fn collect(&self, mandate: &str, amount: &str) -> Value {
        let a = self
            .post(INSTRUCTIONS, &key(), &self.collection(mandate, amount))
            .await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.bytes));
        self.tsp.check(&a, "DirectDebitInstructionResponse");
        a.json()
    }

    async fn instruction(&self, id: &str) -> Value {
        let a = self
            .tsp
            .get(&format!("{INSTRUCTIONS}/{id}"), &self.token)
            .await;
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.bytes));
        self.tsp.check(&a, "DirectDebitInstructionResponse");
        a.json()
    }

    /// An error answer: its status, signed, in `ErrorInfo`; its code.
    fn error(&self, a: &Answer, status: u16) -> String {
        let body = self.tsp.check_error(a, status);
        body["errors"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

async fn create_consent(tsp: &Tsp, token: &str, data: Value) -> Answer {
    tsp.post(
        CONSENTS,
        token,
        &key(),
        &json!({ "data": data }).to_string(),
        &[],
    )
    .await
    .expect("sent")
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn reason(body: &Value) -> &str {
    text(&body["processResult"]["rejectReasonList"][0]["rejectReasonCode"])
}

/// The `request_id` of a consent page's form.
fn request_id_of(html: &str) -> String {
    let marker = "name=\"request_id\" value=\"";
    let start = html.find(marker).expect("request_id") + marker.len();
    let end = start + html[start..].find('"').expect("quote");
    html[start..end].to_owned()
}

#[tokio::test]
async fn the_whole_flow_on_us_with_the_consent_page_otp_collections_amendment_and_cancellation() {
    let mock = MockBank::builder()
        .banks(["hsbc", "bea"])
        .start()
        .await
        .expect("mock");
    let tsp = Tsp::at(&mock, "hsbc").await;
    let disco: Value = tsp
        .http
        .get(format!("{}/.well-known/openid-configuration", tsp.url))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert!(
        disco["scopes_supported"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s == "directdebit")),
        "{disco}"
    );

    // The consent, for every function but reporting, for a year.
    let tsp_token = tsp.token_for("directdebit").await;
    let until = chrono::Utc::now() + chrono::Duration::days(365);
    let created = create_consent(
        &tsp,
        &tsp_token,
        json!({ "permissions": ALL, "expirationDateTime": until.to_rfc3339() }),
    )
    .await;
    assert_eq!(
        created.status,
        201,
        "{}",
        String::from_utf8_lossy(&created.bytes)
    );
    tsp.check(&created, "DirectDebitConsentResponse");
    assert!(created.header("x-fapi-interaction-id").is_some());
    let consent = created.json();
    assert_eq!(consent["data"]["status"], "AWAU");
    assert_eq!(consent["data"]["permissions"], json!(ALL));
    assert!(consent["data"].get("creditorAccount").is_none());
    let consent_id = text(&consent["data"]["consentId"]).to_owned();

    // The creditor signs in on the page, sees the functions in words and
    // picks the account collections go to (their last HKD account).
    let hsbc = mock.bank("hsbc").expect("hsbc");
    let creditor_id = hsbc.customers()[0].id.clone();
    let (username, password) = hsbc.customer_login(&creditor_id).expect("login");
    let accounts = hkd(&mock, "hsbc", &creditor_id);
    let account = accounts.last().expect("an HKD account").clone();
    let (query, verifier) = authorize_query_for(&tsp.client_id, &consent_id, SCOPE);
    let page = tsp
        .http
        .get(&tsp.authorize)
        .query(&query)
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("manage your real-time direct debits"),
        "{html}"
    );
    let signed_in = tsp
        .http
        .post(&tsp.authorize)
        .form(&[
            ("request_id", request_id_of(&html).as_str()),
            ("username", username.as_str()),
            ("password", password.as_str()),
            ("decision", "login"),
        ])
        .send()
        .await
        .expect("sent");
    let html = signed_in.text().await.expect("html");
    assert!(html.contains("Set up direct debit authorisations with your payers"));
    assert!(html.contains("Collect payments under your authorisations"));
    for a in &accounts {
        assert!(html.contains(&format!(
            "type=\"radio\" name=\"accounts\" id=\"account-{}\"",
            a.id
        )));
    }
    let approved = tsp
        .http
        .post(&tsp.authorize)
        .form(&[
            ("request_id", request_id_of(&html).as_str()),
            ("accounts", account.id.as_str()),
            ("decision", "approve"),
        ])
        .send()
        .await
        .expect("sent");
    // The ID token names the consent (checked by `exchange`).
    let token = tsp.exchange(approved, &verifier, &consent_id).await;
    let read = tsp
        .get(&format!("{CONSENTS}/{consent_id}"), &tsp_token)
        .await;
    tsp.check(&read, "DirectDebitConsentResponse");
    let read = read.json();
    assert_eq!(read["data"]["status"], "AUTH");
    let creditor_cash = cash(&mock, "hsbc", &account);
    assert_eq!(read["data"]["creditorAccount"], creditor_cash);
    assert_eq!(read["data"]["creditorAccount"]["bankCode"], "004");

    let c = Creditor {
        tsp,
        tsp_token,
        consent_id,
        username,
        token,
        account: account.clone(),
        cash: creditor_cash,
    };
    // A mandate from another HSBC customer: an OTP is "sent".
    let debtor = debtor_account(&mock, "hsbc", &creditor_id);
    let body = c.mandate_body(&mock, "hsbc", &debtor, "800.00");
    let setup_key = key();
    let first = c.post(AUTHORISATIONS, &setup_key, &body).await;
    assert_eq!(
        first.status,
        201,
        "{}",
        String::from_utf8_lossy(&first.bytes)
    );
    c.tsp.check(&first, "DirectDebitAuthorisationResponse");
    let setup = first.json();
    assert_eq!(setup["processResult"]["responseCode"], "00");
    assert_eq!(setup["mandateStatus"], "PDOU");
    assert_eq!(setup["mobileNumber"], "+852-6123****");
    let mandate = text(&setup["mandateIdentification"]).to_owned();
    let prefix = text(&setup["otpIdentificationNumber"]).to_owned();
    let (sent_prefix, password) = hsbc.direct_debit_otp(&mandate).expect("an OTP");
    assert_eq!(sent_prefix, prefix);
    assert!(!prefix.is_empty() && prefix.len() <= 10);
    assert!(password.len() == 6 && password.bytes().all(|b| b.is_ascii_digit()));

    // The same key and body: the same answer, replayed, signed; no second mandate.
    let replay = c.post(AUTHORISATIONS, &setup_key, &body).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.header("x-idempotent-replayed"), Some("true"));
    assert_eq!(replay.bytes, first.bytes);
    c.tsp.check(&replay, "DirectDebitAuthorisationResponse");
    let other = c
        .post(
            AUTHORISATIONS,
            &setup_key,
            &c.mandate_body(&mock, "hsbc", &debtor, "900.00"),
        )
        .await;
    assert_eq!(c.error(&other, 422), "HK.HKMA.Idempotency.Mismatch");

    // A collection before the OTP is refused.
    let early = c.collect(&mandate, "10.00").await;
    assert_eq!(early["processResult"]["responseCode"], "99");
    assert_eq!(early["paymentInformationStatus"], "RJCT");
    assert_eq!(reason(&early), "MD01");

    // A wrong password: refused, still pending; then the right one.
    let wrong = if password == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = c.confirm(&mandate, &prefix, wrong).await;
    assert_eq!(refused["processResult"]["responseCode"], "99");
    assert_eq!(reason(&refused), "MPP04003");
    assert_eq!(
        refused["processResult"]["rejectReasonList"][0]["rejectReasonInfomation"],
        "OTP confirmation code is invalid."
    );
    assert_eq!(refused["mandateStatus"], "PDOU");
    let confirmed = c.confirm(&mandate, &prefix, &password).await;
    assert_eq!(confirmed["processResult"]["responseCode"], "00");
    assert_eq!(confirmed["mandateStatus"], "ACTIVE");
    assert_eq!(confirmed["creditorReference"], "GYM-MEMBER-8841");
    assert_eq!(hsbc.direct_debit_otp(&mandate), None);
    let enquired = c.enquire(&mandate).await;
    assert_eq!(enquired["mandateStatus"], "ACTIVE");
    assert_eq!(enquired["maximumAmount"], "800.00");
    assert_eq!(enquired["maximumAmountCurrency"], "HKD");
    assert_eq!(
        enquired["occurrences"],
        json!({ "frequencyType": "MNTH", "durationToDate": "9999-12-31" })
    );

    // A collection moves the money, every total kept.
    let before = totals(&mock);
    let debtor_before = balance(&mock, "hsbc", &debtor.id);
    let creditor_before = balance(&mock, "hsbc", &account.id);
    let collected = c.collect(&mandate, "650.00").await;
    assert_eq!(collected["processResult"]["responseCode"], "00");
    assert_eq!(collected["paymentInformationStatus"], "ACSC");
    let amount = Decimal::new(65_000, 2);
    assert_eq!(balance(&mock, "hsbc", &debtor.id), debtor_before - amount);
    assert_eq!(
        balance(&mock, "hsbc", &account.id),
        creditor_before + amount
    );
    assert_eq!(totals(&mock), before);
    let id = text(&collected["transactionIdentification"]).to_owned();
    assert_eq!(c.instruction(&id).await["paymentInformationStatus"], "ACSC");
    // Monthly, but any number of collections.
    assert_eq!(
        c.collect(&mandate, "1.00").await["paymentInformationStatus"],
        "ACSC"
    );

    // Above the maximum: rejected, nothing moves; amended, it is collected.
    let over = c.collect(&mandate, "900.00").await;
    assert_eq!(over["paymentInformationStatus"], "RJCT");
    assert_eq!(reason(&over), "AM14");
    let over_id = text(&over["transactionIdentification"]);
    let read = c.instruction(over_id).await;
    assert_eq!(read["paymentInformationStatus"], "RJCT");
    assert_eq!(reason(&read), "AM14");
    let amended = c.amend(&mandate, "1200.00").await;
    assert_eq!(
        amended.status,
        200,
        "{}",
        String::from_utf8_lossy(&amended.bytes)
    );
    c.tsp.check(&amended, "MandateEnquiryResponse");
    let amended = amended.json();
    assert_eq!(amended["maximumAmount"], "1200.00");
    assert_eq!(amended["occurrences"]["frequencyType"], "ADHO");
    assert_eq!(amended["occurrences"]["durationToDate"], "2099-12-31");
    assert_eq!(
        c.collect(&mandate, "900.00").await["paymentInformationStatus"],
        "ACSC"
    );
    assert_eq!(
        balance(&mock, "hsbc", &debtor.id),
        debtor_before - Decimal::new(155_100, 2)
    );
    assert_eq!(totals(&mock), before);

    // Cancelled (twice: the same answer); no more collections nor amendments.
    let cancelled = c.cancel(&mandate).await;
    assert_eq!(cancelled.status, 200);
    c.tsp.check(&cancelled, "MandateEnquiryResponse");
    assert_eq!(cancelled.json()["mandateStatus"], "CANCELLED");
    let again = c.cancel(&mandate).await;
    assert_eq!(again.status, 200);
    c.tsp.check(&again, "MandateEnquiryResponse");
    assert_eq!(again.json(), cancelled.json());
    let after = c.collect(&mandate, "1.00").await;
    assert_eq!(after["paymentInformationStatus"], "RJCT");
    assert_eq!(reason(&after), "MD01");
    assert_eq!(
        c.error(&c.amend(&mandate, "5.00").await, 403),
        "HK.HKMA.Consent.Invalid"
    );
    assert_eq!(c.enquire(&mandate).await["mandateStatus"], "CANCELLED");
    assert_eq!(totals(&mock), before);
    let _ = (&c.consent_id, &c.username, &c.tsp_token);
}

#[tokio::test]
async fn an_off_us_mandate_waits_for_fps_then_collects_across_banks() {
    let mock = MockBank::builder()
        .banks(["hsbc", "bea"])
        .direct_debit_fps_enquiries(2)
        .start()
        .await
        .expect("mock");
    let c = Creditor::at(&mock, "hsbc", &ALL).await;
    let debtor = debtor_account(&mock, "bea", "nobody");
    let setup = c
        .setup(&c.mandate_body(&mock, "bea", &debtor, "500.00"))
        .await;
    assert_eq!(setup["mandateStatus"], "PDFP");
    assert!(setup.get("otpIdentificationNumber").is_none());
    let mandate = text(&setup["mandateIdentification"]).to_owned();
    let hsbc = mock.bank("hsbc").expect("hsbc");
    assert_eq!(hsbc.direct_debit_otp(&mandate), None);
    assert_eq!(hsbc.direct_debit_status(&mandate), Some("PDFP"));
    assert_eq!(c.enquire(&mandate).await["mandateStatus"], "PDFP");
    assert_eq!(c.enquire(&mandate).await["mandateStatus"], "ACTIVE");
    // No password to confirm off us.
    let confirm = c.confirm(&mandate, "ABCDE", "123456").await;
    assert_eq!(confirm["processResult"]["responseCode"], "99");
    assert_eq!(reason(&confirm), "MPP04002");
    assert_eq!(confirm["mandateStatus"], "ACTIVE");

    let before = totals(&mock);
    let debtor_before = balance(&mock, "bea", &debtor.id);
    let creditor_before = balance(&mock, "hsbc", &c.account.id);
    let collected = c.collect(&mandate, "123.45").await;
    assert_eq!(collected["processResult"]["responseCode"], "00");
    assert_eq!(collected["paymentInformationStatus"], "ACSP");
    let amount = Decimal::new(12_345, 2);
    assert_eq!(balance(&mock, "bea", &debtor.id), debtor_before - amount);
    assert_eq!(
        balance(&mock, "hsbc", &c.account.id),
        creditor_before + amount
    );
    assert_eq!(totals(&mock), before);
    let id = text(&collected["transactionIdentification"]);
    assert!(id.starts_with("DDI"), "{id}");
    assert_eq!(c.instruction(id).await["paymentInformationStatus"], "ACSC");
    assert_eq!(c.instruction(id).await["paymentInformationStatus"], "ACSC");

    // At once, when the bank is told so.
    hsbc.set_direct_debit_fps_enquiries(0);
    let at_once = c
        .setup(&c.mandate_body(&mock, "bea", &debtor, "500.00"))
        .await;
    assert_eq!(at_once["mandateStatus"], "ACTIVE");
}

#[tokio::test]
async fn a_new_password_replaces_the_old_and_three_wrong_ones_fail_the_mandate() {
    let mock = MockBank::builder()
        .banks(["hsbc"])
        .start()
        .await
        .expect("mock");
    let c = Creditor::at(&mock, "hsbc", &ALL).await;
    let creditor_id = c.account.customer_id.clone();
    let debtor = debtor_account(&mock, "hsbc", &creditor_id);
    let hsbc = mock.bank("hsbc").expect("hsbc");
    let mut body = c.mandate_body(&mock, "hsbc", &debtor, "50");
    if let Some(o) = body.as_object_mut() {
        o.remove("debtorMobileNumber");
    }
    let setup = c.setup(&body).await;
    assert!(setup.get("mobileNumber").is_none());
    let mandate = text(&setup["mandateIdentification"]).to_owned();
    let (old_prefix, old_password) = hsbc.direct_debit_otp(&mandate).expect("an OTP");
    let again = c.regenerate(&mandate).await;
    assert_eq!(again["processResult"]["responseCode"], "00");
    assert_eq!(again["mandateStatus"], "PDOU");
    let (prefix, password) = hsbc.direct_debit_otp(&mandate).expect("a new OTP");
    assert_eq!(again["otpIdentificationNumber"], prefix.as_str());
    assert_ne!(prefix, old_prefix);
    let stale = c.confirm(&mandate, &old_prefix, &old_password).await;
    assert_eq!(reason(&stale), "MPP04003");
    let confirmed = c.confirm(&mandate, &prefix, &password).await;
    assert_eq!(confirmed["mandateStatus"], "ACTIVE");
    let late = c.regenerate(&mandate).await;
    assert_eq!(late["processResult"]["responseCode"], "99");
    assert_eq!(reason(&late), "MPP04002");
    assert_eq!(c.enquire(&mandate).await["maximumAmount"], "50");

    // Three wrong passwords: ERROR.
    let failing = text(
        &c.setup(&c.mandate_body(&mock, "hsbc", &debtor, "50.00"))
            .await["mandateIdentification"],
    )
    .to_owned();
    let (prefix, password) = hsbc.direct_debit_otp(&failing).expect("an OTP");
    let wrong = if password == "999999" {
        "888888"
    } else {
        "999999"
    };
    for expected in ["PDOU", "PDOU", "ERROR"] {
        let r = c.confirm(&failing, &prefix, wrong).await;
        assert_eq!(reason(&r), "MPP04003");
        assert_eq!(r["mandateStatus"], expected);
    }
    let too_late = c.confirm(&failing, &prefix, &password).await;
    assert_eq!(reason(&too_late), "MPP04002");
    assert_eq!(too_late["mandateStatus"], "ERROR");
    assert_eq!(c.enquire(&failing).await["mandateStatus"], "ERROR");
    assert_eq!(reason(&c.collect(&failing, "1.00").await), "MD01");
    assert_eq!(
        c.error(&c.cancel(&failing).await, 403),
        "HK.HKMA.Consent.Invalid"
    );
    // Unknown mandates are business refusals too.
    let unknown = c.confirm("D0000000N9999", &prefix, &password).await;
    assert_eq!(reason(&unknown), "MPP04001");
    assert_eq!(reason(&c.regenerate("D0000000N9999").await), "MPP04001");
    assert_eq!(reason(&c.collect("D0000000N9999", "1.00").await), "MD01");
}

#[tokio::test]
async fn insufficient_funds_are_rejected_and_an_expired_mandate_collects_nothing() {
    let mock = MockBank::builder()
        .banks(["hsbc", "bea"])
        .direct_debit_fps_enquiries(0)
        .start()
        .await
        .expect("mock");
    let c = Creditor::at(&mock, "hsbc", &ALL).await;
    let debtor = debtor_account(&mock, "bea", "nobody");
    let mandate = text(
        &c.setup(&c.mandate_body(&mock, "bea", &debtor, "9999999999.00"))
            .await["mandateIdentification"],
    )
    .to_owned();
    let before = totals(&mock);
    let too_much = balance(&mock, "bea", &debtor.id) + Decimal::ONE;
    let rejected = c.collect(&mandate, &format!("{too_much:.2}")).await;
    assert_eq!(rejected["paymentInformationStatus"], "RJCT");
    assert_eq!(reason(&rejected), "AM04");
    assert_eq!(totals(&mock), before);
    // A closed account.
    assert!(mock.bank("bea").expect("bea").close_account(&debtor.id));
    assert_eq!(reason(&c.collect(&mandate, "1.00").await), "AC04");

    // A mandate whose last day is today (Hong Kong) expires tomorrow.
    let debtor = debtor_account(&mock, "hsbc", &c.account.customer_id);
    let auth = mock
        .bank("hsbc")
        .expect("hsbc")
        .auth_server()
        .expect("auth");
    let today = chrono::DateTime::from_timestamp(auth.now() + 8 * 3600, 0)
        .expect("now")
        .format("%Y-%m-%d")
        .to_string();
    let mut body = c.mandate_body(&mock, "hsbc", &debtor, "10.00");
    body["occurrences"]["durationToDate"] = json!(today);
    let setup = c.setup(&body).await;
    let mandate = text(&setup["mandateIdentification"]).to_owned();
    assert_eq!(setup["mandateStatus"], "PDOU");
    auth.advance_clock(2 * 86_400).expect("clock");
    let token = auth.mint_access_token(
        &c.tsp.client_id,
        &["openid", "directdebit"],
        Some(&c.consent_id),
        Some(&c.username),
    );
    let c = Creditor { token, ..c };
    assert_eq!(c.enquire(&mandate).await["mandateStatus"], "EXPIRED");
    assert_eq!(reason(&c.collect(&mandate, "1.00").await), "MD01");
    let (prefix, password) = ("ABCDE", "123456");
    assert_eq!(
        reason(&c.confirm(&mandate, prefix, password).await),
        "MPP04002"
    );
    // A last day in the past is refused at setup.
    let past = c.setup_answer(&body).await;
    assert_eq!(c.error(&past, 400), "HK.HKMA.Field.Invalid");
}

impl Creditor {
    async fn setup_answer(&self, body: &Value) -> Answer {
        self.post(AUTHORISATIONS, &key(), body).await
    }
}

#[tokio::test]
async fn each_function_needs_its_permission_and_the_right_token() {
    let mock = MockBank::builder()
        .banks(["hsbc", "hangseng"])
        .start()
        .await
        .expect("mock");
    let c = Creditor::at(&mock, "hsbc", &["RealTimeDirectDebitSetup"]).await;
    let debtor = debtor_account(&mock, "hangseng", "nobody");
    let setup = c
        .setup(&c.mandate_body(&mock, "hangseng", &debtor, "10.00"))
        .await;
    assert_eq!(setup["mandateStatus"], "PDFP");
    let mandate = text(&setup["mandateIdentification"]).to_owned();
    let enquiry = c
        .tsp
        .get(&format!("{AUTHORISATIONS}/{mandate}"), &c.token)
        .await;
    assert_eq!(c.error(&enquiry, 403), "HK.HKMA.Consent.Invalid");
    let text = c.tsp.dialect.error_text(&enquiry.json());
    assert!(
        text.contains("RealTimeDirectDebitStatusAuthorisations"),
        "{text}"
    );
    let collect = c
        .post(INSTRUCTIONS, &key(), &c.collection(&mandate, "1.00"))
        .await;
    assert_eq!(c.error(&collect, 403), "HK.HKMA.Consent.Invalid");
    assert_eq!(
        c.error(&c.cancel(&mandate).await, 403),
        "HK.HKMA.Consent.Invalid"
    );
    let confirm = c
        .post(
            CONFIRM,
            &key(),
            &json!({"mandateIdentification": mandate, "otpIdentificationNumber": "A",
                "otpPassword": "1", "creditorAccount": c.cash}),
        )
        .await;
    assert_eq!(c.error(&confirm, 403), "HK.HKMA.Consent.Invalid");
    let read = c.tsp.get(&format!("{INSTRUCTIONS}/DDI1"), &c.token).await;
    assert_eq!(c.error(&read, 403), "HK.HKMA.Consent.Invalid");

    // The TSP's own token does not set up mandates; the creditor's does not create consents.
    let tsp_setup = c
        .tsp
        .post(
            AUTHORISATIONS,
            &c.tsp_token,
            &key(),
            &c.mandate_body(&mock, "hangseng", &debtor, "10.00")
                .to_string(),
            &[],
        )
        .await
        .expect("sent");
    assert_eq!(c.error(&tsp_setup, 401), "HK.HKMA.Token.Invalid");
    let customer_consent = create_consent(&c.tsp, &c.token, json!({ "permissions": ALL })).await;
    assert_eq!(c.error(&customer_consent, 401), "HK.HKMA.Token.Invalid");
    // A payments token is not a direct debit token.
    let payments = c.tsp.token().await;
    let wrong_scope = create_consent(&c.tsp, &payments, json!({ "permissions": ALL })).await;
    assert_eq!(c.error(&wrong_scope, 401), "HK.HKMA.Token.Invalid");
    // A consent that does not exist.
    let missing = c.tsp.get(&format!("{CONSENTS}/nope"), &c.tsp_token).await;
    assert_eq!(c.error(&missing, 404), "HK.HKMA.Resource.NotFound");

    // A revoked consent: 403 on every call.
    let auth = mock
        .bank("hsbc")
        .expect("hsbc")
        .auth_server()
        .expect("auth");
    auth.revoke_consent(&c.consent_id).expect("revoked");
    let revoked = c
        .post(
            AUTHORISATIONS,
            &key(),
            &c.mandate_body(&mock, "hangseng", &debtor, "10.00"),
        )
        .await;
    assert_eq!(c.error(&revoked, 403), "HK.HKMA.Consent.Invalid");
    let read = c
        .tsp
        .get(&format!("{CONSENTS}/{}", c.consent_id), &c.tsp_token)
        .await;
    c.tsp.check(&read, "DirectDebitConsentResponse");
    assert_eq!(read.json()["data"]["status"], "CANC");
}

#[tokio::test]
async fn bad_input_is_refused_in_error_info_and_never_panics() {
    let mock = MockBank::builder()
        .banks(["hsbc", "bea"])
        .start()
        .await
        .expect("mock");
    let c = Creditor::at(&mock, "hsbc", &ALL).await;
    let debtor = debtor_account(&mock, "hsbc", &c.account.customer_id);
    let good = c.mandate_body(&mock, "hsbc", &debtor, "10.00");

    // Consents.
    for data in [
        json!({ "permissions": [] }),
        json!({ "permissions": ["ReadBalances"] }),
        json!({ "permissions": ALL, "expirationDateTime": "2020-01-01T00:00:00Z" }),
        json!({ "permissions": ALL, "expirationDateTime": "tomorrow" }),
        json!({}),
    ] {
        let a = create_consent(&c.tsp, &c.tsp_token, data.clone()).await;
        let code = c.error(&a, 400);
        assert!(code.starts_with("HK.HKMA.Field."), "{data}: {code}");
    }

    // Mandates: another creditor account, debtors that do not exist.
    let mut other_creditor = good.clone();
    other_creditor["creditorAccount"] = cash(&mock, "hsbc", &debtor);
    let a = c.setup_answer(&other_creditor).await;
    assert_eq!(c.error(&a, 403), "HK.HKMA.Consent.Invalid");
    let mut unknown = good.clone();
    unknown["debtorAccount"]["accountIdentification"] = json!("000000000000");
    assert_eq!(
        c.error(&c.setup_answer(&unknown).await, 400),
        "HK.HKMA.Account.Invalid"
    );
    let mut elsewhere = good.clone();
    elsewhere["debtorAccount"]["bankCode"] = json!("999");
    assert_eq!(
        c.error(&c.setup_answer(&elsewhere).await, 400),
        "HK.HKMA.Account.Invalid"
    );
    let mut itself = good.clone();
    itself["debtorAccount"] = c.cash.clone();
    assert_eq!(
        c.error(&c.setup_answer(&itself).await, 400),
        "HK.HKMA.Account.Invalid"
    );
    let mut hyphens = good.clone();
    hyphens["debtorAccount"]["accountIdentification"] = json!(debtor.number);
    if debtor.number.contains('-') {
        assert_eq!(
            c.error(&c.setup_answer(&hyphens).await, 400),
            "HK.HKMA.Field.Invalid"
        );
    }
    let mut missing = good.clone();
    if let Some(o) = missing.as_object_mut() {
        o.remove("debtorPrivateIdentification");
    }
    assert_eq!(
        c.error(&c.setup_answer(&missing).await, 400),
        "HK.HKMA.Field.Missing"
    );

    // No idempotency key; a key too long.
    let no_key = c
        .tsp
        .http
        .post(format!("{}{AUTHORISATIONS}", c.tsp.url))
        .bearer_auth(&c.token)
        .header("content-type", "application/json")
        .body(good.to_string())
        .send()
        .await
        .expect("sent");
    let status = no_key.status().as_u16();
    let headers = no_key.headers().clone();
    let bytes = no_key.bytes().await.expect("body").to_vec();
    let no_key = Answer {
        status,
        headers,
        bytes,
    };
    assert_eq!(c.error(&no_key, 400), "HK.HKMA.Field.Missing");
    let long = c.post(AUTHORISATIONS, &"k".repeat(41), &good).await;
    assert_eq!(c.error(&long, 400), "HK.HKMA.Field.Invalid");

    // Reads of what does not exist.
    let a = c
        .tsp
        .get(&format!("{AUTHORISATIONS}/D0000000N0000"), &c.token)
        .await;
    assert_eq!(c.error(&a, 404), "HK.HKMA.Resource.NotFound");
    let a = c.tsp.get(&format!("{INSTRUCTIONS}/DDI0"), &c.token).await;
    assert_eq!(c.error(&a, 404), "HK.HKMA.Resource.NotFound");
    let a = c.amend("D0000000N0000", "1.00").await;
    assert_eq!(c.error(&a, 404), "HK.HKMA.Resource.NotFound");
    let a = c.cancel("D0000000N0000").await;
    assert_eq!(c.error(&a, 404), "HK.HKMA.Resource.NotFound");

    // Garbage of every kind at every POST and the PUT: refused, never a panic.
    let mandate = text(&c.setup(&good).await["mandateIdentification"]).to_owned();
    let bad_cash = json!({"bankCode": "4", "accountIdentification": "1", "currency": "HKD"});
    let bodies = [
        "".to_owned(),
        "null".to_owned(),
        "[]".to_owned(),
        "{".to_owned(),
        "\u{0}\u{ff}".to_owned(),
        json!({"data": {"permissions": [1, 2]}}).to_string(),
        json!({"mandateIdentification": "x".repeat(36)}).to_string(),
        json!({"maximumAmount": "1e9", "maximumAmountCurrency": "HKD", "creditorAccount": bad_cash}).to_string(),
        json!({"mandateIdentification": mandate, "instructedAmount": {"amount": "99999999999999", "currency": "HKD"}, "creditorAccount": bad_cash}).to_string(),
        json!({"mandateIdentification": mandate, "instructedAmount": {"amount": "-1.00", "currency": "HKD"}, "creditorAccount": bad_cash}).to_string(),
        json!({"mandateIdentification": mandate, "otpIdentificationNumber": "ABCDEFGHIJK", "otpPassword": "1", "creditorAccount": bad_cash}).to_string(),
    ];
    let puts = format!("{AUTHORISATIONS}/{mandate}");
    for path in [
        CONSENTS,
        AUTHORISATIONS,
        CONFIRM,
        REGENERATE,
        INSTRUCTIONS,
        puts.as_str(),
    ] {
        let token = if path == CONSENTS {
            &c.tsp_token
        } else {
            &c.token
        };
        for body in &bodies {
            let a = if path == puts {
                c.tsp.put(path, token, &key(), body).await
            } else {
                c.tsp
                    .post(path, token, &key(), body, &[])
                    .await
                    .expect("sent")
            };
            assert_eq!(
                c.error(&a, 400).split('.').nth(2),
                Some("Field"),
                "{path} {body}"
            );
        }
    }
    // The mandate is as it was.
    assert_eq!(c.enquire(&mandate).await["mandateStatus"], "PDOU");
}
