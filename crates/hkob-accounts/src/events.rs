//! Event notifications by polling (RFC 8936 style): the bank keeps security event tokens for the
//! TSP until they are acknowledged.

use std::fmt;

/// What one poll asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventPoll {
    /// The `jti`s of events handled since the last poll: the bank stops sending them.
    pub ack: Vec<String>,
    /// At most this many events; `0` only acknowledges.
    pub max_events: u32,
    /// Answer at once, even with nothing to send (short polling).
    pub return_immediately: bool,
}

impl EventPoll {
    /// A short poll for up to `max_events` events.
    pub fn new(max_events: u32) -> Self {
        Self {
            ack: Vec::new(),
            max_events,
            return_immediately: true,
        }
    }

    /// Acknowledges the events with these `jti`s.
    pub fn acknowledge(mut self, jtis: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.ack.extend(jtis.into_iter().map(Into::into));
        self
    }
}

/// One security event token, as the bank sent it (a compact JWS).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SecurityEvent {
    /// Its id, to acknowledge it with.
    pub jti: String,
    /// The signed token.
    pub token: String,
}

impl fmt::Debug for SecurityEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecurityEvent")
            .field("jti", &self.jti)
            .finish_non_exhaustive()
    }
}

/// What one poll returned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventBatch {
    /// The events, unacknowledged ones sent again included.
    pub events: Vec<SecurityEvent>,
    /// Whether the bank holds more than it sent.
    pub more_available: bool,
}
