//! The line between deciding a request and sending it. The library builds every request
//! (method, URL, headers, body) and reads, caps and interprets every reply; an
//! [`HttpTransport`] only moves bytes. A phone can so send through its own HTTP stack,
//! with the system's trust store and proxy (Mozilla's viaduct does the same), and a
//! server through reqwest ([`ReqwestTransport`](crate::ReqwestTransport)).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::endpoint::shown_in_errors;
use crate::redact::Redactor;
use crate::{EndpointUrl, Error, RateLimitUsage, deadline};

/// Network limits. The defaults suit a phone on a poor connection.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpSettings {
    /// Time allowed to open the connection (TCP and TLS). Default 10 s.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, reply body included. Default 30 s.
    pub timeout: Duration,
    /// Largest reply body read; a larger one is an [`Error::InvalidReply`]. Default 1 MiB.
    pub max_response_bytes: usize,
    /// Whether the reqwest transport sends requests through the proxy named by
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` (minus `NO_PROXY`). Off by default: the
    /// requests carry the app secret, codes and tokens, and a variable set for other
    /// programs would otherwise receive them, in clear for plain-http loopback endpoints.
    /// A platform transport follows the platform's own proxy settings instead.
    pub proxy_from_environment: bool,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: 1024 * 1024,
            proxy_from_environment: false,
        }
    }
}

/// The two methods Instagram's and Parse's endpoints take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: Graph API calls.
    Get,
    /// `POST`: the code exchange, the backend exchange, the Parse login.
    Post,
}

impl HttpMethod {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// One request exactly as the library decided it. A transport sends it as it is: it must
/// not follow a redirect (hand back the 3xx reply instead), should give up after
/// [`timeout`](Self::timeout), and may stop reading a body longer than
/// [`max_response_bytes`](Self::max_response_bytes) (the library refuses it anyway).
///
/// Only the library makes requests, from validated endpoints: the URL is always `https`,
/// or plain `http` to a loopback address.
///
/// The URL, headers and body carry secrets (the app secret, a code, a token): `Debug`
/// shows the method, the URL without its query, and header names.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    method: HttpMethod,
    url: Url,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
}

impl HttpRequest {
    pub(crate) fn new(method: HttpMethod, url: Url, settings: &HttpSettings) -> Self {
        Self {
            method,
            url,
            headers: Vec::new(),
            body: Vec::new(),
            connect_timeout: settings.connect_timeout,
            timeout: settings.timeout,
            max_response_bytes: settings.max_response_bytes,
        }
    }

    /// A `GET` of `endpoint` with `query` appended to its query.
    pub(crate) fn get(endpoint: Url, query: &[(&str, &str)], settings: &HttpSettings) -> Self {
        let mut url = endpoint;
        url.query_pairs_mut().extend_pairs(query);
        Self::new(HttpMethod::Get, url, settings)
    }

    /// A `POST` of an `application/x-www-form-urlencoded` body.
    pub(crate) fn post_form(
        url: &EndpointUrl,
        form: &[(&str, &str)],
        settings: &HttpSettings,
    ) -> Self {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        Self::new(HttpMethod::Post, url.as_url().clone(), settings)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .with_body(body.into_bytes())
    }

    /// A `POST` of a JSON body.
    pub(crate) fn post_json(url: Url, json: &serde_json::Value, settings: &HttpSettings) -> Self {
        Self::new(HttpMethod::Post, url, settings)
            .header("Content-Type", "application/json")
            .with_body(json.to_string().into_bytes())
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn with_body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }

    /// `GET` or `POST`.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// Where to send it, query included.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Headers to send, in order (`Content-Type` among them when there is a body).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body; empty for a `GET`.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Time allowed to connect.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Time allowed for the whole exchange, reply body included.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The largest reply body the library accepts. A transport may stop reading after
    /// one byte more: the reply is refused either way.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }
}

/// Shows where the request goes, never what it carries.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut page = self.url.clone();
        page.set_query(None);
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &page.as_str())
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A reply as the transport received it: the status, the headers, the body, whole, and
/// where it came from.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status, e.g. 200, or 302 for a redirect (never followed).
    pub status: u16,
    /// The body as received.
    pub body: Vec<u8>,
    /// The URL the reply came from, when the transport can tell: a page other than the
    /// request's means the transport followed a redirect, and the reply is refused.
    pub url: Option<Url>,
    /// The headers, names as received, in the order received when the transport keeps
    /// it; a header sent several times may come as several entries or as one with the
    /// values joined by commas. Read them with [`header`](Self::header).
    pub headers: Vec<(String, String)>,
}

impl HttpResponse {
    /// The value of the header `name`, whatever its case (HTTP names are case-insensitive),
    /// with the values of a repeated header joined by `", "` (RFC 9110 §5.3).
    pub fn header(&self, name: &str) -> Option<String> {
        let mut values = self
            .headers
            .iter()
            .filter(|(received, _)| received.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str());
        let first = values.next()?;
        Some(values.fold(first.to_owned(), |joined, value| joined + ", " + value))
    }
}

/// The body can hold a token, a header a cookie: `Debug` shows the body's size and the
/// headers' names.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Why a transport could not deliver a reply.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection or the whole exchange took longer than the request allows.
    #[error("the request timed out")]
    Timeout,
    /// No connection, a broken one, a TLS failure: anything else. The text is for people;
    /// the library removes anything of the request from it before it reaches an error.
    #[error("network error: {0}")]
    Network(String),
}

/// The future a transport returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends the library's requests. Implement it to use the platform's HTTP stack (an OkHttp
/// client with its interceptors, a pinned `URLSession`); the library never retries,
/// follows nothing and checks every reply itself.
pub trait HttpTransport: fmt::Debug + Send + Sync {
    /// Sends `request` once and returns the reply, whatever its status. Must not follow
    /// redirects.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// How long past a request's timeout the library waits for a transport that lets it run
/// on, before it gives up itself. The transport's own timeout normally comes first.
const TIMEOUT_GRACE: Duration = Duration::from_millis(500);

/// Sends once (never retried: a code must not be spent twice), then applies the rules
/// that do not depend on the transport: the request's timeout, whether or not the
/// transport keeps it; a reply that is not HTTP, a redirect (returned or followed) and a
/// body over the limit are refused; an error message loses anything of the request it
/// repeats. Gives back the request as sent, whose secrets are left out of whatever is
/// said about its reply.
pub(crate) async fn send(
    transport: &Arc<dyn HttpTransport>,
    request: HttpRequest,
) -> Result<(HttpResponse, HttpRequest), Error> {
    let max = request.max_response_bytes;
    let limit = request.timeout.saturating_add(TIMEOUT_GRACE);
    // Kept to redact an error and to check where the reply came from; its secrets are
    // listed only if an error needs them (listing them costs more than the rest of send).
    let sent = request.clone();
    let asked = &sent.url;
    // The deadline starts before the transport is called: its `send` may block.
    let response = deadline::within(limit, || transport.send(request))
        .await
        .ok_or(Error::Timeout)?
        .map_err(|error| match error {
            TransportError::Timeout => Error::Timeout,
            TransportError::Network(message) => Error::Network(format!(
                "{} {}: {}",
                sent.method.as_str(),
                shown_in_errors(asked),
                Redactor::for_request(&sent).redact(&message)
            )),
        })?;
    if !(100..=599).contains(&response.status) {
        return Err(Error::Network(format!(
            "the reply is not HTTP (status {})",
            response.status
        )));
    }
    if (300..400).contains(&response.status) {
        return Err(Error::invalid_reply(
            response.status,
            "it is a redirect, and redirects are never followed",
        ));
    }
    if response
        .url
        .as_ref()
        .is_some_and(|url| page_of(url) != page_of(asked))
    {
        return Err(Error::invalid_reply(
            response.status,
            "it came from another page: the HTTP client followed a redirect",
        ));
    }
    if response.body.len() > max {
        return Err(too_large(response.status, max));
    }
    Ok((response, sent))
}

/// Scheme, host, port and path: what a redirect changes. The query is left out, as a
/// client may re-encode it.
fn page_of(url: &Url) -> (&str, Option<&str>, Option<u16>, &str) {
    (
        url.scheme(),
        url.host_str(),
        url.port_or_known_default(),
        url.path(),
    )
}

/// [`send`], then `read` (one of the public reply readers) on the reply. What the reply
/// says in an error (Instagram's `error_message`, Graph's `error.message`, a Parse error)
/// loses anything of the request it repeats: a backend or gateway may echo the request.
/// A rate limit gets what the reply's usage headers said.
pub(crate) async fn call<T>(
    transport: &Arc<dyn HttpTransport>,
    request: HttpRequest,
    read: fn(u16, &[u8]) -> Result<T, Error>,
) -> Result<T, Error> {
    let (reply, sent) = send(transport, request).await?;
    read(reply.status, &reply.body).map_err(|error| {
        let error = match error {
            Error::RateLimited { .. } => error.with_rate_limit_usage(RateLimitUsage::from_headers(
                reply
                    .headers
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str())),
            )),
            other => other,
        };
        Redactor::for_request(&sent).redact_error(error)
    })
}

pub(crate) fn too_large(status: u16, max: usize) -> Error {
    Error::invalid_reply(status, format!("the body is larger than {max} bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::block_on;

    fn request() -> HttpRequest {
        let url = EndpointUrl::parse("https://api.instagram.com/oauth/access_token").unwrap();
        HttpRequest::post_form(
            &url,
            &[
                ("client_secret", "SECRET-abc123"),
                ("code", "AQcode-4567"),
                ("grant_type", "authorization_code"),
            ],
            &HttpSettings::default(),
        )
    }

    #[derive(Debug)]
    struct Canned(Result<HttpResponse, TransportError>);

    impl HttpTransport for Canned {
        fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
            let reply = self.0.clone();
            Box::pin(async move { reply })
        }
    }

    fn send_with(reply: Result<HttpResponse, TransportError>) -> Result<HttpResponse, Error> {
        let transport: Arc<dyn HttpTransport> = Arc::new(Canned(reply));
        block_on(send(&transport, request())).map(|(response, _)| response)
    }

    #[test]
    fn a_form_post_carries_its_fields_and_type() {
        let request = request();
        assert_eq!(request.method(), HttpMethod::Post);
        assert_eq!(
            request.body(),
            b"client_secret=SECRET-abc123&code=AQcode-4567&grant_type=authorization_code"
        );
        assert!(request.headers().contains(&(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into()
        )));
        let debug = format!("{request:?}");
        assert!(
            !debug.contains("SECRET") && !debug.contains("AQcode"),
            "{debug}"
        );
    }

    #[test]
    fn redirects_and_oversized_bodies_are_refused_whatever_the_transport() {
        for status in [301, 302, 303, 307, 308] {
            let reply = send_with(Ok(HttpResponse {
                status,
                body: Vec::new(),
                url: None,
                headers: Vec::new(),
            }));
            assert!(
                matches!(reply, Err(Error::InvalidReply { status: s, ref problem }) if s == status && problem.contains("redirect")),
                "{reply:?}"
            );
        }
        let limit = HttpSettings::default().max_response_bytes;
        let big = send_with(Ok(HttpResponse {
            status: 200,
            body: vec![b' '; limit + 1],
            url: None,
            headers: Vec::new(),
        }));
        assert!(
            matches!(big, Err(Error::InvalidReply { status: 200, .. })),
            "{big:?}"
        );
        let whole = send_with(Ok(HttpResponse {
            status: 200,
            body: vec![b' '; limit],
            url: None,
            headers: Vec::new(),
        }));
        assert!(whole.is_ok());
    }

    fn reply_from(url: &str, status: u16) -> HttpResponse {
        HttpResponse {
            status,
            body: b"{}".to_vec(),
            url: Some(Url::parse(url).unwrap()),
            headers: Vec::new(),
        }
    }

    /// The headers reach the library as the transport received them, and are read by name
    /// whatever their case, a repeated one as one list.
    #[test]
    fn reply_headers_pass_through_and_are_read_by_name() {
        let header = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        let reply = send_with(Ok(HttpResponse {
            headers: vec![
                header("X-App-Usage", r#"{"call_count":96}"#),
                header("Vary", "Origin"),
                header("vary", "Accept-Encoding"),
            ],
            ..reply_from("https://api.instagram.com/oauth/access_token", 200)
        }))
        .unwrap();
        assert_eq!(
            reply.header("x-app-usage").as_deref(),
            Some(r#"{"call_count":96}"#)
        );
        assert_eq!(
            reply.header("VARY").as_deref(),
            Some("Origin, Accept-Encoding")
        );
        assert_eq!(reply.header("X-Business-Use-Case-Usage"), None);
        // Names only: a header can be a cookie.
        let debug = format!("{reply:?}");
        assert!(
            debug.contains("X-App-Usage") && !debug.contains("call_count"),
            "{debug}"
        );
    }

    /// Found by review: a client that follows redirects hands back the last page's 200.
    #[test]
    fn a_reply_from_another_page_is_refused_as_a_followed_redirect() {
        for elsewhere in [
            "https://captive.example/oauth/access_token",
            "http://api.instagram.com/oauth/access_token",
            "https://api.instagram.com:8443/oauth/access_token",
            "https://api.instagram.com/login",
        ] {
            let reply = send_with(Ok(reply_from(elsewhere, 200)));
            assert!(
                matches!(reply, Err(Error::InvalidReply { status: 200, ref problem }) if problem.contains("followed a redirect")),
                "{elsewhere}: {reply:?}"
            );
        }
        // The same page, however the client spells it, is the request's.
        for same in [
            "https://api.instagram.com/oauth/access_token",
            "https://API.instagram.com:443/oauth/access_token?x=1",
        ] {
            assert!(send_with(Ok(reply_from(same, 200))).is_ok(), "{same}");
        }
    }

    /// Found by review: HttpURLConnection reports -1 (65535 once unsigned) for a reply
    /// that is not HTTP, and URLSession 0.
    #[test]
    fn a_status_outside_http_is_a_network_error() {
        for status in [0, 1, 99, 600, 65535] {
            let reply = send_with(Ok(HttpResponse {
                status,
                body: Vec::new(),
                url: None,
                headers: Vec::new(),
            }));
            assert!(
                matches!(reply, Err(Error::Network(_))),
                "{status}: {reply:?}"
            );
        }
    }

    #[derive(Debug)]
    struct NeverAnswers;

    impl HttpTransport for NeverAnswers {
        fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
            Box::pin(std::future::pending())
        }
    }

    /// Found by review: a transport that ignores the request's timeout held the call for
    /// ever. The library gives up itself, a short grace after the timeout.
    #[test]
    fn a_transport_that_ignores_the_timeout_is_cut_off_by_the_library() {
        let settings = HttpSettings {
            timeout: Duration::from_millis(300),
            ..HttpSettings::default()
        };
        let url = EndpointUrl::parse("https://graph.instagram.com/me").unwrap();
        let transport: Arc<dyn HttpTransport> = Arc::new(NeverAnswers);
        let started = std::time::Instant::now();
        let reply = block_on(send(
            &transport,
            HttpRequest::get(url.as_url().clone(), &[], &settings),
        ));
        let took = started.elapsed();
        assert!(matches!(reply, Err(Error::Timeout)), "{reply:?}");
        assert!(took >= Duration::from_millis(800), "{took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }

    #[test]
    fn transport_errors_become_the_library_s_and_lose_the_request() {
        assert!(matches!(
            send_with(Err(TransportError::Timeout)),
            Err(Error::Timeout)
        ));
        let leaky = "POST https://api.instagram.com/oauth/access_token failed with body \
                     client_secret=SECRET-abc123&code=AQcode-4567&grant_type=authorization_code \
                     (code AQcode-4567)";
        match send_with(Err(TransportError::Network(leaky.into()))) {
            Err(Error::Network(message)) => {
                assert!(
                    !message.contains("SECRET") && !message.contains("AQcode"),
                    "{message}"
                );
                assert!(message.contains("failed with body"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// "dns error" alone does not say which host failed: the error names where the request
    /// went (scheme, host, port, path), never its query or credentials.
    #[test]
    fn a_network_error_names_the_endpoint_but_not_the_query() {
        let url = Url::parse(
            "https://graph.instagram.com:8443/v23.0/me?access_token=IGAAsecret9&fields=id",
        )
        .unwrap();
        let request = HttpRequest::new(HttpMethod::Get, url, &HttpSettings::default());
        let transport: Arc<dyn HttpTransport> = Arc::new(Canned(Err(TransportError::Network(
            "dns error: failed to lookup address information".into(),
        ))));
        match block_on(send(&transport, request)) {
            Err(Error::Network(message)) => assert_eq!(
                message,
                "GET https://graph.instagram.com:8443/v23.0/me: dns error: failed to lookup address information"
            ),
            other => panic!("{other:?}"),
        }
        match send_with(Err(TransportError::Network("connection refused".into()))) {
            Err(Error::Network(message)) => assert_eq!(
                message,
                "POST https://api.instagram.com/oauth/access_token: connection refused"
            ),
            other => panic!("{other:?}"),
        }
    }
}
