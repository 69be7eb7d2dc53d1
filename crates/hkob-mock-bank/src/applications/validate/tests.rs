use serde_json::{Value, json};

use super::*;

pub(crate) fn applicant_json() -> Value {
    json!({
        "name": { "surname": "CHAN", "givenNames": "Tai Man" },
        "identityDocument": { "type": "HKID", "number": "A123456(3)" },
        "dateOfBirth": "1990-01-01",
        "nationality": "HK",
        "mobileNumber": "+852-91234567",
        "email": "chan@example.com",
        "residentialAddress": {
            "lines": ["Flat A, 1/F", "1 Example Road"],
            "district": "sha-tin",
            "region": "NT",
            "countryCode": "HK"
        }
    })
}

fn doc(applicant: Value) -> Value {
    json!({
        "productType": "savings-account",
        "productCode": "SAV001",
        "applicant": applicant,
        "details": { "savingsAccount": { "currency": "HKD" } },
        "consents": { "personalDataCollection": true, "marketing": false }
    })
}

fn fields(v: &Value) -> Vec<String> {
    document(v).into_iter().map(|e| e.field).collect()
}

#[test]
fn a_valid_document_passes() {
    assert_eq!(document(&doc(applicant_json())), vec![]);
}

#[test]
fn each_rule_names_its_field() {
    let mut a = applicant_json();
    a["identityDocument"]["number"] = json!("A123456(4)");
    a["mobileNumber"] = json!("+852-12345678");
    a["residentialAddress"]["district"] = json!("wan-chai");
    assert_eq!(
        fields(&doc(a)),
        [
            "applicant.identityDocument.number",
            "applicant.mobileNumber",
            "applicant.residentialAddress.district"
        ]
    );
    let mut d = doc(applicant_json());
    d["details"]["timeDeposit"] = json!({});
    d["consents"]["personalDataCollection"] = json!(false);
    assert_eq!(
        fields(&d),
        ["details.timeDeposit", "consents.personalDataCollection"]
    );
    let mut a = applicant_json();
    a["identityDocument"] =
        json!({ "type": "PASSPORT", "number": "K1234567", "expiryDate": "2001-01-01" });
    a["residentialAddress"]["region"] = Value::Null;
    assert_eq!(
        fields(&doc(a)),
        [
            "applicant.identityDocument.issuingCountry",
            "applicant.identityDocument.expiryDate",
            "applicant.residentialAddress.region"
        ]
    );
}

#[test]
fn wrong_types_and_huge_values_are_field_errors() {
    for junk in [json!(null), json!([1]), json!("x"), json!(1e300)] {
        assert!(!document(&junk).is_empty());
        assert!(!document(&doc(junk.clone())).is_empty());
    }
    let mut d = doc(applicant_json());
    d["productType"] = json!("time-deposit");
    d["details"] = json!({ "timeDeposit": {
        "principal": { "amount": "-1", "currency": "HKD" },
        "tenorDays": 1e300,
        "maturityInstruction": "RENEW_ALL"
    }});
    assert_eq!(
        fields(&d),
        [
            "details.timeDeposit.principal.amount",
            "details.timeDeposit.tenorDays"
        ]
    );
    let long = "x".repeat(100_000);
    let mut a = applicant_json();
    a["name"]["surname"] = json!(long);
    assert_eq!(fields(&doc(a)), ["applicant.name.surname"]);
}

#[test]
fn answers_name_their_fields_below_the_path() {
    let bad = json!({ "text": "", "document": { "fileName": "a", "mediaType": "text/plain", "content": "%%%" } });
    let fields: Vec<String> = answer(&bad, "Data.Answer", None)
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["Data.Answer.text", "Data.Answer.document.content"]);
    assert_eq!(answer(&json!([]), "", None)[0].field, "");
    let sealed_for = |id: &str| json!({ "requestId": id, "text": "Sent." });
    assert!(answer(&sealed_for("ir-1"), "answer", Some("ir-1")).is_empty());
    assert!(answer(&json!({ "text": "Sent." }), "answer", Some("ir-1")).is_empty());
    let swapped: Vec<String> = answer(&sealed_for("ir-2"), "answer", Some("ir-1"))
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(swapped, ["answer.requestId"]);
}
