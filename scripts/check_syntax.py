#!/usr/bin/env python3
"""Syntax gate for sources this machine cannot compile: Swift (no Swift toolchain),
Kotlin and Gradle .kts (the Android app needs the SDK), and the XML, JSON and YAML files
of the apps. Fails on any parse error.

Swift and Kotlin are parsed with tree-sitter (ERROR or MISSING nodes fail).
tree-sitter-swift 0.7.4 misreads `@_documentation(visibility: private)` standing alone
inside `#if swift(>=5.8)`; such lines are blanked (same length, so positions stay true)
before parsing. Nothing else is altered.

usage: check_syntax.py FILE...
"""
import json
import os
import plistlib
import re
import sys
import xml.etree.ElementTree

import tree_sitter
import tree_sitter_kotlin
import tree_sitter_swift
import yaml

SWIFT = tree_sitter.Language(tree_sitter_swift.language())
KOTLIN = tree_sitter.Language(tree_sitter_kotlin.language())
DOC_ATTRIBUTE = re.compile(r"^\s*@_documentation\(visibility: private\)\s*$")


def blank_known_swift_false_positive(source: str) -> str:
    lines = source.split("\n")
    for i, line in enumerate(lines):
        inside_swift_58 = i > 0 and lines[i - 1].strip() == "#if swift(>=5.8)"
        if inside_swift_58 and DOC_ATTRIBUTE.match(line):
            lines[i] = " " * len(line)
    return "\n".join(lines)


def tree_sitter_problems(path, source, language):
    tree = tree_sitter.Parser(language).parse(source.encode("utf-8"))
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            kind = "missing " + node.type if node.is_missing else "syntax error"
            yield f"{path}:{node.start_point[0] + 1}:{node.start_point[1] + 1}: {kind}"
        stack.extend(node.children)


def problems(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    name = os.path.basename(path)
    extension = os.path.splitext(name)[1]
    try:
        if extension == ".swift":
            yield from tree_sitter_problems(path, blank_known_swift_false_positive(source), SWIFT)
        elif extension in (".kt", ".kts"):
            yield from tree_sitter_problems(path, source, KOTLIN)
        elif extension in (".plist", ".entitlements"):
            plistlib.loads(source.encode("utf-8"))
        elif extension == ".xml":
            xml.etree.ElementTree.fromstring(source)
        elif extension == ".json" or name == "apple-app-site-association":
            json.loads(source)
        elif extension in (".yml", ".yaml"):
            yaml.safe_load(source)
        else:
            yield f"{path}: no syntax check for this kind of file"
    except (ValueError, xml.etree.ElementTree.ParseError, yaml.YAMLError, plistlib.InvalidFileException) as error:
        yield f"{path}: {error}"


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    found = [problem for path in paths for problem in problems(path)]
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"syntax: {len(paths)} files, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
