//! Locales: an error written in the locale chosen by name or by
//! `Accept-Language`, with `Content-Language`, falling back to the default
//! for codes the catalog does not translate; over real HTTP through
//! `catalog_errors`, and as gRPC's `LocalizedMessage`.

use axum::Router;
use axum::routing::get;
use errors::{ApiError, ErrorCode, Format, LOCALES, details};
use serde_json::Value;
use std::time::Duration;

fn body(error: &ApiError) -> Value {
    serde_json::from_slice(&error.body()).unwrap()
}

fn content_language(error: ApiError) -> Option<String> {
    let response = http::Response::from(error);
    response
        .headers()
        .get("content-language")
        .map(|value| value.to_str().unwrap().to_owned())
}

fn rate_limited() -> ApiError {
    ApiError::from(details::RateLimited {
        limit: 100,
        window_seconds: 60,
    })
}

#[test]
fn the_catalog_lists_its_locales_default_first() {
    assert_eq!(LOCALES, ["en", "fr"]);
    assert_eq!(
        <ErrorCode as errors_runtime::Code>::LOCALES,
        LOCALES,
        "the runtime sees the same list"
    );
}

#[test]
fn a_chosen_locale_writes_title_message_and_detail_in_it() {
    let error = rate_limited().with_locale("fr");
    assert_eq!(error.locale(), Some("fr"));
    let body = body(&error);
    assert_eq!(body["title"], "Trop de requêtes");
    assert_eq!(
        body["detail"],
        "Plus de 100 requêtes sont arrivées en 60 secondes."
    );
    assert_eq!(body["metadata"]["limit"], 100, "metadata is not translated");
    // The envelope's entry carries the message where there is no detail.
    assert_eq!(
        envelope_message(ApiError::new(ErrorCode::InvalidApiKey).with_locale("fr")),
        "Les identifiants fournis n'étaient pas valides."
    );
    assert_eq!(content_language(error).as_deref(), Some("fr"));

    let english = rate_limited();
    assert_eq!(english.locale(), Some("en"));
    assert_eq!(
        body_of(english)["detail"],
        "More than 100 requests arrived within 60 seconds."
    );
}

fn body_of(error: ApiError) -> Value {
    body(&error)
}

fn envelope_message(error: ApiError) -> Value {
    body_of(error.with_format(Format::Envelope))["errors"][0]["message"].clone()
}

#[test]
fn a_tag_falls_back_to_a_broader_one_and_an_unknown_one_to_the_default() {
    assert_eq!(rate_limited().with_locale("fr-CA").locale(), Some("fr"));
    assert_eq!(rate_limited().with_locale("FR").locale(), Some("fr"));
    let german = rate_limited().with_locale("de");
    assert_eq!(german.locale(), Some("en"));
    assert_eq!(body(&german)["title"], ErrorCode::RateLimited.title());
    assert_eq!(content_language(german).as_deref(), Some("en"));
}

#[test]
fn a_code_without_a_translation_is_sent_in_the_default_locale() {
    let code = ErrorCode::SignatureInvalid;
    assert_eq!(code.localized_message("fr"), None, "the catalog has none");
    let error = ApiError::new(code).with_locale("fr");
    assert_eq!(error.locale(), Some("en"));
    assert_eq!(body(&error)["title"], code.title());
    assert_eq!(
        envelope_message(ApiError::new(code).with_locale("fr")),
        code.message()
    );
    assert_eq!(content_language(error).as_deref(), Some("en"));
}

#[test]
fn a_detail_written_by_hand_is_not_replaced_by_a_translation() {
    let error = rate_limited().with_detail("Slow down.").with_locale("fr");
    assert_eq!(body(&error)["detail"], "Slow down.");
    assert_eq!(body(&error)["title"], "Trop de requêtes");
}

#[test]
fn a_server_error_in_a_locale_still_has_no_detail() {
    let error = ApiError::from(details::TemporarilyUnavailable {
        dependency: "billing".to_owned(),
    })
    .with_locale("fr");
    let body = body(&error);
    assert_eq!(body["title"], "Service momentanément indisponible");
    assert!(body.get("detail").is_none(), "{body}");
    assert!(!body.to_string().contains("billing"), "{body}");
    let envelope = ApiError::from(details::TemporarilyUnavailable {
        dependency: "billing".to_owned(),
    })
    .with_locale("fr");
    assert_eq!(
        envelope_message(envelope),
        "Le service est brièvement indisponible."
    );
}

