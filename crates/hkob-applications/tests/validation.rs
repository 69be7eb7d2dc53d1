//! The applicant and product checks, one validator at a time, before anything is sent.

use hkob_applications::{
    Address, Applicant, ApplicantBuilder, Application, Beneficiary, BoxSize, Collateral, Consents,
    CountryCode, CreditCard, District, Employment, EmploymentStatus, ForeignCurrencyAccount,
    GeneralInsurance, IdentityDocument, InsuranceCover, InvalidApplication, LifeInsurance,
    Mortgage, ProblemKind, ProductDetails, ProductLimits, Region, SafeDepositBox, SavingsAccount,
    SecuredLoan, StockAccount, TimeDeposit, UnsecuredLoan,
};
use hkob_core::{Amount, Currency, Decimal};

mod support;
use support::{applicant, day, every_product, hkd, today};

fn apply(
    details: impl Into<ProductDetails>,
    limits: ProductLimits,
    who: ApplicantBuilder,
) -> Result<Application, InvalidApplication> {
    Application::builder("PRODUCT-1", details)
        .applicant(who)
        .consents(Consents::new(true, false))
        .limits(limits)
        .build_on(today())
}

fn problem_kind(err: &InvalidApplication, field: &str) -> ProblemKind {
    err.problem(field)
        .unwrap_or_else(|| panic!("no problem at {field}: {err}"))
        .kind()
        .clone()
}

// ---------------------------------------------------------------------------------------------
// HKID and passport

/// Valid HKID numbers, one- and two-letter prefixes and the check characters `A` and `0`.
/// The first five are the valid cases of an independent validator's test suite (stdnum-js,
/// `src/hk/hkid.spec.ts`); the last two were checked by hand against the published scheme.
const VALID_HKIDS: [&str; 7] = [
    "G123456(A)",
    "A555555(0)",
    "C567890(9)",
    "AB987654(3)",
    "WX123456(9)",
    "A123456(3)",
    "CA182361(1)",
];

#[test]
fn known_valid_hkids_are_accepted_in_any_spelling() {
    for hkid in VALID_HKIDS {
        for spelling in [
            hkid.to_owned(),
            hkid.replace(['(', ')'], ""),
            hkid.to_lowercase(),
            format!(" {} ", hkid.replace('(', " (")),
        ] {
            let built = applicant().hkid(spelling.as_str()).build_on(today());
            let applicant = built.unwrap_or_else(|e| panic!("{spelling}: {e}"));
            let IdentityDocument::Hkid { number } = applicant.identity_document() else {
                panic!("not an HKID");
            };
            assert_eq!(number.printed(), hkid);
        }
    }
}

#[test]
fn hkids_with_a_wrong_check_character_or_shape_are_refused() {
    // `C5678908` is the invalid case of the same independent suite; the others change the
    // check character of a valid number.
    for bad in [
        "C567890(8)",
        "A123456(4)",
        "AB987654(2)",
        "G123456(0)",
        "CA182361(2)",
    ] {
        let err = applicant().hkid(bad).build_on(today()).unwrap_err();
        let problem = err
            .problem("applicant.identityDocument.number")
            .expect("an HKID problem");
        assert_eq!(problem.kind(), &ProblemKind::Invalid);
        assert!(
            problem.message().contains("check character"),
            "{bad}: {problem}"
        );
        assert!(
            !err.to_string().contains(&bad[..4]),
            "the error repeats the number: {err}"
        );
    }
    for bad in [
        "",
        "123456789",
        "A12345(6)",
        "ABC123456(7)",
        "A1234567(8)",
        "A123456(B)",
        "Á123456(3)",
    ] {
        let err = applicant().hkid(bad).build_on(today()).unwrap_err();
        assert_eq!(
            problem_kind(&err, "applicant.identityDocument.number"),
            ProblemKind::Invalid,
            "{bad}"
        );
    }
}

