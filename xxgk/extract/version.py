"""Which extractor produced a record: the package version plus a digest of this package's own
source files, so any change to the extraction code gives a new version without anyone having to
remember to bump it. Stored with every report row and version (``extractor``); ``xxgk reextract``
re-reads the rows whose extractor differs from the running one.

``READER_VERSION`` is the same for the attachment reader alone (``bounded.read_attachment`` and
every module of this package it imports, found by reading their imports), stored with each
attachment file's text (``attachment_files.reader``): a change to page extraction does not make
every stored PDF be read again, a change to the document reader does.
"""
from __future__ import annotations

import ast
import hashlib
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files


def _sources(root) -> list:
    stack = [root]
    sources = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name != "__pycache__":
                stack.append(entry)
            elif entry.name.endswith(".py"):
                sources.append(entry)
    return sources


def _imported(entry, name: str, is_package: bool, package: str) -> set[str]:
    """The modules of ``package`` (dotted names below it) that one source file imports, absolute
    or relative; ``from a import b`` names both ``a`` and ``a.b`` (b may be a module)."""
    here = name.split(".") if name else []
    parent = here if is_package else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(entry.read_bytes())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = parent[:len(parent) - (node.level - 1)] if node.level > 1 else parent
                base = ".".join([*anchor, *(node.module.split(".") if node.module else [])])
            elif node.module == package or (node.module or "").startswith(package + "."):
                base = node.module[len(package) + 1:]
            else:
                continue
            found.add(base)
            found.update(f"{base}.{a.name}" if base else a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name[len(package) + 1:] for a in node.names
                         if a.name.startswith(package + "."))
    return found


def _closure(root, start: str, package: str = "xxgk.extract") -> list:
    """The source files of ``package`` that its module ``start`` imports, directly or not,
    with the ``__init__`` of each subpackage on the way (Python runs it); not the package's own
    ``__init__``, which only gathers the public names."""
    by_name = {}
    for entry in _sources(root):
        name = str(entry)[len(str(root)) + 1:-3].replace("/", ".")
        is_package = name == "__init__" or name.endswith(".__init__")
        by_name[name.removesuffix("__init__").rstrip(".")] = (entry, is_package)
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in by_name or not name:
            continue
        seen.add(name)
        entry, is_package = by_name[name]
        todo.extend(_imported(entry, name, is_package, package))
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # enclosing packages
    return [by_name[n][0] for n in seen]


def _digest(sources=None) -> str:
    sha = hashlib.sha256()
    root = files("xxgk.extract")
    if sources is None:
        sources = _sources(root)
    for entry in sorted(sources, key=lambda e: str(e)[len(str(root)):]):
        sha.update(str(entry)[len(str(root)):].encode())
        sha.update(entry.read_bytes())
    return sha.hexdigest()[:12]


try:
    _RELEASE = version("xxgk-archive")
except PackageNotFoundError:  # run from a checkout that was never installed
    _RELEASE = "0"

EXTRACTOR_VERSION = f"{_RELEASE}+{_digest()}"
READER_VERSION = f"{_RELEASE}+{_digest(_closure(files('xxgk.extract'), 'bounded'))}"
