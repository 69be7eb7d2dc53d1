//! How a Phase II route of any dialect is layered, from the outside in: the
//! bank's signature on every answer (where the dialect signs answers); the
//! dialect's credential check; the idempotency keys of the writes, refused
//! in the dialect's error body; then the handler.

use std::sync::Arc;

use axum::routing::MethodRouter;

use crate::bank::AuthStyle;
use crate::idempotency::{WriteRefusal, idempotent_with};
use crate::instance::{BankState, Instance};

/// What layers a route gets.
#[derive(Clone, Copy)]
pub(crate) struct Layers {
    /// The credential check.
    pub guard: AuthStyle,
    /// How idempotency refusals are written; `None`: the route takes no key.
    pub idempotency: Option<WriteRefusal>,
    /// Whether answers are signed (`x-jws-signature`).
    pub sign: bool,
}

/// `handler` with `layers`.
pub(crate) fn layered(
    bank: &Arc<BankState>,
    handler: MethodRouter<Arc<Instance>>,
    layers: Layers,
) -> MethodRouter<Arc<Instance>> {
    let handler = match layers.idempotency {
        Some(write) => {
            handler.route_layer(axum::middleware::from_fn_with_state(write, idempotent_with))
        }
        None => handler,
    };
    let handler = crate::guard::layer(handler, layers.guard, bank.clone());
    if layers.sign {
        handler.route_layer(axum::middleware::from_fn_with_state(
            bank.clone(),
            crate::payments::signatures::sign_answers,
        ))
    } else {
        handler
    }
}
