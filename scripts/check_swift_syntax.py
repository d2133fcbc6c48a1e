#!/usr/bin/env python3
"""Syntax gate for Swift sources where no Swift compiler exists: parse each file with
tree-sitter-swift and fail on any ERROR or MISSING node.

tree-sitter-swift 0.7.4 misreads `@_documentation(visibility: private)` standing alone
inside `#if swift(>=5.8)`; such lines are blanked (same length, so positions stay
true) before parsing. Nothing else is altered.

usage: check_swift_syntax.py FILE.swift...
"""
import re
import sys

import tree_sitter
import tree_sitter_swift

SWIFT = tree_sitter.Language(tree_sitter_swift.language())
DOC_ATTRIBUTE = re.compile(r"^\s*@_documentation\(visibility: private\)\s*$")


def blank_known_false_positive(source: str) -> str:
    lines = source.split("\n")
    for i, line in enumerate(lines):
        inside_swift_58 = i > 0 and lines[i - 1].strip() == "#if swift(>=5.8)"
        if inside_swift_58 and DOC_ATTRIBUTE.match(line):
            lines[i] = " " * len(line)
    return "\n".join(lines)


def problems(path: str):
    with open(path, encoding="utf-8") as handle:
        source = blank_known_false_positive(handle.read())
    tree = tree_sitter.Parser(SWIFT).parse(source.encode("utf-8"))
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            kind = "missing " + node.type if node.is_missing else "syntax error"
            yield f"{path}:{node.start_point[0] + 1}:{node.start_point[1] + 1}: {kind}"
        stack.extend(node.children)


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    found = [problem for path in paths for problem in problems(path)]
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"swift syntax: {len(paths)} files, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
