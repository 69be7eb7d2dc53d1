//! The one-time password of an on-us mandate: a five-character prefix the
//! SMS starts with and six digits, "sent" to the debtor (tests read it
//! with `BankHandle::direct_debit_otp`). The right prefix and password
//! make the mandate `ACTIVE`; a wrong one is refused with `processResult`
//! `99` (`MPP04003`) and the mandate stays in `PDOU`, until the third wrong
//! password in all, which makes it `ERROR`. A new password replaces the
//! last one (which stops working) and does not reset the count.

use ring::rand::{SecureRandom, SystemRandom};

use super::access::{self, Creditor};
use super::account::CashAccount;
use super::book::{MAX_WRONG_OTPS, MandateRecord, Otp};
use super::mandates::{SetupView, owned, refresh, same_creditor, today};
use super::{Ctx, MandateStatus, Outcome, Permission};
use crate::dialects::accounts::Caller;
use crate::payments::initiation::shown;
use crate::payments::{Problem, signatures};

/// The prefix's characters: capitals and digits a reader cannot confuse.
const PREFIX_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The refusal code of a wrong password (HSBC's).
pub(crate) const WRONG_OTP: &str = "MPP04003";
/// The refusal code of an unknown mandate.
pub(crate) const NO_MANDATE: &str = "MPP04001";
/// The refusal code of a mandate that waits for no password.
pub(crate) const NOT_PENDING: &str = "MPP04002";

/// A password confirmation, as read from the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Confirmation {
    pub mandate_id: String,
    pub prefix: String,
    pub password: String,
    pub creditor_account: CashAccount,
}

/// A request for a new password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Regeneration {
    pub mandate_id: String,
    pub creditor_account: CashAccount,
}

/// A confirmation's outcome, as the dialect renders it.
#[derive(Debug, Clone)]
pub(crate) struct ConfirmView {
    pub result: Outcome,
    pub mandate_id: String,
    pub creditor_reference: Option<String>,
    pub status: Option<MandateStatus>,
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        let fallback = uuid::Uuid::new_v4();
        for (b, r) in bytes.iter_mut().zip(fallback.as_bytes().iter().cycle()) {
            *b = *r;
        }
    }
    bytes
}

/// A new password, with a prefix other than `last`'s.
pub(crate) fn fresh(last: Option<&Otp>) -> Otp {
    loop {
        let prefix: String = random::<5>()
            .iter()
            .map(|b| {
                let i = usize::from(*b)
                    .checked_rem(PREFIX_ALPHABET.len())
                    .unwrap_or_default();
                char::from(PREFIX_ALPHABET.get(i).copied().unwrap_or(b'X'))
            })
            .collect();
        let number = u32::from_be_bytes(random::<4>()) % 1_000_000;
        let otp = Otp {
            prefix,
            password: format!("{number:06}"),
        };
        if last.is_none_or(|l| l.prefix != otp.prefix && l.password != otp.password) {
            return otp;
        }
    }
}

/// The mandate a password request names, when it is the creditor's; the
/// request's creditor account must be the consent's.
fn mandate_of(
    ctx: &Ctx<'_>,
    creditor: &Creditor<'_>,
    mandate_id: &str,
    account: &CashAccount,
) -> Result<Option<MandateRecord>, Problem> {
    let Some(m) = ctx
        .bank
        .direct_debits
        .mandate(mandate_id)
        .filter(|m| owned(m, creditor))
    else {
        return Ok(None);
    };
    same_creditor(ctx, creditor, account)?;
    Ok(Some(m))
}

fn no_mandate(mandate_id: &str) -> Outcome {
    Outcome::refused(
        NO_MANDATE,
        format!("No direct debit authorisation {}.", shown(mandate_id)),
    )
}

fn not_pending(status: MandateStatus) -> Outcome {
    Outcome::refused(
        NOT_PENDING,
        format!(
            "The direct debit authorisation is {}, not waiting for a one-time password.",
            status.code()
        ),
    )
}

