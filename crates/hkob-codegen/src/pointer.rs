//! JSON pointer tokens (RFC 6901): `~` is written `~0` and `/` is written `~1`.

/// `token` as it is written in a pointer.
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A pointer's token as the key it names.
pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_in_the_right_order() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        // `~01` is the key `~1`, not `/`.
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(escape("~1"), "~01");
    }
}
