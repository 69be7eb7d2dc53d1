//! The canonical application serialises exactly as each dialect's spec describes the
//! application document: every product's document decodes into the generated types and
//! encodes back unchanged.

use hkob_applications::generated::{bochk_group, hsbc_group, jetco_apix};
use hkob_applications::{Application, Consents, ProductLimits};

mod support;
use support::{applicant, every_product, today};

fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(
    json: &serde_json::Value,
    what: &str,
) {
    let typed: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(&serde_json::to_value(&typed).unwrap(), json, "{what}");
}

#[test]
fn every_product_fits_every_dialect_spec() {
    for (kind, details) in every_product() {
        let application = Application::builder("PRODUCT-1", details)
            .applicant(applicant())
            .consents(Consents::new(true, true))
            .limits(ProductLimits::none())
            .build_on(today())
            .unwrap();
        let document = serde_json::to_value(&application).unwrap();
        // BOCHK seals the whole document.
        round_trips::<bochk_group::types::ApplicationDocument>(&document, kind.as_str());
        // JETCO and HSBC encrypt the applicant; JETCO sends the details beside it.
        round_trips::<jetco_apix::types::Applicant>(&document["applicant"], kind.as_str());
        round_trips::<hsbc_group::types::Applicant>(&document["applicant"], kind.as_str());
        round_trips::<jetco_apix::types::ProductDetails>(&document["details"], kind.as_str());
        round_trips::<jetco_apix::types::Consents>(&document["consents"], kind.as_str());
        round_trips::<jetco_apix::types::ProductType>(&document["productType"], kind.as_str());
    }
}

#[test]
fn a_passport_applicant_fits_too() {
    let passport = applicant()
        .passport("K12345678", "GB", support::day(2030, 6, 30))
        .build_on(today())
        .unwrap();
    let json = serde_json::to_value(&passport).unwrap();
    assert_eq!(json["identityDocument"]["type"], "PASSPORT");
    round_trips::<jetco_apix::types::Applicant>(&json, "passport");
    round_trips::<bochk_group::types::Applicant>(&json, "passport");
}
