//! axum (feature `axum`): an [`ApiError`] is a response, and the errors
//! axum sends on its own (rejections, the router's 404 and 405, a panic, a
//! timeout) go out as catalog errors too, carrying the request's trace id.
//!
//! A catalog with a `[package.metadata.errors.rejections]` table gets, next
//! to its `ErrorCode`, the extractors `Json`, `Form`, `Path` and `Query`,
//! whose rejections are [`ApiError`]s, and `catalog_errors(router,
//! timeout)`, which calls [`catalog_errors`] for it.

use crate::{ApiError, Code, Rejection, RejectionCodes};
use ::axum::Router;
use ::axum::extract::rejection::{FormRejection, JsonRejection, PathRejection};
use ::axum::extract::{FromRequest, FromRequestParts, Request};
use ::axum::middleware::Next;
use ::axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use http::StatusCode;
use http::header::CONTENT_TYPE;
use http::request::Parts;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

impl<C: Code> IntoResponse for ApiError<C> {
    fn into_response(self) -> Response {
        self.to_http_response().map(::axum::body::Body::from)
    }
}

/// What an error answered while a request runs takes from the request.
struct RequestContext {
    /// From its `traceparent` header, when well formed.
    trace_id: Option<[u8; 32]>,
    /// Its `Accept-Language` header, when text of at most
    /// `MAX_ACCEPT_LANGUAGE_BYTES`.
    accept_language: Option<Box<str>>,
}

tokio::task_local! {
    /// The request being answered.
    static REQUEST: RequestContext;
}

/// The trace id of the request this task is answering, when
/// [`catalog_errors`] found one in its `traceparent` header.
pub(crate) fn request_trace_id() -> Option<[u8; 32]> {
    REQUEST.try_with(|request| request.trace_id).ok().flatten()
}

/// The one of `available` that the `Accept-Language` header of the request
/// this task is answering prefers.
pub(crate) fn request_locale(available: &[&'static str]) -> Option<&'static str> {
    REQUEST
        .try_with(|request| {
            let header = request.accept_language.as_deref()?;
            crate::locale::negotiate(available, header)
        })
        .ok()
        .flatten()
}

/// Makes every error `router` sends a catalog error: the router's 404 and
/// 405 and a handler's panic as the codes `C` maps them to, a request that
/// takes longer than `timeout` as the `timeout` code, and every error
/// answered while a request runs carries the trace id of its W3C
/// `traceparent` header (one is generated when it has none, or a malformed
/// one), written in the locale its `Accept-Language` header prefers among
/// the catalog's. Call it after adding the routes: the 405 answer is set
/// on the routes there are.
///
/// A catalog with a rejections table has a `catalog_errors(router,
/// timeout)` of its own that names `C`.
pub fn catalog_errors<C, S>(router: Router<S>, timeout: Duration) -> Router<S>
where
    C: RejectionCodes,
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(|| async { ApiError::new(C::rejection_code(Rejection::NotFound)) })
        .method_not_allowed_fallback(|| async {
            ApiError::new(C::rejection_code(Rejection::MethodNotAllowed))
        })
        .layer(::axum::middleware::from_fn(
            move |request: Request, next: Next| answer::<C>(request, next, timeout),
        ))
}

/// Runs the rest of the service for one request, within its trace id and
/// language, its time limit and a net for panics.
async fn answer<C: RejectionCodes>(request: Request, next: Next, timeout: Duration) -> Response {
    let trace_id = request
        .headers()
        .get("traceparent")
        .and_then(|value| crate::traceparent_trace_id(value.as_bytes()))
        .and_then(|id| <[u8; 32]>::try_from(id.as_bytes()).ok());
    let accept_language = request
        .headers()
        .get(http::header::ACCEPT_LANGUAGE)
        .filter(|value| value.len() <= crate::locale::MAX_ACCEPT_LANGUAGE_BYTES)
        .and_then(|value| value.to_str().ok())
        .map(Box::from);
    let run = async move {
        let limited = tokio::time::timeout(timeout, next.run(request));
        match AssertUnwindSafe(limited).catch_unwind().await {
            Ok(Ok(response)) => response,
            Ok(Err(_elapsed)) => {
                ApiError::<C>::new(C::rejection_code(Rejection::Timeout)).into_response()
            }
            // The panic's text goes to the log as the error's source, never
            // into the response.
            Err(panic) => ApiError::<C>::new(C::rejection_code(Rejection::Panic))
                .with_source(Panicked(panic_text(&*panic)))
                .into_response(),
        }
    };
    let context = RequestContext {
        trace_id,
        accept_language,
    };
    REQUEST.scope(context, run).await
}

/// What a panic said, when it said it with a string.
fn panic_text(panic: &(dyn Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "a panic without a message".to_owned(),
    }
}

#[derive(Debug)]
struct Panicked(String);

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the handler panicked: {}", self.0)
    }
}

