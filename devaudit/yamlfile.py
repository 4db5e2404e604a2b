"""Read YAML keeping node positions, so validation errors can name the file and line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from devaudit.errors import ConfigError

__all__ = ["YamlDocument", "load_yaml"]


class YamlDocument:
    """Parsed YAML data plus a way to find the line of any value by its key path."""

    def __init__(self, path: str, data: Any, root: yaml.Node | None) -> None:
        self.path = path
        self.data = data
        self.root = root

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node reachable along ``loc`` (None when unknown)."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        found = value
                        line = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                found = node.value[part]
                line = found.start_mark.line + 1
            if found is None:
                break
            node = found
        return line


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _bad_scalar(loader: Any, root: yaml.Node | None) -> tuple[yaml.ScalarNode | None, str]:
    """The first date/time scalar under ``root`` that cannot be constructed, and why (walked without recursion)."""
    stack: list[yaml.Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _TIMESTAMP_TAG:
                try:
                    loader.construct_yaml_timestamp(node)
                except (ValueError, OverflowError) as exc:
                    return node, f"not a valid date ({exc})"
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return None, ""


def load_yaml(path: Path, error: type[ConfigError] = ConfigError) -> YamlDocument:
    """Load one YAML file; raise ``error`` with file and line for unreadable or malformed YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(str(path), None, f"cannot read: {exc}") from None
    # libyaml's loader (when PyYAML was built with it) composes the same nodes, several times faster.
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed bracket or quote is reported at the end of the file: point at where it opened.
        at_end = exc.problem_mark is not None and exc.problem_mark.line >= text.count("\n")
        if exc.context_mark is not None and (at_end or "stream end" in str(exc.problem or "")):
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else None
        context = (
            f" ({exc.context} at line {exc.context_mark.line + 1})"
            if exc.context and exc.context_mark
            else ""
        )
        raise error(str(path), line, f"malformed YAML: {exc.problem or exc}{context}") from None
    except yaml.YAMLError as exc:
        raise error(str(path), None, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise error(str(path), None, "malformed YAML: nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # a well-formed scalar with an impossible value (2030-02-30)
        node, problem = _bad_scalar(loader, root)
        line = node.start_mark.line + 1 if node is not None else None
        value = f" {node.value!r}" if node is not None else ""
        raise error(str(path), line, f"invalid value{value}: {problem or exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(str(path), data, root)
