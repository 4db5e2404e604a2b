"""Apply a rule's remediation to a parsed config, the way the device would, to prove the fix works.

Offending lines (a FAIL's evidence) are negated by removal; remediation lines are merged with the
platform's own semantics: block lines merge into blocks with the same first two words, negations
(``no``/``undo``; ``delete`` on Junos and SR OS) remove what they negate, other lines are added.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devaudit.engine.bindings import bind_remediation, is_bound
from devaudit.models import Finding
from devaudit.parsers.syntax import SYNTAXES
from devaudit.platforms import PLATFORMS
from devaudit.tree import KIND_BANNER, KIND_OPAQUE, ConfigTree, Node, first_two_words

if TYPE_CHECKING:  # pragma: no cover - a rule read from the cache is not a pydantic model
    from devaudit.engine.rules import Rule

__all__ = [
    "PLACEHOLDER",
    "SITE_VALUES",
    "SiteValue",
    "apply_remediation",
    "device_fix",
    "fill_site_values",
    "placeholder_meaning",
    "proof_lines",
    "render",
    "unproven_reason",
    "with_test_values",
]

PLACEHOLDER = re.compile(r"<[a-z][\w-]*>", re.IGNORECASE)
# A placeholder for a new secret or name (any value will do) rather than for something on the device.
_ANY_VALUE = re.compile(r"password|secret|key|passphrase|random|breakglass|<string>|<new-", re.IGNORECASE)
# Statements that name one interface, routing process or peer: a rule's fix written for an example device.
_EXAMPLE_OBJECT = re.compile(
    r"^\s*(?:interface\s+(?!loopback)\S|router\s+bgp\s+\d|neighbor\s+\d|peer\s+\d|"
    r"set interfaces\s+(?!lo0)\S|set protocols\s+(?:bgp|ospf3?|isis|ldp|rsvp|msdp)\s)",
    re.IGNORECASE,
)
_SITE_REF = re.compile(r"\$\{([A-Za-z_]\w*)(?:\.(address|wildcard|netmask))?\}")


@dataclass(frozen=True)
class SiteValue:
    """A value only the operator knows (a server address, the management network), set as a variable."""

    meaning: str
    test_value: str
    network: bool = False


SITE_VALUES: dict[str, SiteValue] = {
    "ntp_server": SiteValue("address of your first NTP server", "192.0.2.1"),
    "ntp_server_2": SiteValue("address of your second NTP server", "192.0.2.2"),
    "syslog_server": SiteValue("address of your first syslog server", "192.0.2.50"),
    "syslog_server_2": SiteValue("address of your second syslog server", "192.0.2.51"),
    "snmp_manager": SiteValue("address of the SNMP manager that polls the device and receives traps", "192.0.2.60"),
    "tacacs_server": SiteValue("address of your first TACACS+ server", "192.0.2.11"),
    "tacacs_server_2": SiteValue("address of your second TACACS+ server", "192.0.2.12"),
    "backup_url": SiteValue(
        "where configuration backups go, a URL ending in '/' (scp://user@host/path/)", "scp://backup@192.0.2.70/cfg/"
    ),
    "backup_server": SiteValue("address of the server that receives configuration backups", "192.0.2.70"),
    "mgmt_network": SiteValue("the network you manage devices from, as a prefix", "192.0.2.0/24", network=True),
    "domain_name": SiteValue("the DNS domain of your network devices", "net.example"),
}

_FORMS = {
    "address": "the address of the network you manage devices from",
    "wildcard": "the wildcard mask of the network you manage devices from (0.0.0.255 for a /24)",
    "netmask": "the netmask of the network you manage devices from (255.255.255.0 for a /24)",
}

_MEANINGS = {
    "password": "a new strong password",
    "secret": "the shared secret",
    "key": "a new random key",
    "community": "the community name in use",
    "user": "the user name",
    "interface": "the interface name",
    "breakglass": "the name of the local account of last resort",
    "random-string": "a new random string, used as the new community name",
    "string": "the community name",
    "ntp-server-in-use": "each NTP server already configured (one line for each)",
    "loopback-address": "the address of the loopback interface",
    "extra-or-default-account": "each account to remove (an extra one or a vendor default name)",
    "default-account": "the vendor default account to remove",
    "extra-account": "each account to remove beyond the one of last resort",
    "local-user": "each local user to change",
    "tacacs-group": "the AAA server group your logins use",
    "login-server-group": "the AAA server group your login list uses",
    "login-domain": "the AAA domain administrators log in through",
    "admin-domain": "the AAA domain administrators log in through",
    "ssl-profile": "the SSL profile your HTTPS API uses",
    "key-chain": "the key chain your routing protocol uses",
    "authorization-template": "each authorization template in use",
    "ospf-interface": "each OSPF interface",
    "tacplus-server": "each TACACS+ server the device uses",
    "tacplus-server-2": "the second TACACS+ server",
    "ldp-peer": "each LDP peer",
    "insecure-archive-site": "the archive site that uses FTP",
    "vty-acl": "the ACL the vty lines use",
    "nameif": "the name (nameif) of the firewall interface",
    "unused-port": "each unused port",
}


def _placeholder(name: str, form: str | None) -> str:
    base = name.replace("_", "-")
    return f"<{base}-{form}>" if form else f"<{base}>"


def _network_form(value: str, form: str | None, name: str) -> str:
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(f"variable {name} must be a network prefix such as 192.0.2.0/24, not {value!r}") from None
    if form == "address":
        return str(net.network_address)
    if form == "wildcard":
        return str(net.hostmask)
    if form == "netmask":
        return str(net.netmask)
    return str(net)


def fill_site_values(lines: Sequence[str], variables: Mapping[str, Any]) -> list[str]:
    """Put the site's values into remediation lines: ``${ntp_server}`` becomes the variable's value, or the
    placeholder ``<ntp-server>`` when it is unset; ``${mgmt_network.wildcard}`` takes one form of a prefix.

    Raises KeyError for a variable that is not declared, ValueError for a network that is not one.
    """

    def repl(match: re.Match[str]) -> str:
        name, form = match.group(1), match.group(2)
        if name not in variables:
            raise KeyError(name)
        value = variables[name]
        if value is None or value == "":
            return _placeholder(name, form)
        text = str(value)
        site = SITE_VALUES.get(name)
        if form or (site is not None and site.network):
            return _network_form(text, form, name)
        return text

    return [_SITE_REF.sub(repl, line) for line in lines]


def _test_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for name, site in SITE_VALUES.items():
        values[_placeholder(name, None)] = site.test_value
        if site.network:
            for form in _FORMS:
                values[_placeholder(name, form)] = _network_form(site.test_value, form, name)
    return values


_TEST_VALUES = _test_values()


def with_test_values(lines: Sequence[str]) -> list[str]:
    """Remediation lines with every site placeholder (``<ntp-server>``) replaced by a documentation value."""
    return [PLACEHOLDER.sub(lambda m: _TEST_VALUES.get(m.group().lower(), m.group()), line) for line in lines]


def proof_lines(rule: Rule, tree: ConfigTree) -> tuple[str, ...]:
    """The lines a proof applies for ``rule`` on ``tree``: as the device prints them, site values filled in."""
    return bind_remediation(with_test_values(rule.remediation_result or rule.remediation), tree)


_STATIC_REASONS: dict[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], str] = {}


class _RuleFix:
    """What a rule's fix is on one platform, worked out on its first FAIL: whether its proof lines hold a
    device-bound placeholder, and if not why it cannot be proven (the same on every device)."""

    __slots__ = ("bound", "rule", "static", "unchanged")

    def __init__(self, rule: Rule, bound: bool) -> None:
        self.rule = rule  # held so that the id() keying this entry is never reused
        self.bound = bound
        self.static: str | None = None
        # The fix lines (as a finding carries them) that are the same on every device and need no note.
        self.unchanged: tuple[str, ...] | None = None


_RULE_FIXES: dict[tuple[int, str], _RuleFix] = {}


def _rule_fix(rule: Rule, platform: str) -> _RuleFix:
    key = (id(rule), platform)
    found = _RULE_FIXES.get(key)
    if found is None or found.rule is not rule:
        if len(_RULE_FIXES) > 20_000:  # baselines loaded again and again in one process: start afresh
            _RULE_FIXES.clear()
        found = _RULE_FIXES[key] = _RuleFix(rule, is_bound(rule.remediation_result or rule.remediation, platform))
    return found


def unproven_reason(rule: Rule, tree: ConfigTree) -> str:
    """Why applying the rule's fix to a config cannot prove it ('' when it can)."""
    fix = _rule_fix(rule, tree.platform)
    if fix.bound:
        return _unproven_reason(rule, tree)
    if fix.static is None:
        key = (rule.id, tuple(rule.remediation), tuple(rule.remediation_result), tuple(rule.needs))
        if key not in _STATIC_REASONS:  # the same for every device: computed once per rule
            _STATIC_REASONS[key] = _unproven_reason(rule, tree)
        fix.static = _STATIC_REASONS[key]
    return fix.static


