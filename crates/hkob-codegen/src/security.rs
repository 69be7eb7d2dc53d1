//! The spec's security schemes as constants: header names, token and authorization URLs.
//!
//! Credentials are applied by hkob-core, so operations take none of them; what the spec says
//! about where they go is emitted as constants for the code that builds the credentials.

use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use crate::docs::first_line;
use crate::naming::NameScope;

/// One constant of the generated `security` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityConst {
    /// The constant's name (`CLIENT_ID_HEADER`).
    pub name: String,
    /// Its value, as the spec writes it.
    pub value: String,
    /// Its doc comment.
    pub doc: String,
}

/// The constants of every security scheme in `spec`, in the spec's order.
pub fn constants(spec: &OpenAPI) -> Vec<SecurityConst> {
    let mut scope = NameScope::new();
    let mut out = Vec::new();
    let Some(components) = &spec.components else {
        return out;
    };
    for (scheme_name, scheme) in &components.security_schemes {
        let ReferenceOr::Item(scheme) = scheme else {
            continue;
        };
        let stem = const_stem(scheme_name);
        let mut push = |suffix: &str, value: &str, what: &str, description: &Option<String>| {
            let mut doc = format!("`{scheme_name}`: {what}.");
            if let Some(d) = description.as_deref().map(first_line)
                && !d.is_empty()
            {
                doc.push(' ');
                doc.push_str(&d);
            }
            out.push(SecurityConst {
                name: scope.claim(&format!("{stem}_{suffix}")),
                value: value.to_owned(),
                doc,
            });
        };
        match scheme {
            SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let (suffix, what) = match location {
                    APIKeyLocation::Header => ("HEADER", "the header that carries the API key"),
                    APIKeyLocation::Query => (
                        "QUERY_PARAMETER",
                        "the query parameter that carries the API key",
                    ),
                    APIKeyLocation::Cookie => ("COOKIE", "the cookie that carries the API key"),
                };
                push(suffix, name, what, description);
            }
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => push(
                "HTTP_SCHEME",
                scheme,
                "the HTTP authentication scheme",
                description,
            ),
            SecurityScheme::OpenIDConnect {
                open_id_connect_url,
                description,
                ..
            } => push(
                "OPENID_CONFIGURATION_URL",
                open_id_connect_url,
                "the OpenID Connect discovery document",
                description,
            ),
            SecurityScheme::OAuth2 {
                flows, description, ..
            } => {
                let token_urls: Vec<(&str, &str)> = [
                    flows
                        .client_credentials
                        .as_ref()
                        .map(|f| ("CLIENT_CREDENTIALS", f.token_url.as_str())),
                    flows
                        .authorization_code
                        .as_ref()
                        .map(|f| ("AUTHORIZATION_CODE", f.token_url.as_str())),
                    flows
                        .password
                        .as_ref()
                        .map(|f| ("PASSWORD", f.token_url.as_str())),
                ]
                .into_iter()
                .flatten()
                .collect();
                let shared = token_urls.windows(2).all(|w| w[0].1 == w[1].1);
                for (i, (flow, url)) in token_urls.iter().enumerate() {
                    if shared && i > 0 {
                        break;
                    }
                    let suffix = if shared {
                        "TOKEN_URL".to_owned()
                    } else {
                        format!("{flow}_TOKEN_URL")
                    };
                    push(&suffix, url, "the OAuth 2.0 token endpoint", description);
                }
                let authorization_urls: Vec<&str> = [
                    flows
                        .authorization_code
                        .as_ref()
                        .map(|f| f.authorization_url.as_str()),
                    flows
                        .implicit
                        .as_ref()
                        .map(|f| f.authorization_url.as_str()),
                ]
                .into_iter()
                .flatten()
                .collect();
                if let Some(url) = authorization_urls.first() {
                    push(
                        "AUTHORIZATION_URL",
                        url,
                        "the OAuth 2.0 authorization endpoint",
                        description,
                    );
                }
            }
        }
    }
    out
}

/// `clientId` -> `CLIENT_ID`; a name that does not start with a letter gets a `SCHEME_` prefix.
fn const_stem(name: &str) -> String {
    let stem = name.to_shouty_snake_case();
    if stem.starts_with(|c: char| c.is_ascii_alphabetic()) {
        stem
    } else {
        format!("SCHEME_{stem}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  securitySchemes:\n{yaml}"
        );
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_kind_of_scheme() {
        let consts = constants(&spec(
            "    clientId: {type: apiKey, in: header, name: X-IBM-Client-Id, description: The id.}\n\
             \x20   1key: {type: apiKey, in: query, name: key}\n\
             \x20   basic: {type: http, scheme: basic}\n\
             \x20   oidc: {type: openIdConnect, openIdConnectUrl: 'https://bank.example/.well-known/openid-configuration'}\n\
             \x20   oauth:\n\
             \x20     type: oauth2\n\
             \x20     flows:\n\
             \x20       clientCredentials: {tokenUrl: /token, scopes: {}}\n\
             \x20       authorizationCode: {tokenUrl: /token, authorizationUrl: /authorize, scopes: {}}\n\
             \x20   split:\n\
             \x20     type: oauth2\n\
             \x20     flows:\n\
             \x20       clientCredentials: {tokenUrl: /cc, scopes: {}}\n\
             \x20       password: {tokenUrl: /pw, scopes: {}}\n",
        ));
        let pairs: Vec<(&str, &str)> = consts
            .iter()
            .map(|c| (c.name.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("CLIENT_ID_HEADER", "X-IBM-Client-Id"),
                ("SCHEME_1KEY_QUERY_PARAMETER", "key"),
                ("BASIC_HTTP_SCHEME", "basic"),
                (
                    "OIDC_OPENID_CONFIGURATION_URL",
                    "https://bank.example/.well-known/openid-configuration"
                ),
                ("OAUTH_TOKEN_URL", "/token"),
                ("OAUTH_AUTHORIZATION_URL", "/authorize"),
                ("SPLIT_CLIENT_CREDENTIALS_TOKEN_URL", "/cc"),
                ("SPLIT_PASSWORD_TOKEN_URL", "/pw"),
            ]
        );
        assert!(consts[0].doc.contains("The id."));
    }
}
