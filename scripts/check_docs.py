#!/usr/bin/env python3
"""Checks the documentation against the real igauth, so it cannot drift from it.

    python3 scripts/check_docs.py path/to/igauth

- README.md's `igauth demo` sample is what `igauth demo` prints (stderr and stdout, in order).
- docs/cli.md's walkthrough runs: its ```sh blocks, in order, in one bash (set -euo pipefail)
  with igauth on PATH, and each block prints what the block after it shows.
- docs/cli.md's command table names every command, option and argument of `igauth --help`.

In a sample, `…` stands for any text within a line (what changes from run to run); in a JSON
line, for any text within a string. The walkthrough's port 8910 is replaced by a free one.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile

from check_report import report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WALKTHROUGH = re.compile(r"<!-- walkthrough: start -->(.*?)<!-- walkthrough: end -->", re.S)
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.S | re.M)
DEMO_SAMPLE = re.compile(r"<!-- igauth demo output[^>]*-->\s*```\n(.*?)^```$", re.S | re.M)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def wildcard(pattern):
    """A regex for a sample string in which … stands for any text."""
    return re.compile("".join(".*" if part == "…" else re.escape(part)
                              for part in re.split("(…)", pattern)), re.S)


def json_matches(shown, actual):
    if isinstance(shown, str):
        return isinstance(actual, str) and wildcard(shown).fullmatch(actual) is not None
    if isinstance(shown, dict):
        return (isinstance(actual, dict) and shown.keys() == actual.keys()
                and all(json_matches(shown[k], actual[k]) for k in shown))
    if isinstance(shown, list):
        return (isinstance(actual, list) and len(shown) == len(actual)
                and all(json_matches(s, a) for s, a in zip(shown, actual)))
    return shown == actual


def line_matches(shown, actual):
    try:
        return json_matches(json.loads(shown), json.loads(actual))
    except ValueError:
        return wildcard(shown).fullmatch(actual) is not None


def compare(what, shown, actual):
    """Problems of `actual` output against the `shown` sample, line by line."""
    shown_lines, actual_lines = shown.rstrip("\n").split("\n"), actual.rstrip("\n").split("\n")
    problems = [f"{what}, line {n}: shows {s!r}, prints {a!r}"
                for n, (s, a) in enumerate(zip(shown_lines, actual_lines), 1)
                if not line_matches(s, a)]
    if len(shown_lines) != len(actual_lines):
        problems.append(f"{what}: shows {len(shown_lines)} lines, prints {len(actual_lines)}:\n"
                        + actual)
    return problems


def check_demo_sample(igauth):
    sample = DEMO_SAMPLE.search(read("README.md"))
    if not sample:
        return ["README.md: no ```-block after an <!-- igauth demo output --> comment"]
    run = subprocess.run([igauth, "demo"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=120, check=False)
    if run.returncode != 0:
        return [f"igauth demo failed ({run.returncode}):\n{run.stdout}"]
    return compare("README.md's igauth demo sample", sample.group(1), run.stdout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_walkthrough(igauth):
    found = WALKTHROUGH.search(read("docs/cli.md"))
    if not found:
        return ["docs/cli.md: no <!-- walkthrough: start --> ... end block"]
    text = found.group(1).replace("8910", str(free_port()))
    steps = []  # (commands, shown output or None)
    for info, body in FENCE.findall(text):
        if info.strip() == "sh":
            steps.append([body, None])
        elif steps and steps[-1][1] is None:
            steps[-1][1] = body
        else:
            return [f"docs/cli.md: an output block follows no command:\n{body}"]
    with tempfile.TemporaryDirectory(prefix="igauth-walkthrough-") as work:
        script = ["set -euo pipefail", f'export PATH="{os.path.dirname(os.path.abspath(igauth))}:$PATH"']
        for n, (commands, _) in enumerate(steps):
            script.append(f"echo {n} > .step")
            script.append(f"{{\n{commands}}} > .out{n}")
        returncode = run_to_the_end("\n".join(script), work)
        if returncode != 0:
            step = int(read_in(work, ".step"))
            return [f"docs/cli.md: the walkthrough's block {step + 1} failed ({returncode}):\n"
                    f"{steps[step][0]}{read_in(work, '.stderr')}"]
        problems = []
        for n, (_, shown) in enumerate(steps):
            if shown is not None:
                actual = read_in(work, f".out{n}")
                problems += compare(f"docs/cli.md walkthrough block {n + 1}", shown, actual)
        return problems


def read_in(directory, name):
    with open(os.path.join(directory, name), encoding="utf-8") as f:
        return f.read()


def run_to_the_end(script, work):
    """Runs `script` in its own process group and ends whatever it left running (a sandbox
    of a block that failed) however it ended. Output goes to files: a process left behind
    would hold a pipe open."""
    with open(os.path.join(work, ".stderr"), "w", encoding="utf-8") as stderr:
        shell = subprocess.Popen(["bash", "-c", script], cwd=work, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        try:
            return shell.wait(timeout=120)
        except subprocess.TimeoutExpired:
            return "timed out after 120 s"
        finally:
            try:
                os.killpg(shell.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


def help_of(igauth, *command):
    return subprocess.run([igauth, *command, "--help"], capture_output=True, text=True,
                          check=True).stdout


def commands(igauth, *parent):
    listed = re.search(r"^Commands:\n(.*?)^\S", help_of(igauth, *parent), re.S | re.M)
    if not listed:
        return [parent]
    names = [line.split()[0] for line in listed.group(1).splitlines() if line.strip()]
    return [c for name in names if name != "help" for c in commands(igauth, *parent, name)]


def check_cli_table(igauth):
    table = read("docs/cli.md")
    problems = []
    for command in commands(igauth):
        name = "igauth " + " ".join(command)
        row = next((line for line in table.splitlines() if line.startswith(f"| `{name}`")), None)
        if row is None:
            problems.append(f"docs/cli.md: the command table has no row for {name}")
            continue
        text = help_of(igauth, *command)
        options = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", text, re.M)) - {"--help", "--version"}
        arguments = set(re.findall(r"^\s+[<\[]([A-Z_]+)[>\]]", text, re.M))
        missing = sorted(o for o in options | arguments if o not in row)
        if missing:
            problems.append(f"docs/cli.md: the row of {name} leaves out {', '.join(missing)}")
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    igauth = sys.argv[1]
    report("docs", check_demo_sample(igauth) + check_walkthrough(igauth) + check_cli_table(igauth),
           "README's demo sample, docs/cli.md's walkthrough and command table match igauth")


if __name__ == "__main__":
    main()