impl std::error::Error for Panicked {}

/// The error for `rejection`, with axum's text as its detail (which only a
/// 4xx body carries).
fn rejected<C: RejectionCodes>(rejection: Rejection, text: String) -> ApiError<C> {
    ApiError::new(C::rejection_code(rejection)).with_detail(text)
}

/// A body axum could not read: too large, or cut off.
fn unreadable_body(status: StatusCode, otherwise: Rejection) -> Rejection {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Rejection::PayloadTooLarge
    } else {
        otherwise
    }
}

/// A body of the wrong media type: without a `Content-Type`, or another one.
fn media_type(request: &Request) -> Rejection {
    if request.headers().contains_key(CONTENT_TYPE) {
        Rejection::UnsupportedMediaType
    } else {
        Rejection::MissingContentType
    }
}

/// `axum::Json`'s extraction, rejected with catalog errors: the generated
/// `Json` extractor calls it.
pub async fn json<T, C, S>(request: Request, state: &S) -> Result<T, ApiError<C>>
where
    T: DeserializeOwned,
    C: RejectionCodes,
    S: Send + Sync,
{
    let wrong_media_type = media_type(&request);
    match ::axum::Json::<T>::from_request(request, state).await {
        Ok(::axum::Json(value)) => Ok(value),
        Err(rejection) => {
            let kind = match &rejection {
                JsonRejection::JsonDataError(_) => Rejection::JsonData,
                JsonRejection::MissingJsonContentType(_) => wrong_media_type,
                JsonRejection::BytesRejection(_) => {
                    unreadable_body(rejection.status(), Rejection::JsonSyntax)
                }
                _ => Rejection::JsonSyntax,
            };
            Err(rejected(kind, rejection.body_text()))
        }
    }
}

/// `axum::Form`'s extraction, rejected with catalog errors: the generated
/// `Form` extractor calls it.
pub async fn form<T, C, S>(request: Request, state: &S) -> Result<T, ApiError<C>>
where
    T: DeserializeOwned,
    C: RejectionCodes,
    S: Send + Sync,
{
    let wrong_media_type = media_type(&request);
    match ::axum::Form::<T>::from_request(request, state).await {
        Ok(::axum::Form(value)) => Ok(value),
        Err(rejection) => {
            let kind = match &rejection {
                FormRejection::InvalidFormContentType(_) => wrong_media_type,
                FormRejection::BytesRejection(_) => {
                    unreadable_body(rejection.status(), Rejection::Form)
                }
                _ => Rejection::Form,
            };
            Err(rejected(kind, rejection.body_text()))
        }
    }
}

