//! Signatures: a TSP that lodged a key must sign both POSTs (a missing or
//! tampered signature is a 400, in the envelope and signed); every answer
//! of the Phase IV routes, errors included, is signed with a key of the
//! bank's JWKS; each misbehaviour breaks that signature its own way.

use hkob_mock_bank::{JwsAlgorithm, JwsKey, Misbehaviour, MockBank, TspClient};
use jsonwebtoken::EncodingKey;

use crate::flow::Tsp;
use crate::{hsbc_fps, jetco_fps, key, payer, proxy};

fn es256_pair() -> (EncodingKey, JwsKey) {
    let kp = rcgen::KeyPair::generate().expect("P-256 key");
    let enc = EncodingKey::from_ec_pem(kp.serialize_pem().as_bytes()).expect("encoding key");
    let dec =
        JwsKey::from_pem(JwsAlgorithm::Es256, kp.public_key_pem().as_bytes()).expect("public");
    (enc, dec)
}

#[tokio::test]
async fn a_tsp_with_a_signing_key_signs_both_posts() {
    let (enc, key_pub) = es256_pair();
    let mock = MockBank::builder()
        .banks(["bea", "hsbc"])
        .tsp_client(TspClient::new("signer", "signer-secret").with_signing_key(key_pub))
        .start()
        .await
        .expect("mock");
    for bank in ["bea", "hsbc"] {
        let signer =
            Tsp::as_client(&mock, bank, "signer", "signer-secret", Some(enc.clone())).await;
        let unsigned = Tsp::as_client(&mock, bank, "signer", "signer-secret", None).await;
        let to = proxy(&mock, bank, "MOBN");
        let initiation = match signer.dialect {
            crate::flow::Dialect::Jetco => jetco_fps("1.00", "MOBN", &to.identification),
            crate::flow::Dialect::Hsbc => hsbc_fps("1.00", "MOBN", &to.identification),
        };
        let token = signer.token().await;
        let missing = unsigned.consent(&token, &key(), &initiation).await;
        signer.check_error(&missing, 400);
        let body = serde_json::json!({ "data": { "initiation": initiation } }).to_string();
        let other_sig = signer.sign(b"{\"other\":true}").expect("signs");
        let tampered = unsigned
            .post(
                signer.dialect.consents(),
                &token,
                &key(),
                &body,
                &[("x-jws-signature", &other_sig)],
            )
            .await
            .expect("sent");
        let refused = signer.check_error(&tampered, 400);
        assert!(
            signer
                .dialect
                .error_text(&refused)
                .contains("x-jws-signature"),
            "{refused}"
        );
        let consent_id = signer.consent_id(&token, &initiation).await;
        let customer = signer
            .authorise(&consent_id, &payer(&mock, bank).username)
            .await;
        let pay_body = Tsp::payment_body(&consent_id, &initiation);
        let unsigned_pay = unsigned
            .post(signer.dialect.payments(), &customer, &key(), &pay_body, &[])
            .await
            .expect("sent");
        signer.check_error(&unsigned_pay, 400);
        let paid = signer
            .pay(&customer, &key(), &consent_id, &initiation)
            .await;
        assert_eq!(paid.status, 201, "{}", String::from_utf8_lossy(&paid.bytes));
        signer.check(&paid, signer.dialect.payment_schema());
    }
}

#[tokio::test]
async fn each_misbehaviour_breaks_the_answer_signature_its_way() {
    let mock = MockBank::builder()
        .banks(["bea", "hsbc"])
        .start()
        .await
        .expect("mock");
    for bank in ["bea", "hsbc"] {
        let tsp = Tsp::at(&mock, bank).await;
        let token = tsp.token().await;
        let to = proxy(&mock, bank, "MOBN");
        let initiation = match tsp.dialect {
            crate::flow::Dialect::Jetco => jetco_fps("1.00", "MOBN", &to.identification),
            crate::flow::Dialect::Hsbc => hsbc_fps("1.00", "MOBN", &to.identification),
        };
        let consent_id = tsp.consent_id(&token, &initiation).await;
        let path = format!("{}/{consent_id}", tsp.dialect.consents());
        let good = tsp.get(&path, &token).await;
        let header = tsp.verify_signature(&good).expect("verifies");
        assert_eq!(header["http://openbanking.org.uk/iss"], tsp.url.as_str());
        // Errors are signed too.
        let missing = tsp
            .get(&format!("{}/nope", tsp.dialect.consents()), &token)
            .await;
        tsp.verify_signature(&missing).expect("the 404 verifies");

        let auth = mock
            .bank(bank)
            .and_then(|b| b.auth_server().cloned())
            .expect("auth");
        let cases = [
            (Misbehaviour::PaymentSignatureTampered, "does not verify"),
            (Misbehaviour::PaymentSignatureWrongKid, "is not in the JWKS"),
            (Misbehaviour::PaymentSignatureUnknownCrit, "crit"),
            (Misbehaviour::PaymentSignatureMissing, "no x-jws-signature"),
        ];
        for (m, why) in cases {
            assert_eq!(m.name().parse::<Misbehaviour>(), Ok(m));
            auth.set_misbehaviour(m);
            let a = tsp.get(&path, &token).await;
            assert_eq!(a.status, 200);
            let err = tsp.verify_signature(&a).expect_err("broken");
            assert!(err.contains(why), "{m}: {err}");
            auth.clear_misbehaviour(m);
        }
        tsp.verify_signature(&tsp.get(&path, &token).await)
            .expect("verifies again");
    }
}
