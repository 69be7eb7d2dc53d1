//! What the tests share: a valid applicant, one valid application per product, dates.

#![allow(dead_code)]

use hkob_applications::{
    Address, Applicant, ApplicantBuilder, Beneficiary, BoxSize, Collateral, CreditCard,
    CurrentAccount, District, Employment, ForeignCurrencyAccount, GeneralInsurance, InsuranceCover,
    InvestmentFundAccount, LifeInsurance, MaturityInstruction, Metal, Mortgage,
    PreciousMetalAccount, ProductDetails, ProductType, SafeDepositBox, SavingsAccount, SecuredLoan,
    StockAccount, StockMarket, TimeDeposit, UnsecuredLoan,
};
use hkob_core::{Amount, Currency, Date, Decimal};

pub fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

pub fn today() -> Date {
    day(2026, 12, 3)
}

pub fn hkd(n: i64) -> Amount {
    Amount::hkd(Decimal::from(n))
}

/// An applicant that passes every check.
pub fn applicant() -> ApplicantBuilder {
    Applicant::builder()
        .name("CHAN", "Tai Man")
        .chinese_name("陳大文")
        .hkid("A123456(3)")
        .date_of_birth(day(1990, 5, 17))
        .nationality("HK")
        .mobile_number("9123 4567")
        .email("tm.chan@example.com")
        .residential_address(Address::hong_kong(
            ["Flat B, 20/F, Block 3", "1 Tai Hing Gardens Road"],
            District::TuenMun,
        ))
        .employment(
            Employment::employed("Example Trading Ltd", "Accountant").years_with_employer(6),
        )
        .monthly_income(hkd(38_000))
}

/// One valid set of details for every product the framework lists.
pub fn every_product() -> Vec<(ProductType, ProductDetails)> {
    let home = Address::hong_kong(["Flat C, 8/F", "33 Tai Po Road"], District::ShamShuiPo);
    vec![
        (
            ProductType::SavingsAccount,
            SavingsAccount::new(Currency::HKD).into(),
        ),
        (
            ProductType::CurrentAccount,
            CurrentAccount::new(Currency::HKD).with_cheque_book().into(),
        ),
        (
            ProductType::ForeignCurrencyAccount,
            ForeignCurrencyAccount::new([Currency::USD, Currency::CNY]).into(),
        ),
        (
            ProductType::TimeDeposit,
            TimeDeposit::new(hkd(100_000), 90)
                .at_maturity(MaturityInstruction::RenewAll)
                .into(),
        ),
        (
            ProductType::CreditCard,
            CreditCard::new().requested_limit(hkd(80_000)).into(),
        ),
        (
            ProductType::Mortgage,
            Mortgage::new(home, hkd(6_000_000), hkd(4_800_000), 300).into(),
        ),
        (
            ProductType::UnsecuredLoan,
            UnsecuredLoan::new(hkd(200_000), 36)
                .purpose("Home renovation")
                .into(),
        ),
        (
            ProductType::SecuredLoan,
            SecuredLoan::new(hkd(300_000), 12, Collateral::Securities, hkd(500_000)).into(),
        ),
        (
            ProductType::SafeDepositBox,
            SafeDepositBox::new(BoxSize::Medium, "012-345").into(),
        ),
        (
            ProductType::InvestmentFundAccount,
            InvestmentFundAccount::new(Currency::HKD, 3, 5).into(),
        ),
        (
            ProductType::PreciousMetalAccount,
            PreciousMetalAccount::new(Metal::Gold, Currency::USD).into(),
        ),
        (
            ProductType::StockAccount,
            StockAccount::new(
                Currency::HKD,
                4,
                10,
                [StockMarket::HongKong, StockMarket::MainlandChina],
            )
            .into(),
        ),
        (
            ProductType::GeneralInsurance,
            GeneralInsurance::new(InsuranceCover::Home, hkd(1_000_000), day(2027, 1, 1))
                .until(day(2027, 12, 31))
                .into(),
        ),
        (
            ProductType::LifeInsurance,
            LifeInsurance::new(
                hkd(2_000_000),
                25,
                false,
                [
                    Beneficiary::new("CHAN Siu Ming", "child", 50),
                    Beneficiary::new("WONG Mei Ling", "spouse", 50),
                ],
            )
            .into(),
        ),
    ]
}
