//! Mandates (direct debit authorisations): set up for the creditor's
//! account the consent names, from a debtor account at any bank of the
//! instance; enquired, amended and cancelled.
//!
//! A debtor at this bank is "sent" a one-time password by SMS and the
//! mandate waits in `PDOU` ([`super::otp`]); a debtor at another bank
//! answers through FPS: the mandate answers `PDFP` to its first
//! enquiries, then `ACTIVE` (after [`super::book::DEFAULT_FPS_ENQUIRIES`]
//! enquiries unless set otherwise). A mandate past its last day (Hong Kong
//! time, on the mock clock) is `EXPIRED`. Only an `ACTIVE` mandate is
//! amended; cancelling gives `CANCELLED`, and cancelling again answers the
//! same.

use chrono::NaiveDate;

use super::access::{self, Creditor};
use super::account::CashAccount;
use super::book::MandateRecord;
use super::consents::auth;
use super::{Ctx, MandateStatus, Money, Occurrences, Outcome, Permission, hong_kong_day, otp};
use crate::dialects::accounts::Caller;
use crate::payments::initiation::shown;
use crate::payments::{Kind, Problem, signatures};

/// A mandate to set up, as read from the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SetupRequest {
    pub merchant_request_id: String,
    pub creditor_reference: String,
    pub debtor_name: String,
    pub debtor_account: CashAccount,
    pub creditor_name: String,
    pub creditor_account: CashAccount,
    pub debtor_id: String,
    pub debtor_id_scheme: String,
    pub debtor_mobile: Option<String>,
    pub maximum: Money,
    pub occurrences: Occurrences,
}

/// New limits for a mandate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Amendment {
    pub creditor_account: CashAccount,
    pub maximum: Money,
    pub occurrences: Option<Occurrences>,
}

/// A mandate just set up (or sent a new password), as the dialect renders
/// it.
#[derive(Debug, Clone)]
pub(crate) struct SetupView {
    pub result: Outcome,
    pub mandate_id: String,
    /// The prefix of the password the debtor was sent.
    pub otp_prefix: Option<String>,
    pub masked_mobile: Option<String>,
    pub status: Option<MandateStatus>,
}

/// A mandate's status and limits, as the dialect renders them.
#[derive(Debug, Clone)]
pub(crate) struct MandateView {
    pub result: Outcome,
    pub mandate_id: String,
    pub status: MandateStatus,
    pub maximum: Money,
    pub occurrences: Occurrences,
}

impl From<&MandateRecord> for MandateView {
    fn from(m: &MandateRecord) -> Self {
        Self {
            result: Outcome::ok(),
            mandate_id: m.mandate_id.clone(),
            status: m.status,
            maximum: m.maximum.clone(),
            occurrences: m.occurrences,
        }
    }
}

/// The debtor's mobile number as the bank shows it: the country code and
/// its separator kept, the second half of the number's digits (rounded up)
/// replaced by `*` (`+852-61234567` is `+852-6123****`); other characters
/// than digits, `+` and `-` are dropped.
pub(crate) fn masked_mobile(number: &str) -> String {
    let kept: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
        .collect();
    let (head, local) = match kept.rsplit_once('-') {
        Some((h, l)) => (format!("{h}-"), l.to_owned()),
        None if kept.starts_with('+') => ("+".to_owned(), kept),
        None => (String::new(), kept),
    };
    let digits: String = local.chars().filter(char::is_ascii_digit).collect();
    let shown = digits.len() / 2;
    let mut out = head;
    out.push_str(&digits[..shown]);
    out.extend(std::iter::repeat_n('*', digits.len().saturating_sub(shown)));
    out
}

/// Whether a mandate belongs to the creditor calling: the same TSP and the
/// consent's creditor account.
pub(crate) fn owned(m: &MandateRecord, creditor: &Creditor<'_>) -> bool {
    m.client_id == creditor.client_id && m.creditor_account_id == creditor.account.id
}

