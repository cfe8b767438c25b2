"""The conformance corpus through the generated parser, and inputs no
corpus lists: every case must give the parse the Rust runtime gives.

Run by tests/client_python.rs as ``python -m unittest test_conformance``
with ``ERRORS_CONFORMANCE`` naming ``cases.json``.
"""

import dataclasses
import json
import os
import random
import sys
import unittest
from typing import Any, Dict, List, Optional

from client_under_test import load

client = load()


def observed(case: Dict[str, Any], body: bytes) -> Dict[str, Any]:
    """The parse of a case, in the corpus's terms."""
    error = client.parse_error_response(case["status"], case["retry_after"], body)
    return {
        "code": None if error.code is None else error.code.value,
        "wire_code": error.wire_code,
        "error_class": error.error_class.value,
        "retryable": error.retryable,
        "retry_after_seconds": error.retry_after_seconds,
        "format": None if error.format is None else error.format.value,
        "title": error.title,
        "detail": error.detail,
        "trace_id": error.trace_id,
        "field_errors": [
            {"path": field.path, "messages": list(field.messages)} for field in error.field_errors
        ],
        "metadata": error.metadata,
        "details": field_values(client.details_of(error)),
    }


def field_values(details: Any) -> Optional[List[Any]]:
    """A details dataclass's values in the order the catalog declares its
    fields."""
    if details is None:
        return None
    return [getattr(details, field.name) for field in dataclasses.fields(details)]


