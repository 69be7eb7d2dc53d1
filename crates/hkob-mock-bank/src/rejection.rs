//! What axum would answer on its own — a rejected extractor, an unknown
//! route, a wrong method — answered as JSON in the request's [`Envelope`]
//! instead of axum's plain text or empty bodies.
//!
//! Handlers take their `Path`, `Query` and `Json` through [`Checked`]; the
//! routers use [`not_found`] as their fallback and [`method_not_allowed`]
//! as their method-not-allowed fallback.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Extension, FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::response::Response;
use http::StatusCode;
use http::request::Parts;

use crate::envelope::Envelope;

/// An axum extractor `E` whose rejection is answered in the request's
/// envelope (a bank's dialect, the HKMA portal's, or the admin API's).
#[derive(Debug, Clone, Copy)]
pub struct Checked<E>(pub E);

/// An axum rejection: its status and its message.
pub trait Rejection {
    /// The status axum gives it.
    fn status(&self) -> StatusCode;
    /// What went wrong, in axum's words.
    fn message(&self) -> String;
}

macro_rules! rejection {
    ($($t:ty),*) => {$(
        impl Rejection for $t {
            fn status(&self) -> StatusCode {
                <$t>::status(self)
            }
            fn message(&self) -> String {
                self.body_text()
            }
        }
    )*};
}

rejection!(PathRejection, QueryRejection, JsonRejection);

/// The envelope the pipeline put in a request's extensions; the admin API's
/// for requests it did not see.
fn envelope_of(extensions: &http::Extensions) -> Envelope {
    extensions
        .get::<Envelope>()
        .copied()
        .unwrap_or(Envelope::Admin)
}

fn refuse(envelope: Envelope, rejection: &impl Rejection) -> Response {
    envelope.error(rejection.status(), &rejection.message())
}

impl<S, E> FromRequestParts<S> for Checked<E>
where
    E: FromRequestParts<S>,
    E::Rejection: Rejection,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        E::from_request_parts(parts, state)
            .await
            .map(Checked)
            .map_err(|r| refuse(envelope_of(&parts.extensions), &r))
    }
}

impl<S, E> FromRequest<S> for Checked<E>
where
    E: FromRequest<S>,
    E::Rejection: Rejection,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let envelope = envelope_of(req.extensions());
        E::from_request(req, state)
            .await
            .map(Checked)
            .map_err(|r| refuse(envelope, &r))
    }
}

/// `Option<Checked<Json<T>>>`: `None` without a body, a refusal for a body
/// that is not the JSON asked for.
impl<S, E> OptionalFromRequest<S> for Checked<E>
where
    E: OptionalFromRequest<S>,
    E::Rejection: Rejection,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Response> {
        let envelope = envelope_of(req.extensions());
        <E as OptionalFromRequest<S>>::from_request(req, state)
            .await
            .map(|found| found.map(Checked))
            .map_err(|r| refuse(envelope, &r))
    }
}

/// The fallback of every router: 404 in the request's envelope.
pub async fn not_found(envelope: Option<Extension<Envelope>>) -> Response {
    let envelope = envelope.map_or(Envelope::Admin, |e| e.0);
    let message = match envelope {
        Envelope::Dialect(_) => "No such API at this bank in the mock.",
        Envelope::Portal => "Invalid API: no such dataset in the mock",
        Envelope::Admin => "not found",
    };
    envelope.error(StatusCode::NOT_FOUND, message)
}

/// The method-not-allowed fallback of every router: 405 in the request's
/// envelope (axum adds the `Allow` header).
pub async fn method_not_allowed(envelope: Option<Extension<Envelope>>) -> Response {
    envelope.map_or(Envelope::Admin, |e| e.0).error(
        StatusCode::METHOD_NOT_ALLOWED,
        "The method is not allowed on this path.",
    )
}