#[test]
fn a_passport_is_an_alternative_to_an_hkid() {
    let built = applicant()
        .passport("k1234 5678", "gb", day(2031, 1, 31))
        .nationality("GB")
        .build_on(today())
        .unwrap();
    match built.identity_document() {
        IdentityDocument::Passport {
            number,
            issuing_country,
            expiry_date,
        } => {
            assert_eq!(number, "K12345678");
            assert_eq!(issuing_country.as_str(), "GB");
            assert_eq!(*expiry_date, day(2031, 1, 31));
        }
        other => panic!("{other:?}"),
    }

    let err = applicant()
        .passport("K1", "GBR", day(2026, 12, 2))
        .build_on(today())
        .unwrap_err();
    for field in ["number", "issuingCountry", "expiryDate"] {
        assert_eq!(
            problem_kind(&err, &format!("applicant.identityDocument.{field}")),
            ProblemKind::Invalid
        );
    }
    // Valid through its expiry day.
    assert!(
        applicant()
            .passport("K12345678", "GB", today())
            .build_on(today())
            .is_ok()
    );
}

#[test]
fn an_identity_document_is_required() {
    let mut builder = Applicant::builder()
        .name("CHAN", "Tai Man")
        .date_of_birth(day(1990, 5, 17))
        .nationality("HK")
        .mobile_number("91234567")
        .email("a@example.com")
        .residential_address(Address::hong_kong(["1 Main Street"], District::ShaTin));
    let err = builder.clone().build_on(today()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.identityDocument"),
        ProblemKind::Missing
    );
    builder = builder.hkid("A1234563");
    assert!(builder.build_on(today()).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Phone, e-mail, nationality, name

#[test]
fn mobile_numbers_are_normalised_and_fixed_lines_refused() {
    let built = applicant()
        .mobile_number("+852 6123 5678")
        .build_on(today())
        .unwrap();
    assert_eq!(built.mobile_number().as_str(), "+852-61235678");
    let overseas = applicant()
        .mobile_number("+86 138 1234 5678")
        .build_on(today())
        .unwrap();
    assert_eq!(overseas.mobile_number().as_str(), "+86-13812345678");
    for bad in [
        "2123 4567",
        "3123-4567",
        "9123456",
        "+8613812345678",
        "phone me",
        "",
    ] {
        let err = applicant()
            .mobile_number(bad)
            .build_on(today())
            .unwrap_err();
        assert_eq!(
            problem_kind(&err, "applicant.mobileNumber"),
            ProblemKind::Invalid,
            "{bad}"
        );
    }
}

#[test]
fn e_mail_addresses_are_checked() {
    for bad in [
        "",
        "tm.chan",
        "tm@chan@example.com",
        "tm chan@example.com",
        "tm@localhost",
        "tm@-example.com",
    ] {
        let err = applicant().email(bad).build_on(today()).unwrap_err();
        assert_eq!(
            problem_kind(&err, "applicant.email"),
            ProblemKind::Invalid,
            "{bad}"
        );
    }
    assert!(
        applicant()
            .email("Tai.Man+bank@mail.example.hk")
            .build_on(today())
            .is_ok()
    );
}

#[test]
fn nationality_is_a_two_letter_code() {
    for bad in ["HKG", "H", "1K", ""] {
        let err = applicant().nationality(bad).build_on(today()).unwrap_err();
        assert_eq!(
            problem_kind(&err, "applicant.nationality"),
            ProblemKind::Invalid,
            "{bad}"
        );
    }
    assert_eq!(
        applicant()
            .nationality("cn")
            .build_on(today())
            .unwrap()
            .nationality(),
        CountryCode::CN
    );
}

#[test]
fn names_are_required_and_bounded() {
    let err = applicant()
        .name(" ", "x".repeat(71))
        .chinese_name("陳".repeat(21))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.name.surname"),
        ProblemKind::Missing
    );
    assert_eq!(
        problem_kind(&err, "applicant.name.givenNames"),
        ProblemKind::Invalid
    );
    assert_eq!(
        problem_kind(&err, "applicant.name.chineseName"),
        ProblemKind::Invalid
    );
    let err = applicant()
        .name("CHAN\u{0}", "Tai Man")
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.name.surname"),
        ProblemKind::Invalid
    );
}

// ---------------------------------------------------------------------------------------------
// Addresses

#[test]
fn every_district_is_in_its_region() {
    let regions = District::ALL.map(District::region);
    let count = |r: Region| regions.iter().filter(|x| **x == r).count();
    assert_eq!(count(Region::HongKongIsland), 4);
    assert_eq!(count(Region::Kowloon), 5);
    assert_eq!(count(Region::NewTerritories), 9);
    for d in District::ALL {
        assert_eq!(d.as_str().parse::<District>(), Ok(d));
        assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
    }
    assert_eq!(
        "Central & Western".parse::<District>(),
        Ok(District::CentralAndWestern)
    );
    assert_eq!(
        "YAU TSIM MONG".parse::<District>(),
        Ok(District::YauTsimMong)
    );
    assert!("Mong Kok".parse::<District>().is_err());
}