def _unproven_reason(rule: Rule, tree: ConfigTree) -> str:
    if rule.needs:
        return f"the verdict reads the output of {', '.join(rule.needs)}, which a configuration change does not replay"
    named = bind_remediation(with_test_values(rule.remediation), tree)
    found = {m.group() for line in named for m in PLACEHOLDER.finditer(line)}
    objects = sorted(p for p in found if not _ANY_VALUE.search(p))
    if objects:
        return f"it names things on this device only you can tell ({', '.join(objects)})"
    examples = [line.strip() for line in named if _EXAMPLE_OBJECT.match(line)]
    if examples:
        return f"it names interfaces or peers of an example ({examples[0]}): use the ones this device has"
    left = sorted({m.group() for line in proof_lines(rule, tree) for m in PLACEHOLDER.finditer(line)})
    if left:
        return f"it needs values only you know ({', '.join(left)})"
    return ""


def device_fix(rule: Rule, finding: Finding, tree: ConfigTree) -> Finding:
    """A FAIL's fix for this device: bound to the objects it uses, with why it cannot be proven if so."""
    fix = _rule_fix(rule, tree.platform)
    if fix.unchanged is finding.remediation:
        return finding
    lines = bind_remediation(finding.remediation, tree) if is_bound(finding.remediation, tree.platform) else None
    note = unproven_reason(rule, tree)
    if lines is None and not note:
        if not fix.bound:  # nothing here depends on the device: the next FAIL of this rule is left as it is
            fix.unchanged = finding.remediation
        return finding
    return dataclasses.replace(finding, remediation=lines or finding.remediation, fix_note=note)


