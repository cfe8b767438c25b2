//! The utoipa example server on 127.0.0.1: its `/openapi.json`, fetched
//! over real HTTP, is valid OpenAPI 3.1 (openapi-spec-validator, as for the
//! exported document), and each endpoint documents exactly the codes it
//! declared with `error_responses!`, one example per code.

#[allow(dead_code)]
#[path = "../examples/openapi_server.rs"]
mod server;

mod support;

use errors::ErrorCode;
use serde_json::Value;
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_document_is_valid_and_each_endpoint_lists_its_codes() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::app()).await });
    let response = reqwest::get(format!("http://{addr}/openapi.json"))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, &text).unwrap();
    let validated = support::run_validator("openapi.py", None, &[path]);
    let [(_, errors, document)] = &validated[..] else {
        panic!("{validated:?}")
    };
    assert_eq!(errors, &Ok(Vec::new()), "{text}");

    let declared = [
        (
            "/users",
            "post",
            vec![
                ErrorCode::InvalidJson,
                ErrorCode::MissingContentType,
                ErrorCode::InvalidEmail,
                ErrorCode::RateLimited,
            ],
        ),
        (
            "/users/{id}",
            "get",
            vec![ErrorCode::ResourceNotFound, ErrorCode::InvalidApiKey],
        ),
    ];
    for (path, method, codes) in declared {
        let responses = document["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} {method}: no responses in {text}"));
        let mut documented = BTreeSet::new();
        for (status, response) in responses {
            let status: u16 = status.parse().unwrap();
            if status < 400 {
                continue;
            }
            let content = &response["content"]["application/problem+json"];
            let examples = content["examples"].as_object().unwrap();
            let allowed = &content["schema"]["properties"]["code"]["enum"];
            for (name, example) in examples {
                let code = ErrorCode::from_code(name).unwrap();
                assert_eq!(code.status(), status, "{path}: {name}");
                assert_eq!(example["value"]["code"], name.as_str());
                assert_eq!(example["value"]["status"], status);
                assert!(
                    allowed
                        .as_array()
                        .unwrap()
                        .contains(&Value::from(name.as_str())),
                    "{path}: {name} is not in {allowed}"
                );
                documented.insert(code);
            }
        }
        let declared: BTreeSet<ErrorCode> = codes.into_iter().collect();
        assert_eq!(documented, declared, "{path} {method}");
    }

    // The code enum and ApiError are components; the enum has every code.
    let schemas = &document["components"]["schemas"];
    let values = schemas["ErrorCode"]["oneOf"].as_array().unwrap();
    let listed: Vec<&str> = values
        .iter()
        .map(|value| value["enum"][0].as_str().unwrap())
        .collect();
    let all: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(listed, all);
    for (value, code) in values.iter().zip(ErrorCode::ALL) {
        let description = value["description"].as_str().unwrap();
        assert!(description.ends_with(code.message()), "{description}");
    }
    assert_eq!(
        schemas["ApiError"]["properties"]["code"]["$ref"],
        "#/components/schemas/ErrorCode"
    );

    // ApiError's own responses: every code, under its status.
    let responses =
        serde_json::to_value(<errors::ApiError as utoipa::IntoResponses>::responses()).unwrap();
    let mut listed = BTreeSet::new();
    for (status, response) in responses.as_object().unwrap() {
        let examples = response["content"]["application/problem+json"]["examples"]
            .as_object()
            .unwrap();
        for name in examples.keys() {
            let code = ErrorCode::from_code(name).unwrap();
            assert_eq!(code.status().to_string(), *status);
            listed.insert(code);
        }
    }
    assert_eq!(listed, ErrorCode::ALL.iter().copied().collect());
}
