//! A stateful mock of Hong Kong banks.
