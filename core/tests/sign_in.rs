//! Whole sign-ins against the sandbox over loopback HTTP.

#![cfg(test)]

mod common;

use std::time::{Duration, SystemTime};

use common::*;
use instagram_auth::{
    Error, Grant, GraphApiVersion, InstagramAuth, ParseAuthData, ProfessionalAccountId,
    ResponseType, Scope,
};
use instagram_sandbox::ReplyShape;

#[tokio::test]
async fn code_flow_from_consent_to_parse_auth_data() {
    let env = env().await;
    let pending = env
        .auth
        .start_authorization(&[Scope::instagram_business_basic()])
        .unwrap();
    let callback = consent(&pending, "allow").await;
    assert!(
        callback.starts_with(REDIRECT) && callback.ends_with("#_"),
        "{callback}"
    );

    let Grant::Code(grant) = env.auth.handle_callback(&pending, &callback).unwrap() else {
        panic!("code flow")
    };
    let token = env
        .auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap();
    assert_eq!(token.user_id.as_str(), SANDBOX_USER_ID);
    assert_eq!(token.permissions, ["instagram_business_basic"]);

    let profile = env.auth.fetch_profile(&token.access_token).await.unwrap();
    assert_eq!(
        profile.id, token.user_id,
        "Parse checks authData.id against /me id"
    );
    assert_eq!(profile.username.as_deref(), Some("sandbox.creator"));
    assert_eq!(profile.account_type.as_deref(), Some("MEDIA_CREATOR"));

    let auth_data: serde_json::Value = serde_json::from_str(
        &ParseAuthData::from_token_response(&token, SystemTime::now()).to_json(),
    )
    .unwrap();
    assert_eq!(auth_data["instagram"]["id"], SANDBOX_USER_ID);
    assert_eq!(
        auth_data["instagram"]["access_token"],
        token.access_token.secret()
    );
}

#[tokio::test]
async fn every_reply_shape_gives_the_same_string_user_id() {
    for shape in [
        ReplyShape::Wrapped,
        ReplyShape::Flat,
        ReplyShape::BasicDisplay,
        ReplyShape::Legacy,
    ] {
        let env = env().await;
        env.sandbox.set_reply_shape(shape);
        let grant = code_grant(&env).await;
        let token = env
            .auth
            .exchange_code_with_client_secret(&grant, &secret())
            .await
            .unwrap();
        assert_eq!(token.user_id.as_str(), SANDBOX_USER_ID, "{shape:?}");
        assert_eq!(token.user.is_some(), shape == ReplyShape::Legacy);
        // Today's shapes list what was granted: as text (wrapped) or as a list (flat).
        if matches!(shape, ReplyShape::Wrapped | ReplyShape::Flat) {
            assert_eq!(token.permissions, ["instagram_business_basic"], "{shape:?}");
        }
        // The token works whatever shape carried it.
        env.auth.fetch_profile(&token.access_token).await.unwrap();
    }
}

#[tokio::test]
async fn denial_on_the_consent_page_is_access_denied_with_its_description() {
    let env = env().await;
    let pending = env.auth.start_authorization(&[]).unwrap();
    let callback = consent(&pending, "deny").await;
    match env.auth.handle_callback(&pending, &callback) {
        Err(Error::AccessDenied {
            reason,
            description,
        }) => assert_eq!(
            (reason.as_deref(), description.as_deref()),
            (Some("user_denied"), Some("The user denied your request"))
        ),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        env.auth.handle_callback(&pending, &callback),
        Err(Error::AlreadyUsed)
    ));
}

/// Any web page can open the app's redirect link. A denial without this sign-in's state
/// (Instagram's documents show the triple without one) must not end the sign-in.
#[tokio::test]
async fn a_denial_without_the_state_leaves_the_attempt_open() {
    let env = env().await;
    let pending = env.auth.start_authorization(&[]).unwrap();
    let forged = format!(
        "{REDIRECT}?error=access_denied&error_reason=user_denied\
         &error_description=Your+account+is+locked.+Call+0800+123"
    );
    let error = env.auth.handle_callback(&pending, &forged).unwrap_err();
    assert!(matches!(error, Error::MissingState));
    assert!(error.is_stray_callback());
    assert!(!format!("{error} {error:?}").contains("0800"));
    let own = consent(&pending, "allow").await;
    assert!(env.auth.handle_callback(&pending, &own).is_ok());
}

#[tokio::test]
async fn a_callback_is_accepted_once() {
    let env = env().await;
    let pending = env.auth.start_authorization(&[]).unwrap();
    let callback = consent(&pending, "allow").await;
    assert!(env.auth.handle_callback(&pending, &callback).is_ok());
    assert!(matches!(
        env.auth.handle_callback(&pending, &callback),
        Err(Error::AlreadyUsed)
    ));
    // Restoring the same saved attempt does not reopen it.
    let restored = env
        .auth
        .restore_authorization(&pending.to_saved_string())
        .unwrap();
    assert!(matches!(
        env.auth.handle_callback(&restored, &callback),
        Err(Error::AlreadyUsed)
    ));
}

#[tokio::test]
async fn a_foreign_callback_leaves_the_attempt_open() {
    let env = env().await;
    let pending = env.auth.start_authorization(&[]).unwrap();
    let other = env.auth.start_authorization(&[]).unwrap();
    let others_callback = consent(&other, "allow").await;
    assert!(matches!(
        env.auth.handle_callback(&pending, &others_callback),
        Err(Error::StateMismatch)
    ));
    let own = consent(&pending, "allow").await;
    assert!(env.auth.handle_callback(&pending, &own).is_ok());
}

