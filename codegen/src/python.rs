//! The Python client: one module, standard library only, Python 3.9+,
//! `mypy --strict` clean, in a `py.typed` package with its `pyproject.toml`.
//!
//! The module is written as text. Catalog text reaches it only through
//! [`escape`], in string literals, docstrings and comments alike, so no
//! catalog can end a literal, start a line or hide a character; the parser
//! is a fixed part with the code member put in as a literal.

use crate::export::File;
use crate::model::{self, Catalog, Code, Field, FieldType, Surface};
use std::collections::BTreeSet;
use std::fmt::Write;

/// The package's files: `<python-package>/__init__.py`, its `py.typed`
/// marker and `pyproject.toml`, versioned `version`.
pub fn generate(catalog: &Catalog, version: &str) -> Vec<File> {
    let package = &catalog.settings.python_package;
    vec![
        File::new("pyproject.toml", pyproject(catalog, version)),
        File::new(format!("{package}/__init__.py"), module(catalog)),
        // PEP 561's marker: the package ships its own types. Empty, as a
        // package that is typed in full leaves it.
        File::new(format!("{package}/py.typed"), ""),
    ]
}

/// Text as the inside of a Python string literal, valid between `"` and
/// `"` and between `"""` and `"""`, and on one line, so also in a comment.
/// It reads back as exactly `text`:
///
/// - `\` and `"` are backslash-escaped;
/// - line breaks and tabs are `\n`, `\r`, `\t`;
/// - every other control, whitespace but the space (line and paragraph
///   separators, no-break spaces) and invisible or reordering character
///   (bidi controls, zero-width characters, the BOM) is a `\x`, `\u` or
///   `\U` escape: nothing in the file hides what the string holds;
/// - everything else is itself (the file is UTF-8).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let code = u32::from(c);
                let _ = match code {
                    0..=0xff => write!(out, "\\x{code:02x}"),
                    0x100..=0xffff => write!(out, "\\u{code:04x}"),
                    _ => write!(out, "\\U{code:08x}"),
                };
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters a reader of the source would not see as themselves.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// `text` as a Python string literal.
fn literal(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

fn optional_literal(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), literal)
}

