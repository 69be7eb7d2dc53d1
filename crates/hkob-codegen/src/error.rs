//! What can go wrong while generating.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error that stops generation: an unreadable or invalid spec, a bad
/// configuration, or a failure to format or write the output.
#[derive(Debug)]
#[non_exhaustive]
pub enum CodegenError {
    /// The spec (or a file it refers to) cannot be used.
    Spec {
        /// The file at fault.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A Swagger 2.0 or OpenAPI 3.1 construct that cannot be converted to OpenAPI 3.0.
    Unsupported {
        /// The spec file.
        path: PathBuf,
        /// The JSON pointer of the construct (`#/paths/~1accounts/get/parameters/0`).
        pointer: String,
        /// Why it cannot be converted.
        message: String,
    },
    /// A construct of the spec that no generated code can express, such as a `$ref` that points
    /// at nothing or a cycle of `$ref`s and `allOf`s that never reaches a schema.
    Invalid {
        /// The spec file.
        path: PathBuf,
        /// The JSON pointer of the construct (`#/components/schemas/A/$ref`).
        pointer: String,
        /// What is wrong with it.
        message: String,
    },
    /// `codegen.toml` or an override file cannot be used.
    Config {
        /// The file at fault.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// `rustfmt` is missing or rejected the generated code.
    Format(String),
    /// Reading or writing output failed.
    Io {
        /// The file at fault.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl CodegenError {
    pub(crate) fn spec(path: &Path, message: impl Into<String>) -> Self {
        Self::Spec {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub(crate) fn config(path: &Path, message: impl Into<String>) -> Self {
        Self::Config {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spec { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Unsupported {
                path,
                pointer,
                message,
            } => write!(
                f,
                "{}: at {pointer}: {message} (cannot be converted to OpenAPI 3.0)",
                path.display()
            ),
            Self::Invalid {
                path,
                pointer,
                message,
            } => write!(f, "{}: at {pointer}: {message}", path.display()),
            Self::Config { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Format(message) => write!(f, "formatting the generated code failed: {message}"),
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for CodegenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
