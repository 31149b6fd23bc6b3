"""Turn bank file text into a YAML node tree, refusing what a bank never needs.

Bank files are checked node by node (not as plain Python objects) so that every problem can name
the line it is on. The loader here only composes nodes; it never builds objects from tags.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode

# A bank needs 7 levels: file, questions, question, key_points, key point, phrasings, text.
# One spare level lets a wrongly nested value get a "must be text" message instead.
MAX_DEPTH = 8


class Refused(ComposerError):
    """Valid YAML that a bank file may not use; the message says what to do instead."""


class BankLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases and deep nesting and notes duplicate mapping keys.

    Plain PyYAML keeps the last of two equal keys without a word; here each repeat is recorded
    (with both nodes, so both lines can be named) and reported by the checker.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.duplicate_keys: list[tuple[ScalarNode, ScalarNode]] = []  # (repeat, first)

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(yaml.AliasEvent):
            # Aliases are how "billion laughs" files blow up; a bank has no use for them.
            raise Refused(
                None,
                None,
                "aliases (*name) are not allowed in bank files; write the value out in full",
                self.peek_event().start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise Refused(
                    None,
                    None,
                    f"values are nested more than {MAX_DEPTH} levels deep; a bank never needs that",
                    self.peek_event().start_mark,
                )
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
