"""Imports the generated package the Rust test names: its parent directory
in ``ERRORS_PYTHON_PACKAGE_DIR``, its name in ``ERRORS_PYTHON_PACKAGE``."""

import importlib
import os
import sys
from types import ModuleType


def load() -> ModuleType:
    sys.path.insert(0, os.environ["ERRORS_PYTHON_PACKAGE_DIR"])
    return importlib.import_module(os.environ["ERRORS_PYTHON_PACKAGE"])
