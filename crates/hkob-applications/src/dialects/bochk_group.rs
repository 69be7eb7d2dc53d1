//! The BOCHK group: every call a POST; the application and answers sealed in a wrapped payload
//! (a JWE token, the plaintext's SHA-256 checksum and a detached JWS digest over the token).

use hkob_banks::{AuthScheme, BankId, Dialect};
use hkob_core::Client;
use serde_json::json;

use super::{ApplicationDialect, Fetch, Submitted, Wire, decision, read_key_set, send};
use crate::error::ApplicationError;
use crate::generated::bochk_group::{operations as op, security, types as wire};
use crate::seal::wrap;
use crate::status::{ApplicationRecord, ApplicationStatus, InformationRequest};
use crate::{Application, InformationAnswer};

pub(crate) struct BochkGroup;

impl ApplicationDialect for BochkGroup {
    fn dialect(&self) -> Dialect {
        Dialect::BochkGroup
    }

    fn app_scheme(&self) -> AuthScheme {
        AuthScheme::OAuthClientCredentials {
            token_path: security::OAUTH_TOKEN_URL,
        }
    }

    fn signs_answers(&self) -> bool {
        false
    }

    fn encryption_keys<'a>(
        &'a self,
        client: &'a Client,
        bank: &'a BankId,
    ) -> Fetch<'a, serde_json::Value> {
        Box::pin(read_key_set(client, bank, op::GetEncryptionKeys::new()))
    }

    fn submit<'a>(
        &'a self,
        w: Wire<'a>,
        application: &'a Application,
        key: &'a str,
    ) -> Fetch<'a, Submitted> {
        Box::pin(async move {
            // The canonical application serialises as the application document.
            let sealed = wrap(w.key, w.signer, application)?;
            let (answer, replayed) =
                send(w, &op::SubmitApplication::new(payload(sealed)), Some(key)).await?;
            Ok(Submitted {
                record: record(w.bank, answer)?,
                replayed,
            })
        })
    }

    fn read<'a>(&'a self, w: Wire<'a>, id: &'a str) -> Fetch<'a, ApplicationRecord> {
        Box::pin(async move {
            let body = wire::EnquiryRequest {
                application_id: id.to_owned(),
                additional_properties: Default::default(),
            };
            let (answer, _) = send(w, &op::EnquireApplication::new(body), None).await?;
            record(w.bank, answer)
        })
    }

    fn answer<'a>(
        &'a self,
        w: Wire<'a>,
        id: &'a str,
        answer: &'a InformationAnswer,
        key: &'a str,
    ) -> Fetch<'a, ApplicationRecord> {
        Box::pin(async move {
            let sealed = wrap(w.key, w.signer, &answer.plaintext(Some(id)))?;
            let operation = op::SupplementApplication::new(payload(sealed));
            let (answer, _) = send(w, &operation, Some(key)).await?;
            record(w.bank, answer)
        })
    }

    fn withdraw<'a>(
        &'a self,
        w: Wire<'a>,
        id: &'a str,
        reason: Option<&'a str>,
        key: &'a str,
    ) -> Fetch<'a, ApplicationRecord> {
        Box::pin(async move {
            let body: wire::WithdrawalRequest =
                serde_json::from_value(json!({ "applicationId": id, "reason": reason })).map_err(
                    |_| ApplicationError::InvalidInput("a withdrawal reason is not valid".into()),
                )?;
            let (answer, _) = send(w, &op::WithdrawApplication::new(body), Some(key)).await?;
            record(w.bank, answer)
        })
    }
}

fn payload(sealed: crate::seal::Wrapped) -> wire::WrappedPayload {
    wire::WrappedPayload {
        token: sealed.token,
        checksum: sealed.checksum,
        digest: sealed.digest,
        additional_properties: Default::default(),
    }
}

fn status(code: &wire::ApplicationStatusCode) -> ApplicationStatus {
    use wire::ApplicationStatusCode as S;
    match code {
        S::Rcvd => ApplicationStatus::Received,
        S::Proc => ApplicationStatus::UnderReview,
        S::Pend => ApplicationStatus::InformationRequired,
        S::Appr => ApplicationStatus::Approved,
        S::Rejt => ApplicationStatus::Declined,
        S::Wdrn => ApplicationStatus::Withdrawn,
        other => ApplicationStatus::Unknown(other.as_str().to_owned()),
    }
}

fn record(
    bank: &BankId,
    a: wire::ApplicationStatus,
) -> Result<ApplicationRecord, ApplicationError> {
    let decision = a
        .decision
        .map(|d| {
            let approved = d.approved_amount.map(|m| (m.amount, m.currency));
            decision(bank, d.decided_at, d.reason, approved)
        })
        .transpose()?;
    Ok(ApplicationRecord {
        bank: bank.clone(),
        status: status(&a.status_code),
        bank_status: a.status_code.as_str().to_owned(),
        id: a.application_id,
        product_type: None,
        product_code: None,
        created_at: Some(a.create_time),
        updated_at: Some(a.update_time),
        information_requests: a
            .pending_items
            .unwrap_or_default()
            .into_iter()
            .map(|r| InformationRequest {
                id: r.request_id,
                kind: r.kind.as_str().into(),
                description: r.description,
                due_date: r.due_date,
            })
            .collect(),
        decision,
    })
}
