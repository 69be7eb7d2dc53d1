//! SQLite's errors as typed store errors.

use hkob_core::store::StoreError;
use rusqlite::ErrorCode;

/// `error`, met while doing `what`, as a store error of the kind that says what to do.
pub(super) fn store_error(what: &str, error: rusqlite::Error) -> StoreError {
    let message = format!("SQLite failed to {what}");
    let typed = match &error {
        rusqlite::Error::SqliteFailure(failure, _) => match failure.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::unreachable(
                format!("{message}: the file stayed locked past the busy timeout"),
            ),
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                StoreError::corrupt(format!("{message}: the file is not a sound database"))
            }
            ErrorCode::DiskFull | ErrorCode::SystemIoFailure | ErrorCode::CannotOpen => {
                StoreError::unreachable(format!("{message}: the file cannot be read or written"))
            }
            _ => StoreError::new(message),
        },
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::IntegralValueOutOfRange(..) => {
            StoreError::corrupt(format!("{message}: a stored row does not decode"))
        }
        _ => StoreError::new(message),
    };
    typed.caused_by(error)
}
