"""Device-bound placeholders in remediation: the object a device already uses, read from its own config.

A rule's fix says ``ip access-list standard <vty-acl>``; on a device whose vty lines name ACL 111 the
fix edits ACL 111 (in its own syntax, extended or standard) and removes the entries that let any source
in, instead of creating a second ACL. With no ACL bound, the placeholder takes the rule's default name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from devaudit.platforms import Platform, PlatformTable, is_platform
from devaudit.tree import ConfigTree, Node

if TYPE_CHECKING:  # pragma: no cover - the ACL model is read only when a fix edits an ACL
    from devaudit.domain.acl import Acl, AclEntry

__all__ = [
    "BINDINGS",
    "FREE_NUMBERS",
    "RULE_ACL_NUMBER",
    "Binding",
    "FreeNumbers",
    "bind_remediation",
    "bound_acl",
    "ios_acl_kind",
    "ios_vty_acl",
    "is_bound",
    "nxos_vty_acl",
    "vrp_vty_acl",
]

_I = re.IGNORECASE
_NAMED = re.compile(r"^ip access-list\s+(standard|extended)\s+(\S+)\s*$", _I)
_NUMBERED = re.compile(r"^access-list\s+(\S+)\s+(.*)$", _I)
_SEQ = re.compile(r"^\d+\s+")
_ADDR = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_PLACEHOLDER = re.compile(r"^<[a-z][\w-]*>$", _I)


@dataclass(frozen=True)
class Binding:
    """One device-bound placeholder of a platform: where the object is named, and the name when none is."""

    placeholder: str
    meaning: str
    block: re.Pattern[str]
    ref: re.Pattern[str]
    default: str
    rewrite: Callable[[list[str], ConfigTree, str], list[str]] | None = None
    top_ref: re.Pattern[str] | None = None
    words: tuple[str, ...] = ("line",)  # first words of the block lines (the tree's index)


def _roots(tree: ConfigTree, *words: str) -> list[Node]:
    return [node for word in words for node in tree.top(word)]


def _blocks(tree: ConfigTree, binding: Binding) -> list[Node]:
    return [n for n in _roots(tree, *binding.words) if binding.block.match(n.text)]


def bound_acl(tree: ConfigTree, binding: Binding) -> str | None:
    """The name the device's blocks bind most often (first met on a tie), or None."""
    counts: dict[str, int] = {}
    for node in _blocks(tree, binding):
        for child in node.children:
            match = binding.ref.match(child.text)
            if match:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if binding.top_ref is not None:
        for node in tree.top("ssh"):
            match = binding.top_ref.match(node.text)
            if match:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda name: counts[name])


def ios_acl_kind(tree: ConfigTree, name: str) -> str | None:
    """'standard' or 'extended' for an IOS IPv4 ACL that is defined (numbered or named), else None."""
    for node in tree.top("ip"):
        match = _NAMED.match(node.text)
        if match and match.group(2).lower() == name.lower():
            return match.group(1).lower()
    if name.isdigit() and any(_numbered_name(n) == name for n in tree.top("access-list")):
        number = int(name)
        return "standard" if number < 100 or 1300 <= number <= 1999 else "extended"
    return None


def _defined(tree: ConfigTree, name: str) -> bool:
    if tree.platform == "cisco_ios":
        return ios_acl_kind(tree, name) is not None
    header = re.compile(r"^(?:ip|ipv4|ipv6) access-list\s+" + re.escape(name) + r"\s*$", _I)
    numbered = _rule_acl_header(name)
    return any(header.match(n.text) or numbered.match(n.text) for n in _roots(tree, "ip", "ipv4", "ipv6", "acl"))


def _numbered_name(node: Node) -> str | None:
    match = _NUMBERED.match(node.text)
    return match.group(1) if match else None


def _entry_text(node: Node) -> str:
    """An IOS entry as typed inside its named block (no 'access-list N', no sequence number)."""
    match = _NUMBERED.match(node.text)
    return match.group(2) if match else _SEQ.sub("", node.text)


def _ipv4_acls(tree: ConfigTree, name: str) -> list[Acl]:
    """The IPv4 ACLs called ``name`` (the ACL model is imported only when a fix edits an ACL)."""
    from devaudit.domain.acl import acl_table

    return [acl for acl in acl_table(tree).get(name) if acl.family == "ipv4"]


def _admitting_any(tree: ConfigTree, name: str) -> list[AclEntry]:
    """The permit entries of IPv4 ACL ``name`` that admit every source (read by the shared ACL model)."""
    return [e for acl in _ipv4_acls(tree, name) for e in acl.permits_any_source()]


