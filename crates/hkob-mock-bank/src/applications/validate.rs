//! The bank's own check of a decrypted application document, so a client
//! that skips validation still gets the bank's 400: every invalid field is
//! named by its dotted path in the document (`applicant.identityDocument.number`).
//! Nothing here trusts the input's types or sizes.

mod details;

use serde_json::{Map, Value};

use super::identity::{email_is_valid, hkid_is_valid, mobile_is_valid};

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The dotted path of the field in the application document.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// The product types and the `details` member each one takes.
pub(crate) const PRODUCT_TYPES: [(&str, &str); 14] = [
    ("savings-account", "savingsAccount"),
    ("current-account", "currentAccount"),
    ("foreign-currency-account", "foreignCurrencyAccount"),
    ("time-deposit", "timeDeposit"),
    ("credit-card", "creditCard"),
    ("mortgage", "mortgage"),
    ("unsecured-loan", "unsecuredLoan"),
    ("secured-loan", "securedLoan"),
    ("safe-deposit-box", "safeDepositBox"),
    ("investment-fund-account", "investmentFundAccount"),
    ("precious-metal-account", "preciousMetalAccount"),
    ("stock-account", "stockAccount"),
    ("general-insurance", "generalInsurance"),
    ("life-insurance", "lifeInsurance"),
];

/// The 18 districts and their regions.
pub(crate) const DISTRICTS: [(&str, &str); 18] = [
    ("central-and-western", "HK"),
    ("eastern", "HK"),
    ("southern", "HK"),
    ("wan-chai", "HK"),
    ("kowloon-city", "KLN"),
    ("kwun-tong", "KLN"),
    ("sham-shui-po", "KLN"),
    ("wong-tai-sin", "KLN"),
    ("yau-tsim-mong", "KLN"),
    ("islands", "NT"),
    ("kwai-tsing", "NT"),
    ("north", "NT"),
    ("sai-kung", "NT"),
    ("sha-tin", "NT"),
    ("tai-po", "NT"),
    ("tsuen-wan", "NT"),
    ("tuen-mun", "NT"),
    ("yuen-long", "NT"),
];

