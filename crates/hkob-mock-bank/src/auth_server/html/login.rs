//! The first step of the consent page: the customer signs in (or denies at
//! once).

use std::fmt::Write as _;

use super::{PageRequest, alert, escape};

/// What the login page shows.
pub(crate) struct LoginPage<'a> {
    pub(crate) request: PageRequest<'a>,
    /// The test customers' usernames, as a hint (never their passwords).
    pub(crate) usernames: Vec<&'a str>,
    /// Why the last attempt failed.
    pub(crate) error: Option<&'a str>,
    /// The username typed last, kept in its field.
    pub(crate) username: &'a str,
}

impl LoginPage<'_> {
    /// The page: the request's summary, then a form that posts
    /// `decision=login` with the username and password, or `decision=deny`.
    pub(crate) fn render(&self) -> String {
        let r = &self.request;
        let mut h = String::new();
        r.open(&mut h, "sign in and authorise");
        let _ = write!(h, "<h2>Sign in to authorise {}</h2>", escape(r.client_id));
        alert(&mut h, self.error);
        r.summary(&mut h);
        r.form(&mut h);
        let _ = write!(
            h,
            "<label>Username <input name=\"username\" autocomplete=\"username\" value=\"{user}\"></label>\
             <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>\
             <button type=\"submit\" name=\"decision\" value=\"login\">Sign in</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
             </form>",
            user = escape(self.username),
        );
        if !self.usernames.is_empty() {
            let names: Vec<String> = self.usernames.iter().map(|u| escape(u)).collect();
            let _ = write!(
                h,
                "<p><small>Test customers: {} (passwords in the mock bank's documentation).</small></p>",
                names.join(", ")
            );
        }
        h.push_str("</body></html>");
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'a>(error: Option<&'a str>, username: &'a str) -> LoginPage<'a> {
        LoginPage {
            request: PageRequest {
                bank_name: "Bank",
                action: "https://bank.example/oauth/authorize?a=1&b=2",
                request_id: "rid\"<",
                client_id: "<tsp>",
                scopes: &[],
                consent: None,
            },
            usernames: vec!["chan&co"],
            error,
            username,
        }
    }

    #[test]
    fn everything_shown_is_escaped() {
        let html = page(Some("<b>wrong</b>"), "\"><script>").render();
        assert!(html.contains("action=\"https://bank.example/oauth/authorize?a=1&amp;b=2\""));
        assert!(html.contains("value=\"rid&quot;&lt;\""));
        assert!(html.contains("&lt;tsp&gt;"));
        assert!(html.contains("&lt;b&gt;wrong&lt;/b&gt;"));
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(html.contains("chan&amp;co"));
        assert!(!html.contains("<script>") && !html.contains("<tsp>"));
    }

    #[test]
    fn the_form_signs_in_or_denies() {
        let html = page(None, "").render();
        assert!(html.contains("name=\"decision\" value=\"login\""));
        assert!(html.contains("name=\"decision\" value=\"deny\""));
        assert!(!html.contains("value=\"approve\""));
        assert!(!html.contains("role=\"alert\""));
    }
}
