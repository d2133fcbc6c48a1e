//! The accept loop, the router, and where faults are applied.

use std::sync::Arc;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

use crate::dev_backend::{DEV_FUNCTION_NAME, DEV_PARSE_PATH};
use crate::graph::graph_error;
use crate::http::{
    Body, DropConnection, endless_json, html, pairs, read_body, redirect, response, truncated,
};
use crate::state::Shared;
use crate::{Fault, authorize, dev_backend, fault_switch, graph, meta, rate_limit, token};

#[derive(Debug)]
pub struct Server {
    task: JoinHandle<()>,
}

impl Server {
    pub fn spawn(listener: TcpListener, shared: Arc<Shared>) -> Self {
        let task = tokio::spawn(async move {
            // Connections live in the set so that stopping the server closes them too.
            let mut connections = JoinSet::new();
            loop {
                let Ok((stream, peer)) = listener.accept().await else {
                    continue;
                };
                let shared = shared.clone();
                let from_loopback = peer.ip().to_canonical().is_loopback();
                connections.spawn(async move {
                    let service =
                        service_fn(move |request| route(shared.clone(), request, from_loopback));
                    // Errors here are clients going away or a DropConnection fault.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
                while connections.try_join_next().is_some() {}
            }
        });
        Self { task }
    }

    pub async fn stop(mut self) {
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        task.abort();
        let _ = task.await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn route(
    shared: Arc<Shared>,
    request: Request<Incoming>,
    from_loopback: bool,
) -> Result<Response<Body>, DropConnection> {
    // Graph answers under a version (`/v26.0/me`) as well as without one.
    let path = graph_path(request.uri().path()).to_owned();
    let query = pairs(request.uri().query().unwrap_or_default().as_bytes());
    let method = request.method().clone();
    let is_api = matches!(
        (&method, path.as_str()),
        (&Method::POST, "/oauth/access_token")
            | (
                &Method::GET,
                "/access_token" | "/refresh_access_token" | "/me"
            )
    );
    if is_api {
        let fault = {
            let state = shared.lock();
            let endpoints = &state.knobs.fault_endpoints;
            state
                .knobs
                .fault
                .filter(|_| endpoints.is_empty() || endpoints.contains(&path))
        };
        if let Some(fault) = fault {
            match apply_fault(fault, &shared, &query).await {
                Ok(Some(response)) => {
                    // Read the request before answering, as a server does: closing with an
                    // unread body makes TCP reset the connection, and a client could lose
                    // the answer (a fault of the sandbox, not the one asked for).
                    let _ = read_body(request).await;
                    return Ok(response);
                }
                Ok(None) => {}
                Err(drop) => return Err(drop),
            }
        }
    }
    let response = match (&method, path.as_str()) {
        (&Method::GET, "/oauth/authorize" | "/oauth/authorize/") => {
            authorize::authorize(&shared, &query)
        }
        (&Method::POST, "/oauth/authorize/consent") => {
            let form = pairs(&read_body(request).await?);
            authorize::consent(&shared, &form)
        }
        (&Method::POST, "/oauth/access_token") => {
            let form = pairs(&read_body(request).await?);
            token::exchange(&shared, &form)
        }
        (&Method::POST, _)
            if path == format!("/{DEV_PARSE_PATH}/functions/{DEV_FUNCTION_NAME}") =>
        {
            let headers = request.headers().clone();
            let body = read_body(request).await?;
            dev_backend::cloud_function(&shared, &headers, &body)
        }
        (&Method::POST, "/sandbox/signed_request") => {
            let body = read_body(request).await?;
            meta::deliver(&shared, &body).await
        }
        (&Method::POST, "/sandbox/fault") => {
            let headers = request.headers().clone();
            let body = read_body(request).await?;
            fault_switch::switch(&shared, &headers, &body, from_loopback)
        }
        (&Method::POST, "/sandbox/clock") => {
            let body = read_body(request).await?;
            meta::advance_clock(&shared, &body)
        }
        (&Method::GET, "/access_token") => graph::exchange_long_lived(&shared, &query),
        (&Method::GET, "/refresh_access_token") => graph::refresh(&shared, &query),
        (&Method::GET, "/me") => graph::me(&shared, &query),
        (&Method::GET, "/sandbox/avatar.png") => response(StatusCode::OK, "image/png", AVATAR_PNG),
        (&Method::GET, "/") => html(StatusCode::OK, index_page(&shared.base_url)),
        _ => graph_error(404, &format!("Unknown path components: {path}"), 2500, None),
    };
    Ok(response)
}

/// The path without a leading Graph API version: `/v26.0/me` is `/me`. Only the Graph
/// endpoints are versioned; other paths come back unchanged.
fn graph_path(path: &str) -> &str {
    let versioned = path
        .strip_prefix("/v")
        .and_then(|rest| rest.find('/').map(|slash| rest.split_at(slash)))
        .filter(|(version, _)| {
            !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.')
        });
    match versioned {
        Some((_, graph @ ("/me" | "/access_token" | "/refresh_access_token"))) => graph,
        _ => path,
    }
}

/// Where the redirect fault sends clients: the sandbox's own index page, which records
/// nothing; a client that followed would get HTML, not the 302.
const CAPTIVE_PORTAL: &str = "/?captive-portal";

/// `Ok(None)`: go on and answer normally (after a delay).
async fn apply_fault(
    fault: Fault,
    shared: &Shared,
    query: &[(String, String)],
) -> Result<Option<Response<Body>>, DropConnection> {
    Ok(Some(match fault {
        Fault::Delay(duration) => {
            tokio::time::sleep(duration).await;
            return Ok(None);
        }
        Fault::ServerError => graph_error(
            500,
            "An unexpected error has occurred. Please retry your request later.",
            2,
            None,
        ),
        Fault::HtmlPage => html(
            StatusCode::OK,
            "<!doctype html><html><body><h1>Sign in to the Wi-Fi network</h1></body></html>".into(),
        ),
        Fault::TruncatedBody => truncated(
            120,
            Bytes::from_static(br#"{"data":[{"access_token":"IGAA"#),
        ),
        Fault::OversizedBody => endless_json(2 * 1024 * 1024),
        Fault::DropConnection => return Err(DropConnection),
        Fault::Redirect => redirect(CAPTIVE_PORTAL),
        Fault::RateLimit => rate_limit::rate_limited(&shared.lock(), query),
    }))
}

fn index_page(base_url: &str) -> String {
    format!(
        "<!doctype html><html><body><h1>Instagram sandbox</h1><p>Base URL: {base_url}</p>\
         <p>Endpoints: /oauth/authorize, /oauth/access_token, /access_token, /refresh_access_token, /me</p>\
         <p>Development backend (Parse Cloud function): POST /{DEV_PARSE_PATH}/functions/{DEV_FUNCTION_NAME}</p>\
         <p>Meta's signed callbacks: POST /sandbox/signed_request; time: POST /sandbox/clock; faults: POST /sandbox/fault</p></body></html>"
    )
}

/// A 1×1 PNG in Instagram's gradient pink, served as every profile picture.
const AVATAR_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x78, 0x68, 0x90, 0x03,
    0x00, 0x03, 0x73, 0x01, 0x7e, 0x4a, 0xaa, 0x07, 0x29, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];
