//! An application for one product: the applicant, the product's details and the consents.

use std::fmt;

use hkob_core::{Amount, Date};
use serde::{Deserialize, Serialize};

use super::applicant::ApplicantBuilder;
use super::{Applicant, ProductDetails, ProductLimits, ProductType};
use crate::invalid::{InvalidApplication, Problems};

/// A checked application for one bank product, ready to send.
///
/// Built with [`Application::builder`], which checks the applicant, the product's details and
/// the caller's [`ProductLimits`] together and reports every problem at once. It serialises
/// as the application document (`productType`, `productCode`, `applicant`, `details`,
/// `consents`); its `Debug` keeps the applicant's personal data out.
///
/// ```
/// use hkob_applications::{Address, Applicant, Application, Consents, CreditCard, District,
///     Employment, ProductLimits};
/// use hkob_core::{Amount, Date, Decimal};
///
/// let today = Date::from_ymd_opt(2026, 12, 3).unwrap();
/// let application = Application::builder("CC-PLATINUM", CreditCard::new())
///     .applicant(
///         Applicant::builder()
///             .name("CHAN", "Tai Man")
///             .hkid("A123456(3)")
///             .date_of_birth(Date::from_ymd_opt(1990, 5, 17).unwrap())
///             .nationality("HK")
///             .mobile_number("9123 4567")
///             .email("tm.chan@example.com")
///             .residential_address(Address::hong_kong(
///                 ["Flat B, 20/F, Block 3", "1 Tai Hing Gardens Road"],
///                 District::TuenMun,
///             ))
///             .employment(Employment::employed("Example Trading Ltd", "Accountant"))
///             .monthly_income(Amount::hkd(Decimal::from(38_000))),
///     )
///     .consents(Consents::new(true, false))
///     .limits(ProductLimits::none().min_monthly_income(Amount::hkd(Decimal::from(15_000))))
///     .build_on(today)?;
/// assert_eq!(application.product_code(), "CC-PLATINUM");
/// # Ok::<(), hkob_applications::InvalidApplication>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    product_type: ProductType,
    product_code: String,
    applicant: Applicant,
    details: ProductDetails,
    consents: Consents,
}

impl Application {
    /// Starts an application for the bank's product `product_code` (its id in the bank's
    /// Phase I data) with the product's details.
    pub fn builder(
        product_code: impl Into<String>,
        details: impl Into<ProductDetails>,
    ) -> ApplicationBuilder {
        ApplicationBuilder {
            product_code: product_code.into(),
            details: details.into(),
            applicant: None,
            consents: None,
            limits: ProductLimits::none(),
        }
    }

    /// The kind of product.
    pub fn product_type(&self) -> &ProductType {
        &self.product_type
    }

    /// The bank's product id.
    pub fn product_code(&self) -> &str {
        &self.product_code
    }

    /// The applicant.
    pub fn applicant(&self) -> &Applicant {
        &self.applicant
    }

    /// The product's details.
    pub fn details(&self) -> &ProductDetails {
        &self.details
    }

    /// The applicant's consents.
    pub fn consents(&self) -> &Consents {
        &self.consents
    }
}

impl fmt::Debug for Application {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Application")
            .field("product_type", &self.product_type)
            .field("product_code", &self.product_code)
            .field("applicant", &self.applicant)
            .finish_non_exhaustive()
    }
}

/// What the applicant agreed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Consents {
    /// The bank may collect and use the personal data for this application (required).
    pub personal_data_collection: bool,
    /// The bank may use the data for direct marketing.
    pub marketing: bool,
}

impl Consents {
    /// The consents as given; `personal_data_collection` must be `true` to apply.
    pub fn new(personal_data_collection: bool, marketing: bool) -> Self {
        Self {
            personal_data_collection,
            marketing,
        }
    }
}

/// An application in the making; [`build`](Self::build) checks it all.
#[derive(Debug, Clone)]
pub struct ApplicationBuilder {
    product_code: String,
    details: ProductDetails,
    applicant: Option<ApplicantBuilder>,
    consents: Option<Consents>,
    limits: ProductLimits,
}

impl ApplicationBuilder {
    /// The applicant (checked with the rest).
    pub fn applicant(mut self, applicant: ApplicantBuilder) -> Self {
        self.applicant = Some(applicant);
        self
    }

    /// The applicant's consents.
    pub fn consents(mut self, consents: Consents) -> Self {
        self.consents = Some(consents);
        self
    }

