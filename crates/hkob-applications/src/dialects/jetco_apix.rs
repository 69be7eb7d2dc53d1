//! JETCO APIX: the application by API, the applicant encrypted inside a signed body.

use hkob_banks::{AuthScheme, BankId, Dialect};
use hkob_core::Client;

use super::{ApplicationDialect, Fetch, Submitted, Wire, as_wire, decision, read_key_set, send};
use crate::error::ApplicationError;
use crate::generated::jetco_apix::{operations as op, security, types as wire};
use crate::status::{ApplicationRecord, ApplicationStatus, InformationRequest};
use crate::{Application, InformationAnswer};

pub(crate) struct JetcoApix;

impl ApplicationDialect for JetcoApix {
    fn dialect(&self) -> Dialect {
        Dialect::JetcoApix
    }

    fn app_scheme(&self) -> AuthScheme {
        AuthScheme::HeaderPair {
            id_header: security::CLIENT_ID_HEADER,
            secret_header: security::CLIENT_SECRET_HEADER,
        }
    }

    fn signs_answers(&self) -> bool {
        true
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
            let data = wire::ApplicationRequestData {
                product_type: as_wire(self.dialect(), application.product_type())?,
                product_code: application.product_code().to_owned(),
                applicant: w.key.encrypt_json(application.applicant())?,
                details: as_wire(self.dialect(), application.details())?,
                consents: as_wire(self.dialect(), application.consents())?,
                additional_properties: Default::default(),
            };
            let body = wire::ApplicationRequest {
                data,
                additional_properties: Default::default(),
            };
            let (answer, replayed) = send(w, &op::CreateApplication::new(body), Some(key)).await?;
            Ok(Submitted {
                record: record(w.bank, answer.data)?,
                replayed,
            })
        })
    }

    fn read<'a>(&'a self, w: Wire<'a>, id: &'a str) -> Fetch<'a, ApplicationRecord> {
        Box::pin(async move {
            let (answer, _) = send(w, &op::GetApplication::new(id), None).await?;
            record(w.bank, answer.data)
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
            let body = wire::InformationAnswerRequest {
                data: wire::InformationAnswerRequestData {
                    request_id: answer.request_id().to_owned(),
                    answer: w.key.encrypt_json(&answer.plaintext(None))?,
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let operation = op::AnswerInformationRequest::new(id, body);
            let (answer, _) = send(w, &operation, Some(key)).await?;
            record(w.bank, answer.data)
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
            let body = wire::WithdrawalRequest {
                data: wire::WithdrawalRequestData {
                    reason: reason.map(str::to_owned),
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let operation = op::WithdrawApplication::new(id, body);
            let (answer, _) = send(w, &operation, Some(key)).await?;
            record(w.bank, answer.data)
        })
    }
}

fn status(code: &wire::ApplicationStatusCode) -> ApplicationStatus {
    use wire::ApplicationStatusCode as S;
    match code {
        S::Received => ApplicationStatus::Received,
        S::UnderReview => ApplicationStatus::UnderReview,
        S::InformationRequired => ApplicationStatus::InformationRequired,
        S::Approved => ApplicationStatus::Approved,
        S::Declined => ApplicationStatus::Declined,
        S::Withdrawn => ApplicationStatus::Withdrawn,
        other => ApplicationStatus::Unknown(other.as_str().to_owned()),
    }
}

fn record(bank: &BankId, a: wire::Application) -> Result<ApplicationRecord, ApplicationError> {
    let decision = a
        .decision
        .map(|d| {
            let approved = d.approved_amount.map(|m| (m.amount, m.currency));
            decision(bank, d.decided_at, d.reason, approved)
        })
        .transpose()?;
    Ok(ApplicationRecord {
        bank: bank.clone(),
        status: status(&a.status),
        bank_status: a.status.as_str().to_owned(),
        id: a.application_id,
        product_type: Some(a.product_type.as_str().into()),
        product_code: Some(a.product_code),
        created_at: Some(a.creation_date_time),
        updated_at: Some(a.status_update_date_time),
        information_requests: a
            .information_requests
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