#[test]
fn address_lines_are_one_to_four_and_bounded() {
    let err = applicant()
        .residential_address(Address::hong_kong(
            ["a", "b", "c", "d", "e"],
            District::Islands,
        ))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.lines"),
        ProblemKind::Invalid
    );

    let long = "x".repeat(71);
    let err = applicant()
        .residential_address(Address::hong_kong(
            ["Flat A", "", long.as_str()],
            District::Islands,
        ))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.lines[1]"),
        ProblemKind::Missing
    );
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.lines[2]"),
        ProblemKind::Invalid
    );

    let none: [&str; 0] = [];
    let err = applicant()
        .residential_address(Address::hong_kong(none, District::Islands))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.lines"),
        ProblemKind::Missing
    );
}

#[test]
fn hong_kong_addresses_need_a_region_that_matches_the_district() {
    let inconsistent: Address = serde_json::from_value(serde_json::json!({
        "lines": ["1 Nathan Road"], "district": "yau-tsim-mong", "region": "HK", "countryCode": "HK"
    }))
    .unwrap();
    let err = applicant()
        .residential_address(inconsistent)
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.district"),
        ProblemKind::Inconsistent
    );

    let no_region: Address = serde_json::from_value(
        serde_json::json!({"lines": ["1 Nathan Road"], "countryCode": "HK"}),
    )
    .unwrap();
    let err = applicant()
        .residential_address(no_region)
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.region"),
        ProblemKind::Missing
    );

    // A region without a district is enough (no postcode either).
    let region_only: Address = serde_json::from_value(serde_json::json!({
        "lines": ["Lot 123, Ha Tsuen"], "region": "NT", "countryCode": "HK"
    }))
    .unwrap();
    assert!(
        applicant()
            .residential_address(region_only)
            .build_on(today())
            .is_ok()
    );

    let overseas_with_district: Address = serde_json::from_value(serde_json::json!({
        "lines": ["10 Downing Street", "London SW1A 2AA"], "district": "eastern", "countryCode": "GB"
    }))
    .unwrap();
    let err = applicant()
        .residential_address(overseas_with_district)
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.residentialAddress.district"),
        ProblemKind::Inconsistent
    );

    let overseas = Address::overseas(
        ["10 Downing Street", "London SW1A 2AA"],
        CountryCode::parse("GB").unwrap(),
    );
    assert!(
        applicant()
            .residential_address(overseas)
            .build_on(today())
            .is_ok()
    );
}

// ---------------------------------------------------------------------------------------------
// Dates and ages

#[test]
fn dates_of_birth_are_in_the_past_and_plausible() {
    let err = applicant()
        .date_of_birth(day(2026, 12, 4))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.dateOfBirth"),
        ProblemKind::Invalid
    );
    let err = applicant()
        .date_of_birth(day(1890, 1, 1))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.dateOfBirth"),
        ProblemKind::Invalid
    );
}

