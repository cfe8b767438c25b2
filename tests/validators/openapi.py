"""Validates OpenAPI 3.1 documents, JSON or YAML, with openapi-spec-validator,
and every response example against its response's schema with
openapi-schema-validator's OAS 3.1 dialect.

usage: openapi.py DOCUMENT...

Prints one JSON line per document: its path, the errors found (each as
`location: message`) and the document as parsed, or why it could not be
parsed.
"""

import json
import sys

import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import OpenAPIV31SpecValidator


def example_errors(document: dict) -> list:
    errors = []
    components = document.get("components", {})
    for name, response in components.get("responses", {}).items():
        for media_type, content in response.get("content", {}).items():
            # The schema's `#/components/...` references resolve against the
            # schema itself, so the components go along with it.
            schema = dict(content["schema"], components=components)
            validator = OAS31Validator(schema)
            for example_name, example in content.get("examples", {}).items():
                for error in validator.iter_errors(example["value"]):
                    location = "/".join(map(str, error.absolute_path))
                    errors.append(
                        f"responses/{name}/{media_type}/examples/{example_name}/{location}: {error.message}"
                    )
    return errors


def main() -> None:
    for path in sys.argv[1:]:
        try:
            with open(path, encoding="utf-8") as file:
                if path.endswith((".yaml", ".yml")):
                    document = yaml.safe_load(file)
                else:
                    document = json.load(file)
        except (ValueError, OSError, yaml.YAMLError) as error:
            print(json.dumps({"path": path, "unparsable": str(error)}))
            continue
        errors = sorted(
            "/".join(map(str, error.path)) + ": " + error.message
            for error in OpenAPIV31SpecValidator(document).iter_errors()
        )
        if not errors:
            errors = example_errors(document)
        print(json.dumps({"path": path, "errors": errors, "document": document}))


if __name__ == "__main__":
    main()
