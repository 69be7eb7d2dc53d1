//! The HSBC group: a landing-page hand-off, the applicant's details (if any) encrypted as a
//! prefill; the customer applies on the bank's own page.

use hkob_banks::{AuthScheme, BankId, Dialect};
use hkob_core::Client;

use super::{ApplicationDialect, Fetch, Wire, as_wire, decision, read_key_set, send};
use crate::InformationAnswer;
use crate::error::ApplicationError;
use crate::generated::hsbc_group::{operations as op, security, types as wire};
use crate::hand_off::{LandingPage, LandingPageRequest};
use crate::status::{ApplicationRecord, ApplicationStatus, InformationRequest};

pub(crate) struct HsbcGroup;

impl ApplicationDialect for HsbcGroup {
    fn dialect(&self) -> Dialect {
        Dialect::HsbcGroup
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

    fn open_landing_page<'a>(
        &'a self,
        w: Wire<'a>,
        request: &'a LandingPageRequest<'a>,
        key: &'a str,
    ) -> Fetch<'a, LandingPage> {
        Box::pin(async move {
            let prefill = match request.prefill {
                Some(applicant) => Some(w.key.encrypt_json(applicant)?),
                None => None,
            };
            let body = wire::LandingPageRequest {
                data: wire::LandingPageRequestData {
                    product_type: as_wire(self.dialect(), request.product_type)?,
                    product_identifier: request.product_code.to_owned(),
                    return_url: request.return_url.to_string(),
                    state: request.state.to_owned(),
                    prefill,
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let (answer, _) = send(w, &op::CreateLandingPage::new(body), Some(key)).await?;
            let page = answer.data;
            let url = url::Url::parse(&page.landing_page_url).map_err(|_| {
                ApplicationError::Inconsistent {
                    bank: w.bank.clone(),
                    message: "the landing page URL is not an absolute URL".into(),
                }
            })?;
            if !matches!(url.scheme(), "https" | "http") {
                return Err(ApplicationError::Inconsistent {
                    bank: w.bank.clone(),
                    message: "the landing page URL is not an http(s) URL".into(),
                });
            }
            Ok(LandingPage {
                bank: w.bank.clone(),
                application_id: page.application_id,
                url,
                expires_at: page.expiration_date_time,
                status: status(&page.status),
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
            let body = wire::AdditionalInformationSubmission {
                data: wire::AdditionalInformationSubmissionData {
                    request_id: answer.request_id().to_owned(),
                    answer: w.key.encrypt_json(&answer.plaintext(None))?,
                    additional_properties: Default::default(),
                },
                additional_properties: Default::default(),
            };
            let operation = op::SubmitAdditionalInformation::new(id, body);
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
        S::Submitted => ApplicationStatus::Received,
        S::InProgress => ApplicationStatus::UnderReview,
        S::AdditionalInformationRequired => ApplicationStatus::InformationRequired,
        S::Approved => ApplicationStatus::Approved,
        S::Rejected => ApplicationStatus::Declined,
        S::Withdrawn => ApplicationStatus::Withdrawn,
        S::AwaitingCustomer => ApplicationStatus::AwaitingCustomer,
        S::Cancelled => ApplicationStatus::Cancelled,
        other => ApplicationStatus::Unknown(other.as_str().to_owned()),
    }
}

fn record(bank: &BankId, a: wire::HsbcApplication) -> Result<ApplicationRecord, ApplicationError> {
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
        product_code: Some(a.product_identifier),
        created_at: Some(a.creation_date_time),
        updated_at: Some(a.status_update_date_time),
        information_requests: a
            .additional_information_requests
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