#[tokio::test]
async fn a_pending_attempt_expires_after_its_lifetime() {
    let env = env().await;
    let pending = env.auth.start_authorization(&[]).unwrap();
    let callback = consent(&pending, "allow").await;
    env.clock.advance(Duration::from_secs(3600));
    assert!(matches!(
        env.auth.handle_callback(&pending, &callback),
        Err(Error::Expired)
    ));

    let short = env_with(|c| c.pending_lifetime = Duration::from_secs(60)).await;
    let pending = short.auth.start_authorization(&[]).unwrap();
    let callback = consent(&pending, "allow").await;
    short.clock.advance(Duration::from_secs(59));
    assert!(short.auth.handle_callback(&pending, &callback).is_ok());
}

#[tokio::test]
async fn sign_in_survives_the_app_being_killed() {
    let env = env().await;
    let saved = env.auth.start_authorization(&[]).unwrap().to_saved_string();
    // The process dies; a new one restores the attempt and receives the callback.
    let relaunched = InstagramAuth::new(config_for(&env.sandbox)).unwrap();
    let pending = relaunched.restore_authorization(&saved).unwrap();
    let callback = consent(&pending, "allow").await;
    let Grant::Code(grant) = relaunched.handle_callback(&pending, &callback).unwrap() else {
        panic!()
    };
    let token = relaunched
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap();
    assert_eq!(token.user_id.as_str(), SANDBOX_USER_ID);
}

#[tokio::test]
async fn restoring_into_another_app_is_refused() {
    let env = env().await;
    let saved = env.auth.start_authorization(&[]).unwrap().to_saved_string();
    let mut config = config_for(&env.sandbox);
    config.client_id = instagram_auth::ClientId::new("1234").unwrap();
    let other_app = InstagramAuth::new(config).unwrap();
    assert!(matches!(
        other_app.restore_authorization(&saved),
        Err(Error::InvalidSavedAuthorization(_))
    ));
}

#[tokio::test]
async fn implicit_flow_token_in_the_fragment_then_profile_for_the_id() {
    let env = env_with(|config| config.allow_implicit_flow = true).await;
    // Instagram Login has no implicit flow; the sandbox serves the retired one on request.
    env.sandbox.set_allow_implicit(true);
    let pending = env
        .auth
        .authorization_request()
        .response_type(ResponseType::Token)
        .start()
        .unwrap();
    let callback = consent(&pending, "allow").await;
    assert!(callback.contains("#access_token="), "{callback}");
    let Grant::Token(token) = env.auth.handle_callback(&pending, &callback).unwrap() else {
        panic!("token flow")
    };
    let profile = env.auth.fetch_profile(&token).await.unwrap();
    assert_eq!(profile.id.as_str(), SANDBOX_USER_ID);
}

/// Issue 25: every profile request names the pinned Graph API version unless configured
/// otherwise, and the profile keeps both of the user's ids.
#[tokio::test]
async fn versioned_graph_profile() {
    for (configured, path) in [(None, "/v26.0/me"), (Some("v23.0"), "/v23.0/me")] {
        let env = env_with(|c| {
            if let Some(version) = configured {
                c.graph_api_version = GraphApiVersion::parse(version).unwrap();
            }
        })
        .await;
        let grant = code_grant(&env).await;
        let token = env
            .auth
            .exchange_code_with_client_secret(&grant, &secret())
            .await
            .unwrap();
        let request = env.auth.profile_request(&token.access_token);
        assert_eq!(request.url().path(), path);
        let profile = env.auth.fetch_profile(&token.access_token).await.unwrap();
        assert_eq!(profile.id.as_str(), SANDBOX_USER_ID);
        let professional = profile.user_id.as_ref().map(ProfessionalAccountId::as_str);
        assert_eq!(professional, Some("17841400008460057"));
        assert_ne!(professional, Some(profile.id.as_str()), "two different ids");
    }
}

#[tokio::test]
async fn long_lived_token_exchange_and_refresh() {
    let env = env().await;
    let grant = code_grant(&env).await;
    let short = env
        .auth
        .exchange_code_with_client_secret(&grant, &secret())
        .await
        .unwrap()
        .access_token;
    let long = env
        .auth
        .exchange_for_long_lived_token(&short, &secret())
        .await
        .unwrap();
    assert_eq!(long.expires_in, Duration::from_secs(60 * 24 * 3600));
    assert_eq!(long.token_type.as_deref(), Some("bearer"));

    // Too young to refresh: the Graph error comes through as a provider error.
    let young = env.auth.refresh_long_lived_token(&long.access_token).await;
    assert!(
        matches!(young, Err(Error::Provider(ref e)) if e.code == Some(100)),
        "{young:?}"
    );

    env.sandbox.advance_clock(Duration::from_secs(25 * 3600));
    let refreshed = env
        .auth
        .refresh_long_lived_token(&long.access_token)
        .await
        .unwrap();
    assert_ne!(refreshed.access_token.secret(), long.access_token.secret());
    env.auth
        .fetch_profile(&refreshed.access_token)
        .await
        .unwrap();

    // A day later the short-lived token has expired (190, subcode 463): sign in again.
    let wrong_secret = instagram_auth::ClientSecret::new("nope").unwrap();
    let result = env
        .auth
        .exchange_for_long_lived_token(&short, &wrong_secret)
        .await;
    assert!(
        matches!(result, Err(Error::ReauthenticationRequired(ref e)) if e.subcode == Some(463)),
        "{result:?}"
    );
}
