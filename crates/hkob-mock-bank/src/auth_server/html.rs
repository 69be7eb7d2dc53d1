//! The login and consent page, and the error page, as HTML.

use std::fmt::Write as _;

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

/// What the login page shows.
pub(super) struct LoginPage<'a> {
    pub(super) bank_name: &'a str,
    pub(super) action: &'a str,
    pub(super) request_id: &'a str,
    pub(super) client_id: &'a str,
    pub(super) scopes: &'a [String],
    /// Consent id, permissions, expiry (RFC 3339).
    pub(super) consent: Option<(&'a str, &'a [String], Option<String>)>,
    pub(super) usernames: Vec<&'a str>,
    pub(super) error: Option<&'a str>,
    pub(super) username: &'a str,
}

const STYLE: &str = "body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em}\
label{display:block;margin:.6em 0}input{font-size:1em}button{font-size:1em;margin-right:1em}\
.error{color:#a00}.summary{background:#f4f4f4;padding:.6em 1em}";

impl LoginPage<'_> {
    pub(super) fn render(&self) -> String {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>{bank} - sign in and authorise</title><style>{STYLE}</style></head><body>\
             <h1>{bank}</h1><h2>Sign in to authorise {client}</h2>",
            bank = escape(self.bank_name),
            client = escape(self.client_id),
        );
        if let Some(error) = self.error {
            let _ = write!(h, "<p class=\"error\" role=\"alert\">{}</p>", escape(error));
        }
        h.push_str("<div class=\"summary\"><p>The application asks for:</p><ul>");
        for s in self.scopes {
            let _ = write!(h, "<li>scope <code>{}</code></li>", escape(s));
        }
        h.push_str("</ul>");
        if let Some((id, permissions, expiry)) = &self.consent {
            let _ = write!(
                h,
                "<p>Consent <code id=\"consent-id\">{}</code>, permissions:</p><ul>",
                escape(id)
            );
            for p in *permissions {
                let _ = write!(h, "<li>{}</li>", escape(p));
            }
            h.push_str("</ul>");
            match expiry {
                Some(e) => {
                    let _ = write!(h, "<p>Until {}</p>", escape(e));
                }
                None => h.push_str("<p>No end date.</p>"),
            }
        }
        h.push_str("</div>");
        let _ = write!(
            h,
            "<form method=\"post\" action=\"{action}\">\
             <input type=\"hidden\" name=\"request_id\" value=\"{rid}\">\
             <label>Username <input name=\"username\" autocomplete=\"username\" value=\"{user}\"></label>\
             <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>\
             <button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
             </form>",
            action = escape(self.action),
            rid = escape(self.request_id),
            user = escape(self.username),
        );
        if !self.usernames.is_empty() {
            h.push_str("<p><small>Test customers: ");
            let names: Vec<String> = self.usernames.iter().map(|u| escape(u)).collect();
            h.push_str(&names.join(", "));
            h.push_str(" (passwords in the mock bank's documentation).</small></p>");
        }
        h.push_str("</body></html>");
        h
    }
}

/// A page for errors that cannot be sent back to the client.
pub(super) fn error_page(bank_name: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{bank} - error</title>\
         <style>{STYLE}</style></head><body><h1>{bank}</h1><p class=\"error\" role=\"alert\">{msg}</p></body></html>",
        bank = escape(bank_name),
        msg = escape(message),
    )
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
}
