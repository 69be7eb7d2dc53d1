//! Payments, whatever the dialect: submitted with the customer's token
//! under an authorised consent whose initiation they repeat (the consent
//! becomes `Consumed`, the money moves or the payment is rejected with a
//! reason), then read, each read one poll of its progress.

use super::book::PaymentRecord;
use super::consents::{self, auth};
use super::initiation::{Initiation, shown};
use super::progress::PaymentStatus;
use super::settle::{self, Outcome};
use super::{Ctx, Kind, Problem, access, signatures};
use crate::auth_server::ConsentError;
use crate::dialects::accounts::Caller;

/// A payment as the dialects render it.
#[derive(Debug, Clone)]
pub(crate) struct PaymentView {
    pub payment_id: String,
    pub consent_id: String,
    pub status: PaymentStatus,
    pub created_at: i64,
    pub status_updated_at: i64,
    pub initiation: Initiation,
    /// The reason code and text of a rejection or cancellation.
    pub reason: Option<(String, String)>,
}

impl From<&PaymentRecord> for PaymentView {
    fn from(r: &PaymentRecord) -> Self {
        Self {
            payment_id: r.payment_id.clone(),
            consent_id: r.consent_id.clone(),
            status: r.status,
            created_at: r.created_at,
            status_updated_at: r.status_updated_at,
            initiation: r.initiation.clone(),
            reason: r.reason.clone(),
        }
    }
}

/// What a payment request says: the consent and the initiation.
pub(crate) struct Submission {
    pub consent_id: String,
    pub initiation: Initiation,
}

/// `POST` a payment.
pub(crate) fn create(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<Submission, Problem>,
) -> Result<PaymentView, Problem> {
    let token = access::customer(ctx.bank, caller)?;
    ctx.check_app(caller, &token.client_id)?;
    signatures::verify_request(ctx.bank, &token.client_id, &caller.headers, body)?;
    let submission = parse(body)?;
    submission.initiation.check(&ctx.wire.names)?;
    if token.consent_id.as_deref() != Some(submission.consent_id.as_str()) {
        return Err(Problem::new(
            Kind::ConsentInvalid,
            "The access token is bound to another consent.",
        )
        .about("consentId"));
    }
    let consent_id = submission.consent_id;
    let Some(record) = ctx.bank.payments.consent(&consent_id) else {
        return Err(Problem::new(
            Kind::ConsentInvalid,
            format!("{} is not a payment consent.", shown(&consent_id)),
        ));
    };
    // The consent as it is now: the account the customer chose.
    let expected = consents::view(ctx, &consent_id)?.initiation;
    let mut presented = submission.initiation;
    if presented.debtor.is_none() && record.initiation.debtor.is_none() {
        presented.debtor = expected.debtor.clone();
    }
    if let Some(part) = presented.difference(&expected, &ctx.wire.names) {
        return Err(Problem::new(
            Kind::ConsentMismatch,
            format!("The payment does not match its consent ({part})."),
        )
        .about(part));
    }
    let auth = auth(ctx)?;
    // One payment per consent: whoever consumes it first pays.
    let consent = auth.consume_consent(&consent_id).map_err(|e| match e {
        ConsentError::WrongStatus(s) => Problem::new(
            Kind::ConsentInvalid,
            format!("The consent is {}.", s.as_str()),
        ),
        _ => Problem::new(Kind::ConsentInvalid, "The consent is not known."),
    })?;
    let customer_id = token.customer_id.clone().unwrap_or_default();
    let debtor = consent.account_ids.first().cloned().unwrap_or_default();
    let settings = ctx.bank.payments.settings();
    let outcome = settle::execute(ctx.bank, &settings, &record, &debtor, &customer_id);
    let now = auth.now();
    let (status, reason, movement) = match outcome {
        Outcome::Accepted(m) => (PaymentStatus::Pending, None, Some(m)),
        Outcome::Rejected(code, text) => {
            (PaymentStatus::Rejected, Some((code.to_owned(), text)), None)
        }
    };
    let payment = PaymentRecord {
        payment_id: format!("{}-{}", ctx.wire.payment_prefix, uuid::Uuid::new_v4()),
        consent_id,
        client_id: token.client_id,
        initiation: presented,
        created_at: now,
        status,
        status_updated_at: now,
        reason,
        progress: settings.progress,
        polls: 0,
        movement,
    };
    let view = PaymentView::from(&payment);
    ctx.bank.payments.add_payment(payment);
    Ok(view)
}

/// `GET` a payment: one poll of its progress.
pub(crate) fn read(
    ctx: &Ctx<'_>,
    caller: &Caller,
    payment_id: &str,
) -> Result<PaymentView, Problem> {
    let token = access::reader(ctx.bank, caller)?;
    ctx.check_app(caller, &token.client_id)?;
    let missing = || Problem::not_found(format!("No payment {}.", shown(payment_id)));
    let record = ctx.bank.payments.payment(payment_id).ok_or_else(missing)?;
    access::may_read(&token, &record.client_id, &record.consent_id).map_err(|_| missing())?;
    let now = auth(ctx)?.now();
    let bank = ctx.bank.clone();
    ctx.bank
        .payments
        .update_payment(payment_id, |p| {
            poll(&bank, p, now);
            PaymentView::from(&*p)
        })
        .ok_or_else(missing)
}

/// One poll: the status may take its next step; a cancellation gives the
/// money back (a reversal that cannot be made lets the payment complete).
fn poll(bank: &crate::instance::BankState, p: &mut PaymentRecord, now: i64) {
    if p.status.is_final() {
        return;
    }
    p.polls = p.polls.saturating_add(1);
    let mut next = p.progress.status_after(p.polls);
    if next == p.status {
        return;
    }
    if next == PaymentStatus::Cancelled {
        let reversed = p
            .movement
            .as_ref()
            .is_some_and(|m| settle::reverse(bank, m).is_ok());
        if reversed {
            p.reason = Some((
                "NARR".to_owned(),
                "The bank cancelled the payment before settlement; the amount was returned."
                    .to_owned(),
            ));
        } else {
            next = PaymentStatus::Completed;
        }
    }
    p.status = next;
    p.status_updated_at = now;
}
