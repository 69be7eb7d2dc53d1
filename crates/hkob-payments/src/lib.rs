//! Phase IV of the HKMA Open API Framework: transactions.
//!
//! - [`fps`]: FPS addressing (typed proxies), FPS QR codes and App-to-App payment requests.

#![warn(missing_docs)]
#![warn(clippy::arithmetic_side_effects)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

pub mod fps;
pub mod generated;
