// Prints every code's message, title, `when` and deprecation reason as
// JSON, for `tests/client_typescript.rs` to compare byte for byte with the
// catalog's strings. Compiled next to the client, in `../client/dist/`.

import { ERROR_CODES, isErrorCode } from "../client/dist/index.js";

const entries = Object.values(ERROR_CODES).map((info) => ({
  code: info.code,
  known: isErrorCode(info.code),
  message: info.message,
  title: info.title,
  when: info.when,
  deprecated: info.deprecated,
}));
process.stdout.write(JSON.stringify(entries));
