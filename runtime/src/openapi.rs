//! utoipa support (feature `utoipa`): the code enum and [`ApiError`] as
//! OpenAPI schemas and responses, so that an axum + utoipa service documents
//! its error responses from the catalog instead of by hand.
//!
//! - Every generated code enum implements `utoipa::ToSchema` (schema
//!   `ErrorCode`: one string per code, each with its status and message);
//! - `ApiError<C>` implements `ToSchema` (the body: problem details or the
//!   envelope, as the catalog's settings choose) and `IntoResponses` (one
//!   response per status the catalog uses);
//! - [`error_responses!`](crate::error_responses) declares the codes one
//!   endpoint may return, as a list of enum values the compiler checks, and
//!   documents exactly those.
//!
//! Every response carries one example per code: the body [`ApiError`]
//! writes for it.

use crate::{ApiError, Code, Format};
use std::borrow::Cow;
use std::collections::BTreeMap;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoResponses, PartialSchema, ToSchema};

/// The trace id the examples show.
const EXAMPLE_TRACE_ID: &str = "0af7651916cd43dd8448eb211c80319c";

/// The schema of a code enum: a string that is one of `codes`, each value
/// with its status and message. The generated `ToSchema` impl calls it with
/// every code of the catalog.
pub fn code_schema<C: Code>(codes: &[C]) -> Schema {
    let one_of = codes.iter().fold(OneOfBuilder::new(), |one_of, &code| {
        one_of.item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([code.as_str()]))
                .title(Some(code.title()))
                .description(Some(describe(code))),
        )
    });
    one_of
        .description(Some(
            "An error code of the catalog. Clients should expect codes added later \
             and fall back to the HTTP status class.",
        ))
        .build()
        .into()
}

/// `400 Bad Request: The request body was not valid JSON.`, without the
/// reason phrase for a status that has none.
fn describe<C: Code>(code: C) -> String {
    let status = code.status();
    match crate::reason_phrase(status) {
        Some(reason) => format!("{status} {reason}: {}", code.message()),
        None => format!("{status}: {}", code.message()),
    }
}

/// The body of an error response with one of `codes`: problem details or
/// the envelope, as `C::FORMAT` says, the code member holding `code`.
fn body_schema<C: Code>(code: RefOr<Schema>) -> Schema {
    let text = |description: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
    };
    let trace_id = text("The request's trace id.");
    let metadata = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Machine-readable facts about this occurrence; never in a 5xx.",
        ));
    match C::FORMAT {
        Format::Problem => ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An RFC 9457 problem details object carrying a catalog code.",
            ))
            .property("type", text("The code's entry on the reference page."))
            .property("title", text("The code's short title."))
            .property(
                "status",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some("The HTTP status."))
                    .minimum(Some(400))
                    .maximum(Some(599)),
            )
            .property(C::CODE_MEMBER, code)
            .property("detail", text("What went wrong this time; never in a 5xx."))
            .property("instance", text("A URI of this occurrence."))
            .property(
                "errors",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some(
                        "Field errors: each field's path to its messages; never in a 5xx.",
                    ))
                    .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(
                        ArrayBuilder::new()
                            .items(ObjectBuilder::new().schema_type(Type::String))
                            .into(),
                    )))),
            )
            .property("metadata", metadata)
            .property("trace_id", trace_id)
            .required("type")
            .required("title")
            .required("status")
            .required(C::CODE_MEMBER)
            .into(),
        Format::Envelope => {
            let entry = ObjectBuilder::new()
                .schema_type(Type::Object)
                .property(
                    "error_key",
                    text(
                        "The field, or `request` or `base` for the entry about the \
                         request or resource.",
                    ),
                )
                .property("category", code)
                .property("message", text("The detail, or the code's message."))
                .property("metadata", metadata)
                .property(
                    "errors",
                    ArrayBuilder::new()
                        .items(Object::new())
                        .description(Some("Entries of the fields inside this one.")),
                )
                .required("error_key")
                .required("category")
                .required("message");
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(Some(
                    "The envelope: one entry per error, the first about the request.",
                ))
                .property("errors", ArrayBuilder::new().items(entry))
                .property("trace_id", trace_id)
                .required("errors")
                .into()
        }
    }
}