def placeholder_meaning(placeholder: str) -> str:
    """What an operator puts in place of ``<placeholder>``, in words."""
    inner = placeholder.strip("<>").lower()
    name = inner.replace("-", "_")
    if name in SITE_VALUES:
        return f"{SITE_VALUES[name].meaning} (or set the variable {name})"
    for form, meaning in _FORMS.items():
        if inner.endswith("-" + form) and inner[: -len(form) - 1].replace("-", "_") in SITE_VALUES:
            return f"{meaning} (or set the variable {inner[: -len(form) - 1].replace('-', '_')})"
    if inner in _MEANINGS:
        return _MEANINGS[inner]
    for word, meaning in _MEANINGS.items():
        if inner.endswith("-" + word):
            return f"{meaning} ({inner.replace('-', ' ')})"
    return f"your value: {inner.replace('-', ' ')}"

_FLAT_PREFIXES = ("set ", "/configure ", "configure ")


def _remove(tree: ConfigTree, nodes: Iterable[Node]) -> None:
    for node in nodes:
        if node.children:
            continue
        siblings = node.parent.children if node.parent is not None else tree.roots
        if node in siblings:
            siblings.remove(node)


def _negated(text: str, words: tuple[str, ...]) -> str | None:
    low = text.lower()
    for word in words:
        if low.startswith(word + " "):
            return text[len(word) + 1 :].strip()
    return None


