//! Redis's errors as typed store errors.

use hkob_core::store::StoreError;
use redis::{ErrorKind, RedisError, ServerErrorKind};

/// `error`, met while doing `what`, as a store error of the kind that says what to do.
pub(super) fn store_error(what: &str, error: RedisError) -> StoreError {
    let message = format!("Redis failed to {what}");
    let typed = if is_transient(&error) {
        StoreError::unreachable(format!("{message}: the server cannot be reached"))
    } else if matches!(
        error.kind(),
        ErrorKind::UnexpectedReturnType | ErrorKind::Parse
    ) {
        StoreError::corrupt(format!("{message}: an answer of an unexpected type"))
    } else {
        StoreError::new(message)
    };
    typed.caused_by(error)
}

fn is_transient(error: &RedisError) -> bool {
    error.is_io_error()
        || error.is_timeout()
        || error.is_connection_dropped()
        || error.is_connection_refusal()
        || error.is_unrecoverable_error()
        || matches!(
            error.kind(),
            ErrorKind::Server(
                ServerErrorKind::BusyLoading
                    | ServerErrorKind::TryAgain
                    | ServerErrorKind::ClusterDown
                    | ServerErrorKind::MasterDown
                    | ServerErrorKind::ReadOnly
            ) | ErrorKind::ClusterConnectionNotFound
        )
}
