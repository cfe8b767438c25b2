// The conformance corpus (`clients/conformance/`) through the generated
// parser, with Node's test runner: one test per case, failing with the case
// and the member that differs.
//
// `tests/client_typescript.rs` compiles this file next to the client it
// checks (built into `../client/dist/`) and runs it with the corpus named
// by `CONFORMANCE_CASES`.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as client from "../client/dist/index.js";
import { detailsOf, parseErrorResponse, type ErrorResponse } from "../client/dist/index.js";

/** One case of `cases.json`, as the Rust runtime wrote it. */
interface Case {
  readonly name: string;
  readonly status: number;
  readonly retry_after: string | null;
  /** The body's file, relative to `cases.json`. */
  readonly body: string;
  readonly expected: Expected;
}

/** The parse every client must give, in the corpus' member names. */
interface Expected {
  readonly code: string | null;
  readonly wire_code: string | null;
  readonly error_class: string;
  readonly retryable: boolean;
  readonly retry_after_seconds: number | null;
  readonly format: string | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly trace_id: string | null;
  readonly field_errors: readonly { readonly path: string; readonly messages: readonly string[] }[];
  readonly metadata: unknown;
  /** A code with fields: their values, typed, in catalog order; or `null`. */
  readonly details?: unknown;
}

const casesPath = process.env["CONFORMANCE_CASES"];
if (casesPath === undefined) {
  throw new Error("CONFORMANCE_CASES names the corpus' cases.json");
}
const corpus = JSON.parse(readFileSync(casesPath, "utf8")) as { readonly cases: readonly Case[] };

/** What the parser read, in the corpus' member names. */
function observed(error: ErrorResponse): Expected {
  return {
    code: error.code,
    wire_code: error.wireCode,
    error_class: error.errorClass,
    retryable: error.retryable,
    retry_after_seconds: error.retryAfterSeconds,
    format: error.format,
    title: error.title,
    detail: error.detail,
    trace_id: error.traceId,
    field_errors: error.fieldErrors.map(({ path, messages }) => ({ path, messages: [...messages] })),
    metadata: error.metadata,
    details: fieldValues(detailsOf(error)),
  };
}

/** A details object's values in the order the catalog declares its fields. */
function fieldValues(details: object | null): unknown[] | null {
  return details === null ? null : Object.values(details);
}

function agree(name: string, got: Expected, expected: Expected): void {
  for (const member of Object.keys(expected) as (keyof Expected)[]) {
    assert.deepStrictEqual(got[member], expected[member], `case ${name}: member ${member} differs`);
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

let agreed = 0;
for (const c of corpus.cases) {
  test(c.name, () => {
    const bytes = new Uint8Array(readFileSync(join(dirname(casesPath), c.body)));
    agree(c.name, observed(parseErrorResponse(c.status, c.retry_after, bytes)), c.expected);
    // The same body as an ArrayBuffer, and as text where it is UTF-8 (text
    // stands for the bytes it encodes to).
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    agree(`${c.name} (ArrayBuffer)`, observed(parseErrorResponse(c.status, c.retry_after, buffer)), c.expected);
    let text: string | null = null;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      // Not UTF-8: no text stands for these bytes.
    }
    if (text !== null) {
      agree(`${c.name} (string)`, observed(parseErrorResponse(c.status, c.retry_after, text)), c.expected);
    }
    agreed += 1;
  });
}

after(() => {
  console.log(`typescript conformance: ${agreed} of ${corpus.cases.length} cases agree`);
});

test("each code's reader names its fields as TypeScript does", () => {
  // By name: this file also compiles against packages of catalogs without
  // these codes, and runs against the default catalog's.
  const reader = (name: string): ((error: ErrorResponse) => unknown) => {
    const found: unknown = (client as Record<string, unknown>)[name];
    assert.equal(typeof found, "function", `the package exports ${name}`);
    return found as (error: ErrorResponse) => unknown;
  };
  const rateLimitedDetails = reader("rateLimitedDetails");
  const webhookEndpointLimitDetails = reader("webhookEndpointLimitDetails");
  const read = (name: string): ErrorResponse => {
    const c = corpus.cases.find((each) => each.name === name);
    assert.ok(c, `the corpus has a case ${name}`);
    const bytes = new Uint8Array(readFileSync(join(dirname(casesPath), c.body)));
    return parseErrorResponse(c.status, c.retry_after, bytes);
  };
  assert.deepStrictEqual(rateLimitedDetails(read("fields-rate_limited")), { limit: 100, windowSeconds: 60 });
  assert.deepStrictEqual(webhookEndpointLimitDetails(read("fields-webhook_endpoint_limit")), {
    limit: 16,
    plan: "team",
    upgradable: true,
  });
  assert.equal(rateLimitedDetails(read("fields-webhook_endpoint_limit")), null);
});