#[test]
fn lending_needs_an_adult_and_limits_can_set_other_ages() {
    // 18 tomorrow: too young for a card today, old enough tomorrow.
    let minor = || applicant().date_of_birth(day(2008, 12, 4));
    let err = apply(CreditCard::new(), ProductLimits::none(), minor()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.dateOfBirth"),
        ProblemKind::OutsideLimits
    );
    let tomorrow = Application::builder("CC", CreditCard::new())
        .applicant(minor())
        .consents(Consents::new(true, false))
        .build_on(day(2026, 12, 4));
    assert!(tomorrow.is_ok());

    // A savings account has no default minimum age; a youth account may set one.
    let child = || applicant().date_of_birth(day(2016, 1, 1));
    assert!(
        apply(
            SavingsAccount::new(Currency::HKD),
            ProductLimits::none(),
            child()
        )
        .is_ok()
    );
    let err = apply(
        SavingsAccount::new(Currency::HKD),
        ProductLimits::none().min_age(12),
        child(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.dateOfBirth"),
        ProblemKind::OutsideLimits
    );
    let err = apply(
        UnsecuredLoan::new(hkd(100_000), 24),
        ProductLimits::none().max_age(30),
        applicant(),
    )
    .unwrap_err();
    assert!(
        err.problem("applicant.dateOfBirth")
            .unwrap()
            .message()
            .contains("at most 30")
    );
}

#[test]
fn insurance_dates_are_consistent() {
    let cover = GeneralInsurance::new(InsuranceCover::Travel, hkd(500_000), day(2027, 1, 10))
        .until(day(2027, 1, 5));
    let err = apply(cover, ProductLimits::none(), applicant()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.generalInsurance.endDate"),
        ProblemKind::Inconsistent
    );
}

// ---------------------------------------------------------------------------------------------
// Employment and income

#[test]
fn lending_needs_employment_and_income() {
    let bare = || {
        Applicant::builder()
            .name("CHAN", "Tai Man")
            .hkid("A1234563")
            .date_of_birth(day(1990, 5, 17))
            .nationality("HK")
            .mobile_number("91234567")
            .email("a@example.com")
            .residential_address(Address::hong_kong(["1 Main Street"], District::ShaTin))
    };
    for details in [
        ProductDetails::from(CreditCard::new()),
        UnsecuredLoan::new(hkd(50_000), 12).into(),
        SecuredLoan::new(hkd(50_000), 12, Collateral::TimeDeposit, hkd(60_000)).into(),
    ] {
        let err = apply(details.clone(), ProductLimits::none(), bare()).unwrap_err();
        assert_eq!(
            problem_kind(&err, "applicant.employment"),
            ProblemKind::Missing,
            "{details:?}"
        );
        assert_eq!(
            problem_kind(&err, "applicant.monthlyIncome"),
            ProblemKind::Missing
        );
    }
    // A deposit does not.
    assert!(
        apply(
            SavingsAccount::new(Currency::HKD),
            ProductLimits::none(),
            bare()
        )
        .is_ok()
    );
    // Unless the bank asks for a minimum income.
    let err = apply(
        SavingsAccount::new(Currency::HKD),
        ProductLimits::none().min_monthly_income(hkd(10_000)),
        bare(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.monthlyIncome"),
        ProblemKind::Missing
    );
}

#[test]
fn employment_details_follow_the_status() {
    let err = applicant()
        .employment(Employment::not_working(EmploymentStatus::Employed).years_with_employer(81))
        .build_on(today())
        .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.employment.employerName"),
        ProblemKind::Missing
    );
    assert_eq!(
        problem_kind(&err, "applicant.employment.occupation"),
        ProblemKind::Missing
    );
    assert_eq!(
        problem_kind(&err, "applicant.employment.yearsWithEmployer"),
        ProblemKind::Invalid
    );
    assert!(
        applicant()
            .employment(Employment::not_working(EmploymentStatus::Retired))
            .build_on(today())
            .is_ok()
    );
    assert!(
        applicant()
            .employment(Employment::self_employed("Photographer"))
            .build_on(today())
            .is_ok()
    );
}

#[test]
fn income_is_checked_against_the_minimum() {
    let limits = ProductLimits::none().min_monthly_income(hkd(40_000));
    let err = apply(CreditCard::new(), limits.clone(), applicant()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.monthlyIncome.amount"),
        ProblemKind::OutsideLimits
    );
    assert!(
        apply(
            CreditCard::new(),
            limits,
            applicant().monthly_income(hkd(40_000))
        )
        .is_ok()
    );
    let err = apply(
        CreditCard::new(),
        ProductLimits::none(),
        applicant().monthly_income(hkd(-1)),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "applicant.monthlyIncome.amount"),
        ProblemKind::Invalid
    );
}

// ---------------------------------------------------------------------------------------------
// Amounts, tenors and currencies

