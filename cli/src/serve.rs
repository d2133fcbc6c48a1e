//! `igauth sandbox`: the local Instagram, until Ctrl-C.

use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;

use instagram_sandbox::{Sandbox, SandboxConfig};
use serde_json::json;

use crate::args::SandboxArgs;
use crate::output::{failure_of_kind, usage};

pub async fn sandbox(args: SandboxArgs) -> ExitCode {
    let config = match &args.config {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| SandboxConfig::from_json(&t))
        {
            Ok(config) => config,
            Err(e) => return usage(&format!("cannot read the seed {}: {e}", path.display())),
        },
        None => SandboxConfig::default(),
    };
    let app = config.apps.first().cloned();
    let address = SocketAddr::new(args.host, args.port);
    let sandbox = match Sandbox::start_on(config, address).await {
        Ok(sandbox) => sandbox,
        Err(e) => return cannot_listen(address, &e),
    };
    sandbox.set_reply_shape(args.reply_shape);
    sandbox.set_redirect_rule(args.redirect_rule);
    sandbox.set_allow_implicit(args.allow_implicit);
    sandbox.set_auto_decision(args.auto);
    sandbox.set_fault(args.fault);
    let announcement = json!({
        "base_url": sandbox.base_url(),
        "client_id": app.as_ref().map(|a| &a.client_id),
        "client_secret": app.as_ref().map(|a| &a.client_secret),
        "redirect_uris": app.as_ref().map(|a| &a.redirect_uris),
    });
    println!("{announcement}");
    eprintln!(
        "Instagram sandbox at {} (Ctrl-C to stop)",
        sandbox.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    sandbox.stop().await;
    ExitCode::SUCCESS
}

/// The port is taken, or the address is not this machine's: JSON, as every failure.
fn cannot_listen(address: SocketAddr, error: &io::Error) -> ExitCode {
    match error.kind() {
        io::ErrorKind::AddrInUse => failure_of_kind(
            "address_in_use",
            &format!(
                "cannot listen on {address}: the port is in use (another sandbox?); choose another with --port, or --port 0 for a free one"
            ),
        ),
        io::ErrorKind::AddrNotAvailable => failure_of_kind(
            "address_not_available",
            &format!(
                "cannot listen on {address}: {} is not an address of this machine; keep --host 127.0.0.1 unless a device must reach the sandbox",
                address.ip()
            ),
        ),
        _ => failure_of_kind(
            "cannot_listen",
            &format!("cannot listen on {address}: {error}"),
        ),
    }
}
