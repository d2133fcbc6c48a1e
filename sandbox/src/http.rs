//! Request and response helpers shared by the routes.

use std::convert::Infallible;
use std::error::Error as StdError;

use bytes::Bytes;
use futures_util::stream;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, LOCATION};
use hyper::{Request, Response, StatusCode};
use serde_json::Value;

pub type BodyError = Box<dyn StdError + Send + Sync>;
pub type Body = BoxBody<Bytes, BodyError>;

/// Returned instead of a response to close the connection without answering.
#[derive(Debug)]
pub struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the sandbox's fault mode")
    }
}

impl StdError for DropConnection {}

pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

pub fn response(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("a valid content type"),
    );
    response
}

pub fn json(status: StatusCode, value: &Value) -> Response<Body> {
    response(status, "application/json; charset=UTF-8", value.to_string())
}

pub fn html(status: StatusCode, page: String) -> Response<Body> {
    response(status, "text/html; charset=utf-8", page)
}

pub fn redirect(location: &str) -> Response<Body> {
    let mut response = response(StatusCode::FOUND, "text/plain", "");
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// A body that announces `declared` bytes, sends `sent` of them, then fails, so the
/// connection closes mid-reply. The failure waits a moment: failing at once let hyper drop
/// the connection before it had written the head, and clients saw an empty reply instead.
pub fn truncated(declared: usize, sent: Bytes) -> Response<Body> {
    use futures_util::StreamExt;
    let data = stream::iter([Ok::<_, BodyError>(Frame::data(sent))]);
    let failure = stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Err::<Frame<Bytes>, BodyError>("truncated by the sandbox's fault mode".into())
    });
    let frames = data.chain(failure);
    let mut response = Response::new(BodyExt::boxed(StreamBody::new(frames)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(declared));
    response
}

/// A chunked body (no Content-Length) of `total` bytes, so only a reader that counts
/// while streaming can stop it.
pub fn endless_json(total: usize) -> Response<Body> {
    const CHUNK: usize = 64 * 1024;
    let chunks = (0..total.div_ceil(CHUNK)).map(move |i| {
        let len = CHUNK.min(total - i * CHUNK);
        let mut chunk = vec![b' '; len];
        if i == 0 {
            chunk[0] = b'[';
        }
        Ok::<_, BodyError>(Frame::data(Bytes::from(chunk)))
    });
    let mut response = Response::new(BodyExt::boxed(StreamBody::new(stream::iter(chunks))));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The request body, up to 64 KiB (more is a client bug in this sandbox).
pub async fn read_body(request: Request<Incoming>) -> Result<Bytes, DropConnection> {
    let limited = http_body_util::Limited::new(request.into_body(), 64 * 1024);
    Ok(limited
        .collect()
        .await
        .map_err(|_| DropConnection)?
        .to_bytes())
}

/// Query or form pairs, decoded.
pub fn pairs(encoded: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Escapes text for an HTML page.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