/// Collects the field errors of one document.
#[derive(Debug, Default)]
pub(crate) struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    /// The errors found.
    pub(crate) fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// Notes an invalid field.
    pub(crate) fn fail(&mut self, field: &str, message: impl Into<String>) {
        if self.errors.len() < 100 {
            self.errors.push(FieldError {
                field: field.to_owned(),
                message: message.into(),
            });
        }
    }

    /// The object at `field`, or an error (required) and `None`.
    pub(crate) fn object<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'a Map<String, Value>> {
        let field = join(path, key);
        match parent.get(key) {
            Some(Value::Object(o)) => Some(o),
            Some(_) => {
                self.fail(&field, "must be an object");
                None
            }
            None => {
                self.fail(&field, "is required");
                None
            }
        }
    }

    /// A required string of `min..=max` characters.
    pub(crate) fn text<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        path: &str,
        key: &str,
        min: usize,
        max: usize,
    ) -> Option<&'a str> {
        let field = join(path, key);
        match parent.get(key) {
            None | Some(Value::Null) => {
                self.fail(&field, "is required");
                None
            }
            Some(v) => self.text_value(v, &field, min, max),
        }
    }

    /// An optional string of `min..=max` characters.
    pub(crate) fn optional_text<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        path: &str,
        key: &str,
        min: usize,
        max: usize,
    ) -> Option<&'a str> {
        match parent.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => self.text_value(v, &join(path, key), min, max),
        }
    }

    fn text_value<'a>(
        &mut self,
        v: &'a Value,
        field: &str,
        min: usize,
        max: usize,
    ) -> Option<&'a str> {
        let Some(s) = v.as_str() else {
            self.fail(field, "must be a string");
            return None;
        };
        let n = s.chars().count();
        if n < min || n > max {
            self.fail(field, format!("must be {min} to {max} characters"));
            return None;
        }
        Some(s)
    }

    /// A required string, one of `allowed`.
    pub(crate) fn one_of<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        path: &str,
        key: &str,
        allowed: &[&str],
    ) -> Option<&'a str> {
        let s = self.text(parent, path, key, 1, 64)?;
        if allowed.contains(&s) {
            Some(s)
        } else {
            self.fail(
                &join(path, key),
                format!("must be one of {}", allowed.join(", ")),
            );
            None
        }
    }

    /// A required boolean.
    pub(crate) fn boolean(
        &mut self,
        parent: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<bool> {
        match parent.get(key) {
            Some(Value::Bool(b)) => Some(*b),
            None => {
                self.fail(&join(path, key), "is required");
                None
            }
            Some(_) => {
                self.fail(&join(path, key), "must be true or false");
                None
            }
        }
    }

    /// A required integer in `min..=max`.
    pub(crate) fn integer(
        &mut self,
        parent: &Map<String, Value>,
        path: &str,
        key: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let field = join(path, key);
        match parent.get(key) {
            None => {
                self.fail(&field, "is required");
                None
            }
            Some(v) => match v.as_i64() {
                Some(n) if (min..=max).contains(&n) => Some(n),
                Some(_) | None if v.is_number() && v.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                    self.fail(&field, format!("must be between {min} and {max}"));
                    None
                }
                _ => {
                    self.fail(&field, "must be an integer");
                    None
                }
            },
        }
    }

    /// An optional integer in `min..=max`.
    pub(crate) fn optional_integer(
        &mut self,
        parent: &Map<String, Value>,
        path: &str,
        key: &str,
        min: i64,
        max: i64,
    ) {
        if parent.get(key).is_some_and(|v| !v.is_null()) {
            self.integer(parent, path, key, min, max);
        }
    }

    /// A required ISO 3166 alpha-2 (or ISO 4217 with `len` 3) code.
    pub(crate) fn code(
        &mut self,
        parent: &Map<String, Value>,
        path: &str,
        key: &str,
        len: usize,
    ) -> Option<String> {
        let s = self.text(parent, path, key, 1, 16)?;
        if s.len() == len && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(s.to_owned())
        } else {
            self.fail(&join(path, key), format!("must be {len} capital letters"));
            None
        }
    }

    /// A required date (`YYYY-MM-DD`).
    pub(crate) fn date(
        &mut self,
        parent: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<chrono::NaiveDate> {
        let s = self.text(parent, path, key, 1, 32)?;
        match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(&join(path, key), "must be a date, YYYY-MM-DD");
                None
            }
        }
    }

    /// A required Money (`{amount: "250000.00" > 0, currency}`).
    pub(crate) fn money(&mut self, parent: &Map<String, Value>, path: &str, key: &str) {
        let field = join(path, key);
        let Some(m) = self.object(parent, path, key) else {
            return;
        };
        if let Some(amount) = self.text(m, &field, "amount", 1, 32) {
            let positive = amount
                .parse::<rust_decimal::Decimal>()
                .ok()
                .filter(|d| d.is_sign_positive() && !d.is_zero());
            let shape = amount.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            if positive.is_none() || !shape {
                self.fail(&join(&field, "amount"), "must be a decimal amount above 0");
            }
        }
        self.code(m, &field, "currency", 3);
    }

    /// An optional Money.
    pub(crate) fn optional_money(&mut self, parent: &Map<String, Value>, path: &str, key: &str) {
        if parent.get(key).is_some_and(|v| !v.is_null()) {
            self.money(parent, path, key);
        }
    }

    /// A required Address.
    pub(crate) fn address(&mut self, parent: &Map<String, Value>, path: &str, key: &str) {
        let field = join(path, key);
        let Some(a) = self.object(parent, path, key) else {
            return;
        };
        let lines_field = join(&field, "lines");
        match a.get("lines") {
            Some(Value::Array(lines)) if (1..=4).contains(&lines.len()) => {
                for (i, line) in lines.iter().enumerate() {
                    self.text_value(line, &format!("{lines_field}.{i}"), 1, 70);
                }
            }
            Some(Value::Array(_)) => self.fail(&lines_field, "must hold 1 to 4 lines"),
            Some(_) => self.fail(&lines_field, "must be a list of lines"),
            None => self.fail(&lines_field, "is required"),
        }
        let districts: Vec<&str> = DISTRICTS.iter().map(|(d, _)| *d).collect();
        let district = match a.get("district") {
            None | Some(Value::Null) => None,
            Some(_) => self.one_of(a, &field, "district", &districts),
        };
        let region = match a.get("region") {
            None | Some(Value::Null) => None,
            Some(_) => self.one_of(a, &field, "region", &["HK", "KLN", "NT"]),
        };
        let country = self.code(a, &field, "countryCode", 2);
        if country.as_deref() == Some("HK") && a.get("region").is_none_or(Value::is_null) {
            self.fail(
                &join(&field, "region"),
                "is required for a Hong Kong address",
            );
        }
        if let (Some(d), Some(r)) = (district, region)
            && DISTRICTS.iter().any(|(name, reg)| *name == d && *reg != r)
        {
            self.fail(
                &join(&field, "district"),
                format!("is not in the region {r}"),
            );
        }
    }
}

/// `path.key`, or `key` at the top.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The field errors of an application document (empty: valid).
pub(crate) fn document(doc: &Value) -> Vec<FieldError> {
    let mut c = Checker::default();
    let Some(doc) = doc.as_object() else {
        c.fail("document", "the application must be an object");
        return c.into_errors();
    };
    let kinds: Vec<&str> = PRODUCT_TYPES.iter().map(|(k, _)| *k).collect();
    let kind = c.one_of(doc, "", "productType", &kinds);
    c.text(doc, "", "productCode", 1, 40);
    if let Some(applicant) = c.object(doc, "", "applicant") {
        applicant_fields(&mut c, applicant, "applicant");
    }
    if let Some(details) = c.object(doc, "", "details") {
        details::check(&mut c, kind, details);
    }
    if let Some(consents) = c.object(doc, "", "consents") {
        if c.boolean(consents, "consents", "personalDataCollection") == Some(false) {
            c.fail(
                "consents.personalDataCollection",
                "must be true: the bank needs the customer's consent",
            );
        }
        c.boolean(consents, "consents", "marketing");
    }
    c.into_errors()
}