def _is_address(token: str) -> bool:
    return bool(_ADDR.match(token) or _PLACEHOLDER.match(token))


def _to_extended(entry: str) -> str:
    """A standard-ACL entry written for an extended ACL (the source is the client; any destination)."""
    words = entry.split()
    if not words or words[0].lower() not in ("permit", "deny"):
        return entry
    action, rest = words[0], words[1:]
    log = [w for w in rest if w.lower() in ("log", "log-input")]
    rest = [w for w in rest if w.lower() not in ("log", "log-input")]
    if rest and rest[0].lower() == "any":
        source = ["any"]
    elif (rest and rest[0].lower() == "host") or (len(rest) >= 2 and _is_address(rest[1])):
        source = rest[:2]
    elif rest and _is_address(rest[0]):
        source = ["host", rest[0]]
    else:
        return entry
    return " ".join([action, "ip", *source, "any", *log])


def ios_vty_acl(lines: list[str], tree: ConfigTree, name: str) -> list[str]:
    """Edit ACL ``name`` the vty lines use: its syntax (extended or standard), and drop permit-any entries."""
    kind = ios_acl_kind(tree, name) or "standard"
    header = re.compile(r"^ip access-list\s+standard\s+" + re.escape(name) + r"\s*$", _I)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not header.match(line):
            out.append(line)
            index += 1
            continue
        out.append(f"ip access-list {kind} {name}")
        index += 1
        children: list[str] = []
        while index < len(lines) and lines[index].startswith(" "):
            entry = lines[index].strip()
            children.append(" " + (_to_extended(entry) if kind == "extended" else entry))
            index += 1
        if any(c.strip().lower().startswith("permit ") for c in children):
            broad = [f" no {_entry_text(e.node)}" for e in _admitting_any(tree, name)]
            permits = [c for c in children if c.strip().lower().startswith("permit ")]
            others = [c for c in children if c not in permits]
            children = [*permits, *broad, *others]
        out.extend(children)
    return out


def nxos_vty_acl(lines: list[str], tree: ConfigTree, name: str) -> list[str]:
    """Edit NX-OS ACL ``name`` the vty lines use: entries appended without sequence numbers (the switch
    numbers them after its own), entries that admit any source removed, the final deny last."""
    header = re.compile(r"^ip access-list\s+" + re.escape(name) + r"\s*$", _I)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if not header.match(line):
            continue
        children: list[str] = []
        while index < len(lines) and lines[index].startswith(" "):
            children.append(" " + _SEQ.sub("", lines[index].strip()))
            index += 1
        permits = [c for c in children if c.strip().lower().startswith("permit ")]
        if permits:
            broad = [f" no {_entry_text(e.node)}" for e in _admitting_any(tree, name)]
            children = [*permits, *broad, *(c for c in children if c not in permits)]
        out.extend(children)
    return out


_RULE = re.compile(r"^rule\s+(\d+)\s+(permit|deny)\b(.*)$", _I)


def _rule_acl_header(name: str) -> re.Pattern[str]:
    return re.compile(r"^acl\s+(?:number\s+|basic\s+|advanced\s+)?" + re.escape(name) + r"\b", _I)


def vrp_vty_acl(lines: list[str], tree: ConfigTree, name: str) -> list[str]:
    """Edit the VRP/Comware ACL ``name`` the vty lines use: the management permit gets the first free rule number
    (so it matches before anything else), rules that admit any source are undone, and the final deny
    takes a number after every rule (unless the ACL already ends with one)."""
    header = _rule_acl_header(name)
    existing = {
        int(match.group(1))
        for node in tree.top("acl")
        if header.match(node.text)
        for child in node.children
        if (match := _RULE.match(child.text)) is not None
    }
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if not header.match(line.strip()) or line.startswith(" "):
            continue
        children: list[str] = []
        while index < len(lines) and lines[index].startswith(" "):
            children.append(lines[index].strip())
            index += 1
        taken = set(existing)
        permits, denies = [], []
        for entry in children:
            match = _RULE.match(entry)
            if match is None:
                permits.append(entry)
            elif match.group(2).lower() == "permit":
                number = next(n for n in range(1 << 16) if n not in taken)
                taken.add(number)
                permits.append(f"rule {number} permit{match.group(3)}")
            else:
                denies.append(match.group(3))
        broad = sorted(e.sequence for e in _admitting_any(tree, name) if e.sequence is not None)
        entries = [e for acl in _ipv4_acls(tree, name) if acl.family == "ipv4" for e in acl.entries]
        ends_denied = bool(entries) and entries[-1].action == "deny" and entries[-1].any_source
        finals = [] if ends_denied else [f"rule {max(taken) + 5} deny{rest}" for rest in denies[:1]]
        out.extend(" " + c for c in [*permits, *(f"undo rule {n}" for n in broad), *finals])
    return out




