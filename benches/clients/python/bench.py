"""The generated parser against the plainest hand-written code (json.loads
and a dict read), per body over the whole conformance corpus, with timeit.

    python bench.py CLIENT_DIR CASES_JSON

prints one line: ``python: parser N ns/body, baseline M ns/body, ratio R.RRx``.
"""

import glob
import importlib
import json
import os
import sys
import timeit
from typing import Any, Callable, List, Optional, Tuple

Case = Tuple[int, Optional[str], bytes]


def baseline(status: int, retry_after: Optional[str], body: bytes) -> Any:
    """What a user would write by hand: parse, read the members, give up on
    anything that is not a JSON object."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    return (
        document.get("code"),
        document.get("title"),
        document.get("detail"),
        document.get("trace_id"),
        document.get("errors"),
        document.get("metadata"),
    )


def per_body(function: Callable[[int, Optional[str], bytes], Any], cases: List[Case]) -> float:
    """Nanoseconds per body, the best of several timeit runs."""

    def whole_corpus() -> None:
        for status, retry_after, body in cases:
            function(status, retry_after, body)

    timer = timeit.Timer(whole_corpus)
    loops, _ = timer.autorange()
    best = min(timer.repeat(repeat=7, number=loops))
    return best / loops / len(cases) * 1e9


def main() -> None:
    client_dir, cases_path = sys.argv[1], sys.argv[2]
    (package_init,) = glob.glob(os.path.join(client_dir, "*", "__init__.py"))
    sys.path.insert(0, client_dir)
    client = importlib.import_module(os.path.basename(os.path.dirname(package_init)))
    with open(cases_path, encoding="utf-8") as file:
        corpus = json.load(file)
    cases: List[Case] = []
    for case in corpus["cases"]:
        with open(os.path.join(os.path.dirname(cases_path), case["body"]), "rb") as file:
            cases.append((case["status"], case["retry_after"], file.read()))
    parser = per_body(client.parse_error_response, cases)
    plain = per_body(baseline, cases)
    print(f"python: parser {parser:.0f} ns/body, baseline {plain:.0f} ns/body, ratio {parser / plain:.2f}x")


if __name__ == "__main__":
    main()
