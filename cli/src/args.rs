//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use instagram_sandbox::{Decision, Fault, RedirectRule, ReplyShape};

/// Sign in with Instagram from the command line, and run a local Instagram sandbox.
///
/// Every command prints JSON on standard output. A failure prints
/// {"error":{"kind":"...","message":"..."}} and exits 1; a usage error exits 2.
#[derive(Debug, Parser)]
#[command(name = "igauth", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the URL that sends a user to Instagram's consent page.
    #[command(
        after_help = "Examples:\n  igauth authorize-url --client-id 990602627938098 \\\n    --redirect-uri https://app.example.com/auth/ --scope instagram_business_basic\n\nTo let the user switch accounts (asks for the login again):\n  igauth authorize-url --client-id 990602627938098 --redirect-uri https://app.example.com/auth/ \\\n    --force-reauth\n\nAgainst the local sandbox (igauth sandbox):\n  igauth authorize-url --client-id 990602627938098 --redirect-uri https://app.example.com/auth/ \\\n    --auth-url http://127.0.0.1:8910/oauth/authorize"
    )]
    AuthorizeUrl(AuthorizeUrlArgs),

    /// Read the URL Instagram redirected to: the code, the token, or the error.
    #[command(
        after_help = "Example:\n  igauth parse-callback --redirect-uri https://app.example.com/auth/ --state 3f9a \\\n    'https://app.example.com/auth/?code=AQBx-hBsH3&state=3f9a#_'"
    )]
    ParseCallback(ParseCallbackArgs),

    /// Tell whether Instagram accepts a redirect_uri for a registered redirect URI.
    #[command(
        after_help = "Prints {\"valid\": true} or {\"valid\": false, \"reason\": \"...\"}; the reason names the part\nthat differs (scheme, host, port, trailing slash, path, query) and what the registered\nURI has there, never what the checked one carries.\n\nExamples:\n  igauth check-redirect --registered https://app.example.com/callback \\\n    --redirect-uri 'https://app.example.com/callback?type=mobile'\n  igauth check-redirect --rule exact --registered https://app.example.com/auth/ \\\n    --redirect-uri https://app.example.com/auth"
    )]
    CheckRedirect(CheckRedirectArgs),

    /// Read a token endpoint reply (any shape Instagram has used) from a file or stdin.
    #[command(
        after_help = "Example:\n  echo '{\"access_token\":\"IGQVJ\",\"user_id\":17841405793187218}' | igauth parse-token-reply -"
    )]
    ParseTokenReply(ParseTokenReplyArgs),

    /// Print Parse authData for a user id and token.
    #[command(
        after_help = "Example:\n  igauth auth-data --id 17841405793187218 --access-token IGQVJ..."
    )]
    AuthData(AuthDataArgs),

    /// Serve the local Instagram sandbox until Ctrl-C.
    #[command(
        after_help = "Examples:\n  igauth sandbox --port 8910\n  igauth sandbox --port 0 --reply-shape flat --auto allow\n  igauth sandbox --redirect-rule legacy --allow-implicit   # the 2013 API's rules\n\nThe first line of output is JSON with the base URL and the test app's credentials.\nIf it cannot listen (the port is taken), it prints {\"error\":{\"kind\":\"address_in_use\",...}} and exits 1."
    )]
    Sandbox(SandboxArgs),

    /// Walk a whole sign-in against an embedded sandbox, step by step.
    #[command(
        after_help = "Example:\n  igauth demo\n\nSteps are described on stderr; the authData JSON is printed on stdout."
    )]
    Demo(DemoArgs),

    /// Exchange an authorization code for a token, directly (app secret) or through a backend.
    #[command(
        after_help = "Example (against the local sandbox, whose base_url `igauth sandbox` prints):\n  igauth exchange --base-url http://127.0.0.1:8910/ --client-id 990602627938098 \\\n    --redirect-uri https://app.example.com/auth/ --client-secret sandbox-app-secret-eb8c7 --code AQBx...\n\nExample (through a Parse Cloud function):\n  igauth exchange --client-id 990602627938098 --redirect-uri https://app.example.com/auth/ --code AQBx... \\\n    --backend-url https://parseapi.back4app.com/functions/instagramExchange \\\n    --backend-header 'X-Parse-Application-Id: APP_ID' --backend-header 'X-Parse-REST-API-Key: KEY'"
    )]
    Exchange(ExchangeArgs),

    /// Log in to Parse Server with Instagram authData through its REST API.
    #[command(
        after_help = "Example:\n  igauth parse-login --server https://parseapi.back4app.com --app-id APP_ID --rest-key KEY \\\n    --id 17841405793187218 --access-token IGAA...\n\nPrints {\"objectId\", \"sessionToken\", \"created\"}; a wrong id or token is provider_error code 101."
    )]
    ParseLogin(ParseLoginArgs),

    /// Sign in with real Instagram: open the printed URL, paste back where it redirects.
    #[command(
        after_help = "Example (the secret stays on your backend):\n  IGAUTH_CLIENT_ID=990602627938098 IGAUTH_REDIRECT_URI=https://app.example.com/auth/ \\\n  igauth login --backend-url https://parseapi.back4app.com/functions/instagramExchange \\\n    --backend-header 'X-Parse-Application-Id: APP_ID' --backend-header 'X-Parse-REST-API-Key: KEY'"
    )]
    Login(LoginArgs),

    /// Verify or make Meta's signed_request (Deauthorize and Data Deletion callbacks).
    #[command(
        subcommand,
        after_help = "Examples:\n  igauth signed-request make --secret APP_SECRET --user-id 17841405793187219\n  igauth signed-request verify --secret APP_SECRET --max-age 3600 'SIG.PAYLOAD'"
    )]
    SignedRequest(SignedRequestCommand),
}

