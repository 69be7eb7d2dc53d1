//! The applicant: the customer applying, with every detail a bank asks for.

use std::fmt;

use chrono::Datelike;
use hkob_core::personal::{EmailAddress, HkidNumber, MobileNumber};
use hkob_core::{Amount, Date};
use serde::{Deserialize, Serialize};

use super::{Address, CountryCode};
use crate::invalid::{InvalidApplication, Problems};

/// The customer applying for a product.
///
/// Built with [`Applicant::builder`], which checks every field and reports every problem at
/// once. All of it is personal data: `Debug` shows only masked identifiers, and it serialises
/// (for storage, or for the bank) in the application document's camelCase shape.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Applicant {
    name: PersonName,
    identity_document: IdentityDocument,
    date_of_birth: Date,
    nationality: CountryCode,
    mobile_number: MobileNumber,
    email: EmailAddress,
    residential_address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    employment: Option<Employment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    monthly_income: Option<Amount>,
}

impl Applicant {
    /// Starts an applicant; [`ApplicantBuilder::build`] checks it.
    pub fn builder() -> ApplicantBuilder {
        ApplicantBuilder::default()
    }

    /// The applicant's name.
    pub fn name(&self) -> &PersonName {
        &self.name
    }

    /// The identity document: an HKID card or a passport.
    pub fn identity_document(&self) -> &IdentityDocument {
        &self.identity_document
    }

    /// The date of birth.
    pub fn date_of_birth(&self) -> Date {
        self.date_of_birth
    }

    /// The applicant's age in whole years on `day`.
    pub fn age_on(&self, day: Date) -> u32 {
        age_on(self.date_of_birth, day)
    }

    /// The nationality.
    pub fn nationality(&self) -> CountryCode {
        self.nationality
    }

    /// The mobile number.
    pub fn mobile_number(&self) -> &MobileNumber {
        &self.mobile_number
    }

    /// The e-mail address.
    pub fn email(&self) -> &EmailAddress {
        &self.email
    }

    /// The residential address.
    pub fn residential_address(&self) -> &Address {
        &self.residential_address
    }

    /// Employment, when given.
    pub fn employment(&self) -> Option<&Employment> {
        self.employment.as_ref()
    }

    /// Monthly income, when given.
    pub fn monthly_income(&self) -> Option<&Amount> {
        self.monthly_income.as_ref()
    }
}

impl fmt::Debug for Applicant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applicant")
            .field("name", &self.name)
            .field("identity_document", &self.identity_document)
            .field("mobile_number", &self.mobile_number)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// A name as on the identity document: surname, given names, and a Chinese name if any.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    surname: String,
    given_names: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chinese_name: Option<String>,
}

impl PersonName {
    /// The surname, such as `CHAN`.
    pub fn surname(&self) -> &str {
        &self.surname
    }

    /// The given names, such as `Tai Man`.
    pub fn given_names(&self) -> &str {
        &self.given_names
    }

    /// The Chinese name, such as `陳大文`.
    pub fn chinese_name(&self) -> Option<&str> {
        self.chinese_name.as_deref()
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonName([redacted])")
    }
}

/// The document that identifies the applicant.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum IdentityDocument {
    /// A Hong Kong identity card.
    #[serde(rename = "HKID")]
    Hkid {
        /// The card's number, check digit verified.
        number: HkidNumber,
    },
    /// A passport, for applicants without an HKID card.
    #[serde(rename = "PASSPORT")]
    Passport {
        /// The passport number: 5 to 20 letters and digits, upper-cased.
        number: String,
        /// The issuing country.
        issuing_country: CountryCode,
        /// The last day the passport is valid.
        expiry_date: Date,
    },
}

impl fmt::Debug for IdentityDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hkid { number } => write!(f, "Hkid({number:?})"),
            Self::Passport {
                issuing_country, ..
            } => write!(f, "Passport({issuing_country}, [redacted])"),
        }
    }
}

/// What the applicant does for a living.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Employment {
    status: EmploymentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    employer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    occupation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    years_with_employer: Option<u8>,
}

impl Employment {
    /// Employed by `employer_name` as `occupation`.
    pub fn employed(employer_name: impl Into<String>, occupation: impl Into<String>) -> Self {
        Self {
            status: EmploymentStatus::Employed,
            employer_name: Some(employer_name.into()),
            occupation: Some(occupation.into()),
            years_with_employer: None,
        }
    }

    /// Self-employed as `occupation`.
    pub fn self_employed(occupation: impl Into<String>) -> Self {
        Self {
            status: EmploymentStatus::SelfEmployed,
            employer_name: None,
            occupation: Some(occupation.into()),
            years_with_employer: None,
        }
    }

    /// Not in work: unemployed, retired, a student or a homemaker.
    pub fn not_working(status: EmploymentStatus) -> Self {
        Self {
            status,
            employer_name: None,
            occupation: None,
            years_with_employer: None,
        }
    }