    /// The product's limits, usually from its Phase I data.
    pub fn limits(mut self, limits: ProductLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Checks everything against today's date in Hong Kong.
    pub fn build(self) -> Result<Application, InvalidApplication> {
        self.build_on(crate::today_in_hong_kong())
    }

    /// Checks everything, with `today` as the date for ages and expiry.
    pub fn build_on(self, today: Date) -> Result<Application, InvalidApplication> {
        let mut problems = Problems::default();
        let Self {
            product_code,
            details,
            applicant,
            consents,
            limits,
        } = self;

        problems.text("productCode", &product_code, 40);
        let rules = details.rules();
        let member = format!("details.{}", details.member());
        rules.check(&member, &mut problems);
        check_limits(&limits, &details, &member, &mut problems);

        let applicant = match applicant {
            Some(builder) => builder.check(today, &mut problems),
            None => {
                problems.missing("applicant");
                None
            }
        };
        if let Some(applicant) = &applicant {
            check_applicant_limits(&limits, &details, applicant, today, &mut problems);
        }

        match consents {
            None => problems.missing("consents"),
            Some(c) if !c.personal_data_collection => problems.invalid(
                "consents.personalDataCollection",
                "the applicant must agree to the collection of personal data",
            ),
            Some(_) => {}
        }

        let application = match (applicant, consents) {
            (Some(applicant), Some(consents)) => Some(Application {
                product_type: details.product_type(),
                product_code: product_code.trim().to_owned(),
                applicant,
                details,
                consents,
            }),
            _ => None,
        };
        problems.finish("application", application)
    }
}

fn check_limits(
    limits: &ProductLimits,
    details: &ProductDetails,
    member: &str,
    problems: &mut Problems,
) {
    let rules = details.rules();
    if let Some((name, amount)) = rules.amount() {
        let field = format!("{member}.{name}.amount");
        if let Some(min) = &limits.min_amount {
            compare(
                problems,
                &field,
                amount,
                min,
                |a, m| a >= m,
                "below the product's minimum",
            );
        }
        if let Some(max) = &limits.max_amount {
            compare(
                problems,
                &field,
                amount,
                max,
                |a, m| a <= m,
                "above the product's maximum",
            );
        }
    }
    if let Some((name, tenor, unit)) = rules.tenor() {
        let field = format!("{member}.{name}");
        if limits.min_tenor.is_some_and(|min| tenor < min) {
            problems.outside(
                field.clone(),
                format!(
                    "is shorter than the product's minimum of {} {unit}",
                    limits.min_tenor.unwrap_or(0)
                ),
            );
        }
        if let Some(max) = limits.max_tenor.filter(|max| tenor > *max) {
            problems.outside(
                field,
                format!("is longer than the product's maximum of {max} {unit}"),
            );
        }
    }
    if !limits.currencies.is_empty() {
        for (name, currency) in rules.currencies() {
            if !limits.currencies.contains(&currency) {
                problems.outside(
                    format!("{member}.{name}"),
                    format!("{currency} is not offered for this product"),
                );
            }
        }
    }
}

fn check_applicant_limits(
    limits: &ProductLimits,
    details: &ProductDetails,
    applicant: &Applicant,
    today: Date,
    problems: &mut Problems,
) {
    let rules = details.rules();
    let age = applicant.age_on(today);
    let min_age = limits.min_age.or(rules.adults_only().then_some(18));
    if let Some(min) = min_age.filter(|min| age < *min) {
        problems.outside(
            "applicant.dateOfBirth",
            format!("the applicant must be at least {min} years old"),
        );
    }
    if let Some(max) = limits.max_age.filter(|max| age > *max) {
        problems.outside(
            "applicant.dateOfBirth",
            format!("the applicant must be at most {max} years old"),
        );
    }
    if rules.lends() && applicant.employment().is_none() {
        problems.missing("applicant.employment");
    }
    match applicant.monthly_income() {
        None if rules.lends() || limits.min_monthly_income.is_some() => {
            problems.missing("applicant.monthlyIncome");
        }
        Some(income) => {
            if let Some(min) = &limits.min_monthly_income {
                compare(
                    problems,
                    "applicant.monthlyIncome.amount",
                    income,
                    min,
                    |a, m| a >= m,
                    "below the product's minimum income",
                );
            }
        }
        None => {}
    }
}

/// Compares an amount with a limit in the same currency; a different currency is a problem
/// too, since one cannot be checked against the other.
fn compare(
    problems: &mut Problems,
    field: &str,
    amount: &Amount,
    limit: &Amount,
    within: impl Fn(&hkob_core::Decimal, &hkob_core::Decimal) -> bool,
    message: &str,
) {
    if amount.currency != limit.currency {
        problems.outside(
            field,
            format!(
                "is in {}, but the product's limits are in {}",
                amount.currency, limit.currency
            ),
        );
    } else if !within(&amount.value, &limit.value) {
        problems.outside(field, format!("is {message} of {limit}"));
    }
}
