//! The events error responses emit, captured by a real subscriber while the
//! example server answers over HTTP on 127.0.0.1, and the trace id that ties
//! the request's `traceparent`, the body and the event together.

#[allow(dead_code)]
#[path = "../examples/server.rs"]
mod server;

use serde_json::Value;
use std::sync::{Arc, Mutex, OnceLock};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// One event as the subscriber saw it.
#[derive(Clone, Debug, Default)]
struct Captured {
    level: Option<Level>,
    fields: Vec<(String, String)>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

impl Visit for Captured {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields
            .push((field.name().to_owned(), value.to_owned()));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields
            .push((field.name().to_owned(), value.to_string()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.fields
            .push((field.name().to_owned(), format!("{value:?}")));
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if !event.metadata().target().starts_with("errors_runtime") {
            return;
        }
        let mut captured = Captured {
            level: Some(*event.metadata().level()),
            ..Captured::default()
        };
        event.record(&mut captured);
        self.0.lock().unwrap().push(captured);
    }
}

/// The events of every test in this binary: the subscriber is global, since
/// the server answers on other threads.
fn events() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::registry().with(capture.clone());
        tracing::subscriber::set_global_default(subscriber).unwrap();
        capture
    })
}

/// The one event whose trace id is `trace_id`.
fn event_for(trace_id: &str) -> Captured {
    let events = events().0.lock().unwrap();
    let found: Vec<&Captured> = events
        .iter()
        .filter(|event| event.field("trace_id") == Some(trace_id))
        .collect();
    assert_eq!(found.len(), 1, "events for {trace_id}: {events:?}");
    found[0].clone()
}

async fn start() -> String {
    events();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app_with_timeout(std::time::Duration::from_millis(300));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// The body's trace id.
async fn trace_id_of(response: reqwest::Response) -> String {
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    body["trace_id"].as_str().unwrap().to_owned()
}

fn traceparent(trace_id: &str) -> String {
    format!("00-{trace_id}-00f067aa0ba902b7-01")
}

/// `GET base + path` with a `traceparent` carrying `trace_id`.
async fn get_traced(base: &str, path: &str, trace_id: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("traceparent", traceparent(trace_id))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_4xx_is_one_info_event_with_the_requests_trace_id() {
    let base = start().await;
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let response = get_traced(&base, "/users/ann", trace_id).await;
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(trace_id_of(response).await, trace_id);
    let event = event_for(trace_id);
    assert_eq!(event.level, Some(Level::INFO));
    assert_eq!(event.field("code"), Some("resource_not_found"));
    assert_eq!(event.field("status"), Some("404"));
    assert_eq!(event.field("sources"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_is_one_error_event_with_its_whole_source_chain() {
    let base = start().await;
    let trace_id = "0af7651916cd43dd8448eb211c80319c";
    let response = get_traced(&base, "/upstream", trace_id).await;
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(trace_id_of(response).await, trace_id);
    let event = event_for(trace_id);
    assert_eq!(event.level, Some(Level::ERROR));
    assert_eq!(event.field("code"), Some("temporarily_unavailable"));
    assert_eq!(event.field("status"), Some("503"));
    assert_eq!(
        event.field("sources"),
        Some("the billing service did not answer: connection reset by peer at 10.0.0.9:443")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_is_logged_with_its_text_and_answered_without_it() {
    let base = start().await;
    let trace_id = "b7ad6b7169203331b7ad6b7169203331";
    let response = get_traced(&base, "/panic", trace_id).await;
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(trace_id_of(response).await, trace_id);
    let event = event_for(trace_id);
    assert_eq!(event.level, Some(Level::ERROR));
    assert_eq!(event.field("code"), Some("server_error"));
    assert_eq!(
        event.field("sources"),
        Some("the handler panicked: the database password is hunter2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_traceparent_is_ignored_and_never_echoed() {
    let base = start().await;
    let client = reqwest::Client::new();
    let id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let malformed = [
        format!("00-{}-00f067aa0ba902b7-01", id.to_uppercase()),
        format!("00-{id}-00f067aa0ba902b7-01-extra"),
        format!("ff-{id}-00f067aa0ba902b7-01"),
        format!("00-{}-00f067aa0ba902b7-01", "0".repeat(32)),
        format!("00-{id}-0000000000000000-01"),
        format!("00-{id}-00f067aa0ba902b7"),
        format!("00_{id}_00f067aa0ba902b7_01"),
        format!("00-{id}\t-00f067aa0ba902b-01"),
        format!("00-{id}-00f067aa0ba902b7-01<script>"),
    ];
    for header in malformed {
        let response = client
            .get(format!("{base}/users/ann"))
            .header("traceparent", &header)
            .send()
            .await
            .unwrap();
        let headers = format!("{:?}", response.headers());
        assert!(!headers.contains(id), "{header} echoed in {headers}");
        let body = response.text().await.unwrap();
        assert!(!body.contains(id), "{header} echoed in {body}");
        let trace_id = serde_json::from_str::<Value>(&body).unwrap()["trace_id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(trace_id.len(), 32, "{header}: {trace_id}");
        assert!(
            trace_id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{header}: {trace_id}"
        );
        assert_eq!(
            event_for(&trace_id).field("code"),
            Some("resource_not_found")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_traceparent_the_generated_trace_id_is_in_body_and_event() {
    let base = start().await;
    let response = reqwest::get(format!("{base}/nowhere")).await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let trace_id = trace_id_of(response).await;
    assert_eq!(trace_id.len(), 32);
    let event = event_for(&trace_id);
    assert_eq!(event.field("code"), Some("route_not_found"));
    assert_eq!(event.level, Some(Level::INFO));
}

#[test]
fn a_grpc_status_is_one_event_too() {
    events();
    let trace_id = "5c0e8a2f4b7d41e39a6f0d2c8b1e7a43";
    let error = errors::ApiError::new(errors::ErrorCode::ServerError)
        .with_trace_id(trace_id)
        .with_source(std::io::Error::other("replica lagging"));
    let status = tonic::Status::from(&error);
    assert_eq!(status.code(), tonic::Code::Internal);
    let event = event_for(trace_id);
    assert_eq!(event.level, Some(Level::ERROR));
    assert_eq!(event.field("code"), Some("server_error"));
    assert_eq!(event.field("status"), Some("500"));
    assert_eq!(event.field("sources"), Some("replica lagging"));
}
