//! The server's pages, as HTML: the login page, the page where the customer
//! chooses what to share, and the error page. They work without JavaScript
//! (plain form posts), and everything they show from a request or the
//! configuration goes through [`escape`].

mod account_choice;
mod choice;
mod direct_debit;
mod login;
mod payment;
mod permissions;

use std::fmt::Write as _;

pub(super) use choice::ChoicePage;

use super::{DirectDebitSummary, PaymentSummary};
pub(super) use login::LoginPage;

/// Escapes text for HTML element content and quoted attribute values.
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

/// The authorization request a page is about: what both pages show, and
/// where their form posts.
pub(super) struct PageRequest<'a> {
    pub(super) bank_name: &'a str,
    /// The form's target (the authorize endpoint).
    pub(super) action: &'a str,
    /// The pending request the form continues (its only credential).
    pub(super) request_id: &'a str,
    pub(super) client_id: &'a str,
    pub(super) scopes: &'a [String],
    pub(super) consent: Option<ConsentSummary<'a>>,
}

/// The consent being authorised.
pub(super) struct ConsentSummary<'a> {
    pub(super) id: &'a str,
    pub(super) permissions: &'a [String],
    /// The payment, for a consent to one payment.
    pub(super) payment: Option<&'a PaymentSummary>,
    /// The direct debits, for a direct debit consent.
    pub(super) direct_debit: Option<&'a DirectDebitSummary>,
    /// Its expiry (RFC 3339), if it has one.
    pub(super) expiry: Option<String>,
}

const STYLE: &str = "body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em}\
label{display:block;margin:.6em 0}input{font-size:1em}button{font-size:1em;margin-right:1em}\
fieldset{margin:1em 0}.error{color:#a00}.summary{background:#f4f4f4;padding:.6em 1em}";

impl PageRequest<'_> {
    /// The start of a page, up to and including the bank's name.
    fn open(&self, h: &mut String, title: &str) {
        open_page(h, self.bank_name, title);
    }

    /// What the application asks for: scopes, and the consent's
    /// permissions in words.
    fn summary(&self, h: &mut String) {
        let _ = write!(
            h,
            "<div class=\"summary\"><p>{} asks for:</p><ul>",
            escape(self.client_id)
        );
        for s in self.scopes {
            let _ = write!(h, "<li>scope <code>{}</code></li>", escape(s));
        }
        h.push_str("</ul>");
        if let Some(consent) = &self.consent
            && let Some(payment) = consent.payment
        {
            payment::summary(h, consent.id, payment);
        } else if let Some(consent) = &self.consent
            && consent.direct_debit.is_some()
        {
            direct_debit::summary(
                h,
                consent.id,
                consent.permissions,
                consent.expiry.as_deref(),
            );
        } else if let Some(consent) = &self.consent {
            let _ = write!(
                h,
                "<p>Consent <code id=\"consent-id\">{}</code>, to read:</p><ul id=\"permissions\">",
                escape(consent.id)
            );
            for p in consent.permissions {
                match permissions::in_words(p) {
                    Some(words) => {
                        let _ = write!(
                            h,
                            "<li>{} <small>(<code>{}</code>)</small></li>",
                            escape(words),
                            escape(p)
                        );
                    }
                    None => {
                        let _ = write!(h, "<li><code>{}</code></li>", escape(p));
                    }
                }
            }
            h.push_str("</ul>");
            match &consent.expiry {
                Some(e) => {
                    let _ = write!(h, "<p>Until {}.</p>", escape(e));
                }
                None => h.push_str("<p>No end date.</p>"),
            }
        }
        h.push_str("</div>");
    }

    /// The form's opening tag and the hidden request id.
    fn form(&self, h: &mut String) {
        let _ = write!(
            h,
            "<form method=\"post\" action=\"{action}\">\
             <input type=\"hidden\" name=\"request_id\" value=\"{rid}\">",
            action = escape(self.action),
            rid = escape(self.request_id),
        );
    }
}

/// `<!DOCTYPE html>` to the `<h1>` with the bank's name.
fn open_page(h: &mut String, bank_name: &str, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{bank} - {title}</title><style>{STYLE}</style></head><body><h1>{bank}</h1>",
        bank = escape(bank_name),
        title = escape(title),
    );
}

/// A message the page shows at its top, if there is one.
fn alert(h: &mut String, error: Option<&str>) {
    if let Some(error) = error {
        let _ = write!(h, "<p class=\"error\" role=\"alert\">{}</p>", escape(error));
    }
}

/// A page for errors that cannot be sent back to the client.
pub(super) fn error_page(bank_name: &str, message: &str) -> String {
    let mut h = String::new();
    open_page(&mut h, bank_name, "error");
    alert(&mut h, Some(message));
    h.push_str("</body></html>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn the_error_page_escapes_its_message() {
        let page = error_page("B&B <Bank>", "<script>alert(1)</script>");
        assert!(page.contains("B&amp;B &lt;Bank&gt;"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script>"));
    }
}
