//! The token endpoint's URL, from the API's base URL.

use hkob_core::error::InvalidRequest;

use super::AUTHORIZE_PATH;

/// `base_url` + [`AUTHORIZE_PATH`], refusing anything but `https` (or `http` on a loopback
/// address, for tests against a local server): the exchange carries the client secret.
pub(super) fn token_url(base_url: &str) -> Result<url::Url, InvalidRequest> {
    let base = url::Url::parse(base_url).map_err(|e| {
        InvalidRequest::new(format!("the DBS base URL `{base_url}` is not a URL: {e}"))
    })?;
    let loopback = match base.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match base.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(InvalidRequest::new(format!(
                "the DBS base URL must use https (plain http only on loopback): `{base_url}`"
            )));
        }
    }
    let joined = format!("{}{AUTHORIZE_PATH}", base.as_str().trim_end_matches('/'));
    url::Url::parse(&joined)
        .map_err(|e| InvalidRequest::new(format!("`{joined}` is not a URL: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_appended_to_the_base() {
        let url = token_url("https://www.dbs.com/sandbox/").map(|u| u.to_string());
        assert_eq!(
            url.as_deref(),
            Ok("https://www.dbs.com/sandbox/partner/api/hk/v1/oauth/authorize")
        );
    }

    #[test]
    fn plain_http_only_on_loopback() {
        assert!(token_url("http://127.0.0.1:8080").is_ok());
        assert!(token_url("http://localhost").is_ok());
        assert!(token_url("http://www.dbs.com").is_err());
        assert!(token_url("www.dbs.com").is_err());
    }
}
