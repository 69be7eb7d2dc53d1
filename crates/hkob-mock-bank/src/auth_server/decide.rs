//! The consent page's form posts (`POST {authorize}`), in two steps:
//!
//! 1. `decision=login` with `username` and `password`: a wrong pair shows
//!    the login page again with a message; the right one signs the
//!    customer in, under a new `request_id` (the old one is spent), and
//!    shows the page that lists their accounts and cards as ticked
//!    checkboxes.
//! 2. `decision=approve` with the `accounts` still ticked: at least one,
//!    each the customer's; or `decision=deny`.
//!
//! For a consent to one payment the second page shows the payment and
//! offers the customer's accounts in its currency as radio buttons (the
//! consent's own debtor account alone when it names one); `accounts` then
//! names the one account to pay from. A direct debit consent's page lists
//! the functions it allows and offers the customer's HKD accounts the same
//! way, for the account collections are paid into.
//!
//! `decision=deny` works at either step. A post of `decision=approve` that
//! carries `username` and `password` signs in and approves at once (every
//! account and card unless `accounts` fields name some), for scripts.
//!
//! The `request_id` is the form's only credential: unguessable, bound to
//! one validated authorize request, short-lived and spent by the decision,
//! so a forged post from another site cannot complete an authorization.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::response::Response;
use http::StatusCode;

use super::authorize::html_response;
use super::customer::TestCustomer;
use super::html::{ChoicePage, ConsentSummary, LoginPage, PageRequest};
use super::params::Params;
use super::store::PendingAuthorization;
use super::{AuthServer, RequestMisbehaviours};

const WRONG_CREDENTIALS: &str = "Wrong username or password.";
const NOT_YOURS: &str = "An account chosen is not yours.";
const CHOOSE_ONE: &str = "Choose at least one account or card to share.";
const SIGN_IN_FIRST: &str = "Sign in first.";
const USED: &str = "this sign-in page was already used";

/// `POST {authorize}`: the page's form.
pub(super) async fn decide(
    State(server): State<Arc<AuthServer>>,
    extra: Option<Extension<RequestMisbehaviours>>,
    body: Bytes,
) -> Response {
    let extra = extra.as_ref().map(|e| &e.0);
    let form = Params::parse(&body);
    if let Some(name) = form.duplicate(&["accounts"]) {
        return server.error_page(
            StatusCode::BAD_REQUEST,
            &format!("the form has {name} more than once"),
        );
    }
    let now = server.clock.now();
    let Some(request_id) = form.get("request_id") else {
        return server.error_page(StatusCode::BAD_REQUEST, "the form has no request_id");
    };
    let Some(pending) = server.lock().pending(request_id, now) else {
        return server.error_page(
            StatusCode::BAD_REQUEST,
            "this sign-in page has expired or was already used; start again from the application",
        );
    };
    let step = Step {
        server: &server,
        request_id,
        pending: &pending,
        form: &form,
        extra,
    };
    match form.get("decision") {
        Some("deny") => step.deny(),
        Some("login") => step.sign_in(),
        Some("approve") if form.get("username").is_some() || form.get("password").is_some() => {
            step.approve_at_once()
        }
        Some("approve") => step.approve_choice(),
        _ => server.error_page(
            StatusCode::BAD_REQUEST,
            "decision must be login, approve or deny",
        ),
    }
}

/// One form post on a pending authorization.
struct Step<'a> {
    server: &'a AuthServer,
    request_id: &'a str,
    pending: &'a PendingAuthorization,
    form: &'a Params,
    extra: Option<&'a RequestMisbehaviours>,
}

