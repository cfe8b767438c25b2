// Time per body of `parseErrorResponse` over the whole conformance corpus,
// against the plainest code a user would write by hand: `JSON.parse` in a
// try block and a read of `code`. Both get each body as text, the way
// `await response.text()` hands it over.
//
// Usage: node bench.mjs <built client's index.js> <cases.json>

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const [modulePath, casesPath] = process.argv.slice(2);
if (modulePath === undefined || casesPath === undefined) {
  throw new Error("usage: node bench.mjs <client's index.js> <cases.json>");
}
const { parseErrorResponse } = await import(pathToFileURL(modulePath).href);
const { cases } = JSON.parse(readFileSync(casesPath, "utf8"));
// Lenient, as `response.text()` is; a byte order mark stays in the text.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const inputs = cases.map((c) => ({
  status: c.status,
  retryAfter: c.retry_after,
  text: decoder.decode(readFileSync(join(dirname(casesPath), c.body))),
}));

function parser(input) {
  return parseErrorResponse(input.status, input.retryAfter, input.text).wireCode;
}

function baseline(input) {
  try {
    const body = JSON.parse(input.text);
    return body !== null && typeof body === "object" ? body.code : undefined;
  } catch {
    return undefined;
  }
}

// What the loops read, kept so that the engine cannot drop the work.
let sink = 0;

/** The best of `runs` rounds of ~`roundMs` each, in nanoseconds per body. */
function measure(read, runs = 12, roundMs = 150) {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    let bodies = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      for (const input of inputs) {
        if (read(input) !== undefined) sink += 1;
      }
      bodies += inputs.length;
      elapsed = performance.now() - start;
    } while (elapsed < roundMs);
    best = Math.min(best, (elapsed * 1e6) / bodies);
  }
  return best;
}

// Warm both up so the JIT has compiled them before anything is timed.
measure(parser, 3, 100);
measure(baseline, 3, 100);
const parserNs = measure(parser);
const baselineNs = measure(baseline);
if (sink < 0) console.log(sink);
console.log(
  `typescript: parser ${Math.round(parserNs)} ns/body, baseline ${Math.round(baselineNs)} ns/body, ratio ${(parserNs / baselineNs).toFixed(2)}x`,
);