@dataclass(frozen=True)
class FreeNumbers:
    """New objects numbered from a range (VRP basic ACLs): each placeholder gets its own number that the
    device does not use yet, handed out in the order given, so two fixes never share or reuse one."""

    placeholders: tuple[str, ...]
    first: int
    last: int
    in_use: re.Pattern[str]

    def resolve(self, lines: list[str], tree: ConfigTree) -> list[str]:
        used = {int(g) for n in tree.top("acl") if (m := self.in_use.match(n.text)) for g in m.groups() if g}
        free = (n for n in range(self.first, self.last + 1) if n not in used)
        numbers = dict(zip(self.placeholders, free, strict=False))
        for placeholder, number in numbers.items():
            lines = [line.replace(placeholder, str(number)) for line in lines]
        return lines


# The number of a VRP/Comware ACL header, for the platforms' FreeNumbers.
RULE_ACL_NUMBER = re.compile(r"^acl\s+(?:number\s+|basic\s+|advanced\s+)?(\d+)\b|^acl\s+name\s+\S+\s+(\d+)", _I)


def _bindings(platform: Platform) -> tuple[Binding, ...] | None:
    return platform.bindings.get() if platform.bindings is not None else None


def _free_numbers(platform: Platform) -> FreeNumbers | None:
    return platform.free_numbers.get() if platform.free_numbers is not None else None


# Each platform's bindings and free-number ranges, from its descriptor (its folder's remediation.py).
BINDINGS: Mapping[str, tuple[Binding, ...]] = PlatformTable(_bindings)
FREE_NUMBERS: Mapping[str, FreeNumbers] = PlatformTable(_free_numbers)


# Each known platform's device-bound placeholders, read from its descriptor once.
_PLACEHOLDERS: dict[str, tuple[str, ...]] = {}
# Whether a fix (its lines as a tuple, as findings carry them) holds a placeholder of a platform: a rule's
# fix is the same on every device, so this is decided once per rule and platform.
_BOUND: dict[tuple[tuple[str, ...], str], bool] = {}
_BOUND_LIMIT = 20_000


_OF_PLATFORM: dict[str, tuple[tuple[Binding, ...], FreeNumbers | None]] = {}


def _of_platform(platform: str) -> tuple[tuple[Binding, ...], FreeNumbers | None]:
    """A platform's bindings and free-number range, read from its descriptor once."""
    found = _OF_PLATFORM.get(platform)
    if found is None:
        found = (BINDINGS.get(platform, ()), FREE_NUMBERS.get(platform))
        if is_platform(platform):  # a name that is no platform yet is looked up again (a plug-in may provide it)
            _OF_PLATFORM[platform] = found
    return found


def _placeholders(platform: str) -> tuple[str, ...]:
    found = _PLACEHOLDERS.get(platform)
    if found is not None:
        return found
    bindings, free = _of_platform(platform)
    found = tuple(b.placeholder for b in bindings) + tuple(free.placeholders if free else ())
    if is_platform(platform):
        _PLACEHOLDERS[platform] = found
    return found


def is_bound(lines: Sequence[str], platform: str) -> bool:
    """Whether ``lines`` hold a placeholder that ``platform``'s config resolves."""
    if not isinstance(lines, tuple):
        return any(p in line for p in _placeholders(platform) for line in lines)
    key = (lines, platform)
    found = _BOUND.get(key)
    if found is None:
        found = any(p in line for p in _placeholders(platform) for line in lines)
        if len(_BOUND) >= _BOUND_LIMIT:
            _BOUND.clear()
        _BOUND[key] = found
    return found


def bind_remediation(lines: Sequence[str], tree: ConfigTree) -> tuple[str, ...]:
    """Resolve the platform's device-bound placeholders in ``lines`` from ``tree`` (others stay as they are)."""
    out = list(lines)
    bindings, free = _of_platform(tree.platform)
    for binding in bindings:
        if not any(binding.placeholder in line for line in out):
            continue
        name = bound_acl(tree, binding)
        if name is not None and not _defined(tree, name):
            name = None  # an undefined ACL: the rule's default one is created and bound instead
        chosen = name or binding.default
        out = [line.replace(binding.placeholder, chosen) for line in out]
        if name is not None and binding.rewrite is not None:
            out = binding.rewrite(out, tree, name)
    if free is not None and any(p in line for p in free.placeholders for line in out):
        out = free.resolve(out, tree)
    return tuple(out)
