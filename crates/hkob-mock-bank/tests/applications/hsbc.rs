//! HSBC group: to come.
