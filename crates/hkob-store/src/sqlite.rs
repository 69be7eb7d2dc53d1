//! State in a SQLite file: one machine, any number of processes, survives restarts.

mod backend;
mod error;
mod ops;

pub use backend::{SqliteBackend, SqliteOptions};
