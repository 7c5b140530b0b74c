#!/usr/bin/env python3
"""Checks the CI examples in examples/ci/: both files parse as YAML, run the three abide
commands on the rule library, publish the JUnit file as the CI system's test report, and use
only flags the abide binary knows (each subcommand's --help).

usage: check_ci_yaml.py EXAMPLES_CI_DIR ABIDE_BINARY
"""
import subprocess
import sys

import yaml  # Debian: python3-yaml (scripts/setup.sh installs it)

errors = []


def check(cond, message):
    if not cond:
        errors.append(message)


def commands(lines):
    """The abide command lines among shell lines (a `run: |` block is several lines)."""
    out = []
    for block in lines:
        for line in str(block).splitlines():
            line = line.strip()
            if line.startswith("abide ") or " abide " in line:
                out.append(line[line.index("abide "):])
    return out


def expect_commands(where, cmds, github):
    joined = "\n".join(cmds)
    check("abide check --strict" in joined, f"{where}: no `abide check --strict`")
    check("abide fmt --check" in joined, f"{where}: no `abide fmt --check`")
    tests = [c for c in cmds if c.startswith("abide test ")]
    check(len(tests) == 1, f"{where}: expected one `abide test` line, found {len(tests)}")
    if tests:
        check("-o junit=abide-junit.xml" in tests[0], f"{where}: `abide test` writes no JUnit file")
        if github:
            check("-o github" in tests[0], f"{where}: `abide test` has no `-o github`")


def main():
    folder, abide = sys.argv[1], sys.argv[2]

    with open(f"{folder}/github-actions.yml", encoding="utf-8") as f:
        gh = yaml.safe_load(f)
    check(isinstance(gh, dict), "github-actions.yml: not a mapping")
    # YAML 1.1 reads the key `on` as the boolean true.
    check("on" in gh or True in gh, "github-actions.yml: no `on:` triggers")
    jobs = gh.get("jobs", {})
    check(len(jobs) == 1, "github-actions.yml: expected one job")
    steps = next(iter(jobs.values()), {}).get("steps", [])
    check(all(isinstance(s, dict) and ("run" in s or "uses" in s) for s in steps),
          "github-actions.yml: every step needs `run` or `uses`")
    expect_commands("github-actions.yml", commands(s["run"] for s in steps if "run" in s), True)
    published = [s for s in steps if "uses" in s and
                 ("junit" in s["uses"] or s["uses"].startswith("actions/upload-artifact"))]
    check(any("abide-junit.xml" in str(s.get("with", {})) for s in published),
          "github-actions.yml: the JUnit file is neither reported nor uploaded")

    with open(f"{folder}/gitlab-ci.yml", encoding="utf-8") as f:
        gl = yaml.safe_load(f)
    check(isinstance(gl, dict), "gitlab-ci.yml: not a mapping")
    job = gl.get("abide-rules", {})
    check(isinstance(job.get("script"), list), "gitlab-ci.yml: job abide-rules has no script")
    expect_commands("gitlab-ci.yml", commands(job.get("script", [])), False)
    artifacts = job.get("artifacts", {})
    check(artifacts.get("reports", {}).get("junit") == "abide-junit.xml",
          "gitlab-ci.yml: artifacts:reports:junit is not abide-junit.xml")
    check(artifacts.get("when") == "always", "gitlab-ci.yml: the report is kept only on success")

    # The flags the examples use exist.
    for sub, flags in {"check": ["--strict"], "fmt": ["--check"], "test": ["-o"]}.items():
        r = subprocess.run([abide, sub, "--help"], capture_output=True, text=True, timeout=30)
        check(r.returncode == 0, f"`abide {sub} --help` exits {r.returncode}: {r.stderr.strip()}")
        for flag in flags:
            check(flag in r.stdout, f"`abide {sub} --help` does not mention {flag}")

    for e in errors:
        print("error:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
