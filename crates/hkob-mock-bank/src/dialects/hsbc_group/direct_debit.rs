//! HSBC group Phase IV, real-time direct debits
//! (`specs/phase4-hsbc-group.yaml`), under
//! `{bank}/open-banking/v1.0/direct-debit/`: consents, authorisations
//! (mandates, with their one-time passwords) and instructions
//! (collections), on the shared rules of [`crate::direct_debit`].
//!
//! The routes sit behind the same layers as the payments'
//! ([`crate::payments::routes::layered`]): every answer signed, the
//! idempotency keys of the POSTs and the PUT, refusals in `ErrorInfo`
//! with `HK.HKMA.*` codes and `x-fapi-interaction-id` echoed.

mod render;
mod wire;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::routing::{MethodFilter, MethodRouter, on, post, put};
use http::StatusCode;
use serde_json::Value;

use super::payments::Hsbc;
use crate::dialects::BankRoute;
use crate::dialects::accounts::Caller;
use crate::direct_debit::{Ctx, consents, instructions, mandates, otp};
use crate::instance::{BankState, Instance};
use crate::payments::Problem;
use crate::payments::routes::{PaymentWire, answer, body_of, id_of, layered, self_url};

/// The direct debit resources, below the bank prefix.
const CONSENTS: &str = "/open-banking/v1.0/direct-debit/direct-debit-consents";
const AUTHORISATIONS: &str = "/open-banking/v1.0/direct-debit/authorisations";
const INSTRUCTIONS: &str = "/open-banking/v1.0/direct-debit/instructions";

fn wire() -> &'static dyn PaymentWire {
    &Hsbc
}

/// The direct debit routes of one HSBC group bank.
pub(super) fn routes(bank: &Arc<BankState>) -> Vec<BankRoute> {
    let wrap = |handler: MethodRouter<Arc<Instance>>| layered(wire(), bank, handler);
    vec![
        BankRoute::open(
            CONSENTS,
            wrap(with_body(bank, StatusCode::CREATED, |ctx, caller, body| {
                consents::create(ctx, caller, body, wire::consent).map(|view| {
                    let url = self_url(ctx.bank, &format!("{CONSENTS}/{}", view.consent_id));
                    render::consent(&view, &url)
                })
            })),
        ),
        BankRoute::open(
            format!("{CONSENTS}/{{consentId}}"),
            wrap(with_id(bank, MethodFilter::GET, |ctx, caller, id| {
                consents::read(ctx, caller, id).map(|view| {
                    let url = self_url(ctx.bank, &format!("{CONSENTS}/{}", view.consent_id));
                    render::consent(&view, &url)
                })
            })),
        ),
        BankRoute::open(
            AUTHORISATIONS,
            wrap(with_body(bank, StatusCode::CREATED, |ctx, caller, body| {
                mandates::setup(ctx, caller, body, wire::setup).map(|v| render::setup(&v))
            })),
        ),
        BankRoute::open(
            format!("{AUTHORISATIONS}/otp-confirmation"),
            wrap(with_body(bank, StatusCode::CREATED, |ctx, caller, body| {
                otp::confirm(ctx, caller, body, wire::confirmation)
                    .map(|v| render::confirmation(&v))
            })),
        ),
        BankRoute::open(
            format!("{AUTHORISATIONS}/otp-regeneration"),
            wrap(with_body(bank, StatusCode::CREATED, |ctx, caller, body| {
                otp::regenerate(ctx, caller, body, wire::regeneration).map(|v| render::setup(&v))
            })),
        ),
        BankRoute::open(
            format!("{AUTHORISATIONS}/{{mandateIdentification}}"),
            wrap(
                with_id(bank, MethodFilter::GET, |ctx, caller, id| {
                    mandates::enquire(ctx, caller, id).map(|v| render::mandate(&v))
                })
                .merge(amend(bank))
                .merge(with_id(bank, MethodFilter::DELETE, |ctx, caller, id| {
                    mandates::cancel(ctx, caller, id).map(|v| render::mandate(&v))
                })),
            ),
        ),
        BankRoute::open(
            INSTRUCTIONS,
            wrap(with_body(bank, StatusCode::CREATED, |ctx, caller, body| {
                instructions::collect(ctx, caller, body, wire::instruction)
                    .map(|v| render::instruction(&v))
            })),
        ),
        BankRoute::open(
            format!("{INSTRUCTIONS}/{{transactionIdentification}}"),
            wrap(with_id(bank, MethodFilter::GET, |ctx, caller, id| {
                instructions::read(ctx, caller, id).map(|v| render::instruction(&v))
            })),
        ),
    ]
}

/// What a handler does with a request's body.
type BodyHandler = fn(&Ctx<'_>, &Caller, &[u8]) -> Result<Value, Problem>;
/// What a handler does with a path's id.
type IdHandler = fn(&Ctx<'_>, &Caller, &str) -> Result<Value, Problem>;

/// A POST taking a body, answering `status`.
fn with_body(
    bank: &Arc<BankState>,
    status: StatusCode,
    handle: BodyHandler,
) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    post(
        move |State(inst): State<Arc<Instance>>,
              caller: Caller,
              body: Result<Bytes, BytesRejection>| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
            };
            let result = body_of(body).and_then(|body| handle(&ctx, &caller, &body));
            answer(wire(), result, status, &caller)
        },
    )
}

/// A GET or DELETE (`filter`) of the resource the path names, answering
/// 200.
fn with_id(
    bank: &Arc<BankState>,
    filter: MethodFilter,
    handle: IdHandler,
) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    on(
        filter,
        move |State(inst): State<Arc<Instance>>,
              id: Result<Path<String>, PathRejection>,
              caller: Caller| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
            };
            let result = id_of(id).and_then(|id| handle(&ctx, &caller, &id));
            answer(wire(), result, StatusCode::OK, &caller)
        },
    )
}

/// `PUT` a mandate's new limits.
fn amend(bank: &Arc<BankState>) -> MethodRouter<Arc<Instance>> {
    let bank = bank.clone();
    put(
        move |State(inst): State<Arc<Instance>>,
              id: Result<Path<String>, PathRejection>,
              caller: Caller,
              body: Result<Bytes, BytesRejection>| async move {
            let ctx = Ctx {
                instance: &inst,
                bank: &bank,
            };
            let result = id_of(id).and_then(|id| {
                body_of(body).and_then(|body| {
                    mandates::amend(&ctx, &caller, &id, &body, wire::amendment)
                        .map(|v| render::mandate(&v))
                })
            });
            answer(wire(), result, StatusCode::OK, &caller)
        },
    )
}