/// A request's creditor account must be the consent's (403 otherwise).
pub(crate) fn same_creditor(
    ctx: &Ctx<'_>,
    creditor: &Creditor<'_>,
    account: &CashAccount,
) -> Result<(), Problem> {
    if account.names(ctx.bank, creditor.account) {
        return Ok(());
    }
    Err(Problem::new(
        Kind::ConsentInvalid,
        "The creditor account is not the account the consent authorised.",
    )
    .about("creditorAccount"))
}

/// A mandate of the creditor's by its reference, else 404.
fn found(creditor: &Creditor<'_>, ctx: &Ctx<'_>, mandate_id: &str) -> Result<(), Problem> {
    match ctx.bank.direct_debits.mandate(mandate_id) {
        Some(m) if owned(&m, creditor) => Ok(()),
        _ => Err(missing(mandate_id)),
    }
}

fn missing(mandate_id: &str) -> Problem {
    Problem::not_found(format!(
        "No direct debit authorisation {}.",
        shown(mandate_id)
    ))
}

/// The mandate's status today: `EXPIRED` past its last day.
pub(crate) fn refresh(m: &mut MandateRecord, today: NaiveDate) {
    if !m.status.is_final() && today > m.occurrences.until {
        m.status = MandateStatus::Expired;
        m.otp = None;
    }
}

/// The bank's day now.
pub(crate) fn today(ctx: &Ctx<'_>) -> Result<NaiveDate, Problem> {
    Ok(hong_kong_day(auth(ctx)?.now()))
}

fn not_past(field: &str, until: NaiveDate, today: NaiveDate) -> Result<(), Problem> {
    if until < today {
        return Err(Problem::invalid(
            field,
            format!("{field} ({until}) is in the past."),
        ));
    }
    Ok(())
}

/// `POST` a mandate.
pub(crate) fn setup(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<SetupRequest, Problem>,
) -> Result<SetupView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::Setup)?;
    signatures::verify_request(ctx.bank, &creditor.client_id, &caller.headers, body)?;
    let request = parse(body)?;
    same_creditor(ctx, &creditor, &request.creditor_account)?;
    let today = today(ctx)?;
    not_past(
        "occurrences.durationToDate",
        request.occurrences.until,
        today,
    )?;
    let (debtor_bank, debtor) = request.debtor_account.find(ctx, "debtorAccount")?;
    if debtor_bank.profile.id == ctx.bank.profile.id && debtor.id == creditor.account.id {
        return Err(Problem::new(
            Kind::CreditorInvalid,
            "The debtor account is the creditor account.",
        )
        .about("debtorAccount"));
    }
    let on_us = debtor_bank.profile.id == ctx.bank.profile.id;
    let fps_enquiries = ctx.bank.direct_debits.settings().fps_enquiries;
    let (status, otp) = match (on_us, fps_enquiries) {
        (true, _) => (MandateStatus::PendingOtp, Some(otp::fresh(None))),
        (false, 0) => (MandateStatus::Active, None),
        (false, _) => (MandateStatus::PendingFps, None),
    };
    let mandate_id = format!(
        "D{}0N{:04}",
        today.format("%y%m%d"),
        ctx.bank.direct_debits.next_mandate()
    );
    let record = MandateRecord {
        mandate_id: mandate_id.clone(),
        client_id: creditor.client_id,
        creditor_account_id: creditor.account.id.clone(),
        debtor_bank_id: debtor_bank.profile.id.clone(),
        debtor_account_id: debtor.id.clone(),
        on_us,
        creditor_reference: request.creditor_reference,
        masked_mobile: request.debtor_mobile.as_deref().map(masked_mobile),
        maximum: request.maximum,
        occurrences: request.occurrences,
        status,
        otp,
        wrong_otps: 0,
        enquiries: 0,
        fps_enquiries,
    };
    let view = SetupView {
        result: Outcome::ok(),
        mandate_id,
        otp_prefix: record.otp.as_ref().map(|o| o.prefix.clone()),
        masked_mobile: record.masked_mobile.clone(),
        status: Some(record.status),
    };
    ctx.bank.direct_debits.add_mandate(record);
    Ok(view)
}