def _matches(node_text: str, target: str) -> bool:
    low, want = node_text.lower(), target.lower()
    return low == want or low.startswith(want + " ")


def _parse_lines(lines: Sequence[str]) -> list[tuple[int, str]]:
    out = []
    for line in lines:
        if not line.strip():
            continue
        out.append((len(line) - len(line.lstrip()), line.strip()))
    return out


class _Merger:
    def __init__(self, negations: tuple[str, ...], keep_negation: bool, numbered_rules: bool = False) -> None:
        self.negations = negations
        self.keep_negation = keep_negation
        self.numbered_rules = numbered_rules

    def apply(self, container: list[Node], parent: Node | None, items: list[tuple[int, str]]) -> None:
        i = 0
        while i < len(items):
            indent, text = items[i]
            j = i + 1
            while j < len(items) and items[j][0] > indent:
                j += 1
            children = items[i + 1 : j]
            if children:
                self.block(container, parent, text, children)
            else:
                self.line(container, parent, text)
            i = j

    def block(
        self, container: list[Node], parent: Node | None, text: str, children: list[tuple[int, str]]
    ) -> None:
        key = first_two_words(text)
        targets = [n for n in container if first_two_words(n.text) == key and n.kind == 0]
        exact = [n for n in targets if n.text.lower() == text.lower()]
        if exact or _NAMED_OBJECT.match(text):
            # A named filter (an ACL, a class-map) is its own block; other blocks with the same first two
            # words are the same kind of thing ('line vty 0 15' merges into every vty block).
            targets = exact
        if not targets:
            node = Node(text, 0, parent)
            container.append(node)
            targets = [node]
        for target in targets:
            self.apply(target.children, target, children)

    def line(self, container: list[Node], parent: Node | None, text: str) -> None:
        negated = _negated(text, self.negations)
        if negated is not None:
            container[:] = [n for n in container if not _matches(_SEQUENCE.sub("", n.text), negated)]
            entry = parent is not None and _ACL_ENTRY.match(negated) is not None
            if self.keep_negation and not entry and not any(n.text.lower() == text.lower() for n in container):
                container.append(Node(text, 0, parent))
            return
        if any(n.text.lower() == text.lower() for n in container):
            return
        numbered = _NUMBERED_RULE.match(text) if self.numbered_rules and parent is not None else None
        if numbered is not None:
            # 'rule 5 ...' in a VRP/Comware/ZXROS ACL replaces the rule numbered 5.
            number = numbered.group(1)
            container[:] = [n for n in container if (m := _NUMBERED_RULE.match(n.text)) is None or m.group(1) != number]
        for word in self.negations:
            container[:] = [n for n in container if n.text.lower() != f"{word} {text}".lower()]
        container.append(Node(text, 0, parent))


_NUMBERED_RULE = re.compile(r"^rule\s+(\d+)\s", re.IGNORECASE)
_NAMED_OBJECT = re.compile(
    r"^(?:(?:ip|ipv4|ipv6|mac) access-list|access-list|acl|ipv4-access-list|ipv6-access-list|object-group|"
    r"class-map|policy-map|route-map|ip prefix-list|ipv6 prefix-list)\s",
    re.IGNORECASE,
)
_SEQUENCE = re.compile(r"^\d+\s+")
_ACL_ENTRY = re.compile(r"^(?:\d+\s+)?(?:permit|deny|remark)\b|^rule\s+\d+", re.IGNORECASE)
_NAMED_NUMBERED = re.compile(r"^ip access-list\s+(?:standard|extended)\s+(\d+)$", re.IGNORECASE)
_NUMBERED_ENTRY = re.compile(r"^access-list\s+(\d+)\s+(.*)$", re.IGNORECASE)


