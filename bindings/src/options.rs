//! How Instagram's consent page treats one sign-in.

/// Options of one sign-in, for `startAuthorization(scopes, options)`. The defaults are
/// Instagram's own behaviour. They are part of the saved sign-in: a restored one opens the
/// same URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct SignInOptions {
    /// Ask for the login again, even for a signed-in user who already consented
    /// (`force_reauth=true`): how a user switches accounts, since Instagram has no way to
    /// revoke a token.
    #[uniffi(default = false)]
    pub force_reauth: bool,
    /// `true`: ask for the password even if the user is signed in
    /// (`force_authentication=1`); `false` sends `force_authentication=0`; null sends
    /// nothing.
    #[uniffi(default = None)]
    pub force_authentication: Option<bool>,
    /// `false` hides "Log in with Facebook" on the consent page (`enable_fb_login=0`);
    /// `true` sends `enable_fb_login=1`; null sends nothing.
    #[uniffi(default = None)]
    pub enable_fb_login: Option<bool>,
}

impl From<SignInOptions> for instagram_auth::SignInOptions {
    fn from(app: SignInOptions) -> Self {
        let mut options = Self::default();
        options.force_reauth = app.force_reauth;
        options.force_authentication = app.force_authentication;
        options.enable_fb_login = app.enable_fb_login;
        options
    }
}
