//! The one HTTP client Strata hands every AWS client (Bedrock, Bedrock Runtime, and the STS and
//! SSO calls of the credential chain): hyper 1 with rustls, plus what a corporate network needs.
//!
//! - Real AWS: the proxy from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` with `NO_PROXY`
//!   exceptions, and the system's trusted roots plus a custom CA bundle from `AWS_CA_BUNDLE` or
//!   the profile's `ca_bundle` (for proxies that inspect TLS).
//! - Demo mode: no proxy at all, whatever the environment says: the emulator listens on loopback
//!   and its traffic must never be handed to a proxy.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::rustls_provider::CryptoMode;
use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore};
use aws_smithy_http_client::Connector;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

use crate::error::{Error, Result};

/// How the client reaches the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Real AWS: proxy settings from the environment.
    Environment,
    /// Demo mode's loopback emulator: never through a proxy.
    Direct,
}

/// Where a custom CA bundle was configured, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CaBundle {
    /// The bundle file.
    pub path: PathBuf,
    /// Who named it: `AWS_CA_BUNDLE` or `ca_bundle in profile work`.
    pub origin: String,
}

/// Builds the HTTP client for `route`, trusting the system roots plus `ca_bundle` if given.
/// A bundle that cannot be read, or holds no usable PEM certificate, is an error naming the file.
pub(crate) async fn build(route: Route, ca_bundle: Option<&CaBundle>) -> Result<SharedHttpClient> {
    Ok(SharedHttpClient::new(client(route, ca_bundle).await?))
}

async fn client(route: Route, ca_bundle: Option<&CaBundle>) -> Result<StrataHttpClient> {
    let mut trust = TrustStore::default();
    if let Some(bundle) = ca_bundle {
        let bytes = tokio::fs::read(&bundle.path)
            .await
            .map_err(|e| bundle_error(bundle, &format!("it cannot be read ({e})")))?;
        for pem in usable_certificates(bundle, &bytes)? {
            trust = trust.with_pem_certificate(pem);
        }
    }
    let tls = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .map_err(|e| Error::internal(format!("TLS could not be set up: {e}")))?;
    let proxy = match route {
        Route::Environment => ProxyConfig::from_env(),
        Route::Direct => ProxyConfig::disabled(),
    };
    Ok(StrataHttpClient {
        proxy,
        tls,
        connectors: Mutex::new(HashMap::new()),
    })
}

/// The proxy `route` sends a request for `url` through, as the client applies the environment
/// (`HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`, `ALL_PROXY`, with `NO_PROXY` exceptions), with
/// the variable it came from; any user name and password are left out of the URL.
pub(crate) fn proxy_for(route: Route, url: &str) -> Option<String> {
    if route == Route::Direct {
        return None;
    }
    let uri: http::Uri = url.parse().ok()?;
    let intercept = hyper_util::client::proxy::matcher::Matcher::from_env().intercept(&uri)?;
    Some(without_password(&intercept.uri().to_string()))
}

/// `url` without its `user:password@` part.
pub(crate) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// What one unsigned request learned: the HTTP status, the `Date` the server sent and this
/// machine's clock when the request left and when the answer came (ms since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProbeAnswer {
    pub status: u16,
    pub date: Option<String>,
    pub sent_ms: u64,
    pub received_ms: u64,
}

/// Why an unsigned request got no HTTP answer, with the cause's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProbeFailure {
    /// The host name did not resolve.
    Dns(String),
    /// Nothing accepted the connection (refused, unreachable).
    Connect(String),
    /// No answer in time.
    Timeout,
    /// The TLS handshake failed (a certificate not trusted, most often).
    Tls(String),
    /// Anything else.
    Other(String),
}