    /// Sets how many whole years the applicant has been with the employer (0 to 80).
    pub fn years_with_employer(mut self, years: u8) -> Self {
        self.years_with_employer = Some(years);
        self
    }

    /// The employment status.
    pub fn status(&self) -> EmploymentStatus {
        self.status
    }

    /// The employer's name.
    pub fn employer_name(&self) -> Option<&str> {
        self.employer_name.as_deref()
    }

    /// The occupation.
    pub fn occupation(&self) -> Option<&str> {
        self.occupation.as_deref()
    }

    /// Whole years with the employer.
    pub fn years(&self) -> Option<u8> {
        self.years_with_employer
    }

    fn check(&self, field: &str, problems: &mut Problems) {
        let works = matches!(
            self.status,
            EmploymentStatus::Employed | EmploymentStatus::SelfEmployed
        );
        match &self.employer_name {
            Some(name) => problems.text(&format!("{field}.employerName"), name, 140),
            None if self.status == EmploymentStatus::Employed => {
                problems.missing(format!("{field}.employerName"));
            }
            None => {}
        }
        match &self.occupation {
            Some(occupation) => problems.text(&format!("{field}.occupation"), occupation, 70),
            None if works => problems.missing(format!("{field}.occupation")),
            None => {}
        }
        if self.years_with_employer.is_some_and(|y| y > 80) {
            problems.invalid(format!("{field}.yearsWithEmployer"), "must be 0 to 80");
        }
    }
}

/// An employment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum EmploymentStatus {
    /// Employed by someone else.
    Employed,
    /// Self-employed.
    SelfEmployed,
    /// Not employed.
    Unemployed,
    /// Retired.
    Retired,
    /// A student.
    Student,
    /// A homemaker.
    Homemaker,
}

/// An applicant in the making; [`build`](Self::build) checks every field.
///
/// The setters take what a form gives (strings for the identity document, phone, e-mail and
/// nationality), so that every mistake is reported together rather than one at a time.
#[derive(Clone, Default)]
pub struct ApplicantBuilder {
    surname: Option<String>,
    given_names: Option<String>,
    chinese_name: Option<String>,
    document: Option<DocumentInput>,
    date_of_birth: Option<Date>,
    nationality: Option<String>,
    mobile_number: Option<String>,
    email: Option<String>,
    residential_address: Option<Address>,
    employment: Option<Employment>,
    monthly_income: Option<Amount>,
}

#[derive(Clone)]
enum DocumentInput {
    Hkid(String),
    Passport {
        number: String,
        issuing_country: String,
        expiry_date: Date,
    },
}

impl ApplicantBuilder {
    /// The surname and given names as on the identity document.
    pub fn name(mut self, surname: impl Into<String>, given_names: impl Into<String>) -> Self {
        self.surname = Some(surname.into());
        self.given_names = Some(given_names.into());
        self
    }

    /// The Chinese name (up to 20 characters).
    pub fn chinese_name(mut self, name: impl Into<String>) -> Self {
        self.chinese_name = Some(name.into());
        self
    }

    /// An HKID card number, in any usual spelling (`A123456(3)`, `a1234563`).
    pub fn hkid(mut self, number: impl Into<String>) -> Self {
        self.document = Some(DocumentInput::Hkid(number.into()));
        self
    }

    /// A passport, in place of an HKID card.
    pub fn passport(
        mut self,
        number: impl Into<String>,
        issuing_country: impl Into<String>,
        expiry_date: Date,
    ) -> Self {
        self.document = Some(DocumentInput::Passport {
            number: number.into(),
            issuing_country: issuing_country.into(),
            expiry_date,
        });
        self
    }

    /// The date of birth.
    pub fn date_of_birth(mut self, date: Date) -> Self {
        self.date_of_birth = Some(date);
        self
    }

    /// The nationality, as a two-letter code (`HK`, `CN`, ...).
    pub fn nationality(mut self, code: impl Into<String>) -> Self {
        self.nationality = Some(code.into());
        self
    }

    /// The mobile number (`9123 4567`, `+852-91234567`, or an overseas `+86-...`).
    pub fn mobile_number(mut self, number: impl Into<String>) -> Self {
        self.mobile_number = Some(number.into());
        self
    }

    /// The e-mail address.
    pub fn email(mut self, address: impl Into<String>) -> Self {
        self.email = Some(address.into());
        self
    }

    /// The residential address.
    pub fn residential_address(mut self, address: Address) -> Self {
        self.residential_address = Some(address);
        self
    }

    /// Employment.
    pub fn employment(mut self, employment: Employment) -> Self {
        self.employment = Some(employment);
        self
    }

    /// Monthly income.
    pub fn monthly_income(mut self, income: Amount) -> Self {
        self.monthly_income = Some(income);
        self
    }

    /// Checks every field against today's date in Hong Kong.
    pub fn build(self) -> Result<Applicant, InvalidApplication> {
        self.build_on(crate::today_in_hong_kong())
    }

