"""Validates JSON and TOML documents against a JSON Schema (2020-12) with
jsonschema, after checking the schema itself against its metaschema.

usage: validate.py SCHEMA DOCUMENT...

Prints one JSON line per document: its path and the errors found (each as
`location: message`), or why it could not be parsed.
"""

import json
import sys
import tomllib

from jsonschema import Draft202012Validator


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        schema = json.load(file)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for path in sys.argv[2:]:
        try:
            if path.endswith(".toml"):
                with open(path, "rb") as file:
                    document = tomllib.load(file)
            else:
                with open(path, encoding="utf-8") as file:
                    document = json.load(file)
        except (ValueError, OSError) as error:
            print(json.dumps({"path": path, "unparsable": str(error)}))
            continue
        errors = sorted(
            "/".join(map(str, error.absolute_path)) + ": " + error.message
            for error in validator.iter_errors(document)
        )
        print(json.dumps({"path": path, "errors": errors}))


if __name__ == "__main__":
    main()
