"""Prints every code of the generated package as one JSON object, in the
enum's order, for the Rust test to compare with the catalog byte for byte."""

import json
import sys
from typing import Dict, List

from client_under_test import load


def main() -> None:
    client = load()
    codes: List[Dict[str, object]] = []
    for code in client.ErrorCode:
        codes.append(
            {
                "code": code.value,
                "name": code.name,
                "status": code.status,
                "title": code.title,
                "message": code.message,
                "when": code.when,
                "surface": code.surface.value,
                "surface_title": code.surface.title,
                "surface_description": code.surface.description,
                "retryable": code.retryable,
                "deprecated": code.deprecated,
                "doc_url": code.doc_url,
                "lookup": client.lookup_error_code(code.value) is code,
            }
        )
    # ASCII only, so no console encoding can change a byte of it.
    json.dump(codes, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
