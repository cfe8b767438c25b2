#!/usr/bin/env python3
"""What each optional feature of the `errors` crate adds to a cold build.

For the default build and each feature set, one `cargo build -p errors` in a
target directory of its own (so every build starts from nothing): the
packages cargo compiles, the seconds it takes, and both against the default
build measured in the same run (the difference, and the ratio of seconds). Prints a Markdown table, the one in
docs/performance.md.

Usage: python3 scripts/feature_cost.py [FEATURES ...]
       (default: http axum tracing axum,tracing utoipa, and tonic and
       locales when the crate has them)
"""

import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def features_of_the_crate():
    with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as manifest:
        text = manifest.read()
    table = text.split("\n[features]\n", 1)[1].split("\n[", 1)[0]
    return set(re.findall(r"^([a-z][a-z0-9_-]*) =", table, re.M))


def cold_build(features, target):
    command = ["cargo", "build", "-p", "errors"]
    if features:
        command += ["--features", features]
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    start = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    packages = set(re.findall(r"^\s*Compiling (\S+) v", done.stderr, re.M))
    return packages, seconds


def main():
    wanted = sys.argv[1:]
    if not wanted:
        known = features_of_the_crate()
        wanted = ["http", "axum", "tracing", "axum,tracing", "utoipa"]
        wanted += [f for f in ["tonic", "locales"] if f in known]
    with tempfile.TemporaryDirectory() as scratch:
        base, base_seconds = cold_build("", os.path.join(scratch, "default"))
        print("| features | crates compiled | extra crates | seconds | extra seconds | x default |")
        print("|---|---:|---:|---:|---:|---:|")
        print(f"| (default) | {len(base)} | | {base_seconds:.1f} | | 1.00x |")
        for features in wanted:
            target = os.path.join(scratch, features.replace(",", "+"))
            packages, seconds = cold_build(features, target)
            extra = sorted(packages - base)
            print(
                f"| `{features}` | {len(packages)} | {len(extra)} | {seconds:.1f} "
                f"| {seconds - base_seconds:+.1f} | {seconds / base_seconds:.2f}x |"
            )
            print(f"<!-- {features}: {' '.join(extra)} -->", file=sys.stderr)


if __name__ == "__main__":
    main()
