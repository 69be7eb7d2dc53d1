//! State in Redis: a fleet of machines.

mod backend;
mod config;
mod error;
mod layout;
mod process;
mod scripts;

pub use backend::RedisBackend;
pub use config::RedisConfig;
pub use process::RedisProcess;
