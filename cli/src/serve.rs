//! `igauth sandbox`: the local Instagram, until Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;

use instagram_sandbox::{Decision, Fault, ReplyShape, Sandbox, SandboxConfig};
use serde_json::json;

use crate::args::SandboxArgs;
use crate::output::{fatal, usage};

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
    let shape = match args.reply_shape.as_str() {
        "wrapped" => ReplyShape::Wrapped,
        "basic-display" => ReplyShape::BasicDisplay,
        "legacy" => ReplyShape::Legacy,
        other => {
            return usage(&format!(
                "unknown reply shape {other:?} (wrapped, basic-display, legacy)"
            ));
        }
    };
    let decision = match args.auto.as_deref() {
        None => None,
        Some("allow") => Some(Decision::Allow),
        Some("deny") => Some(Decision::Deny),
        Some(other) => return usage(&format!("--auto takes allow or deny, not {other:?}")),
    };
    let fault = match args.fault.as_deref().map(Fault::parse).transpose() {
        Ok(fault) => fault,
        Err(e) => return usage(&e),
    };
    let app = config.apps.first().cloned();
    let sandbox = match Sandbox::start_on(config, SocketAddr::new(args.host, args.port)).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            return fatal(&format!(
                "cannot listen on {}:{}: {e}",
                args.host, args.port
            ));
        }
    };
    sandbox.set_reply_shape(shape);
    sandbox.set_auto_decision(decision);
    sandbox.set_fault(fault);
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