/// `POST` a password confirmation. Refusals (an unknown mandate, one not
/// in `PDOU`, a wrong password) are `processResult` `99`.
pub(crate) fn confirm(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<Confirmation, Problem>,
) -> Result<ConfirmView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::OtpConfirmation)?;
    signatures::verify_request(ctx.bank, &creditor.client_id, &caller.headers, body)?;
    let request = parse(body)?;
    let id = request.mandate_id.clone();
    if mandate_of(ctx, &creditor, &id, &request.creditor_account)?.is_none() {
        return Ok(ConfirmView {
            result: no_mandate(&id),
            mandate_id: id.clone(),
            creditor_reference: None,
            status: None,
        });
    }
    let today = today(ctx)?;
    let view = ctx.bank.direct_debits.update_mandate(&id, |m| {
        refresh(m, today);
        let result = if m.status != MandateStatus::PendingOtp {
            not_pending(m.status)
        } else if m
            .otp
            .as_ref()
            .is_some_and(|o| o.prefix == request.prefix && o.password == request.password)
        {
            m.status = MandateStatus::Active;
            m.otp = None;
            Outcome::ok()
        } else {
            m.wrong_otps = m.wrong_otps.saturating_add(1);
            if m.wrong_otps >= MAX_WRONG_OTPS {
                m.status = MandateStatus::Error;
                m.otp = None;
                Outcome::refused(
                    WRONG_OTP,
                    "OTP confirmation code is invalid. Three wrong codes: the authorisation failed.",
                )
            } else {
                Outcome::refused(WRONG_OTP, "OTP confirmation code is invalid.")
            }
        };
        ConfirmView {
            result,
            mandate_id: m.mandate_id.clone(),
            creditor_reference: Some(m.creditor_reference.clone()),
            status: Some(m.status),
        }
    });
    Ok(view.unwrap_or_else(|| ConfirmView {
        result: no_mandate(&id),
        mandate_id: id.clone(),
        creditor_reference: None,
        status: None,
    }))
}

/// `POST` a request for a new password, for a mandate in `PDOU`; the last
/// password stops working. Refusals are `processResult` `99`.
pub(crate) fn regenerate(
    ctx: &Ctx<'_>,
    caller: &Caller,
    body: &[u8],
    parse: impl FnOnce(&[u8]) -> Result<Regeneration, Problem>,
) -> Result<SetupView, Problem> {
    let creditor = access::creditor(ctx, caller, Permission::OtpRegeneration)?;
    signatures::verify_request(ctx.bank, &creditor.client_id, &caller.headers, body)?;
    let request = parse(body)?;
    let id = request.mandate_id.clone();
    let refused = |result: Outcome, status: Option<MandateStatus>| SetupView {
        result,
        mandate_id: id.clone(),
        otp_prefix: None,
        masked_mobile: None,
        status,
    };
    if mandate_of(ctx, &creditor, &id, &request.creditor_account)?.is_none() {
        return Ok(refused(no_mandate(&id), None));
    }
    let today = today(ctx)?;
    let view = ctx.bank.direct_debits.update_mandate(&id, |m| {
        refresh(m, today);
        if m.status != MandateStatus::PendingOtp {
            return refused(not_pending(m.status), Some(m.status));
        }
        let otp = fresh(m.otp.as_ref());
        let prefix = otp.prefix.clone();
        m.otp = Some(otp);
        SetupView {
            result: Outcome::ok(),
            mandate_id: m.mandate_id.clone(),
            otp_prefix: Some(prefix),
            masked_mobile: m.masked_mobile.clone(),
            status: Some(m.status),
        }
    });
    Ok(view.unwrap_or_else(|| refused(no_mandate(&id), None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_six_digits_under_a_five_character_prefix_and_change() {
        let first = fresh(None);
        assert_eq!(first.prefix.len(), 5);
        assert!(first.prefix.bytes().all(|b| PREFIX_ALPHABET.contains(&b)));
        assert_eq!(first.password.len(), 6);
        assert!(first.password.bytes().all(|b| b.is_ascii_digit()));
        for _ in 0..50 {
            let next = fresh(Some(&first));
            assert_ne!(next.prefix, first.prefix);
            assert_ne!(next.password, first.password);
        }
    }
}
