//! Runtime shared by every hkob client.