/// `GET` a mandate: one enquiry (an off-us mandate may get its FPS answer).
pub(crate) fn enquire(
    ctx: &Ctx<'_>,
    caller: &Caller,
    mandate_id: &str,
) -> Result<MandateView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::StatusAuthorisations)?;
    found(&creditor, ctx, mandate_id)?;
    let today = today(ctx)?;
    ctx.bank
        .direct_debits
        .update_mandate(mandate_id, |m| {
            refresh(m, today);
            m.enquiries = m.enquiries.saturating_add(1);
            if m.status == MandateStatus::PendingFps && m.enquiries >= m.fps_enquiries {
                m.status = MandateStatus::Active;
            }
            MandateView::from(&*m)
        })
        .ok_or_else(|| missing(mandate_id))
}

/// `PUT` a mandate's new limits: only an `ACTIVE` mandate (403 otherwise).
pub(crate) fn amend(
    ctx: &Ctx<'_>,
    caller: &Caller,
    mandate_id: &str,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<Amendment, Problem>,
) -> Result<MandateView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::StatusAuthorisations)?;
    signatures::verify_request(ctx.bank, &creditor.client_id, &caller.headers, body)?;
    found(&creditor, ctx, mandate_id)?;
    let amendment = parse(body)?;
    same_creditor(ctx, &creditor, &amendment.creditor_account)?;
    let today = today(ctx)?;
    if let Some(o) = &amendment.occurrences {
        not_past("occurrences.durationToDate", o.until, today)?;
    }
    ctx.bank
        .direct_debits
        .update_mandate(mandate_id, |m| {
            refresh(m, today);
            if m.status != MandateStatus::Active {
                return Err(Problem::new(
                    Kind::ConsentInvalid,
                    format!(
                        "The direct debit authorisation is {}, not ACTIVE: it cannot be amended.",
                        m.status.code()
                    ),
                ));
            }
            m.maximum = amendment.maximum;
            if let Some(o) = amendment.occurrences {
                m.occurrences = o;
            }
            Ok(MandateView::from(&*m))
        })
        .ok_or_else(|| missing(mandate_id))?
}

/// `DELETE` a mandate: `CANCELLED` (again: the same answer); an expired or
/// failed mandate cannot be cancelled (403).
pub(crate) fn cancel(
    ctx: &Ctx<'_>,
    caller: &Caller,
    mandate_id: &str,
) -> Result<MandateView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::StatusAuthorisations)?;
    found(&creditor, ctx, mandate_id)?;
    let today = today(ctx)?;
    ctx.bank
        .direct_debits
        .update_mandate(mandate_id, |m| {
            refresh(m, today);
            match m.status {
                MandateStatus::Cancelled => {}
                s if s.is_final() => {
                    return Err(Problem::new(
                        Kind::ConsentInvalid,
                        format!(
                            "The direct debit authorisation is {}: it cannot be cancelled.",
                            s.code()
                        ),
                    ));
                }
                _ => {
                    m.status = MandateStatus::Cancelled;
                    m.otp = None;
                }
            }
            Ok(MandateView::from(&*m))
        })
        .ok_or_else(|| missing(mandate_id))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_are_at_least_half_masked() {
        assert_eq!(masked_mobile("+852-61234567"), "+852-6123****");
        assert_eq!(masked_mobile("+61-000000000"), "+61-0000*****");
        assert_eq!(masked_mobile("61234567"), "6123****");
        assert_eq!(masked_mobile("+852 6123 4567"), "+85261******");
        assert_eq!(masked_mobile(""), "");
        assert_eq!(masked_mobile("+852-"), "+852-");
        assert_eq!(masked_mobile("+1-2"), "+1-*");
    }
}