impl Step<'_> {
    fn deny(&self) -> Response {
        if !self.spend() {
            return self.server.error_page(StatusCode::BAD_REQUEST, USED);
        }
        let outcome = self.server.deny(self.pending);
        self.server
            .redirect(self.pending, outcome, self.extra, StatusCode::SEE_OTHER)
    }

    /// Step 1: the right username and password lead to the choice page,
    /// under a new request id.
    fn sign_in(&self) -> Response {
        let Some(customer) = self.credentials() else {
            return self.login_again(Some(WRONG_CREDENTIALS));
        };
        let now = self.server.clock.now();
        let mut store = self.server.lock();
        let Some(mut pending) = store.take_pending(self.request_id, now) else {
            drop(store);
            return self.server.error_page(StatusCode::BAD_REQUEST, USED);
        };
        pending.customer = Some(customer.customer_id.clone());
        let fresh = store.add_pending(pending.clone(), now);
        drop(store);
        self.server
            .choice_page(&pending, &fresh, &customer, None, None)
    }

    /// Step 2: approve what is ticked.
    fn approve_choice(&self) -> Response {
        let customer = self
            .pending
            .customer
            .as_deref()
            .and_then(|id| self.server.config.customer_by_id(id))
            .cloned();
        let Some(customer) = customer else {
            return self.login_again(Some(SIGN_IN_FIRST));
        };
        let chosen = self.chosen();
        let one = self
            .server
            .consent_of(self.pending)
            .and_then(|c| c.one_account(&customer, &chosen));
        if let Some(one) = one {
            // One account: to pay from, or to collect direct debits into.
            return match one {
                Ok(_) => self.approve(&customer, &chosen),
                Err(why) => self.server.choice_page(
                    self.pending,
                    self.request_id,
                    &customer,
                    Some(&chosen),
                    Some(&why),
                ),
            };
        }
        let refusal = if !chosen.iter().all(|a| customer.holds(a)) {
            Some(NOT_YOURS)
        } else if chosen.is_empty()
            && (self.pending.consent_id.is_some() || !customer.holdings().is_empty())
        {
            Some(CHOOSE_ONE)
        } else {
            None
        };
        if let Some(refusal) = refusal {
            return self.server.choice_page(
                self.pending,
                self.request_id,
                &customer,
                Some(&chosen),
                Some(refusal),
            );
        }
        self.approve(&customer, &chosen)
    }

    /// Sign in and approve in one post: every holding unless `accounts`
    /// names some.
    fn approve_at_once(&self) -> Response {
        let Some(customer) = self.credentials() else {
            return self.login_again(Some(WRONG_CREDENTIALS));
        };
        let chosen = self.chosen();
        if !chosen.iter().all(|a| customer.holds(a)) {
            return self.login_again(Some(NOT_YOURS));
        }
        let accounts = if chosen.is_empty() {
            customer.holdings()
        } else {
            chosen
        };
        self.approve(&customer, &accounts)
    }

    fn approve(&self, customer: &TestCustomer, accounts: &[String]) -> Response {
        if !self.spend() {
            return self.server.error_page(StatusCode::BAD_REQUEST, USED);
        }
        let outcome = self.server.approve(self.pending, customer, accounts);
        self.server
            .redirect(self.pending, outcome, self.extra, StatusCode::SEE_OTHER)
    }

    /// The customer the form's username and password name, if they match.
    fn credentials(&self) -> Option<TestCustomer> {
        let username = self.form.get("username").unwrap_or_default();
        let password = self.form.get("password").unwrap_or_default();
        self.server
            .config
            .customer_by_username(username)
            .filter(|c| c.password_matches(password))
            .cloned()
    }

    /// The ticked `accounts`, each once, in the order sent.
    fn chosen(&self) -> Vec<String> {
        let mut chosen: Vec<String> = Vec::new();
        for id in self.form.all("accounts") {
            if !id.is_empty() && !chosen.contains(&id) {
                chosen.push(id);
            }
        }
        chosen
    }

    /// Takes the pending request out: false when another post took it first.
    fn spend(&self) -> bool {
        let now = self.server.clock.now();
        self.server
            .lock()
            .take_pending(self.request_id, now)
            .is_some()
    }

    fn login_again(&self, error: Option<&str>) -> Response {
        let username = self.form.get("username").unwrap_or_default();
        self.server
            .login_page(self.pending, self.request_id, error, username)
    }
}

impl AuthServer {
    /// The first step's page: sign in, or deny.
    pub(super) fn login_page(
        &self,
        pending: &PendingAuthorization,
        request_id: &str,
        error: Option<&str>,
        username: &str,
    ) -> Response {
        let action = self.endpoint(&self.config.paths.authorize);
        let consent = self.consent_of(pending);
        let page = LoginPage {
            request: self.page_request(pending, request_id, &action, consent.as_ref()),
            usernames: self
                .config
                .customers
                .iter()
                .map(|c| c.username.as_str())
                .collect(),
            error,
            username,
        };
        html_response(StatusCode::OK, page.render())
    }

    /// The second step's page: choose what to share, then approve or deny.
    fn choice_page(
        &self,
        pending: &PendingAuthorization,
        request_id: &str,
        customer: &TestCustomer,
        ticked: Option<&[String]>,
        error: Option<&str>,
    ) -> Response {
        let action = self.endpoint(&self.config.paths.authorize);
        let consent = self.consent_of(pending);
        let page = ChoicePage {
            request: self.page_request(pending, request_id, &action, consent.as_ref()),
            customer,
            ticked,
            error,
        };
        html_response(StatusCode::OK, page.render())
    }

    fn consent_of(&self, pending: &PendingAuthorization) -> Option<super::Consent> {
        pending
            .consent_id
            .as_deref()
            .and_then(|id| self.consent(id))
    }

    fn page_request<'a>(
        &'a self,
        pending: &'a PendingAuthorization,
        request_id: &'a str,
        action: &'a str,
        consent: Option<&'a super::Consent>,
    ) -> PageRequest<'a> {
        PageRequest {
            bank_name: &self.config.bank_name,
            action,
            request_id,
            client_id: &pending.client_id,
            scopes: &pending.scopes,
            consent: consent.map(|c| ConsentSummary {
                id: &c.consent_id,
                permissions: &c.permissions,
                payment: c.payment.as_ref(),
                direct_debit: c.direct_debit.as_ref(),
                expiry: c
                    .to_json()
                    .get("expirationDate")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
            }),
        }
    }
}
