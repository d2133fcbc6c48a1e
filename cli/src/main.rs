//! `igauth`: Instagram sign-in from the command line, and a local Instagram sandbox.

mod app;
mod args;
mod demo;
mod exchange;
mod login;
mod offline;
mod output;
mod parse_login;
mod redirect_check;
mod serve;
mod signed;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return output::fatal(&format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(async {
        match cli.command {
            Command::AuthorizeUrl(args) => offline::authorize_url(args),
            Command::ParseCallback(args) => offline::parse_callback(args),
            Command::CheckRedirect(args) => offline::check_redirect(args),
            Command::ParseTokenReply(args) => offline::parse_token_reply(args),
            Command::AuthData(args) => offline::auth_data(args),
            Command::Sandbox(args) => serve::sandbox(args).await,
            Command::Demo(args) => demo::demo(args).await,
            Command::Exchange(args) => exchange::exchange(args).await,
            Command::ParseLogin(args) => parse_login::parse_login(args).await,
            Command::Login(args) => login::login(args).await,
            Command::SignedRequest(command) => signed::signed_request(command),
        }
    })
}