/// How long the probe waits for an answer, connecting included.
pub(crate) const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends one unsigned `GET url` through the same client the AWS SDK gets for `route` and
/// `ca_bundle` (same proxy, same trust, same connector); an unusable bundle is an error.
pub(crate) async fn probe(
    route: Route,
    ca_bundle: Option<&CaBundle>,
    url: &str,
) -> Result<std::result::Result<ProbeAnswer, ProbeFailure>> {
    use aws_smithy_runtime_api::client::http::HttpConnector;
    let client = client(route, ca_bundle).await?;
    let settings = HttpConnectorSettings::builder()
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(PROBE_TIMEOUT)
        .build();
    let connector = client.connector(&settings, None);
    let request = match aws_smithy_runtime_api::client::orchestrator::HttpRequest::get(url) {
        Ok(request) => request,
        Err(e) => return Ok(Err(ProbeFailure::Other(format!("{url} is not a URL: {e}")))),
    };
    let sent_ms = crate::clock::now_ms();
    let answer = match tokio::time::timeout(PROBE_TIMEOUT, connector.call(request)).await {
        Err(_) => return Ok(Err(ProbeFailure::Timeout)),
        Ok(answer) => answer,
    };
    let received_ms = crate::clock::now_ms();
    Ok(match answer {
        Ok(response) => Ok(ProbeAnswer {
            status: response.status().as_u16(),
            date: response.headers().get("date").map(str::to_owned),
            sent_ms,
            received_ms,
        }),
        Err(e) if e.is_timeout() => Err(ProbeFailure::Timeout),
        Err(e) => Err(classify(&e)),
    })
}

