"""How the check_*.py scripts end: each problem on stderr under its subject, exit 1 if
there is any, else one line that says what is fine."""
import sys


def report(subject, found, fine):
    for problem in found:
        print(f"{subject}: {problem}", file=sys.stderr)
    if found:
        sys.exit(1)
    print(f"{subject}: {fine}")