#[derive(Debug, Subcommand)]
pub enum SignedRequestCommand {
    /// Check the signature and print {"user_id", "algorithm", "issued_at"}.
    Verify(VerifySignedRequestArgs),
    /// Print a signed_request for a user, signed as Meta signs it.
    Make(MakeSignedRequestArgs),
}

#[derive(Debug, Args)]
pub struct VerifySignedRequestArgs {
    /// The Instagram app secret.
    #[arg(long, env = "IGAUTH_CLIENT_SECRET", hide_env_values = true)]
    pub secret: String,
    /// Refuse requests issued more than this many seconds ago.
    #[arg(long)]
    pub max_age: Option<u64>,
    /// The form field Meta posted: <signature>.<payload>. It may start with "-"
    /// (base64url), so it is never read as an option.
    #[arg(allow_hyphen_values = true)]
    pub signed_request: String,
}

#[derive(Debug, Args)]
pub struct MakeSignedRequestArgs {
    /// The Instagram app secret.
    #[arg(long, env = "IGAUTH_CLIENT_SECRET", hide_env_values = true)]
    pub secret: String,
    /// The app-scoped Instagram user id.
    #[arg(long)]
    pub user_id: String,
    /// Unix seconds [default: now].
    #[arg(long)]
    pub issued_at: Option<u64>,
}

#[derive(Debug, Args)]
pub struct AuthorizeUrlArgs {
    /// Instagram app id: digits, Instagram Login's own (not the Meta app's).
    #[arg(long)]
    pub client_id: String,
    /// Redirect URI registered for the app: https (plain http only on 127.0.0.1, ::1, localhost).
    #[arg(long)]
    pub redirect_uri: String,
    /// Comma-separated scopes [default: instagram_business_basic].
    #[arg(long, value_delimiter = ',')]
    pub scope: Vec<String>,
    /// Use this state instead of a generated one.
    #[arg(long)]
    pub state: Option<String>,
    /// `code` (server-side flow) or `token` (legacy implicit flow, less safe).
    #[arg(long, default_value = "code")]
    pub response_type: String,
    /// Consent page URL [default: https://www.instagram.com/oauth/authorize]; the sandbox's
    /// is <base_url>oauth/authorize.
    #[arg(long)]
    pub auth_url: Option<String>,
    /// Ask for the login again even if the user already consented (`force_reauth=true`):
    /// how a user switches accounts.
    #[arg(long)]
    pub force_reauth: bool,
    /// Ask for the password even if the user is signed in (`force_authentication=1`);
    /// `--force-authentication false` sends `force_authentication=0`.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub force_authentication: Option<bool>,
    /// `false` hides "Log in with Facebook" on the consent page (`enable_fb_login=0`);
    /// `true` sends `enable_fb_login=1`.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub enable_fb_login: Option<bool>,
}

