#!/usr/bin/env python3
"""Build latency of the `errors` crate, against the same code committed as
plain source.

For the default catalog and a synthetic catalog of 10,000 codes, in one run:
the cold build (dependencies and build dependencies included), a no-op
`cargo build`, the rebuild after editing one message, and the rebuild after
adding one code; each also for an equivalent hand-written crate (the
generated code as a source file, no build script), with the ratio. For the
10,000-code catalog it also times a release build of the crate alone against
the same crate with a `phf` map as its lookup.

Usage: python3 scripts/build_latency.py [--codes 10000]
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = [
    "Cargo.toml", "Cargo.lock", "build.rs", "catalog", "catalog.lock", "codegen/Cargo.toml",
    "codegen/src", "wire/Cargo.toml", "wire/src", "errors", "examples", "tests/server.rs",
    "benches/Cargo.toml", "benches/build.rs", "benches/src", "benches/benches",
]


def copy_workspace(dst):
    for entry in FILES:
        src, out = os.path.join(ROOT, entry), os.path.join(dst, entry)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        if os.path.isdir(src):
            shutil.copytree(src, out)
        else:
            shutil.copy2(src, out)


def cargo(args, cwd, target):
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    env.pop("ERRORS_CATALOG", None)
    start = time.monotonic()
    done = subprocess.run(["cargo", *args], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed in {cwd}:\n{done.stderr}")
    return seconds, done.stderr


def replace_in(path, old, new, count=1):
    text = open(path).read()
    if old not in text:
        sys.exit(f"{path} has no {old!r}")
    open(path, "w").write(text.replace(old, new, count))


def generated_source(target):
    files = glob.glob(os.path.join(target, "debug/build/errors-*/out/error_codes.rs"))
    return max(files, key=os.path.getmtime)


def handwritten_from(generated_ws, target, hand_ws):
    """The workspace with the generated code committed as plain source."""
    shutil.copytree(generated_ws, hand_ws)
    shutil.copy(generated_source(target), os.path.join(hand_ws, "errors/generated.rs"))
    replace_in(os.path.join(hand_ws, "errors/lib.rs"),
               'include!(concat!(env!("OUT_DIR"), "/error_codes.rs"));', 'include!("generated.rs");')
    manifest = os.path.join(hand_ws, "Cargo.toml")
    replace_in(manifest, 'build = "build.rs"', "build = false")
    replace_in(manifest, '[build-dependencies]\ncodegen = { path = "codegen" }\n', "")
    os.remove(os.path.join(hand_ws, "build.rs"))


def first_message(catalog_dir):
    for name in sorted(os.listdir(catalog_dir)):
        path = os.path.join(catalog_dir, name)
        found = re.search(r'^message = "([^"\\]*)"$', open(path).read(), re.M)
        if found:
            return path, found.group(1)
    sys.exit("no message to edit")


def measure(label, codes, work, results):
    gen_ws, gen_target = os.path.join(work, label, "generated"), os.path.join(work, label, "generated-target")
    copy_workspace(gen_ws)
    catalog = os.path.join(gen_ws, "catalog")
    if codes:
        shutil.rmtree(catalog)
        cargo(["run", "-q", "-p", "codegen", "--", "synthetic", "--codes", str(codes), "--out", catalog], ROOT,
              os.path.join(ROOT, "target"))
        os.remove(os.path.join(gen_ws, "catalog.lock"))

    row = {}
    row["cold"] = cargo(["build", "-p", "errors"], gen_ws, gen_target)[0]
    row["no-op"], log = cargo(["build", "-v", "-p", "errors"], gen_ws, gen_target)
    row["no-op fresh"] = "Fresh errors" in log and "build-script-build`" not in log

    hand_ws, hand_target = os.path.join(work, label, "handwritten"), os.path.join(work, label, "handwritten-target")
    handwritten_from(gen_ws, gen_target, hand_ws)
    hand = {"cold": cargo(["build", "-p", "errors"], hand_ws, hand_target)[0]}
    hand["no-op"], log = cargo(["build", "-v", "-p", "errors"], hand_ws, hand_target)
    hand["no-op fresh"] = "Fresh errors" in log

    path, message = first_message(catalog)
    replace_in(path, f'message = "{message}"', f'message = "{message} Edited."')
    row["edit message"] = cargo(["build", "-p", "errors"], gen_ws, gen_target)[0]
    replace_in(os.path.join(hand_ws, "errors/generated.rs"), f'"{message}"', f'"{message} Edited."', count=2)
    replace_in(os.path.join(hand_ws, "errors/generated.rs"), f"/// {message}\n", f"/// {message} Edited.\n")
    hand["edit message"] = cargo(["build", "-p", "errors"], hand_ws, hand_target)[0]

    with open(path, "a") as catalog_file:
        catalog_file.write('\n[codes.latency_probe_added]\nstatus = 409\nmessage = "Added to time a rebuild."\n')
    row["add code"] = cargo(["build", "-p", "errors"], gen_ws, gen_target)[0]
    shutil.copy(generated_source(gen_target), os.path.join(hand_ws, "errors/generated.rs"))
    hand["add code"] = cargo(["build", "-p", "errors"], hand_ws, hand_target)[0]
    results.append((label, row, hand))

    if codes:
        release_compile(hand_ws, hand_target, work, results)


def release_compile(hand_ws, hand_target, work, results):
    """The crate alone in release, ours against the same crate with phf."""
    phf_ws, phf_target = os.path.join(work, "phf"), os.path.join(work, "phf-target")
    shutil.copytree(hand_ws, phf_ws)
    source = os.path.join(phf_ws, "errors/generated.rs")
    text = open(source).read()
    codes = re.search(r"static CODE_STRS: \[&str; \d+\] = \[(.*?)\];", text, re.S).group(1)
    codes = re.findall(r'"((?:[^"\\]|\\.)*)"', codes)
    entries = "\n".join(f'    "{code}" => {i}u16,' for i, code in enumerate(codes))
    text = re.sub(r"#\[allow\(deprecated\)\]\nstatic LOOKUP: crate::phf::Table<ErrorCode> = crate::phf::Table \{.*?\n\};\n",
                  "static PHF_MAP: ::phf::Map<&'static str, u16> = ::phf::phf_map! {\n" + entries + "\n};\n",
                  text, flags=re.S)
    text = text.replace("LOOKUP.find(code.as_bytes())", "PHF_MAP.get(code).and_then(|&i| ErrorCode::ALL.get(usize::from(i)).copied())")
    open(source, "w").write(text)
    replace_in(os.path.join(phf_ws, "Cargo.toml"), "[dependencies]\n",
               '[dependencies]\nphf = { version = "0.14", features = ["macros"] }\n')

    timings = {}
    for label, ws, target in [("ours", hand_ws, hand_target), ("phf map", phf_ws, phf_target)]:
        cargo(["build", "--release", "-p", "errors"], ws, target)
        os.utime(os.path.join(ws, "errors/generated.rs"))
        timings[label] = cargo(["build", "--release", "-p", "errors"], ws, target)[0]
    results.append(("release build of the crate alone, 10,000 codes", timings, None))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="errors-build-latency-") as work:
        results = []
        measure("default catalog", None, work, results)
        measure(f"{args.codes:,} codes", args.codes, work, results)

    print("| catalog | step | generated (s) | hand-written (s) | ratio |")
    print("|---|---|---:|---:|---:|")
    for label, row, hand in results:
        if hand is None:
            print(f"| {label} | ours vs phf map | {row['ours']:.2f} | {row['phf map']:.2f} (phf) | {row['ours'] / row['phf map']:.2f}x |")
            continue
        for step in ["cold", "no-op", "edit message", "add code"]:
            print(f"| {label} | {step} | {row[step]:.2f} | {hand[step]:.2f} | {row[step] / hand[step]:.2f}x |")
        print(f"| {label} | no-op does nothing | {'yes' if row['no-op fresh'] else 'NO'} | {'yes' if hand['no-op fresh'] else 'NO'} | |")


if __name__ == "__main__":
    main()