/// Sorts a connector failure by the first cause that says what it is. `io::Error` hides the
/// error it wraps from `source()`, so it is looked into by hand.
fn classify(err: &(dyn std::error::Error + 'static)) -> ProbeFailure {
    let mut texts = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if e.downcast_ref::<rustls::Error>().is_some() {
            return ProbeFailure::Tls(e.to_string());
        }
        texts.push(e.to_string());
        current = match e.downcast_ref::<std::io::Error>() {
            Some(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                return ProbeFailure::Connect(io.to_string())
            }
            Some(io) => io
                .get_ref()
                .map(|inner| -> &(dyn std::error::Error + 'static) { inner })
                .or_else(|| e.source()),
            None => e.source(),
        };
    }
    let innermost = texts.last().cloned().unwrap_or_default();
    let all = texts.join(": ").to_ascii_lowercase();
    if all.contains("dns error") || all.contains("failed to lookup address") {
        ProbeFailure::Dns(innermost)
    } else if all.contains("certificate") || all.contains("tls") || all.contains("handshake") {
        ProbeFailure::Tls(innermost)
    } else if all.contains("connect") || all.contains("unreachable") {
        ProbeFailure::Connect(innermost)
    } else {
        ProbeFailure::Other(innermost)
    }
}

fn bundle_error(bundle: &CaBundle, problem: &str) -> Error {
    Error::validation(format!(
        "The CA bundle {} (from {}) cannot be used: {problem}.",
        bundle.path.display(),
        bundle.origin
    ))
    .with_hint(
        "Point AWS_CA_BUNDLE (or ca_bundle in your profile) at a PEM file holding your network's \
         root certificate (-----BEGIN CERTIFICATE----- …), or unset it.",
    )
}

/// The PEM blocks of `bytes` that rustls accepts as trust anchors. Checked here because the
/// SDK's connector panics on a certificate it cannot parse; unusable blocks are skipped with a
/// warning, and a file with none usable is refused.
fn usable_certificates(bundle: &CaBundle, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = std::str::from_utf8(bytes)
        .map_err(|_| bundle_error(bundle, "it is not a PEM file (PEM is text)"))?;
    let mut usable = Vec::new();
    let mut skipped = 0usize;
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let Some(len) = rest[start..].find(END) else {
            return Err(bundle_error(bundle, "a certificate has no END line"));
        };
        let block = &rest[start..start + len + END.len()];
        rest = &rest[start + len + END.len()..];
        let parsed = CertificateDer::from_pem_slice(block.as_bytes())
            .ok()
            .filter(|der| rustls::RootCertStore::empty().add(der.clone()).is_ok());
        if parsed.is_some() {
            usable.push(block.as_bytes().to_vec());
        } else {
            skipped += 1;
        }
    }
    if usable.is_empty() {
        return Err(bundle_error(
            bundle,
            if skipped == 0 {
                "it holds no PEM certificate"
            } else {
                "none of its certificates can be read"
            },
        ));
    }
    if skipped > 0 {
        tracing::warn!(target: "aws", path = %bundle.path.display(), skipped, "some certificates of the CA bundle could not be read and are not trusted");
    }
    Ok(usable)
}

/// Connectors by (connect timeout, read timeout).
type ConnectorCache = HashMap<(Option<Duration>, Option<Duration>), SharedHttpConnector>;

/// The SDK asks for a connector per attempt; one is built per timeout pair and reused, so
/// connections (and TLS sessions) are pooled across calls.
#[derive(Debug)]
struct StrataHttpClient {
    proxy: ProxyConfig,
    tls: TlsContext,
    connectors: Mutex<ConnectorCache>,
}

impl StrataHttpClient {
    /// A connector with the client's proxy and trust (the SDK's, or the doctor's probe).
    fn connector(
        &self,
        settings: &HttpConnectorSettings,
        components: Option<&RuntimeComponents>,
    ) -> SharedHttpConnector {
        let mut builder = Connector::builder()
            .connector_settings(settings.clone())
            .proxy_config(self.proxy.clone());
        if let Some(components) = components {
            builder.set_sleep_impl(components.sleep_impl());
        }
        SharedHttpConnector::new(
            builder
                .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
                .tls_context(self.tls.clone())
                .build(),
        )
    }
}

impl HttpClient for StrataHttpClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        let key = (settings.connect_timeout(), settings.read_timeout());
        let mut connectors = self
            .connectors
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        connectors
            .entry(key)
            .or_insert_with(|| self.connector(settings, Some(components)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::path::Path;

    use super::*;

    /// True when `path` holds at least one usable PEM certificate.
    fn is_usable_bundle(path: &Path) -> bool {
        let bundle = CaBundle {
            path: path.to_owned(),
            origin: String::new(),
        };
        std::fs::read(path).is_ok_and(|b| usable_certificates(&bundle, &b).is_ok())
    }

    fn bundle(path: &Path) -> CaBundle {
        CaBundle {
            path: path.to_owned(),
            origin: "AWS_CA_BUNDLE".into(),
        }
    }

    #[tokio::test]
    async fn a_missing_bundle_is_an_error_naming_the_file_and_its_origin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corp-root.pem");
        let e = build(Route::Environment, Some(&bundle(&path)))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Validation);
        assert!(e.message().contains(&path.display().to_string()), "{e}");
        assert!(e.message().contains("from AWS_CA_BUNDLE"), "{e}");
        assert!(e.message().contains("cannot be read"), "{e}");
    }

    #[test]
    fn shown_proxy_urls_leave_the_password_out() {
        assert_eq!(
            without_password("http://alice:s3cret@proxy.corp:3128"),
            "http://proxy.corp:3128"
        );
        assert_eq!(
            without_password("http://proxy.corp:3128/"),
            "http://proxy.corp:3128/"
        );
        assert_eq!(without_password("proxy.corp:3128"), "proxy.corp:3128");
        assert_eq!(
            proxy_for(Route::Direct, "https://bedrock.us-east-1.amazonaws.com"),
            None
        );
    }

    #[tokio::test]
    async fn a_file_that_is_not_pem_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("binary.der", &[0x30u8, 0x82, 0xff, 0xfe][..]),
            ("notes.txt", b"just some text\n"),
            (
                "garbage.pem",
                b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
            ),
            ("torn.pem", b"-----BEGIN CERTIFICATE-----\nMIIB\n"),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let e = build(Route::Environment, Some(&bundle(&path)))
                .await
                .unwrap_err();
            assert!(e.message().contains(name), "{name}: {e}");
            assert!(!is_usable_bundle(&path));
        }
    }
}