#[derive(Debug, Args)]
pub struct ParseCallbackArgs {
    /// The redirect URI the sign-in used.
    #[arg(long)]
    pub redirect_uri: String,
    /// The state the sign-in sent; without it the state is not checked.
    #[arg(long)]
    pub state: Option<String>,
    /// `code` or `token`.
    #[arg(long, default_value = "code")]
    pub response_type: String,
    /// The URL the browser was redirected to (in single quotes in a shell: it holds `&`).
    pub callback_url: String,
}

#[derive(Debug, Args)]
pub struct CheckRedirectArgs {
    /// The redirect URI registered in the App Dashboard.
    #[arg(long)]
    pub registered: String,
    /// The redirect_uri passed to the consent page.
    #[arg(long)]
    pub redirect_uri: String,
    /// Which of Instagram's rules to apply: the 2013 guide's table stays the default;
    /// exact is what Instagram Login applies today.
    #[arg(long, default_value = "legacy", value_parser = redirect_rules())]
    pub rule: RedirectRule,
}

#[derive(Debug, Args)]
pub struct ParseTokenReplyArgs {
    /// File with the reply body; `-` or nothing reads stdin.
    pub file: Option<PathBuf>,
    /// HTTP status the reply came with.
    #[arg(long, default_value_t = 200)]
    pub status: u16,
    /// Also accept a backend's reply wrapped as {"result": ...} (Parse Cloud Code); an
    /// answer that is neither a success nor Instagram's error is the backend's refusal.
    #[arg(long)]
    pub backend: bool,
    /// A header the reply came with, `Name: value` (repeatable); the usage headers
    /// (X-App-Usage, X-Business-Use-Case-Usage) of a rate-limited reply are reported.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AuthDataArgs {
    /// Instagram user id (digits).
    #[arg(long)]
    pub id: String,
    /// Instagram access token.
    #[arg(long)]
    pub access_token: String,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8910)]
    pub port: u16,
    /// Address to listen on; keep loopback unless a device must reach it.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// JSON seed with apps and users (see SandboxConfig).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The token endpoint's reply shape.
    #[arg(long, default_value = "wrapped", value_parser = reply_shapes())]
    pub reply_shape: ReplyShape,
    /// How /oauth/authorize matches the redirect_uri with the registered ones.
    #[arg(long, default_value = "exact", value_parser = redirect_rules())]
    pub redirect_rule: RedirectRule,
    /// Serve the retired implicit flow (response_type=token, the token in the fragment),
    /// which Instagram Login refuses with an error page.
    #[arg(long)]
    pub allow_implicit: bool,
    /// Answer every consent page at once, as for a user who is signed in and has consented
    /// before. A request with force_reauth=true (or force_authentication=1) still shows the
    /// page.
    #[arg(long, value_parser = decisions())]
    pub auto: Option<Decision>,
    /// Make the token and Graph endpoints fail (the consent page keeps working):
    /// delay:<ms> (answer late), 500 (Graph's transient error), html (a captive portal's
    /// page, HTTP 200), truncated (half a body, then the connection closes), oversized (a
    /// 2 MiB body), drop (close without answering), redirect (HTTP 302 elsewhere),
    /// rate-limit (HTTP 400, Graph error code 4, X-App-Usage and X-Business-Use-Case-Usage).
    #[arg(long, value_parser = Fault::parse)]
    pub fault: Option<Fault>,
}

