"""Python checks for Nokia SR Linux rules (referenced from YAML as ``nokia_srl.<name>``).

The SR Linux tree is flat: one node per leaf, its text the whole schema path
(``system grpc-server mgmt tls-profile clab-profile``). A rule such as "every enabled gRPC server has a
TLS profile" joins the leaves of one list entry: the rule language's ``each`` walks the blocks of
indented trees only and has no join between flat paths, so this one generic check does it, with the
list, the filter and the requirement given as arguments by the rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import Node

__all__ = ["CHECKS"]

_I = re.IGNORECASE
# The literal first word of an entry pattern ('^(?P<entry>system grpc-server \\S+)'): read through the index.
_FIRST_WORD = compile_pattern(r"^\^?(?:\(\?P<\w+>)?([a-z][\w\-]*) ")


def _patterns(value: object) -> list[re.Pattern[str]]:
    items = value if isinstance(value, list | tuple) else [value] if value else []
    return [re.compile(str(item), _I) for item in items]


def each_entry(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every list entry that has the ``where`` leaves also has each ``need`` leaf.

    ``entry``: a pattern whose group ``entry`` is the path of one list entry and group ``name`` what the
    notes call it (``^(?P<entry>system grpc-server (?P<name>\\S+)) ``); ``where``: patterns of the rest of
    the path, all of which the entry must have to be checked (none: every entry); ``need``: patterns of
    the rest of the path the entry must have; ``none``: the verdict when no entry is checked (pass, fail or
    na, default na); ``what``: the words naming one entry in the notes (``gRPC server``).
    """
    entry_re = re.compile(str(args["entry"]), _I)
    where = _patterns(args.get("where"))
    need = _patterns(args.get("need"))
    what = str(args.get("what", "entry"))
    literal = _FIRST_WORD.match(str(args["entry"]))
    entries: dict[str, list[tuple[Node, str]]] = {}
    labels: dict[str, str] = {}
    for node in ctx.tree.top(literal.group(1).lower()) if literal is not None else scope:
        match = entry_re.match(node.text)
        if match is None:
            continue
        name = match.group("entry")
        rest = node.text[len(name) :].strip()
        entries.setdefault(name, []).append((node, rest))
        labels.setdefault(name, match.groupdict().get("name") or name)
    checked: list[Node] = []
    bad: list[Node] = []
    notes: list[str] = []
    for name, leaves in entries.items():
        shown = [node for node, rest in leaves if any(p.match(rest) for p in where)] if where else []
        if any(not any(p.match(rest) for _, rest in leaves) for p in where):
            continue
        evidence = shown or [leaves[0][0]]
        checked.extend(evidence)
        if all(any(p.match(rest) for _, rest in leaves) for p in need):
            continue
        bad.extend(evidence)
        notes.append(f"{what} {labels[name]}")
    if not checked:
        verdict = str(args.get("none", "na"))
        if verdict == "pass":
            return Outcome.passed()
        if verdict == "fail":
            return Outcome.failed(note=f"no {what} is configured")
        return Outcome.not_applicable(f"no {what} to check")
    if bad:
        # The entries' own lines are context: what is wrong is a leaf they lack, which the fix adds.
        return Outcome(False, (), tuple(notes[:10]), tuple(bad))
    return Outcome.passed(checked)


CHECKS: Mapping[str, PythonCheck] = {"each_entry": each_entry}
