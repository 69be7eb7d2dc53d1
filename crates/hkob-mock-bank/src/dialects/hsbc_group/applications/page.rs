//! The HTML of the HSBC landing page: one form, no JavaScript, every value
//! escaped. Element ids are stable for browser tests: the inputs `surname`,
//! `givenNames`, `idType`, `idNumber`, `issuingCountry`, `idExpiry`,
//! `dateOfBirth`, `nationality`, `mobileNumber`, `email`, `addressLine1`,
//! `addressLine2`, `district`, `marketing`, and the buttons `submit` and
//! `cancel` (both `name="action"`, values `submit` and `cancel`).

use std::fmt::Write as _;

use crate::applications::validate::{DISTRICTS, FieldError};

/// What the form shows in its fields.
#[derive(Debug, Clone, Default)]
pub(super) struct Values {
    pub surname: String,
    pub given_names: String,
    pub id_type: String,
    pub id_number: String,
    pub issuing_country: String,
    pub id_expiry: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub mobile_number: String,
    pub email: String,
    pub address_line1: String,
    pub address_line2: String,
    pub district: String,
    pub marketing: bool,
}

/// Escapes text for element content and quoted attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn shell(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body>{body}</body></html>\n",
        escape(title)
    )
}

/// A page saying why the form cannot be used.
pub(super) fn error_page(title: &str, message: &str) -> String {
    shell(
        title,
        &format!(
            "<h1 id=\"error-title\">{}</h1><p id=\"error-message\">{}</p>",
            escape(title),
            escape(message)
        ),
    )
}

fn input(out: &mut String, id: &str, label: &str, kind: &str, value: &str) {
    let _ = write!(
        out,
        "<p><label for=\"{id}\">{label}</label> \
         <input type=\"{kind}\" id=\"{id}\" name=\"{id}\" value=\"{}\"></p>",
        escape(value)
    );
}

fn select(out: &mut String, id: &str, label: &str, options: &[(&str, &str)], chosen: &str) {
    let _ = write!(
        out,
        "<p><label for=\"{id}\">{label}</label> <select id=\"{id}\" name=\"{id}\">"
    );
    for (value, text) in options {
        let selected = if *value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            escape(value),
            escape(text)
        );
    }
    out.push_str("</select></p>");
}

/// The form of an application for `product` (type and code), with `values`
/// and the `errors` of a refused submission.
pub(super) fn form(
    action: &str,
    product: (&str, &str),
    values: &Values,
    errors: &[FieldError],
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<h1>Apply for {}</h1><p id=\"product\">Product: <span id=\"productType\">{}</span> \
         <span id=\"productCode\">{}</span></p>",
        escape(product.0),
        escape(product.0),
        escape(product.1)
    );
    if !errors.is_empty() {
        out.push_str("<ul id=\"errors\">");
        for e in errors {
            let _ = write!(
                out,
                "<li data-field=\"{}\">{}: {}</li>",
                escape(&e.field),
                escape(&e.field),
                escape(&e.message)
            );
        }
        out.push_str("</ul>");
    }
    let _ = write!(out, "<form method=\"post\" action=\"{}\">", escape(action));
    input(&mut out, "surname", "Surname", "text", &values.surname);
    input(
        &mut out,
        "givenNames",
        "Given names",
        "text",
        &values.given_names,
    );
    select(
        &mut out,
        "idType",
        "Identity document",
        &[("HKID", "HKID"), ("PASSPORT", "Passport")],
        &values.id_type,
    );
    input(
        &mut out,
        "idNumber",
        "Document number",
        "text",
        &values.id_number,
    );
    input(
        &mut out,
        "issuingCountry",
        "Issuing country (passport)",
        "text",
        &values.issuing_country,
    );
    input(
        &mut out,
        "idExpiry",
        "Expiry date (passport)",
        "date",
        &values.id_expiry,
    );
    input(
        &mut out,
        "dateOfBirth",
        "Date of birth",
        "date",
        &values.date_of_birth,
    );
    input(
        &mut out,
        "nationality",
        "Nationality",
        "text",
        &values.nationality,
    );
    input(
        &mut out,
        "mobileNumber",
        "Mobile number",
        "tel",
        &values.mobile_number,
    );
    input(&mut out, "email", "E-mail", "email", &values.email);
    input(
        &mut out,
        "addressLine1",
        "Address",
        "text",
        &values.address_line1,
    );
    input(
        &mut out,
        "addressLine2",
        "Address (line 2)",
        "text",
        &values.address_line2,
    );
    let mut districts = vec![("", "(choose)")];
    districts.extend(DISTRICTS.iter().map(|(d, _)| (*d, *d)));
    select(
        &mut out,
        "district",
        "District",
        &districts,
        &values.district,
    );
    let checked = if values.marketing { " checked" } else { "" };
    let _ = write!(
        out,
        "<p><input type=\"checkbox\" id=\"marketing\" name=\"marketing\" value=\"yes\"{checked}> \
         <label for=\"marketing\">Send me offers</label></p>\
         <p>By submitting you agree that the bank collects these personal data for your application.</p>\
         <p><button type=\"submit\" id=\"submit\" name=\"action\" value=\"submit\">Submit</button> \
         <button type=\"submit\" id=\"cancel\" name=\"action\" value=\"cancel\">Cancel</button></p></form>"
    );
    shell("Application", &out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_escaped() {
        let values = Values {
            surname: "<script>alert(1)</script>".to_owned(),
            ..Values::default()
        };
        let errors = [FieldError {
            field: "applicant.name.surname".to_owned(),
            message: "\"bad\" & <wrong>".to_owned(),
        }];
        let html = form("/x?a=1&b=2", ("<t>", "c"), &values, &errors);
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<t>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("/x?a=1&amp;b=2"));
        assert!(html.contains("id=\"submit\"") && html.contains("id=\"cancel\""));
    }
}