/// `--reply-shape`'s values, each with what it serves.
fn reply_shapes() -> impl TypedValueParser<Value = ReplyShape> {
    PossibleValuesParser::new([
        PossibleValue::new("wrapped").help(
            r#"today's documented reply: {"data":[{"access_token","user_id":"<text>","permissions":"a,b"}]}"#,
        ),
        PossibleValue::new("flat").help(
            r#"{"access_token","user_id":<number>,"permissions":["a","b"]}: the id a JSON number above 2^53"#,
        ),
        PossibleValue::new("basic-display")
            .help(r#"Basic Display's {"access_token","user_id":<number>}"#),
        PossibleValue::new("legacy").help(
            r#"the 2013 API's {"access_token","user":{"id","username","full_name","profile_picture"}}"#,
        ),
    ])
    .try_map(|name| name.parse::<ReplyShape>())
}

/// `--redirect-rule` and `check-redirect --rule`.
fn redirect_rules() -> impl TypedValueParser<Value = RedirectRule> {
    PossibleValuesParser::new([
        PossibleValue::new("exact").help(
            "Instagram Login today: equal to a registered URI, trailing slash and query included",
        ),
        PossibleValue::new("legacy").help(
            "the 2013 guide's table: same scheme, host, port and path; extra query parameters may follow the registered ones",
        ),
    ])
    .try_map(|name| name.parse::<RedirectRule>())
}

fn decisions() -> impl TypedValueParser<Value = Decision> {
    PossibleValuesParser::new(Decision::NAMES).try_map(|name| name.parse::<Decision>())
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Answer the consent page with "deny" to see a cancelled sign-in.
    #[arg(long)]
    pub deny: bool,
}

/// The app, and how its codes are exchanged (shared by `login` and `exchange`).
#[derive(Debug, Args)]
pub struct AppOptions {
    /// Instagram app id: digits, Instagram Login's own (not the Meta app's).
    #[arg(long, env = "IGAUTH_CLIENT_ID")]
    pub client_id: String,
    /// Redirect URI registered for the app: https (plain http only on loopback).
    #[arg(long, env = "IGAUTH_REDIRECT_URI")]
    pub redirect_uri: String,
    /// App secret, for a direct exchange (keep it off phones).
    #[arg(
        long,
        env = "IGAUTH_CLIENT_SECRET",
        hide_env_values = true,
        conflicts_with = "backend_url"
    )]
    pub client_secret: Option<String>,
    /// Your backend's exchange endpoint (e.g. a Parse Cloud function URL).
    #[arg(long, env = "IGAUTH_BACKEND_URL")]
    pub backend_url: Option<String>,
    /// Header for the backend, as 'Name: value'; repeatable.
    #[arg(long)]
    pub backend_header: Vec<String>,
    /// Talk to an Instagram stand-in at this base URL instead of Instagram, e.g. the
    /// base_url `igauth sandbox` prints (http://127.0.0.1:8910/).
    #[arg(long, env = "IGAUTH_BASE_URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub app: AppOptions,
    /// Comma-separated scopes [default: instagram_business_basic].
    #[arg(long, value_delimiter = ',')]
    pub scope: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExchangeArgs {
    #[command(flatten)]
    pub app: AppOptions,
    /// The authorization code from the callback (`igauth parse-callback` reads it out).
    #[arg(long)]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct ParseLoginArgs {
    /// Parse Server URL with its mount path (Back4App: https://parseapi.back4app.com;
    /// self-hosted: e.g. http://localhost:1337/parse).
    #[arg(long)]
    pub server: String,
    /// Parse application id.
    #[arg(long)]
    pub app_id: String,
    /// Parse REST API key.
    #[arg(long, env = "PARSE_REST_API_KEY", hide_env_values = true)]
    pub rest_key: Option<String>,
    /// Instagram user id (digits).
    #[arg(long)]
    pub id: String,
    /// Instagram access token.
    #[arg(long)]
    pub access_token: String,
}