fn boolean(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// A Python constant's name for a Rust variant: `InvalidJson` gives
/// `INVALID_JSON`, `HTTPVersion` gives `HTTP_VERSION`.
fn constant_name(variant: &str) -> String {
    let chars: Vec<char> = variant.chars().collect();
    let mut name = String::with_capacity(variant.len() + 4);
    for (at, &c) in chars.iter().enumerate() {
        let previous = at.checked_sub(1).and_then(|at| chars.get(at));
        let next = chars.get(at + 1);
        let starts_word = c.is_ascii_uppercase()
            && previous.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if starts_word {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// Member names for `variants`, in order: each variant's constant name,
/// or, where an earlier one took it (`Abc` and `ABC` both give `ABC`), that
/// name with the first free `_2`, `_3`... after it.
fn member_names<'a>(variants: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    variants
        .map(|variant| {
            let base = constant_name(variant);
            let mut name = base.clone();
            let mut suffix = 2;
            while taken.contains(&name) {
                name = format!("{base}_{suffix}");
                suffix += 1;
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

fn preamble(catalog: &Catalog) -> String {
    format!(
        "# Generated by `{}`, do not edit: change the catalog and run it again.\n",
        escape(&catalog.settings.command("export python"))
    )
}

/// The module: `Surface`, `ErrorCode` and their tables, then the parser.
fn module(catalog: &Catalog) -> String {
    let api = escape(&catalog.settings.api_name);
    let surface_names = member_names(catalog.surfaces.iter().map(|s| s.variant.as_str()));
    let code_names = member_names(catalog.codes().map(|(_, code)| code.variant.as_str()));
    let mut out = preamble(catalog);
    let _ = write!(
        out,
        r#""""The {api} error codes, and a parser for the API's error responses.

Every code the API sends is a member of :class:`ErrorCode`, whose value is
the code as sent. :func:`parse_error_response` reads any response, in either
body format, into an :class:`ErrorResponse`; it never raises: a body it
cannot read leaves the response to its status and ``Retry-After``.
"""
"#
    );
    out.push_str(IMPORTS);
    surface_enum(&mut out, catalog, &surface_names);
    code_enum(&mut out, catalog, &api, &code_names);
    tables(&mut out, catalog, &surface_names);
    let _ = write!(
        out,
        "\n\n_CODE_MEMBER = {}\n\"\"\"The problem-details member that carries the code.\"\"\"\n",
        literal(&catalog.settings.code_member)
    );
    out.push_str(PARSER);
    details(&mut out, catalog, &code_names);
    out
}

/// Python's keywords that a field name (`[a-z][a-z0-9_]*`) can be: such a
/// field's attribute gets a trailing `_`, as PEP 8 suggests.
const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

fn attribute(field: &Field) -> String {
    if KEYWORDS.contains(&field.name.as_str()) {
        format!("{}_", field.name)
    } else {
        field.name.clone()
    }
}

/// Per code with fields (codes are letters, digits and `._-`, safe in a
/// docstring): a frozen dataclass of them, typed, a `Literal` alias per
/// restricted field, and a function that reads them from an
/// `ErrorResponse`; then `details_of`, any code's, which a catalog without
/// fields has too.
fn details(out: &mut String, catalog: &Catalog, code_names: &[String]) {
    const DETAILS_OF_DOC: &str = "    \"\"\"The fields of the error's code, typed, whichever code it is: ``None``\n    for a code without fields or unknown, or when the metadata does not\n    read.\"\"\"\n";
    let with_fields: Vec<(&Code, &String)> = catalog
        .codes()
        .map(|(_, code)| code)
        .zip(code_names)
        .filter(|(code, _)| !code.fields.is_empty())
        .collect();
    if with_fields.is_empty() {
        out.push_str("\n\ndef details_of(error: ErrorResponse) -> None:\n");
        out.push_str(DETAILS_OF_DOC);
        out.push_str("    return None\n\n\n__all__ += [\"details_of\"]\n");
        return;
    }
    out.push_str(FIELD_READERS);
    let mut exported = Vec::new();
    for (code, member) in &with_fields {
        let class = format!("{}Details", code.variant);
        let function = format!("{}_details", member.to_ascii_lowercase());
        for field in &code.fields {
            if let FieldType::OneOf(values) = &field.ty {
                let alias = model::value_enum_name(code, field);
                let _ = write!(
                    out,
                    "\n\n{alias} = Literal[{}]\n\"\"\"The values of ``{}``'s field ``{}``: {}\"\"\"\n",
                    values
                        .iter()
                        .map(|v| literal(v))
                        .collect::<Vec<_>>()
                        .join(", "),
                    code.code,
                    field.name,
                    escape(&field.description),
                );
                exported.push(alias);
            }
        }
        let _ = write!(
            out,
            "\n\n@dataclasses.dataclass(frozen=True)\nclass {class}:\n    \"\"\"The fields of ``{}``: what varies per occurrence, sent in\n    ``metadata``.\"\"\"\n",
            code.code
        );
        for field in &code.fields {
            let ty = match &field.ty {
                FieldType::String => "str".to_owned(),
                FieldType::Integer => "int".to_owned(),
                FieldType::Boolean => "bool".to_owned(),
                FieldType::OneOf(_) => model::value_enum_name(code, field),
            };
            let _ = write!(
                out,
                "\n    {}: {ty}\n    \"\"\"{}\"\"\"\n",
                attribute(field),
                escape(&field.description)
            );
        }
        let _ = write!(
            out,
            "\n\ndef {function}(error: ErrorResponse) -> Optional[{class}]:\n    \"\"\"The fields of ``{}``, typed: ``None`` for another code, or when\n    the metadata lacks one or has it as another type.\"\"\"\n    metadata = error.metadata if error.code is ErrorCode.{member} else None\n    if metadata is None:\n        return None\n",
            code.code
        );
        for field in &code.fields {
            let key = literal(&field.name);
            let read = match &field.ty {
                FieldType::String => format!("_string_field(metadata.get({key}))"),
                FieldType::Integer => format!("_integer_field(metadata.get({key}))"),
                FieldType::Boolean => format!("_boolean_field(metadata.get({key}))"),
                FieldType::OneOf(_) => format!(
                    "_one_of_field(metadata.get({key}), typing.get_args({}))",
                    model::value_enum_name(code, field)
                ),
            };
            let _ = writeln!(out, "    {} = {read}", attribute(field));
        }
        let missing = code
            .fields
            .iter()
            .map(|field| format!("{} is None", attribute(field)))
            .collect::<Vec<_>>()
            .join(" or ");
        let arguments = code
            .fields
            .iter()
            .map(|field| match &field.ty {
                FieldType::OneOf(_) => format!(
                    "{name}=typing.cast({alias}, {name})",
                    name = attribute(field),
                    alias = model::value_enum_name(code, field)
                ),
                _ => format!("{name}={name}", name = attribute(field)),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            out,
            "    if {missing}:\n        return None\n    return {class}({arguments})\n"
        );
        exported.push(class.clone());
        exported.push(function);
    }
    let union = with_fields
        .iter()
        .map(|(code, _)| format!("{}Details", code.variant))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(
        out,
        "\n\ndef details_of(\n    error: ErrorResponse,\n) -> Optional[Union[{union}]]:\n{DETAILS_OF_DOC}"
    );
    for (_, member) in &with_fields {
        let _ = write!(
            out,
            "    if error.code is ErrorCode.{member}:\n        return {}_details(error)\n",
            member.to_ascii_lowercase()
        );
    }
    out.push_str("    return None\n");
    exported.push("details_of".to_owned());
    exported.sort();
    let _ = write!(
        out,
        "\n\n__all__ += [\n{}]\n",
        exported
            .iter()
            .map(|name| format!("    {},\n", literal(name)))
            .collect::<String>()
    );
}

/// How each field type reads from metadata, as the Rust runtime's
/// `errors_runtime::details` reads it.
const FIELD_READERS: &str = r##"


_MAX_INTEGER = 2**53 - 1
"""The largest integer a field holds: the integers every JSON reader holds
exactly."""

_DECIMAL = re.compile(r"([+-]?)0*([0-9]{1,16})")
"""A decimal integer's text: a sign, and at most 16 digits past leading
zeros (more are past :data:`_MAX_INTEGER`), so ``int`` never reads a long
string."""


def _string_field(value: object) -> Optional[str]:
    return value if isinstance(value, str) else None


def _integer_field(value: object) -> Optional[int]:
    """A JSON number whose value is an integer, or the decimal string of
    one, within ±:data:`_MAX_INTEGER`."""
    number: Optional[int] = None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        match = _DECIMAL.fullmatch(value)
        if match is not None:
            number = int(match.group(1) + match.group(2))
    if number is None or abs(number) > _MAX_INTEGER:
        return None
    return number


def _boolean_field(value: object) -> Optional[bool]:
    """``true`` or ``false``, or those as strings."""
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(value) if isinstance(value, str) else None


def _one_of_field(value: object, values: Tuple[object, ...]) -> Optional[str]:
    return value if isinstance(value, str) and value in values else None
"##;

fn surface_enum(out: &mut String, catalog: &Catalog, names: &[String]) {
    out.push_str(
        r#"

class Surface(str, enum.Enum):
    """A part of the API, with the codes it sends; the value is its id."""
"#,
    );
    for (surface, name) in catalog.surfaces.iter().zip(names) {
        let _ = write!(
            out,
            "\n    {name} = {}\n    \"\"\"{}\"\"\"\n",
            literal(&surface.id),
            escape(&surface.title)
        );
    }
    out.push_str(
        r#"
    def __str__(self) -> str:
        return self.value

    @property
    def title(self) -> str:  # type: ignore[override]
        """The surface's title (not :meth:`str.title`)."""
        return _SURFACES[self.value][0]

    @property
    def description(self) -> str:
        """What the surface is, as the reference page says."""
        return _SURFACES[self.value][1]
"#,
    );
}

fn code_enum(out: &mut String, catalog: &Catalog, api: &str, names: &[String]) {
    let _ = write!(
        out,
        r#"

class ErrorCode(str, enum.Enum):
    """An error code of the {api}; the value is the code as sent.

    ``ErrorCode(value)`` raises :class:`ValueError` for a code this module
    does not know; :func:`lookup_error_code` returns ``None`` instead. A
    deprecated code's ``deprecated`` says why; the API may still send it.
    """
"#
    );
    for ((surface, code), name) in catalog.codes().zip(names) {
        let _ = write!(
            out,
            "\n    {name} = {}\n    \"\"\"{}",
            literal(&code.code),
            member_doc(catalog, surface, code)
        );
        out.push_str("\"\"\"\n");
    }
    out.push_str(
        r#"
    def __str__(self) -> str:
        return self.value

    @property
    def status(self) -> int:
        """The HTTP status the API sends the code with."""
        return _CODES[self.value].status

    @property
    def title(self) -> str:  # type: ignore[override]
        """A short summary of the code (not :meth:`str.title`)."""
        return _CODES[self.value].title

    @property
    def message(self) -> str:
        """The message the API sends when it has no detail to add."""
        return _CODES[self.value].message

    @property
    def when(self) -> Optional[str]:
        """When the API sends the code, if the catalog says."""
        return _CODES[self.value].when

    @property
    def surface(self) -> Surface:
        """The part of the API the code belongs to."""
        return _CODES[self.value].surface

    @property
    def retryable(self) -> bool:
        """Whether the same request may succeed when sent again later."""
        return _CODES[self.value].retryable

    @property
    def deprecated(self) -> Optional[str]:
        """Why the code is deprecated and what replaces it; ``None`` while it
        is not. Deprecated codes are marked so in their documentation too."""
        return _CODES[self.value].deprecated

    @property
    def doc_url(self) -> str:
        """The code's entry on the reference page."""
        return _CODES[self.value].doc_url


def lookup_error_code(code: str) -> Optional[ErrorCode]:
    """The member whose value is ``code``; ``None`` for a code this module
    does not know."""
    return _BY_VALUE.get(code)
"#,
    );
}

/// A code member's docstring, without its quotes: message, status,
/// surface, retryability, `when`, the deprecation and the link.
fn member_doc(catalog: &Catalog, surface: &Surface, code: &Code) -> String {
    let reason = model::reason_phrase(code.status)
        .map(|phrase| format!(" {phrase}"))
        .unwrap_or_default();
    let retry = if code.retryable {
        "retryable"
    } else {
        "not retryable"
    };
    let mut doc = format!(
        "{}\n\n    {}: HTTP {}{reason}, surface ``{}``, {retry}.\n",
        escape(&code.message),
        escape(&code.title),
        code.status,
        escape(&surface.id),
    );
    if let Some(when) = &code.when {
        let _ = write!(doc, "\n    When: {}\n", escape(when));
    }
    if let Some(deprecated) = &code.deprecated {
        let since = code
            .deprecated_since
            .as_deref()
            .map(|since| format!(" since {}", escape(since)))
            .unwrap_or_default();
        let _ = write!(doc, "\n    Deprecated{since}: {}\n", escape(deprecated));
    }
    let _ = write!(
        doc,
        "\n    See {}\n    ",
        escape(&catalog.settings.code_url(&code.code))
    );
    doc
}

fn tables(out: &mut String, catalog: &Catalog, surface_names: &[String]) {
    out.push_str(
        r#"

class _CodeInfo(NamedTuple):
    status: int
    title: str
    message: str
    when: Optional[str]
    surface: Surface
    retryable: bool
    deprecated: Optional[str]
    doc_url: str


_SURFACES: Dict[str, Tuple[str, str]] = {
"#,
    );
    for surface in &catalog.surfaces {
        let _ = writeln!(
            out,
            "    {}: ({}, {}),",
            literal(&surface.id),
            literal(&surface.title),
            literal(&surface.description)
        );
    }
    out.push_str("}\n\n_CODES: Dict[str, _CodeInfo] = {\n");
    for (surface, code) in catalog.codes() {
        let surface_name = catalog
            .surfaces
            .iter()
            .zip(surface_names)
            .find(|(candidate, _)| candidate.id == surface.id)
            .map_or("", |(_, name)| name.as_str());
        let _ = write!(
            out,
            "    {}: _CodeInfo(\n        status={},\n        title={},\n        message={},\n        when={},\n        surface=Surface.{surface_name},\n        retryable={},\n        deprecated={},\n        doc_url={},\n    ),\n",
            literal(&code.code),
            code.status,
            literal(&code.title),
            literal(&code.message),
            optional_literal(code.when.as_deref()),
            boolean(code.retryable),
            optional_literal(code.deprecated.as_deref()),
            literal(&catalog.settings.code_url(&code.code)),
        );
    }
    out.push_str(
        "}\n\n_BY_VALUE: Dict[str, ErrorCode] = {member.value: member for member in ErrorCode}\n",
    );
}

/// The publisher's metadata. Only names and the version come from the
/// settings; the version goes through TOML's string rules.
fn pyproject(catalog: &Catalog, version: &str) -> String {
    let package = &catalog.settings.python_package;
    let distribution = package.replace('_', "-");
    format!(
        r#"{preamble}
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{distribution}"
version = {version}
description = "The API's error codes and a parser for its error responses"
requires-python = ">=3.9"
dependencies = []
classifiers = [
    "Programming Language :: Python :: 3",
    "Typing :: Typed",
]

[tool.setuptools]
packages = ["{package}"]

[tool.setuptools.package-data]
{package} = ["py.typed"]
"#,
        preamble = preamble(catalog),
        version = toml_string(version),
    )
}

/// A TOML basic string: `\`, `"` and controls escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const IMPORTS: &str = r#"
import dataclasses
import datetime
import enum
import json
import math
import re
import time
import typing
from typing import Any, Dict, List, Literal, NamedTuple, Optional, Tuple, Union

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_RETRY_AFTER_SECONDS",
    "ErrorClass",
    "ErrorCode",
    "ErrorResponse",
    "FieldError",
    "Format",
    "JsonValue",
    "Surface",
    "lookup_error_code",
    "parse_error_response",
]

JsonValue = Union[None, bool, int, float, str, List["JsonValue"], Dict[str, "JsonValue"]]
"""A JSON value as :mod:`json` reads it."""

MAX_BODY_BYTES = 65536
"""Bodies longer than this are not read: the status and ``Retry-After``
classify the response alone."""

MAX_RETRY_AFTER_SECONDS = 86400
"""The longest wait ``Retry-After`` gives; longer ones are cut to it."""
"#;

/// The parser: the Rust runtime's `ResponseError::from_parts` and
/// `wire::read`, rule for rule.
const PARSER: &str = r##"

class ErrorClass(str, enum.Enum):
    """What kind of failure a status means, whether or not the code is known."""

    CLIENT = "client"
    """4xx other than 429: the request must change before it can succeed."""
    RATE_LIMITED = "rate_limited"
    """429: too many requests; wait and retry."""
    SERVER = "server"
    """5xx: the server failed."""
    NOT_AN_ERROR = "not_an_error"
    """Not an error status at all."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def of(cls, status: int) -> "ErrorClass":
        """The class of ``status``."""
        if status == 429:
            return cls.RATE_LIMITED
        if 400 <= status <= 499:
            return cls.CLIENT
        if 500 <= status <= 599:
            return cls.SERVER
        return cls.NOT_AN_ERROR


class Format(str, enum.Enum):
    """The two body formats the parser reads without being told which."""

    PROBLEM = "problem"
    """RFC 9457 problem details, with the code in its own member."""
    ENVELOPE = "envelope"
    """An ``errors`` array of entries, the code in the first ``category``."""

    def __str__(self) -> str:
        return self.value


@dataclasses.dataclass(frozen=True)
class FieldError:
    """What was wrong with one field of the request."""

    path: str
    """Where the field is: dotted for entries nested in the envelope."""
    messages: Tuple[str, ...]
    """What is wrong with it, in the order the body gave."""


@dataclasses.dataclass(frozen=True)
class ErrorResponse:
    """An error response as the client received it."""

    status: int
    """The HTTP status."""
    code: Optional[ErrorCode]
    """The code, when this module knows it."""
    wire_code: Optional[str]
    """The code as sent, known or not."""
    error_class: ErrorClass
    """The kind of failure, from the status."""
    retryable: bool
    """Whether the same request may succeed later: the catalog's answer for
    a known code; otherwise yes under 429, 502, 503 and 504 or when the
    server sent ``Retry-After``."""
    retry_after_seconds: Optional[int]
    """How long the server asked the client to wait, at most
    :data:`MAX_RETRY_AFTER_SECONDS`; 0 for a date in the past."""
    format: Optional[Format]
    """The body's format, when it was one of the two."""
    title: Optional[str]
    """The body's title."""
    detail: Optional[str]
    """The detail the server gave. In the envelope, a message equal to the
    known code's own is no detail: the server sends the message when it has
    no detail."""
    trace_id: Optional[str]
    """The id under which the server logged the error."""
    field_errors: Tuple[FieldError, ...]
    """Field errors; a problem's sorted by path (by code point, which is
    the order of their UTF-8 bytes)."""
    metadata: Optional[Dict[str, JsonValue]] = dataclasses.field(hash=False)
    """The body's ``metadata`` object, when it had one."""


def parse_error_response(
    status: int, retry_after: Optional[str], body: Union[bytes, bytearray, str]
) -> ErrorResponse:
    """Reads a response from its status, its ``Retry-After`` header (or
    ``None``) and its body, in either format. Never raises: a body that is
    empty, not JSON, not UTF-8, truncated, nested deeper than 127 levels or
    longer than :data:`MAX_BODY_BYTES` leaves the response to its status and
    ``Retry-After``.
    """
    wait = _retry_after_seconds(retry_after)
    document = _read_object(body)
    code: Optional[str] = None
    title: Optional[str] = None
    detail: Optional[str] = None
    trace_id: Optional[str] = None
    metadata: Optional[Dict[str, JsonValue]] = None
    fields: Tuple[FieldError, ...] = ()
    body_format: Optional[Format] = None
    if document is not None:
        # A dict keeps each member's last value: duplicates count once, the
        # last, as they do for the Rust reader.
        code = _text(document.get(_CODE_MEMBER))
        title = _text(document.get("title"))
        detail = _text(document.get("detail"))
        trace_id = _text(document.get("trace_id"))
        metadata = _object(document.get("metadata"))
        errors = document.get("errors")
        if code is not None:
            body_format = Format.PROBLEM
            if isinstance(errors, dict):
                fields = tuple(
                    sorted(
                        (FieldError(path, _texts(messages)) for path, messages in errors.items()),
                        key=_path,
                    )
                )
        elif isinstance(errors, list):
            code, detail, metadata, fields = _read_entries(errors, detail, metadata)
            if code is not None:
                body_format = Format.ENVELOPE
    known = None if code is None else _BY_VALUE.get(code)
    if known is not None:
        info = _CODES[known.value]
        if body_format is Format.ENVELOPE and detail == info.message:
            detail = None
        retryable = info.retryable
    else:
        retryable = status in (429, 502, 503, 504) or wait is not None
    return ErrorResponse(
        status=status,
        code=known,
        wire_code=code,
        error_class=ErrorClass.of(status),
        retryable=retryable,
        retry_after_seconds=wait,
        format=body_format,
        title=title,
        detail=detail,
        trace_id=trace_id,
        field_errors=fields,
        metadata=metadata,
    )


def _text(value: object) -> Optional[str]:
    return value if isinstance(value, str) else None


def _object(value: object) -> Optional[Dict[str, JsonValue]]:
    return value if isinstance(value, dict) else None


def _texts(value: object) -> Tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def _path(field: FieldError) -> str:
    return field.path


_MAX_DEPTH = 127
"""The deepest nesting read, the top object counting as one: serde_json's."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(u[dD][89a-fA-F][0-9a-fA-F]{2})|.)",
    re.S,
)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError("number out of range")
    return value


def _integer(text: str) -> Union[int, float]:
    # As serde_json reads them: integers within u64 or i64 stay integers,
    # others are floats (out of a float's range: unreadable), -0 is -0.0.
    if len(text) <= 18:
        return -0.0 if text == "-0" else int(text)
    if len(text) <= 20:
        value = int(text)
        if -(2**63) <= value < 2**64:
            return value
    return _finite_float(text)


def _not_json(name: str) -> Any:
    raise ValueError(name + " is not JSON")


_DECODER = json.JSONDecoder(
    parse_float=_finite_float, parse_int=_integer, parse_constant=_not_json
)


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= _MAX_DEPTH:
        return False
    # Brackets in strings do not nest: count the others.
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _lone_surrogate(text: str) -> bool:
    # json reads "\ud800" as a lone surrogate; JSON that is Unicode text
    # (and the Rust reader) does not. Escapes are read from the left, so
    # "\\ud800" is a backslash and text.
    if _SURROGATE.search(text) is None:
        return False
    return any(escape.group(1) for escape in _ESCAPE.finditer(text))


def _read_object(body: Union[bytes, bytearray, str]) -> Optional[Dict[str, Any]]:
    """The body's JSON object, or ``None`` when the body is not one that
    the Rust reader reads."""
    try:
        if isinstance(body, str):
            if len(body) > MAX_BODY_BYTES or (
                not body.isascii() and len(body.encode("utf-8")) > MAX_BODY_BYTES
            ):
                return None
            text = body
        else:
            if len(body) > MAX_BODY_BYTES:
                return None
            text = str(body, "utf-8")
        if _too_deep(text) or ("\\u" in text and _lone_surrogate(text)):
            return None
        document = _DECODER.decode(text)
    except (ValueError, RecursionError):
        # Not UTF-8 (or a str with a lone surrogate), not JSON, a number out
        # of range: all ValueError. The depth check keeps json from
        # recursing deeper than 127 levels; RecursionError is caught anyway.
        return None
    return document if isinstance(document, dict) else None


_END = object()
"""What ``next`` gives at the end of a level's entries (``None`` is an entry)."""


class _Place:
    """A place in the envelope's tree of entries, and its field if any."""

    __slots__ = ("id", "field")

    def __init__(self, id: int) -> None:
        self.id = id
        self.field: Optional[int] = None


def _read_entries(
    entries: List[Any], detail: Optional[str], metadata: Optional[Dict[str, JsonValue]]
) -> Tuple[Optional[str], Optional[str], Optional[Dict[str, JsonValue]], Tuple[FieldError, ...]]:
    """The envelope's entries: the first category is the code; the first
    top-level entry about the request (or ``base``) gives the detail and
    metadata, unless the body had a detail; the rest are fields, their paths
    the ``error_key``s from the top joined with dots (a top-level key loses
    one leading backslash). Walked with a stack, not by recursion; all new
    fields' paths together are at most :data:`MAX_BODY_BYTES` UTF-8 bytes,
    those past that are left out. Returns the code, detail, metadata and
    fields."""
    code: Optional[str] = None
    places: Dict[Tuple[int, str], _Place] = {}
    # Places that spell the same path (`a` then `b`, or `a.b`) share a field.
    fields_by_path: Dict[str, int] = {}
    paths: List[str] = []
    messages: List[List[str]] = []
    path_budget = MAX_BODY_BYTES
    # Each level: its entries, the id of the place holding them (0 for the
    # top) and that place's path.
    stack: List[Tuple[Any, int, str]] = [(iter(entries), 0, "")]
    while stack:
        level, parent, parent_path = stack[-1]
        entry = next(level, _END)
        if entry is _END:
            stack.pop()
            continue
        if not isinstance(entry, dict):
            continue
        if code is None:
            code = _text(entry.get("category"))
        top = len(stack) == 1
        key = entry.get("error_key")
        if not isinstance(key, str):
            key = "request"
        message = _text(entry.get("message"))
        if top:
            if key == "request" or key == "base":
                if detail is None:
                    detail = message
                    metadata = _object(entry.get("metadata"))
                continue
            if key.startswith("\\"):
                key = key[1:]
        place = places.get((parent, key))
        if place is None:
            place = _Place(len(places) + 1)
            places[(parent, key)] = place
        path = key if top else parent_path + "." + key
        children = entry.get("errors")
        if isinstance(children, list) and children:
            stack.append((iter(children), place.id, path))
            continue
        if message is None:
            continue
        field = place.field
        if field is None:
            size = len(path) if path.isascii() else len(path.encode("utf-8"))
            if size > path_budget:
                continue
            path_budget -= size
            field = fields_by_path.get(path)
            if field is None:
                field = len(paths)
                fields_by_path[path] = field
                paths.append(path)
                messages.append([])
            place.field = field
        messages[field].append(message)
    fields = tuple(FieldError(path, tuple(texts)) for path, texts in zip(paths, messages))
    return code, detail, metadata, fields


def _retry_after_seconds(value: Optional[str]) -> Optional[int]:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date
    (RFC 9110, section 10.2.3) with spaces and tabs around it; a date in the
    past is 0, waits over :data:`MAX_RETRY_AFTER_SECONDS` are cut to it;
    anything else is ``None``."""
    if value is None:
        return None
    value = value.strip(" \t")
    if value.isascii() and value.isdigit():
        digits = value.lstrip("0")
        if len(digits) > 5:
            return MAX_RETRY_AFTER_SECONDS
        return min(int(digits or "0"), MAX_RETRY_AFTER_SECONDS)
    at = _http_date(value)
    if at is None:
        return None
    wait_ns = at * 1_000_000_000 - time.time_ns()
    if wait_ns <= 0:
        return 0
    return min(wait_ns // 1_000_000_000, MAX_RETRY_AFTER_SECONDS)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_IMF_FIXDATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT"
)
_RFC850 = re.compile(
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ([0-9]{2})"
    r"-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT"
)
_ASCTIME = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" ( [0-9]|[0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4})"
)


def _http_date(value: str) -> Optional[int]:
    """An HTTP date as seconds since the epoch: IMF-fixdate, RFC 850 (a
    two-digit year under 70 is 20xx) or asctime, in GMT, from 1970 to 9999,
    the weekday the date's own."""
    if not value.isascii():
        return None
    value = value.strip(" \t\n\v\f\r")
    match = _IMF_FIXDATE.fullmatch(value)
    if match is not None:
        weekday, day, month, year, hour, minute, second = match.groups()
        weekday_number = _DAYS.index(weekday)
        year_number = int(year)
    else:
        match = _RFC850.fullmatch(value)
        if match is not None:
            weekday, day, month, year, hour, minute, second = match.groups()
            weekday_number = _LONG_DAYS.index(weekday)
            year_number = int(year) + (2000 if int(year) < 70 else 1900)
        else:
            match = _ASCTIME.fullmatch(value)
            if match is None:
                return None
            weekday, month, day, hour, minute, second, year = match.groups()
            weekday_number = _DAYS.index(weekday)
            year_number = int(year)
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59 or year_number < 1970:
        return None
    try:
        date = datetime.date(year_number, _MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None
    if date.weekday() != weekday_number:
        return None
    days = date.toordinal() - datetime.date(1970, 1, 1).toordinal()
    return days * 86400 + int(hour) * 3600 + int(minute) * 60 + int(second)
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_text_and_escapes_what_breaks_a_literal() {
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(
            escape(r#"a "quote" and \ back"#),
            r#"a \"quote\" and \\ back"#
        );
        assert_eq!(escape("\"\"\""), "\\\"\\\"\\\"");
        assert_eq!(escape("ends with \\"), "ends with \\\\");
        assert_eq!(escape("a\nb\r\nc\td"), "a\\nb\\r\\nc\\td");
        assert_eq!(
            escape("\0\u{7}\u{1b}\u{7f}\u{85}"),
            "\\x00\\x07\\x1b\\x7f\\x85"
        );
        assert_eq!(escape("\u{2028}\u{2029}\u{a0}"), "\\u2028\\u2029\\xa0");
        assert_eq!(
            escape("\u{202e}x\u{202c}\u{200b}\u{feff}"),
            "\\u202ex\\u202c\\u200b\\ufeff"
        );
        assert_eq!(escape("\u{e0001}"), "\\U000e0001");
        assert_eq!(escape("日本 🚀 e\u{301} مرحبا"), "日本 🚀 e\u{301} مرحبا");
        assert_eq!(literal("{braces} %s"), "\"{braces} %s\"");
    }

    /// Every escape reads back as its character, as Python reads it: a
    /// small model of Python's literal rules for the escapes `escape` uses.
    #[test]
    fn escape_reads_back_as_the_text() {
        fn unescape(literal: &str) -> String {
            let mut out = String::new();
            let mut chars = literal.chars();
            while let Some(c) = chars.next() {
                assert!(
                    c != '"' && c != '\n' && c != '\r',
                    "raw {c:?} in {literal:?}"
                );
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                let hex = |chars: &mut std::str::Chars<'_>, n: usize| {
                    let digits: String = chars.take(n).collect();
                    char::from_u32(u32::from_str_radix(&digits, 16).unwrap()).unwrap()
                };
                match chars.next().unwrap() {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'x' => out.push(hex(&mut chars, 2)),
                    'u' => out.push(hex(&mut chars, 4)),
                    'U' => out.push(hex(&mut chars, 8)),
                    other => out.push(other),
                }
            }
            out
        }
        let samples = [
            "\"# \"## */ {} \\ \\\\ \"quotes\"",
            "Windows line\r\nbreak and a lone\rcarriage return.",
            "خطأ — 服务器错误 — 🙃🔥💥 — e\u{301} — \u{202e}rtl\u{202c}.",
            "\u{a0}no-break\u{a0}",
            "\u{0}\u{1}\u{1f}\u{7f}\u{9f}\u{ad}\u{2066}\u{fff9}\u{10ffff}",
        ];
        for sample in samples {
            assert_eq!(unescape(&escape(sample)), sample);
        }
        let every: String = (0..0x3000)
            .chain(0xfe00..0x10000)
            .filter_map(char::from_u32)
            .collect();
        assert_eq!(unescape(&escape(&every)), every);
    }

    #[test]
    fn constant_names_are_upper_snake_case_and_distinct() {
        assert_eq!(constant_name("InvalidJson"), "INVALID_JSON");
        assert_eq!(constant_name("HTTPVersion"), "HTTP_VERSION");
        assert_eq!(constant_name("Http2Error"), "HTTP2_ERROR");
        assert_eq!(constant_name("Error404"), "ERROR404");
        assert_eq!(constant_name("A"), "A");
        assert_eq!(
            member_names(["Abc", "ABC", "AbC", "Abc2"].into_iter()),
            ["ABC", "ABC_2", "AB_C", "ABC2"]
        );
        assert_eq!(
            member_names(["ABC2", "Abc", "ABC", "Abc2"].into_iter()),
            ["ABC2", "ABC", "ABC_2", "ABC2_2"]
        );
    }

    #[test]
    fn toml_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(toml_string("0.1.0"), "\"0.1.0\"");
        assert_eq!(toml_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\u000Ad\"");
    }

    fn hostile() -> Catalog {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/catalogs/hostile");
        crate::load(&dir, &dir, crate::Settings::default())
            .unwrap_or_else(|report| panic!("{report:?}"))
            .0
    }

    #[test]
    fn python_package_of_the_hostile_catalog_holds_its_text_as_literals() {
        let catalog = hostile();
        let files = generate(&catalog, "1.2.3");
        let paths: Vec<_> = files
            .iter()
            .map(|file| file.path.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            paths,
            [
                "pyproject.toml",
                "api_errors/__init__.py",
                "api_errors/py.typed"
            ]
        );
        let module = &files[1].contents;
        assert!(module.starts_with("# Generated by `cargo run -p codegen -- export python`"));
        for (_, code) in catalog.codes() {
            assert!(module.contains(&format!("message={},", literal(&code.message))));
            assert!(module.contains(&format!("title={},", literal(&code.title))));
            if let Some(deprecated) = &code.deprecated {
                assert!(module.contains(&format!("deprecated={},", literal(deprecated))));
            }
        }
        // Nothing but the generator's own line breaks: no catalog text
        // starts a line.
        for line in module.lines() {
            assert!(
                !line.contains('\r') && !line.contains('\u{2028}'),
                "{line:?}"
            );
        }
        assert!(files[0].contents.contains("version = \"1.2.3\""));
        assert_eq!(generate(&catalog, "1.2.3"), files, "deterministic");
    }
}