/// The field errors of an applicant alone, at `path`.
pub(crate) fn applicant(value: &Value, path: &str) -> Vec<FieldError> {
    let mut c = Checker::default();
    match value.as_object() {
        Some(a) => applicant_fields(&mut c, a, path),
        None => c.fail(path, "must be an object"),
    }
    c.into_errors()
}

fn applicant_fields(c: &mut Checker, a: &Map<String, Value>, path: &str) {
    if let Some(name) = c.object(a, path, "name") {
        let p = join(path, "name");
        c.text(name, &p, "surname", 1, 70);
        c.text(name, &p, "givenNames", 1, 70);
        c.optional_text(name, &p, "chineseName", 1, 20);
    }
    if let Some(id) = c.object(a, path, "identityDocument") {
        identity_document(c, id, &join(path, "identityDocument"));
    }
    if let Some(born) = c.date(a, path, "dateOfBirth")
        && born >= chrono::Utc::now().date_naive()
    {
        c.fail(&join(path, "dateOfBirth"), "must be in the past");
    }
    c.code(a, path, "nationality", 2);
    if let Some(m) = c.text(a, path, "mobileNumber", 1, 32)
        && !mobile_is_valid(m)
    {
        c.fail(
            &join(path, "mobileNumber"),
            "must be +<country code>-<number>; a Hong Kong number has 8 digits starting 4 to 9",
        );
    }
    if let Some(e) = c.text(a, path, "email", 1, 254)
        && !email_is_valid(e)
    {
        c.fail(&join(path, "email"), "is not an e-mail address");
    }
    c.address(a, path, "residentialAddress");
    if let Some(Value::Object(_)) = a.get("employment") {
        if let Some(e) = c.object(a, path, "employment") {
            let p = join(path, "employment");
            c.one_of(
                e,
                &p,
                "status",
                &[
                    "EMPLOYED",
                    "SELF_EMPLOYED",
                    "UNEMPLOYED",
                    "RETIRED",
                    "STUDENT",
                    "HOMEMAKER",
                ],
            );
            c.optional_text(e, &p, "employerName", 1, 140);
            c.optional_text(e, &p, "occupation", 1, 70);
            c.optional_integer(e, &p, "yearsWithEmployer", 0, 80);
        }
    } else if a.get("employment").is_some_and(|v| !v.is_null()) {
        c.fail(&join(path, "employment"), "must be an object");
    }
    c.optional_money(a, path, "monthlyIncome");
}

fn identity_document(c: &mut Checker, id: &Map<String, Value>, path: &str) {
    let kind = c.one_of(id, path, "type", &["HKID", "PASSPORT"]);
    let number = c.text(id, path, "number", 1, 20);
    let number_field = join(path, "number");
    match (kind, number) {
        (Some("HKID"), Some(n)) if !hkid_is_valid(n) => {
            c.fail(&number_field, "is not a valid HKID number (check digit)");
        }
        (Some("PASSPORT"), _) => {
            c.code(id, path, "issuingCountry", 2);
            if let Some(expiry) = c.date(id, path, "expiryDate")
                && expiry <= chrono::Utc::now().date_naive()
            {
                c.fail(&join(path, "expiryDate"), "the passport has expired");
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;

/// The field errors of a decrypted answer to an information request, its
/// fields named below `path` (`answer`, `Data.Answer`, or `""` for the
/// whole plaintext). Where the request id also travels outside the
/// encrypted answer (`outer_request_id`), a `requestId` inside it must be
/// the same: an answer sealed for one request cannot be replayed for
/// another.
pub(crate) fn answer(value: &Value, path: &str, outer_request_id: Option<&str>) -> Vec<FieldError> {
    let mut c = Checker::default();
    let Some(a) = value.as_object() else {
        c.fail(path, "must be an object");
        return c.into_errors();
    };
    let inner = c.optional_text(a, path, "requestId", 1, 128);
    if let (Some(inner), Some(outer)) = (inner, outer_request_id)
        && inner != outer
    {
        c.fail(
            &join(path, "requestId"),
            "must be the id of the request being answered",
        );
    }
    c.optional_text(a, path, "text", 1, 2000);
    if a.get("document").is_some_and(|d| !d.is_null())
        && let Some(d) = c.object(a, path, "document")
    {
        let at = join(path, "document");
        c.text(d, &at, "fileName", 1, 255);
        c.text(d, &at, "mediaType", 3, 127);
        if let Some(content) = c.text(d, &at, "content", 0, 8 * 1024 * 1024) {
            use base64::Engine as _;
            if base64::engine::general_purpose::STANDARD
                .decode(content)
                .is_err()
            {
                c.fail(&join(&at, "content"), "must be standard base64");
            }
        }
    }
    c.into_errors()
}
