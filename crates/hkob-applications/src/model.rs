//! The canonical Phase II model: one application type over every dialect.

mod address;
mod applicant;
mod application;
mod country;
mod limits;
mod product;

pub use address::{Address, District, Region, UnknownDistrict};
pub use applicant::{
    Applicant, ApplicantBuilder, Employment, EmploymentStatus, IdentityDocument, PersonName,
};
pub use application::{Application, ApplicationBuilder, Consents};
pub use country::{CountryCode, InvalidCountryCode};
pub use limits::ProductLimits;
pub use product::{
    Beneficiary, BoxSize, Collateral, CreditCard, CurrentAccount, ForeignCurrencyAccount,
    GeneralInsurance, InsuranceCover, InvestmentFundAccount, LifeInsurance, MaturityInstruction,
    Metal, Mortgage, PreciousMetalAccount, ProductDetails, ProductType, SafeDepositBox,
    SavingsAccount, SecuredLoan, StockAccount, StockMarket, TimeDeposit, UnsecuredLoan,
};