/// The responses for `codes`: one per status, keyed by the status, each
/// with a body schema narrowed to its codes and one example per code, the
/// body `ApiError` writes for it. What `IntoResponses` returns, for
/// [`ApiError`] (every code) and for [`error_responses!`](crate::error_responses)
/// (the codes an endpoint declares).
pub fn responses<C: Code>(codes: &[C]) -> BTreeMap<String, RefOr<Response>> {
    let mut by_status: BTreeMap<u16, Vec<C>> = BTreeMap::new();
    for &code in codes {
        let same = by_status.entry(code.status()).or_default();
        if !same.contains(&code) {
            same.push(code);
        }
    }
    by_status
        .into_iter()
        .map(|(status, codes)| (status.to_string(), response(status, &codes).into()))
        .collect()
}

fn response<C: Code>(status: u16, codes: &[C]) -> Response {
    let examples = codes.iter().map(|&code| {
        let body = ApiError::new(code).with_trace_id(EXAMPLE_TRACE_ID).body();
        let value = serde_json::from_slice(&body).ok();
        (
            code.as_str(),
            ExampleBuilder::new()
                .summary(describe(code))
                .value(value)
                .build(),
        )
    });
    let names: Vec<&str> = codes.iter().map(|code| code.as_str()).collect();
    let narrowed = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names.iter().copied()))
        .into();
    let reason = crate::reason_phrase(status).map_or(String::new(), |reason| format!(" {reason}"));
    ResponseBuilder::new()
        .description(format!("{status}{reason}: {}.", names.join(", ")))
        .content(
            C::FORMAT.content_type(),
            ContentBuilder::new()
                .schema(Some(body_schema::<C>(narrowed)))
                .examples_from_iter(examples)
                .build(),
        )
        .build()
}

impl<C: Code + ToSchema> PartialSchema for ApiError<C> {
    /// The body, its code member referring to the code enum's schema.
    fn schema() -> RefOr<Schema> {
        body_schema::<C>(Ref::from_schema_name(C::name()).into()).into()
    }
}

impl<C: Code + ToSchema> ToSchema for ApiError<C> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ApiError")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((C::name().into_owned(), C::schema()));
    }
}

impl<C: Code> IntoResponses for ApiError<C> {
    /// One response per status the catalog uses.
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(C::ALL)
    }
}

/// Declares the error responses of one endpoint: a unit struct implementing
/// `utoipa::IntoResponses` with exactly the listed codes, one response per
/// status. The codes are enum values, so a misspelt or removed code does
/// not compile.
///
/// ```ignore
/// errors_runtime::error_responses! {
///     /// What `POST /users` may answer with.
///     pub struct CreateUserErrors: ErrorCode::InvalidJson, ErrorCode::EmailTaken, ErrorCode::RateLimited
/// }
///
/// #[utoipa::path(post, path = "/users", responses((status = 201, description = "Created"), CreateUserErrors))]
/// async fn create_user() { /* ... */ }
/// ```
#[macro_export]
macro_rules! error_responses {
    ($(#[$attr:meta])* $vis:vis struct $name:ident: $($code:path),+ $(,)?) => {
        $(#[$attr])*
        $vis struct $name;

        impl $crate::__private::utoipa::IntoResponses for $name {
            fn responses() -> ::std::collections::BTreeMap<
                ::std::string::String,
                $crate::__private::utoipa::openapi::RefOr<
                    $crate::__private::utoipa::openapi::response::Response,
                >,
            > {
                $crate::openapi::responses(&[$($code),+])
            }
        }
    };
}

/// `ToSchema` for a generated code enum; the generated code invokes it
/// whatever the features, and it expands to nothing without `utoipa`.
#[doc(hidden)]
#[macro_export]
macro_rules! __code_schema {
    ($code:ident) => {
        impl $crate::__private::utoipa::PartialSchema for $code {
            fn schema() -> $crate::__private::utoipa::openapi::RefOr<
                $crate::__private::utoipa::openapi::schema::Schema,
            > {
                $crate::__private::utoipa::openapi::RefOr::T($crate::openapi::code_schema(
                    <$code as $crate::Code>::ALL,
                ))
            }
        }

        impl $crate::__private::utoipa::ToSchema for $code {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(::core::stringify!($code))
            }
        }
    };
}