/// `axum::extract::Path`'s extraction, rejected with catalog errors: the
/// generated `Path` extractor calls it.
pub async fn path<T, C, S>(parts: &mut Parts, state: &S) -> Result<T, ApiError<C>>
where
    T: DeserializeOwned + Send,
    C: RejectionCodes,
    S: Send + Sync,
{
    match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
        Ok(::axum::extract::Path(value)) => Ok(value),
        Err(rejection) => {
            let kind = match &rejection {
                PathRejection::FailedToDeserializePathParams(_) => Rejection::Path,
                // A route without parameters: the service's bug, not the
                // client's.
                _ => Rejection::Panic,
            };
            Err(rejected(kind, rejection.body_text()))
        }
    }
}

/// `axum::extract::Query`'s extraction, rejected with catalog errors: the
/// generated `Query` extractor calls it.
pub async fn query<T, C, S>(parts: &mut Parts, state: &S) -> Result<T, ApiError<C>>
where
    T: DeserializeOwned,
    C: RejectionCodes,
    S: Send + Sync,
{
    match ::axum::extract::Query::<T>::from_request_parts(parts, state).await {
        Ok(::axum::extract::Query(value)) => Ok(value),
        Err(rejection) => Err(rejected(Rejection::Query, rejection.body_text())),
    }
}

/// The extractors and router setup of a catalog with a rejections table;
/// generated code calls it, and without the `axum` feature it expands to
/// nothing.
#[doc(hidden)]
#[macro_export]
macro_rules! __axum_rejections {
    ($code:ident) => {
        $crate::__axum_rejections!(@body $code, Json, json,
            "`axum::Json`, whose rejections are this catalog's errors: a body that \
             is not JSON, of the wrong shape, of another media type or too large. \
             Also a response, as `axum::Json` is.");
        $crate::__axum_rejections!(@body $code, Form, form,
            "`axum::Form`, whose rejections are this catalog's errors.");
        $crate::__axum_rejections!(@parts $code, Path, path,
            "`axum::extract::Path`, whose rejections are this catalog's errors.");
        $crate::__axum_rejections!(@parts $code, Query, query,
            "`axum::extract::Query`, whose rejections are this catalog's errors.");

        impl<T> $crate::__private::axum::response::IntoResponse for Json<T>
        where
            T: $crate::__private::serde::Serialize,
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum::response::IntoResponse::into_response(
                    $crate::__private::axum::Json(self.0),
                )
            }
        }

        /// Makes every error `router` sends one of this catalog's: see
        /// `errors_runtime::axum::catalog_errors`. Call it after adding the
        /// routes.
        pub fn catalog_errors<S>(
            router: $crate::__private::axum::Router<S>,
            timeout: ::core::time::Duration,
        ) -> $crate::__private::axum::Router<S>
        where
            S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        {
            $crate::axum::catalog_errors::<$code, S>(router, timeout)
        }
    };
    // An extractor that reads the body.
    (@body $code:ident, $name:ident, $extract:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name<T>(pub T);

        impl<T, S> $crate::__private::axum::extract::FromRequest<S> for $name<T>
        where
            T: $crate::__private::serde::de::DeserializeOwned,
            S: ::core::marker::Send + ::core::marker::Sync,
        {
            type Rejection = $crate::ApiError<$code>;

            async fn from_request(
                request: $crate::__private::axum::extract::Request,
                state: &S,
            ) -> ::core::result::Result<$name<T>, $crate::ApiError<$code>> {
                $crate::axum::$extract(request, state).await.map($name)
            }
        }
    };
    // An extractor that reads the request's head.
    (@parts $code:ident, $name:ident, $extract:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name<T>(pub T);

        impl<T, S> $crate::__private::axum::extract::FromRequestParts<S> for $name<T>
        where
            T: $crate::__private::serde::de::DeserializeOwned + ::core::marker::Send,
            S: ::core::marker::Send + ::core::marker::Sync,
        {
            type Rejection = $crate::ApiError<$code>;

            async fn from_request_parts(
                parts: &mut $crate::__private::http::request::Parts,
                state: &S,
            ) -> ::core::result::Result<$name<T>, $crate::ApiError<$code>> {
                $crate::axum::$extract(parts, state).await.map($name)
            }
        }
    };
}