#[test]
fn accept_language_is_negotiated_by_q_values() {
    let cases = [
        ("fr-CA, en;q=0.5", "fr"),
        ("de, en;q=0.8, fr;q=0.5", "en"),
        ("fr;q=0, en", "en"),
        ("*", "en"),
        ("", "en"),
        ("not a header \u{7f}", "en"),
    ];
    for (header, expected) in cases {
        let error = rate_limited().for_accept_language(header);
        assert_eq!(error.locale(), Some(expected), "{header:?}");
    }
}

#[test]
fn grpc_carries_the_translation_as_a_localized_message() {
    use tonic_types::StatusExt;
    let status = tonic::Status::from(rate_limited().with_locale("fr"));
    let details = status.get_error_details();
    let localized = details.localized_message().expect("a LocalizedMessage");
    assert_eq!(localized.locale, "fr");
    assert_eq!(
        localized.message,
        "Vous avez dépassé le débit de requêtes autorisé. Plus de 100 requêtes sont arrivées en 60 secondes."
    );
    assert!(
        status
            .message()
            .starts_with(ErrorCode::RateLimited.message()),
        "the status message stays in the default locale: {}",
        status.message()
    );
    let english = tonic::Status::from(rate_limited());
    assert!(english.get_error_details().localized_message().is_none());
}

/// A hand-written code enum may list anything as a locale: a value that
/// is not a language tag is never sent as a header.
#[test]
fn content_language_is_only_ever_a_language_tag() {
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    struct Forged;
    impl std::fmt::Display for Forged {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("forged")
        }
    }
    impl errors_runtime::Code for Forged {
        const FORMAT: errors_runtime::Format = errors_runtime::Format::Problem;
        const CODE_MEMBER: &'static str = "code";
        const ALL: &'static [Forged] = &[Forged];
        const LOCALES: &'static [&'static str] = &["en\r\nSet-Cookie: a=b"];
        fn as_str(self) -> &'static str {
            "forged"
        }
        fn status(self) -> u16 {
            400
        }
        fn title(self) -> &'static str {
            "Forged"
        }
        fn message(self) -> &'static str {
            "Forged."
        }
        fn doc_url(self) -> &'static str {
            "about:blank"
        }
        fn retryable(self) -> bool {
            false
        }
        fn from_code(code: &str) -> Option<Forged> {
            (code == "forged").then_some(Forged)
        }
    }
    let response = errors_runtime::ApiError::new(Forged).to_http_response();
    assert!(response.headers().get("content-language").is_none());
    assert!(response.headers().get("set-cookie").is_none());
}

async fn start() -> String {
    let routes = Router::new()
        .route(
            "/limited",
            get(|| async { Err::<(), ApiError>(rate_limited()) }),
        )
        .route(
            "/explicit",
            get(|| async { Err::<(), ApiError>(rate_limited().with_locale("en")) }),
        );
    let app = errors::catalog_errors(routes, Duration::from_secs(5));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_answers_in_the_requests_language() {
    let base = start().await;
    let client = reqwest::Client::new();
    let get = |path: &str, accept_language: Option<&str>| {
        let mut request = client.get(format!("{base}{path}"));
        if let Some(value) = accept_language {
            request = request.header("accept-language", value);
        }
        async move {
            let response = request.send().await.unwrap();
            let language = response
                .headers()
                .get("content-language")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            (language, body)
        }
    };

    let (language, body) = get("/limited", Some("fr-CA,fr;q=0.9,en;q=0.5")).await;
    assert_eq!(language.as_deref(), Some("fr"));
    assert_eq!(body["title"], "Trop de requêtes");
    assert_eq!(
        body["detail"],
        "Plus de 100 requêtes sont arrivées en 60 secondes."
    );

    let (language, body) = get("/limited", None).await;
    assert_eq!(language.as_deref(), Some("en"));
    assert_eq!(body["title"], ErrorCode::RateLimited.title());

    let (language, _) = get("/limited", Some("de, *;q=0.1")).await;
    assert_eq!(language.as_deref(), Some("en"));

    // A locale the handler chose wins over the header.
    let (language, _) = get("/explicit", Some("fr")).await;
    assert_eq!(language.as_deref(), Some("en"));

    // The errors the framework sends are answered in the language too.
    let (language, body) = get("/no/such/route", Some("fr")).await;
    assert_eq!(language.as_deref(), Some("fr"));
    assert_eq!(body["code"], "route_not_found");
    assert_eq!(body["title"], "Route introuvable");

    // A header longer than the runtime reads is ignored, not negotiated.
    let long = format!("{}fr", "x-y, ".repeat(300));
    let (language, _) = get("/limited", Some(&long)).await;
    assert_eq!(language.as_deref(), Some("en"));
}