#[test]
fn time_deposit_amount_tenor_and_currency_within_limits() {
    let limits = ProductLimits::none()
        .amount_between(hkd(10_000), hkd(5_000_000))
        .tenor_between(7, 365)
        .currencies([Currency::HKD, Currency::USD]);
    assert!(
        apply(
            TimeDeposit::new(hkd(10_000), 7),
            limits.clone(),
            applicant()
        )
        .is_ok()
    );
    assert!(
        apply(
            TimeDeposit::new(hkd(5_000_000), 365),
            limits.clone(),
            applicant()
        )
        .is_ok()
    );

    let err = apply(TimeDeposit::new(hkd(9_999), 6), limits.clone(), applicant()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.timeDeposit.principal.amount"),
        ProblemKind::OutsideLimits
    );
    assert_eq!(
        problem_kind(&err, "details.timeDeposit.tenorDays"),
        ProblemKind::OutsideLimits
    );
    let err = apply(
        TimeDeposit::new(hkd(5_000_001), 366),
        limits.clone(),
        applicant(),
    )
    .unwrap_err();
    assert!(
        err.problem("details.timeDeposit.principal.amount")
            .unwrap()
            .message()
            .contains("maximum")
    );
    assert!(
        err.problem("details.timeDeposit.tenorDays")
            .unwrap()
            .message()
            .contains("365 days")
    );

    let euros = Amount::new(Decimal::from(20_000), Currency::EUR);
    let err = apply(TimeDeposit::new(euros, 30), limits, applicant()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.timeDeposit.principal.currency"),
        ProblemKind::OutsideLimits
    );
    assert_eq!(
        problem_kind(&err, "details.timeDeposit.principal.amount"),
        ProblemKind::OutsideLimits
    );

    // The product's own ranges hold without limits.
    let err = apply(
        TimeDeposit::new(hkd(0), 0),
        ProductLimits::none(),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.timeDeposit.principal.amount"),
        ProblemKind::Invalid
    );
    assert_eq!(
        problem_kind(&err, "details.timeDeposit.tenorDays"),
        ProblemKind::OutsideLimits
    );
}

#[test]
fn loan_amounts_and_tenors() {
    let limits = ProductLimits::none()
        .amount_between(hkd(10_000), hkd(1_000_000))
        .tenor_between(6, 60);
    let err = apply(
        UnsecuredLoan::new(hkd(2_000_000), 72).purpose("x".repeat(141)),
        limits,
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.unsecuredLoan.loanAmount.amount"),
        ProblemKind::OutsideLimits
    );
    assert_eq!(
        problem_kind(&err, "details.unsecuredLoan.tenorMonths"),
        ProblemKind::OutsideLimits
    );
    assert_eq!(
        problem_kind(&err, "details.unsecuredLoan.purpose"),
        ProblemKind::Invalid
    );

    let home = Address::hong_kong(["Flat C, 8/F", "33 Tai Po Road"], District::ShamShuiPo);
    let err = apply(
        Mortgage::new(home.clone(), hkd(6_000_000), hkd(7_000_000), 400),
        ProductLimits::none(),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.mortgage.loanAmount.amount"),
        ProblemKind::Inconsistent
    );
    assert_eq!(
        problem_kind(&err, "details.mortgage.tenorMonths"),
        ProblemKind::OutsideLimits
    );
    assert!(
        apply(
            Mortgage::new(home, hkd(6_000_000), hkd(4_800_000), 300),
            ProductLimits::none(),
            applicant()
        )
        .is_ok()
    );
}

#[test]
fn list_products_check_their_lists() {
    let err = apply(
        ForeignCurrencyAccount::new([Currency::USD, Currency::USD]),
        ProductLimits::none(),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.foreignCurrencyAccount.currencies"),
        ProblemKind::Invalid
    );
    let err = apply(
        ForeignCurrencyAccount::new([]),
        ProductLimits::none(),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.foreignCurrencyAccount.currencies"),
        ProblemKind::Missing
    );
    let err = apply(
        ForeignCurrencyAccount::new([Currency::USD, Currency::JPY]),
        ProductLimits::none().currencies([Currency::USD]),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.foreignCurrencyAccount.currencies[1]"),
        ProblemKind::OutsideLimits
    );

    let err = apply(
        StockAccount::new(Currency::HKD, 6, 81, []),
        ProductLimits::none(),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.stockAccount.riskTolerance"),
        ProblemKind::OutsideLimits
    );
    assert_eq!(
        problem_kind(&err, "details.stockAccount.investmentExperienceYears"),
        ProblemKind::OutsideLimits
    );
    assert_eq!(
        problem_kind(&err, "details.stockAccount.markets"),
        ProblemKind::Missing
    );

    let shares = LifeInsurance::new(
        hkd(1_000_000),
        20,
        false,
        [
            Beneficiary::new("CHAN Siu Ming", "child", 60),
            Beneficiary::new("", "spouse", 30),
        ],
    );
    let err = apply(shares, ProductLimits::none(), applicant()).unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.lifeInsurance.beneficiaries"),
        ProblemKind::Inconsistent
    );
    assert_eq!(
        problem_kind(&err, "details.lifeInsurance.beneficiaries[1].name"),
        ProblemKind::Missing
    );

    let err = apply(
        SafeDepositBox::new(BoxSize::Small, "branch 012"),
        ProductLimits::none(),
        applicant(),
    )
    .unwrap_err();
    assert_eq!(
        problem_kind(&err, "details.safeDepositBox.branchCode"),
        ProblemKind::Invalid
    );
}