def same(expected: object, actual: object) -> bool:
    """Equal, and of the same JSON type all the way down: 1 is not 1.0 nor
    True."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return sorted(expected) == sorted(actual) and all(
            same(expected[key], actual[key]) for key in expected
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(same, expected, actual))
    return type(expected) is type(actual) and expected == actual


class Corpus(unittest.TestCase):
    def test_every_case_agrees(self) -> None:
        path = os.environ["ERRORS_CONFORMANCE"]
        with open(path, encoding="utf-8") as file:
            corpus = json.load(file)
        cases: List[Dict[str, Any]] = corpus["cases"]
        self.assertGreater(len(cases), 0)
        base = os.path.dirname(path)
        disagreements: List[str] = []
        for case in cases:
            with open(os.path.join(base, case["body"]), "rb") as file:
                body = file.read()
            # As bytes and as the str a caller may hold instead.
            bodies: List[Any] = [body]
            try:
                bodies.append(body.decode("utf-8"))
            except UnicodeDecodeError:
                pass
            for given in bodies:
                actual = observed(case, given)
                for member, expected in case["expected"].items():
                    if not same(expected, actual.get(member)):
                        disagreements.append(
                            f"case {case['name']} ({type(given).__name__} body): member {member}:"
                            f" expected {expected!r}, got {actual.get(member)!r}"
                        )
                        break
        agreed = len(cases) - len({line.split(" ", 2)[1] for line in disagreements})
        print(f"python: {agreed} of {len(cases)} cases agree", file=sys.stderr)
        self.assertEqual(disagreements, [], "\n".join(disagreements))

    def test_readers_name_their_fields_as_python_does(self) -> None:
        path = os.environ["ERRORS_CONFORMANCE"]
        with open(path, encoding="utf-8") as file:
            cases = {case["name"]: case for case in json.load(file)["cases"]}

        def read(name: str) -> Any:
            case = cases[name]
            with open(os.path.join(os.path.dirname(path), case["body"]), "rb") as file:
                return client.parse_error_response(case["status"], case["retry_after"], file.read())

        self.assertEqual(
            client.rate_limited_details(read("fields-rate_limited")),
            client.RateLimitedDetails(limit=100, window_seconds=60),
        )
        endpoint = client.webhook_endpoint_limit_details(read("fields-webhook_endpoint_limit"))
        self.assertEqual((endpoint.limit, endpoint.plan, endpoint.upgradable), (16, "team", True))
        self.assertIsNone(client.rate_limited_details(read("fields-webhook_endpoint_limit")))
        self.assertIn("RateLimitedDetails", client.__all__)


class NeverRaises(unittest.TestCase):
    """Inputs beyond the corpus: whatever the body, a classified response."""

    def check(self, body: Any, status: int = 503, retry_after: Optional[str] = None) -> Any:
        error = client.parse_error_response(status, retry_after, body)
        self.assertEqual(error.status, status)
        return error

    def test_deep_nesting_is_not_read_and_raises_nothing(self) -> None:
        for opener in "[{":
            body = '{"code":"x","a":' + (opener if opener == "[" else '{"a":') * 60000
            self.assertIsNone(self.check(body).wire_code)
        self.assertIsNone(self.check("[" * 70000).wire_code)
        # Brackets in strings do not nest.
        text = '"' + "[" * 500 + '"'
        self.assertEqual(self.check('{"code":"x","title":' + text + "}").wire_code, "x")

    def test_lone_surrogates_in_a_str_body(self) -> None:
        self.assertIsNone(self.check('{"code":"x","detail":"\ud800"}').wire_code)
        self.assertIsNone(self.check('{"code":"x","detail":"\\udc00"}').wire_code)
        self.assertEqual(self.check('{"code":"x","detail":"\\\\ud800"}').detail, "\\ud800")
        self.assertEqual(self.check('{"code":"x","detail":"\\ud83d\\ude00"}').detail, "\U0001f600")

    def test_numbers_as_serde_json_reads_them(self) -> None:
        metadata = self.check('{"code":"x","metadata":{"a":18446744073709551615,'
                              '"b":18446744073709551616,"c":-9223372036854775808,'
                              '"d":-9223372036854775809,"e":-0,"f":1e-400}}').metadata
        self.assertEqual(metadata["a"], 18446744073709551615)
        self.assertIsInstance(metadata["b"], float)
        self.assertEqual(metadata["c"], -9223372036854775808)
        self.assertIsInstance(metadata["d"], float)
        self.assertIsInstance(metadata["e"], float)
        self.assertEqual(metadata["f"], 0.0)
        self.assertIsNone(self.check('{"code":"x","n":' + "9" * 400 + "}").wire_code)
        self.assertIsNone(self.check('{"code":"x","n":' + "9" * 5000 + "}").wire_code)
        self.assertIsNone(self.check('{"code":"x","n":-Infinity}').wire_code)

    def test_retry_after_edges(self) -> None:
        self.assertEqual(self.check(b"", 400, "0" * 50 + "7").retry_after_seconds, 7)
        self.assertEqual(self.check(b"", 400, "9" * 5000).retry_after_seconds, 86400)
        self.assertIsNone(self.check(b"", 400, "\u0663").retry_after_seconds)
        self.assertIsNone(self.check(b"", 400, "Sun, 29 Feb 2095 08:49:37 GMT").retry_after_seconds)
        self.assertIsNone(self.check(b"", 400, "Mon, 06 Nov 2095 08:49:37 GMT").retry_after_seconds)
        self.assertEqual(self.check(b"", 400, "Sun, 06 Nov 2095 08:49:37 GMT\r\n").retry_after_seconds, 86400)

    def test_random_bytes_and_mutated_bodies(self) -> None:
        rng = random.Random(11)
        seed = b'{"code":"x","title":"t","errors":[{"category":"c","error_key":"a","errors":[{"message":"m"}]}],"metadata":{"n":[1,2.5,null]}}'
        for _ in range(3000):
            body = bytearray(seed)
            for _ in range(rng.randrange(1, 6)):
                at = rng.randrange(len(body))
                body[at] = rng.randrange(256)
            self.check(bytes(body))
            self.check(bytes(rng.randrange(256) for _ in range(rng.randrange(40))))


if __name__ == "__main__":
    unittest.main()