def _numbered_as_named(tree: ConfigTree, items: list[tuple[int, str]]) -> None:
    """Numbered IOS ACLs that the fix edits in named mode ('ip access-list extended 111') become that block,
    so entries added, removed and kept are one list, as the device keeps them."""
    for indent, text in items:
        match = _NAMED_NUMBERED.match(text) if indent == 0 else None
        if match is None:
            continue
        number = match.group(1)
        entries = [(n, m.group(2)) for n in tree.roots if (m := _NUMBERED_ENTRY.match(n.text)) and m.group(1) == number]
        if not entries:
            continue
        block = Node(text, entries[0][0].line)
        block.children.extend(Node(body, node.line, block) for node, body in entries)
        position = tree.roots.index(entries[0][0])
        numbered = {id(node) for node, _ in entries}
        tree.roots[:] = [n for n in tree.roots if id(n) not in numbered]
        tree.roots.insert(position, block)


def _apply_flat(tree: ConfigTree, lines: Sequence[str]) -> None:
    own = PLATFORMS[tree.platform].flat_prefix if tree.platform in PLATFORMS else ""
    # The platform's own prefix ('set / ' on SR Linux), and what follows its verb after a negation
    # ('delete / '), before the Junos and SR OS forms.
    tail = own.split(" ", 1)[1] if own.count(" ") > 1 else ""
    prefixes = (*(p for p in (own, tail) if p), *_FLAT_PREFIXES)
    for raw in lines:
        text = " ".join(raw.split())
        if not text:
            continue
        low = text.lower()
        delete = False
        for word in ("delete ", "no "):
            if low.startswith(word):
                text, delete = text[len(word) :], True
                break
        for prefix in prefixes:
            if text.lower().startswith(prefix):
                text = text[len(prefix) :]
                break
        if delete:
            tree.roots[:] = [n for n in tree.roots if not _matches(n.text, text)]
        elif not any(n.text.lower() == text.lower() for n in tree.roots):
            tree.roots.append(Node(text, 0))


def apply_remediation(tree: ConfigTree, offending: Iterable[Node], lines: Sequence[str]) -> str:
    """Negate ``offending`` leaf lines, merge ``lines``, and return the config text to re-audit."""
    _remove(tree, list(offending))
    if tree.flat:
        _apply_flat(tree, lines)
        return render(tree)
    platform = PLATFORMS[tree.platform]
    negations = ("no",) if platform.negation == "no" else (platform.negation, "no")
    merger = _Merger(negations, keep_negation=True, numbered_rules=platform.numbered_rules)
    items = _parse_lines(lines)
    if tree.platform == "cisco_ios":
        _numbered_as_named(tree, items)
    merger.apply(tree.roots, None, items)
    return render(tree)


def _banner_close(tree: ConfigTree, node: Node) -> str | None:
    syntax = SYNTAXES.get(tree.platform)
    style = syntax.banner_style if syntax is not None else "delimited"
    if style == "single":
        return None
    if style == "eof":
        return "EOF"
    return node.text.split()[-1] if node.text.split() else None


def render(tree: ConfigTree) -> str:
    """Write a tree back as config text its own parser reads (flat trees with their set/configure prefix)."""
    if tree.flat:
        prefix = PLATFORMS[tree.platform].flat_prefix if tree.platform in PLATFORMS else ""
        return "".join(f"{prefix}{node.text}\n" for node in tree.roots)
    out: list[str] = []

    def emit(node: Node, depth: int) -> None:
        pad = " " * depth
        if node.kind == KIND_BANNER:
            close = _banner_close(tree, node)
            if close is None:
                out.append(pad + node.text + (" " + node.body[0] if node.body else ""))
                return
            out.append(pad + node.text)
            out.extend(node.body)
            out.append(close)
            return
        out.append(pad + node.text)
        if node.kind == KIND_OPAQUE:
            out.extend(pad + " " + line for line in node.body)
            out.append(
                pad + " " + ("public-key-code end" if "public-key-code" in node.text.lower() else "quit")
            )
            return
        for child in node.children:
            emit(child, depth + 1)

    for root in tree.roots:
        emit(root, 0)
    return "\n".join(out) + "\n"