// ---------------------------------------------------------------------------------------------
// The whole application

#[test]
fn every_product_type_builds_and_round_trips_as_the_application_document() {
    let products = every_product();
    assert_eq!(
        products.len(),
        14,
        "the framework lists 14 Phase II products"
    );
    for (kind, details) in products {
        let application = apply(details, ProductLimits::none(), applicant())
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(application.product_type(), &kind);
        let json = serde_json::to_value(&application).unwrap();
        assert_eq!(json["productType"], kind.as_str());
        assert_eq!(
            json["applicant"]["identityDocument"],
            serde_json::json!({"type": "HKID", "number": "A1234563"})
        );
        assert_eq!(json["applicant"]["mobileNumber"], "+852-91234567");
        assert_eq!(json["applicant"]["residentialAddress"]["region"], "NT");
        let details = json["details"].as_object().unwrap();
        assert_eq!(details.len(), 1, "exactly one product member: {details:?}");
        let back: Application = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, application);
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
    }
}

#[test]
fn every_problem_is_listed_at_once_and_nothing_personal_is_repeated() {
    let err = Application::builder("", TimeDeposit::new(hkd(500), 4000))
        .applicant(
            Applicant::builder()
                .name("", "Tai Man")
                .hkid("A123456(4)")
                .date_of_birth(day(2030, 1, 1))
                .nationality("Hong Kong")
                .mobile_number("2123 4567")
                .email("tm.chan.example.com")
                .residential_address(Address::hong_kong(["x".repeat(80)], District::WanChai)),
        )
        .consents(Consents::new(false, true))
        .limits(ProductLimits::none().min_amount(hkd(10_000)))
        .build_on(today())
        .unwrap_err();
    let fields: Vec<&str> = err.problems().iter().map(|p| p.field()).collect();
    for expected in [
        "productCode",
        "details.timeDeposit.tenorDays",
        "details.timeDeposit.principal.amount",
        "applicant.name.surname",
        "applicant.identityDocument.number",
        "applicant.dateOfBirth",
        "applicant.nationality",
        "applicant.mobileNumber",
        "applicant.email",
        "applicant.residentialAddress.lines[0]",
        "consents.personalDataCollection",
    ] {
        assert!(
            fields.contains(&expected),
            "{expected} missing from {fields:?}"
        );
    }
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "the application has {} invalid fields",
            fields.len()
        )),
        "{text}"
    );
    for personal in ["A123456", "2123", "tm.chan", "Tai Man", "xxxxxxxx"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    // The error is plain data a TSP can store or send to its front end.
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        serde_json::from_value::<InvalidApplication>(json).unwrap(),
        err
    );
}

#[test]
fn debug_output_keeps_personal_data_out() {
    let application = apply(
        LifeInsurance::new(
            hkd(2_000_000),
            25,
            true,
            [Beneficiary::new("WONG Mei Ling", "spouse", 100)],
        ),
        ProductLimits::none(),
        applicant().passport("K12345678", "GB", day(2030, 1, 1)),
    )
    .unwrap();
    let builder = format!("{:?}", applicant());
    let debug = format!(
        "{application:?} {:?} {builder} {:#?}",
        application.details(),
        application.applicant()
    );
    for personal in [
        "CHAN",
        "Tai Man",
        "陳大文",
        "K12345678",
        "91234567",
        "tm.chan",
        "Tai Hing",
        "Block 3",
        "1990",
        "Example Trading",
        "38000",
        "WONG",
    ] {
        assert!(!debug.contains(personal), "{personal} in {debug}");
    }
    assert!(debug.contains("Passport(GB, [redacted])"), "{debug}");
    assert!(debug.contains("MobileNumber(+852-****4567)"), "{debug}");
}
