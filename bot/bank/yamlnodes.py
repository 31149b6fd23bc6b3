"""Turn bank file text into a YAML node tree, refusing what a bank never needs.

Bank files are checked node by node (not as plain Python objects) so that every problem can name
the line it is on. The loader here only composes nodes; it never builds objects from tags.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.resolver import Resolver

# A bank needs 7 levels: file, questions, question, key_points, key point, phrasings, text.
# One spare level lets a wrongly nested value get a "must be text" message instead.
MAX_DEPTH = 8
# The richest shipped bank uses about 150 values per question, so this allows over 600 such
# questions per file (split bigger banks) and keeps a hostile file to a second or two of work.
MAX_NODES = 100_000


class Refused(ComposerError):
    """Valid YAML that a bank file may not use; the message says what to do instead."""


class BankComposer(Composer):
    """Composes nodes like PyYAML, but refuses aliases, deep nesting and huge files, and notes
    duplicate mapping keys.

    Plain PyYAML keeps the last of two equal keys without a word; here each repeat is recorded
    (with both nodes, so both lines can be named) and reported by the checker.
    """

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.nodes = 0
        self.duplicate_keys: list[tuple[ScalarNode, ScalarNode]] = []  # (repeat, first)

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(yaml.AliasEvent):
            # Aliases are how "billion laughs" files blow up; a bank has no use for them.
            self._refuse("aliases (*name) are not allowed in bank files; write the value out in full")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._refuse(f"more than {MAX_NODES} values in one file; split the bank into several files")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                self._refuse(f"values are nested more than {MAX_DEPTH} levels deep; a bank never needs that")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_mapping_node(self, anchor: str | None) -> MappingNode:
        node = super().compose_mapping_node(anchor)
        first: dict[str, ScalarNode] = {}
        for key, _ in node.value:
            if isinstance(key, ScalarNode):
                if key.value in first:
                    self.duplicate_keys.append((key, first[key.value]))
                else:
                    first[key.value] = key
        return node

    def _refuse(self, message: str) -> None:
        raise Refused(None, None, message, self.peek_event().start_mark)


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class BankLoader(BankComposer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """Events from libyaml (about five times faster on big files), nodes from BankComposer."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            BankComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class BankLoader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, BankComposer, SafeConstructor, Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            BankComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


def compose(text: str) -> tuple[Node | None, list[tuple[ScalarNode, ScalarNode]]]:
    """The single document's root node (None when empty) and the duplicate keys found.

    Raises yaml.YAMLError for anything the parser or the rules above refuse.
    """
    loader = BankLoader(text)
    try:
        return loader.get_single_node(), loader.duplicate_keys
    finally:
        loader.dispose()


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def reader_error_line(text: str, error: yaml.YAMLError) -> int:
    """The line of a reader error (bad character), which carries a position instead of a mark."""
    position = getattr(error, "position", 0) or 0
    if yaml.__with_libyaml__:  # libyaml counts UTF-8 bytes
        return text.encode("utf-8", "surrogatepass").count(b"\n", 0, position) + 1
    return text.count("\n", 0, position) + 1