    /// Checks every field, with `today` as the date for ages and document expiry.
    pub fn build_on(self, today: Date) -> Result<Applicant, InvalidApplication> {
        let mut problems = Problems::default();
        let applicant = self.check(today, &mut problems);
        problems.finish("applicant", applicant)
    }

    /// Checks every field into `problems`; `Some` when all are valid.
    pub(crate) fn check(self, today: Date, problems: &mut Problems) -> Option<Applicant> {
        let start = problems.len();
        let field = |name: &str| format!("applicant.{name}");

        let surname = required_text(problems, &field("name.surname"), self.surname, 70);
        let given_names = required_text(problems, &field("name.givenNames"), self.given_names, 70);
        let chinese_name = self.chinese_name.map(|name| {
            problems.text(&field("name.chineseName"), &name, 20);
            name.trim().to_owned()
        });

        let identity_document = match self.document {
            None => {
                problems.missing(field("identityDocument"));
                None
            }
            Some(DocumentInput::Hkid(number)) => match HkidNumber::parse(&number) {
                Ok(number) => Some(IdentityDocument::Hkid { number }),
                Err(e) => {
                    problems.invalid(field("identityDocument.number"), e.to_string());
                    None
                }
            },
            Some(DocumentInput::Passport {
                number,
                issuing_country,
                expiry_date,
            }) => {
                let number: String = number
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                let number_ok = (5..=20).contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_alphanumeric());
                if !number_ok {
                    problems.invalid(
                        field("identityDocument.number"),
                        "a passport number is 5 to 20 letters and digits",
                    );
                }
                let country = CountryCode::parse(&issuing_country);
                if let Err(e) = &country {
                    problems.invalid(field("identityDocument.issuingCountry"), e.to_string());
                }
                if expiry_date < today {
                    problems.invalid(
                        field("identityDocument.expiryDate"),
                        "the passport has expired",
                    );
                }
                match country {
                    Ok(issuing_country) if number_ok && expiry_date >= today => {
                        Some(IdentityDocument::Passport {
                            number,
                            issuing_country,
                            expiry_date,
                        })
                    }
                    _ => None,
                }
            }
        };

        let date_of_birth = match self.date_of_birth {
            None => {
                problems.missing(field("dateOfBirth"));
                None
            }
            Some(dob) if dob > today => {
                problems.invalid(field("dateOfBirth"), "is in the future");
                None
            }
            Some(dob) if age_on(dob, today) > 130 => {
                problems.invalid(field("dateOfBirth"), "is more than 130 years ago");
                None
            }
            Some(dob) => Some(dob),
        };

        let nationality = parse_required(problems, &field("nationality"), self.nationality, |s| {
            CountryCode::parse(s).map_err(|e| e.to_string())
        });
        let mobile_number =
            parse_required(problems, &field("mobileNumber"), self.mobile_number, |s| {
                MobileNumber::parse(s).map_err(|e| e.to_string())
            });
        let email = parse_required(problems, &field("email"), self.email, |s| {
            EmailAddress::parse(s).map_err(|e| e.to_string())
        });

        match &self.residential_address {
            Some(address) => address.check(&field("residentialAddress"), problems),
            None => problems.missing(field("residentialAddress")),
        }
        if let Some(employment) = &self.employment {
            employment.check(&field("employment"), problems);
        }
        if let Some(income) = &self.monthly_income
            && income.value.is_sign_negative()
        {
            problems.invalid(field("monthlyIncome.amount"), "must not be negative");
        }

        if problems.len() != start {
            return None;
        }
        Some(Applicant {
            name: PersonName {
                surname: surname?,
                given_names: given_names?,
                chinese_name,
            },
            identity_document: identity_document?,
            date_of_birth: date_of_birth?,
            nationality: nationality?,
            mobile_number: mobile_number?,
            email: email?,
            residential_address: self.residential_address?,
            employment: self.employment,
            monthly_income: self.monthly_income,
        })
    }
}

impl fmt::Debug for ApplicantBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApplicantBuilder([redacted])")
    }
}

fn required_text(
    problems: &mut Problems,
    field: &str,
    value: Option<String>,
    max: usize,
) -> Option<String> {
    let Some(value) = value else {
        problems.missing(field);
        return None;
    };
    problems.text(field, &value, max);
    Some(value.trim().to_owned())
}

fn parse_required<T>(
    problems: &mut Problems,
    field: &str,
    value: Option<String>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let Some(value) = value else {
        problems.missing(field);
        return None;
    };
    match parse(&value) {
        Ok(parsed) => Some(parsed),
        Err(message) => {
            problems.invalid(field, message);
            None
        }
    }
}

/// Whole years from `birth` to `day` (0 if `day` is earlier).
pub(crate) fn age_on(birth: Date, day: Date) -> u32 {
    let years = day.year().saturating_sub(birth.year());
    let had_birthday = (day.month(), day.day()) >= (birth.month(), birth.day());
    let age = if had_birthday {
        years
    } else {
        years.saturating_sub(1)
    };
    u32::try_from(age).unwrap_or(0)
}
