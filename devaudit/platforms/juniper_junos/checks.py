"""Python checks for Junos rules (referenced from YAML as ``junos.<name>``).

The Junos tree is flat: one node per leaf statement with its full ``set`` path. The checks here group
those paths once per call (routing protocols per instance, firewall filter terms, interfaces and units)
into dicts and then decide, so a rule never rescans the configuration per group or interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.engine.roles import roles_for
from devaudit.parsers.flat import split_words
from devaudit.tree import ConfigTree, Node

__all__ = ["CHECKS", "protocol_leaves", "protocol_rest"]

_EXTERNAL_AAA = frozenset({"tacplus", "radius", "ldaps"})
_DATE = compile_pattern(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SKIP_IFD = compile_pattern(
    r"^(?:lo\d+|fxp\d+|em\d+|me\d+|vme\d*|re\d+:mgmt-\d+|irb|vlan|st\d+|gr-.*|ip-.*|lt-.*|vt-.*|dsc|pp\d+|"
    r"jsrv|interface-range|traceoptions|apply-groups.*)$",
    re.IGNORECASE,
)


def _unquote(word: str) -> str:
    if len(word) >= 2 and word[0] == '"' and word[-1] == '"':
        return word[1:-1]
    return word


def _words(node: Node) -> list[str]:
    return split_words(node.text)


def _leaves(tree: ConfigTree, *prefix: str) -> Iterator[tuple[Node, list[str]]]:
    """(node, words after the prefix) for every leaf whose path starts with ``prefix`` (lower-case words)."""
    pool = tree.top_two(f"{prefix[0]} {prefix[1]}") if len(prefix) >= 2 else tree.top(prefix[0])
    size = len(prefix)
    for node in pool:
        words = _words(node)
        if len(words) > size and [w.lower() for w in words[:size]] == list(prefix):
            yield node, words[size:]


def protocol_rest(tree: ConfigTree, protocol: str) -> list[tuple[str, Node, str]]:
    """(instance, node, text after ``protocols <protocol> ``) in the master instance, routing instances and
    logical systems; ``instance`` is the path before ``protocols`` ('' for the master instance). Leaf texts
    are single-spaced by the parser, so callers split only as far as they need."""
    prefix = f"protocols {protocol} "
    size = len(prefix)
    out = [("", node, node.text[size:]) for node in tree.top_two(prefix.strip()) if node.text[:size].lower() == prefix]
    marker = f" {prefix}"
    for first in ("routing-instances", "logical-systems"):
        for node in tree.top(first):
            i = node.text.find(marker)
            if i >= 0:
                out.append((node.text[:i], node, node.text[i + len(marker) :]))
    return out


def protocol_leaves(tree: ConfigTree, protocol: str) -> list[tuple[str, Node, list[str]]]:
    """Like :func:`protocol_rest`, with the rest split into words (quoted strings kept whole)."""
    return [(instance, node, split_words(rest)) for instance, node, rest in protocol_rest(tree, protocol)]


def _limit(args: Mapping[str, Any], key: str, default: int) -> int:
    value = args.get(key, default)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else default


def _result(bad: list[Node], notes: list[str], context: list[Node], good: Iterable[Node]) -> Outcome:
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    return Outcome.passed(list(good))


# --------------------------------------------------------------------------- authentication order


def authentication_order_external_first(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """'system authentication-order' lists tacplus or radius (or ldaps) before, or instead of, password."""
    order = [n for n, rest in _leaves(ctx.tree, "system", "authentication-order")]
    if not order:
        return Outcome.failed((), "no 'system authentication-order': only the local password database is used")
    first_external = next((i for i, n in enumerate(order) if _words(n)[2].lower() in _EXTERNAL_AAA), None)
    if first_external is None:
        return Outcome.failed(order, "authentication-order lists no tacplus or radius method")
    if first_external > 0:
        return Outcome.failed(order[:first_external], "a local method is listed before the external AAA method")
    return Outcome.passed(order)


# --------------------------------------------------------------------------- AAA servers


# --------------------------------------------------------------------------- firewall filters


def _filter_terms(tree: ConfigTree, family: str, wanted: set[str]) -> dict[str, dict[str, list[list[str]]]]:
    """For the filters named in ``wanted`` (lower case): term name -> the words after 'term <name>' of each
    leaf, terms in file order."""
    markers = [f" filter {name} term " for name in wanted]
    filters: dict[str, dict[str, list[list[str]]]] = {}
    for node in tree.top("firewall"):
        lowered_text = node.text.lower()
        if not any(marker in lowered_text for marker in markers):
            continue
        words = _words(node)
        lowered = [w.lower() for w in words]
        if len(words) > 5 and lowered[1] == "family" and lowered[3] == "filter":
            fam, name, rest = lowered[2], words[4], words[5:]
        elif len(words) > 3 and lowered[1] == "filter":
            fam, name, rest = "inet", words[2], words[3:]
        else:
            continue
        if fam != family or len(rest) < 2 or rest[0].lower() != "term" or _unquote(name).lower() not in wanted:
            continue
        terms = filters.setdefault(_unquote(name).lower(), {})
        terms.setdefault(_unquote(rest[1]), []).append([w.lower() for w in rest[2:]])
    return filters


def _reachable(terms: list[list[list[str]]]) -> list[list[list[str]]]:
    """The terms up to and including the first catch-all term (no 'from') that accepts or drops."""
    out: list[list[list[str]]] = []
    for leaves in terms:
        out.append(leaves)
        if not _term_matches(leaves) and _term_actions(leaves) & {"accept", "discard", "reject"}:
            break
    return out


def _term_actions(leaves: list[list[str]]) -> set[str]:
    return {leaf[1] for leaf in leaves if len(leaf) >= 2 and leaf[0] == "then"}


def _term_matches(leaves: list[list[str]]) -> list[list[str]]:
    return [leaf[1:] for leaf in leaves if leaf and leaf[0] == "from"]


def protect_re_filter(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """lo0 unit 0 has an input filter for inet (and inet6 when lo0 has IPv6) with accept terms and a final
    catch-all term that discards (or rejects) and logs."""
    applied: dict[str, list[tuple[Node, str]]] = {"inet": [], "inet6": []}
    families: set[str] = set()
    for node, rest in _leaves(ctx.tree, "interfaces", "lo0"):
        lowered = [w.lower() for w in rest]
        if lowered[:2] != ["unit", "0"] or len(rest) < 4 or lowered[2] != "family":
            continue
        family = lowered[3]
        families.add(family)
        if family in applied and len(rest) >= 7 and lowered[4] == "filter" and lowered[5] in ("input", "input-list"):
            applied[family].append((node, _unquote(rest[6])))
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for family in ("inet", "inet6"):
        if family == "inet6" and "inet6" not in families:
            continue
        refs = applied[family]
        if not refs:
            notes.append(f"no 'interfaces lo0 unit 0 family {family} filter input': the routing engine is unfiltered")
            continue
        filters = _filter_terms(ctx.tree, family, {name.lower() for _, name in refs})
        ordered: list[tuple[str, list[list[str]]]] = []
        for node, name in refs:
            defined = filters.get(name.lower())
            if defined is None:
                if not ctx.tree.elided:
                    context.append(node)
                    notes.append(f"lo0 {family} filter {name} is not defined")
                continue
            ordered.extend(defined.items())
        if not ordered:
            continue
        reachable = _reachable([leaves for _, leaves in ordered])
        if not any("accept" in _term_actions(leaves) for leaves in reachable):
            context.extend(n for n, _ in refs)
            notes.append(f"lo0 {family} filter has no accept term for management/routing protocols")
        last_name, last = ordered[len(reachable) - 1]
        actions = _term_actions(last)
        if _term_matches(last) or not actions & {"discard", "reject"} or not actions & {"syslog", "log"}:
            context.extend(n for n, _ in refs)
            notes.append(
                f"lo0 {family} filter's last term {last_name} is not a catch-all 'then discard' with 'then syslog'"
            )
        else:
            good.extend(n for n, _ in refs)
    return _result([], notes, context, good)


# --------------------------------------------------------------------------- routing protocols

_AUTH_WORDS = frozenset({"authentication-key", "authentication-key-chain", "ipsec-sa"})


def _bgp_groups(tree: ConfigTree) -> tuple[dict[str, list[Node]], dict[tuple[str, str], list[tuple[Node, str]]]]:
    """BGP-level authentication nodes per instance, and each group's leaves as the text after 'group <name> '."""
    global_auth: dict[str, list[Node]] = {}
    groups: dict[tuple[str, str], list[tuple[Node, str]]] = {}
    for instance, node, rest in protocol_rest(tree, "bgp"):
        head, _, tail = rest.partition(" ")
        head = head.lower()
        if head in _AUTH_WORDS:
            global_auth.setdefault(instance, []).append(node)
        elif head == "group" and tail:
            name, _, sub = tail.partition(" ")
            groups.setdefault((instance, name), []).append((node, sub))
    return global_auth, groups


def _first(text: str) -> tuple[str, str]:
    head, _, tail = text.partition(" ")
    return head.lower(), tail


def bgp_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every BGP neighbor (and dynamic 'allow' range) is authenticated by an authentication-key, key-chain or
    IPsec SA on itself, its group or the bgp level; no key string is shared by external groups of different
    peer AS."""
    global_auth, groups = _bgp_groups(ctx.tree)
    if not groups and not global_auth:
        return Outcome.not_applicable("BGP is not configured")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    key_use: dict[str, list[tuple[Node, str]]] = {}
    for (instance, group), items in groups.items():
        heads = [(node, *_first(sub)) for node, sub in items]
        group_auth = [n for n, head, _ in heads if head in _AUTH_WORDS]
        inherited = group_auth or global_auth.get(instance, [])
        external = any(head == "type" and tail.lower() == "external" for _, head, tail in heads)
        peer_as = next((tail for _, head, tail in heads if head == "peer-as"), group)
        neighbors: dict[str, list[tuple[Node, str, str]]] = {}
        for node, head, tail in heads:
            if head in ("neighbor", "allow"):
                address, _, sub = tail.partition(" ")
                neighbors.setdefault(f"{head} {address}", []).append((node, *_first(sub)))
            elif external and head == "authentication-key":
                key_use.setdefault(tail, []).append((node, peer_as))
        for peer, nleaves in neighbors.items():
            own = [n for n, head, _ in nleaves if head in _AUTH_WORDS]
            n_as = next((tail for _, head, tail in nleaves if head == "peer-as"), peer_as)
            for node, head, tail in nleaves:
                if external and head == "authentication-key":
                    key_use.setdefault(tail, []).append((node, n_as))
            if own or inherited:
                good.extend(own or inherited)
            else:
                context.append(nleaves[0][0])
                notes.append(f"BGP {peer} (group {group}) has no authentication")
    for uses in key_use.values():
        peers = {peer for _, peer in uses}
        if len(peers) > 1:
            bad.extend(node for node, _ in uses[1:])
            notes.append(f"one BGP authentication key is shared by external peers of AS {', '.join(sorted(peers))}")
    if not notes and not good:
        return Outcome.not_applicable("no BGP neighbor is configured")
    return _result(bad, notes, context, good)


def ebgp_filtering(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every external BGP group has an import policy and a prefix limit, and no multihop."""
    _, groups = _bgp_groups(ctx.tree)
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    seen = False
    for (_, group), items in groups.items():
        lowered = [(node, sub.lower()) for node, sub in items]
        type_node = next((n for n, sub in lowered if sub == "type external"), None)
        if type_node is None:
            continue
        seen = True
        imports = [
            n for n, sub in lowered if sub.startswith("import ") or (sub.startswith("neighbor ") and " import " in sub)
        ]
        limits = [n for n, sub in lowered if "prefix-limit maximum " in sub]
        multihop = [n for n, sub in lowered if "multihop" in sub and "multihop" in sub.split()]
        if not imports:
            context.append(type_node)
            notes.append(f"external BGP group {group} has no import policy")
        if not limits:
            context.append(type_node)
            notes.append(f"external BGP group {group} has no prefix-limit maximum")
        if multihop:
            bad.extend(multihop)
            notes.append(f"external BGP group {group} uses multihop")
        good.extend([*imports, *limits])
    if not seen:
        return Outcome.not_applicable("no external BGP group")
    return _result(bad, notes, context, good)


def ospf_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every non-passive OSPF interface uses MD5 or key-chain authentication; OSPFv3 interfaces an IPsec SA."""
    interfaces: dict[tuple[str, str, str, str], list[tuple[Node, list[str]]]] = {}
    for protocol in ("ospf", "ospf3"):
        for instance, node, rest in protocol_rest(ctx.tree, protocol):
            parts = rest.split(None, 4)
            if len(parts) >= 4 and parts[0].lower() == "area" and parts[2].lower() == "interface":
                tail = parts[4].lower().split(None, 2)[:2] if len(parts) > 4 else []
                interfaces.setdefault((instance, protocol, parts[1], parts[3]), []).append((node, tail))
    if not interfaces:
        return Outcome.not_applicable("OSPF is not configured on any interface")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for (_, protocol, area, name), items in interfaces.items():
        options = [t for _, t in items]
        if name.lower().startswith("lo0") or any(t[:1] in (["passive"], ["disable"]) for t in options):
            continue
        if protocol == "ospf":
            auth = [n for n, t in items if t[:1] == ["authentication"] and t[1:2] in (["md5"], ["keychain"])]
            weak = [n for n, t in items if t[:1] == ["authentication"] and t[1:2] == ["simple-password"]]
        else:
            auth = [n for n, t in items if t[:1] == ["ipsec-sa"]]
            weak = []
        if weak:
            bad.extend(weak)
            notes.append(f"{protocol} area {area} interface {name} uses a clear-text simple-password")
        elif auth:
            good.extend(auth)
        else:
            context.append(items[0][0])
            notes.append(f"{protocol} area {area} interface {name} has no authentication")
    if not notes and not good:
        return Outcome.not_applicable("every OSPF interface is passive or a loopback")
    return _result(bad, notes, context, good)


_ISIS_WEAK = frozenset(
    {
        "no-authentication-check",
        "loose-authentication-check",
        "no-hello-authentication",
        "no-psnp-authentication",
        "no-csnp-authentication",
    }
)


def isis_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Each enabled IS-IS level authenticates with a key chain or MD5/SHA key; no check is weakened."""
    by_instance: dict[str, list[tuple[Node, list[str]]]] = {}
    for instance, node, rest in protocol_leaves(ctx.tree, "isis"):
        by_instance.setdefault(instance, []).append((node, [w.lower() for w in rest]))
    if not by_instance:
        return Outcome.not_applicable("IS-IS is not configured")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for items in by_instance.values():
        weak = [n for n, t in items if _ISIS_WEAK & set(t)]
        if weak:
            bad.extend(weak)
            notes.append(
                "IS-IS authentication checks are weakened ("
                + ", ".join(sorted({w for _, t in items for w in t if w in _ISIS_WEAK}))
                + ")"
            )
        for level in ("1", "2"):
            mine = [(n, t[2:]) for n, t in items if t[:2] == ["level", level]]
            if any(t == ["disable"] for _, t in mine):
                continue
            chain = [n for n, t in mine if t[:1] == ["authentication-key-chain"]]
            kinds = {t[1] for _, t in mine if t[:1] == ["authentication-type"] and len(t) > 1}
            keyed = [n for n, t in mine if t[:1] == ["authentication-key"]]
            simple = [n for n, t in mine if t[:2] == ["authentication-type", "simple"]]
            if simple:
                bad.extend(simple)
                notes.append(f"IS-IS level {level} uses clear-text simple authentication")
            elif chain or (keyed and kinds & {"md5", "sha-1", "sha-256"}):
                good.extend(chain or keyed)
            else:
                context.append(items[0][0])
                notes.append(f"IS-IS level {level} has no authentication-key-chain or md5 authentication")
    return _result(bad, notes, context, good)


def other_protocol_authentication(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Where configured: LDP sessions, RSVP interfaces and MSDP peers have authentication keys; BFD sessions
    authenticate without loose-check; VRRP groups use md5 authentication."""
    tree = ctx.tree
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    seen = False
    ldp = protocol_leaves(tree, "ldp")
    if ldp:
        seen = True
        auth = [n for _, n, r in ldp if {"authentication-key", "authentication-key-chain"} & {w.lower() for w in r}]
        if auth:
            good.extend(auth)
        else:
            context.append(ldp[0][1])
            notes.append("LDP sessions have no authentication-key (session or session-group)")
    rsvp: dict[tuple[str, str], list[tuple[Node, list[str]]]] = {}
    for instance, node, rest in protocol_leaves(tree, "rsvp"):
        seen = True
        if len(rest) >= 2 and rest[0].lower() == "interface":
            rsvp.setdefault((instance, rest[1]), []).append((node, [w.lower() for w in rest[2:]]))
    for (_, name), items in rsvp.items():
        if name.lower().startswith("lo0") or any(t[:1] == ["disable"] for _, t in items):
            continue
        auth = [n for n, t in items if t[:1] == ["authentication-key"]]
        if auth:
            good.extend(auth)
        else:
            context.append(items[0][0])
            notes.append(f"RSVP interface {name} has no authentication-key")
    msdp = protocol_leaves(tree, "msdp")
    if msdp:
        seen = True
        global_auth = any(r[0].lower() == "authentication-key" for _, _, r in msdp)
        groups_auth = {
            r[1] for _, _, r in msdp if len(r) > 2 and r[0].lower() == "group" and r[2].lower() == "authentication-key"
        }
        peers: dict[str, list[tuple[Node, list[str]]]] = {}
        for _, node, rest in msdp:
            lowered = [w.lower() for w in rest]
            if "peer" in lowered and lowered.index("peer") + 1 < len(rest):
                i = lowered.index("peer")
                group = rest[1] if lowered[0] == "group" else ""
                peers.setdefault(f"{group} {rest[i + 1]}", []).append((node, lowered[i + 2 :]))
        for key, items in peers.items():
            group = key.split(" ", 1)[0]
            if global_auth or group in groups_auth or any(t[:1] == ["authentication-key"] for _, t in items):
                good.append(items[0][0])
            else:
                context.append(items[0][0])
                notes.append(f"MSDP peer {key.split(' ', 1)[1]} has no authentication-key")
    bfd: dict[str, list[tuple[Node, list[str]]]] = {}
    for node in (
        n for first in ("protocols", "routing-options", "routing-instances", "logical-systems") for n in tree.top(first)
    ):
        if "bfd-liveness-detection" not in node.text:
            continue
        words = [w.lower() for w in _words(node)]
        if "bfd-liveness-detection" not in words:
            continue
        i = words.index("bfd-liveness-detection")
        bfd.setdefault(" ".join(words[:i]), []).append((node, words[i + 1 :]))
    for where, items in bfd.items():
        seen = True
        loose = [n for n, t in items if t[:2] == ["authentication", "loose-check"]]
        auth = [n for n, t in items if t[:1] == ["authentication"] and t[1:2] in (["key-chain"], ["algorithm"])]
        if loose:
            bad.extend(loose)
            notes.append(f"BFD at '{where}' accepts unauthenticated packets (loose-check)")
        if not auth:
            context.append(items[0][0])
            notes.append(f"BFD at '{where}' has no authentication")
        else:
            good.extend(auth)
    vrrp: dict[str, list[tuple[Node, list[str]]]] = {}
    for node in tree.top("interfaces"):
        if "vrrp" not in node.text:
            continue
        words = [w.lower() for w in _words(node)]
        for marker in ("vrrp-group", "vrrp-inet6-group"):
            if marker in words:
                i = words.index(marker)
                if i + 1 < len(words):
                    vrrp.setdefault(" ".join(words[1 : i + 2]), []).append((node, words[i + 2 :]))
    for where, items in vrrp.items():
        seen = True
        if "vrrp-inet6-group" in where:
            continue  # VRRPv3 for IPv6 has no authentication; protect it with filters instead
        simple = [n for n, t in items if t[:2] == ["authentication-type", "simple"]]
        md5 = [n for n, t in items if t[:2] == ["authentication-type", "md5"]]
        keyed = [n for n, t in items if t[:1] == ["authentication-key"]]
        if simple:
            bad.extend(simple)
            notes.append(f"VRRP {where} uses clear-text simple authentication")
        elif not (md5 and keyed):
            context.append(items[0][0])
            notes.append(f"VRRP {where} has no md5 authentication")
        else:
            good.extend(md5)
    if not seen:
        return Outcome.not_applicable("none of LDP, RSVP, MSDP, BFD or VRRP is configured")
    return _result(bad, notes, context, good)


def _start_date(words: list[str]) -> date | None:
    match = _DATE.search(" ".join(words))
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def routing_key_rotation(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Routing-protocol keys come from key chains with successive keys at most ``max_days`` apart; static
    authentication-key statements (never rotated) fail."""
    max_days = _limit(args, "max_days", 180)
    chains: dict[str, dict[str, list[tuple[Node, list[str]]]]] = {}
    for node, rest in _leaves(ctx.tree, "security", "authentication-key-chains"):
        lowered = [w.lower() for w in rest]
        if len(rest) >= 4 and lowered[0] == "key-chain" and lowered[2] == "key":
            chains.setdefault(rest[1], {}).setdefault(rest[3], []).append((node, lowered[4:]))
    static: list[Node] = []
    protocols = {"bgp", "ospf", "ospf3", "isis", "ldp", "rsvp", "msdp"}
    for first in ("protocols", "routing-instances", "logical-systems"):
        for node in ctx.tree.top(first):
            if "authentication-key " not in node.text:
                continue
            words = [w.lower() for w in _words(node)]
            if "authentication-key" in words and "protocols" in words:
                i = words.index("protocols")
                if i + 1 < len(words) and words[i + 1] in protocols:
                    static.append(node)
    if not chains and not static:
        return Outcome.not_applicable("no routing-protocol authentication keys")
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    if static:
        bad.extend(static)
        notes.append(f"{len(static)} static routing-protocol authentication-key(s) that are never rotated")
    for chain, keys in chains.items():
        starts: list[tuple[date, Node]] = []
        for items in keys.values():
            for node, tail in items:
                if tail[:1] == ["start-time"]:
                    when = _start_date(tail[1:])
                    if when is not None:
                        starts.append((when, node))
        starts.sort(key=lambda item: item[0])
        if len(starts) < 2:
            context.extend(n for items in keys.values() for n, _ in items[:1])
            notes.append(f"key-chain {chain} has fewer than two scheduled keys: its key is never rotated")
            continue
        late = [
            later for (earlier, _), (later_date, later) in pairwise(starts) if (later_date - earlier).days > max_days
        ]
        if late:
            bad.extend(late)
            notes.append(f"key-chain {chain} keeps a key longer than {max_days} days")
        else:
            good.extend(n for _, n in starts)
    return _result(bad, notes, context, good)


# --------------------------------------------------------------------------- interfaces

_IN_USE_FAMILIES = frozenset({"ethernet-switching", "bridge", "mpls", "iso", "ccc", "vpls", "tcc", "inet-vpls"})
_ADDRESSING = frozenset({"address", "dhcp", "dhcp-client", "unnumbered-address", "dhcpv6-client", "autoconf"})


@dataclass
class _Ifd:
    name: str
    leaves: list[tuple[Node, list[str]]] = field(default_factory=list)
    units: dict[str, list[tuple[Node, list[str]]]] = field(default_factory=dict)


def _interfaces(tree: ConfigTree, names: Iterable[str] | None = None) -> dict[str, _Ifd]:
    """Interfaces by lower-case name (only ``names``, looked up in the index, when given)."""
    ifds: dict[str, _Ifd] = {}
    pool = (
        tree.top("interfaces") if names is None else [n for name in names for n in tree.top_two(f"interfaces {name}")]
    )
    for node in pool:
        words = node.text.lower().split()
        if len(words) < 3:
            continue
        ifd = ifds.setdefault(words[1], _Ifd(words[1]))
        rest = words[2:]
        ifd.leaves.append((node, rest))
        if rest[0] == "unit" and len(rest) >= 2:
            ifd.units.setdefault(rest[1], []).append((node, rest[2:]))
    return ifds


def _unit_in_use(leaves: list[tuple[Node, list[str]]]) -> bool:
    return any(
        tail[:1] == ["family"]
        and len(tail) >= 2
        and (tail[1] in _IN_USE_FAMILIES or (tail[1] in ("inet", "inet6") and bool(_ADDRESSING & set(tail[2:]))))
        for _, tail in leaves
    )


def interfaces_unused_disabled(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Physical interfaces without an addressed or switched unit (and not LAG members) are disabled; units
    in use carry a description (on the unit or the interface)."""
    ifds = {k: v for k, v in _interfaces(ctx.tree).items() if not _SKIP_IFD.match(k)}
    if not ifds:
        return Outcome.not_applicable("no physical interfaces configured")
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for ifd in ifds.values():
        top = [t for _, t in ifd.leaves]
        disabled = [n for n, t in ifd.leaves if t == ["disable"]]
        if disabled:
            good.extend(disabled)
            continue
        member = any(
            t[:1] in (["gigether-options"], ["ether-options"], ["aggregated-ether-options"]) and "802.3ad" in t
            for t in top
        )
        active = {
            u: items
            for u, items in ifd.units.items()
            if _unit_in_use(items) and not any(t == ["disable"] for _, t in items)
        }
        if not active and not member and not ifd.name.lower().startswith("ae"):
            context.append(ifd.leaves[0][0])
            notes.append(f"interface {ifd.name} is not in use and not disabled")
            continue
        described = any(t[:1] == ["description"] for t in top)
        for unit, items in active.items():
            if described or any(t[:1] == ["description"] for _, t in items):
                good.append(items[0][0])
            else:
                context.append(items[0][0])
                notes.append(f"interface {ifd.name} unit {unit} is in use without a description")
    return _result([], notes, context, good)


def edge_antispoofing(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """External units (listed, in an external security zone, described as external, or inferred from eBGP
    peers and the default route, see devaudit.engine.roles) have 'rpf-check' and an input filter that
    discards spoofed/bogon sources and IP options."""
    listed = {str(name).lower() for name in args.get("interfaces") or []}
    zones = {str(name).lower() for name in args.get("zones") or []}
    pattern = re.compile(str(args.get("description") or r"(?!)"), re.IGNORECASE)
    for _, rest in _leaves(ctx.tree, "security", "zones"):
        lowered = [w.lower() for w in rest]
        if len(rest) >= 4 and lowered[0] == "security-zone" and lowered[1] in zones and lowered[2] == "interfaces":
            listed.add(lowered[3])
    inferred = roles_for(ctx, re.compile(str(args["description"]), re.IGNORECASE) if args.get("description") else None)
    listed.update(item.name.lower() for item in inferred.external())
    candidates = {name.split(".", 1)[0] for name in listed}
    for node in ctx.tree.top("interfaces"):
        text = node.text
        if " description " in text and pattern.search(text.split(" description ", 1)[1]):
            candidates.add(text.split(None, 2)[1].lower())
    ifds = _interfaces(ctx.tree, sorted(candidates))
    external: list[tuple[str, list[tuple[Node, list[str]]]]] = []
    for ifd in ifds.values():
        ifd_desc = " ".join(" ".join(t[1:]) for _, t in ifd.leaves if t[:1] == ["description"])
        for unit, items in ifd.units.items():
            ifl = f"{ifd.name.lower()}.{unit}"
            desc = ifd_desc + " " + " ".join(" ".join(t[1:]) for _, t in items if t[:1] == ["description"])
            if not any(t[:2] == ["family", "inet"] for _, t in items):
                continue
            if ifl in listed or ifd.name.lower() in listed or pattern.search(desc):
                external.append((ifl, items))
    # The inventory's word on a unit (or its physical interface) beats the zone, description and list above.
    declared = {item.name.lower() for item in inferred.items if item.declared and item.role != "external"}
    external = [(ifl, items) for ifl, items in external if ifl not in declared]
    if not external:
        return Outcome.not_applicable(
            "no external interface identified (list them in the variable junos_external_interfaces)"
        )
    wanted = {
        _unquote(t[4])
        for _, items in external
        for _, t in items
        if t[:3] in (["family", "inet", "filter"],) and t[3:4] in (["input"], ["input-list"]) and len(t) > 4
    }
    filters = _filter_terms(ctx.tree, "inet", wanted)
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for ifl, items in external:
        inet = [(n, t[2:]) for n, t in items if t[:2] == ["family", "inet"]]
        rpf = [n for n, t in inet if t[:1] == ["rpf-check"]]
        names = [t[2] for _, t in inet if t[:1] == ["filter"] and t[1:2] in (["input"], ["input-list"]) and len(t) > 2]
        if not rpf:
            context.append(items[0][0])
            notes.append(f"{ifl} has no 'family inet rpf-check'")
        terms = _reachable([leaves for name in names for leaves in filters.get(_unquote(name).lower(), {}).values()])
        drops = [leaves for leaves in terms if _term_actions(leaves) & {"discard", "reject"}]
        spoof = any(
            m[:1] and m[0] in ("source-address", "source-prefix-list", "prefix-list")
            for leaves in drops
            for m in _term_matches(leaves)
        )
        options = any(m[:1] == ["ip-options"] for leaves in drops for m in _term_matches(leaves))
        if not names:
            context.append(items[0][0])
            notes.append(f"{ifl} has no input filter")
        elif not (spoof and options):
            context.extend(n for n, t in inet if t[:1] == ["filter"])
            notes.append(f"{ifl} input filter does not discard bogon/internal sources and IP options")
        if rpf and names and spoof and options:
            good.extend(rpf)
    return _result([], notes, context, good)


CHECKS: Mapping[str, PythonCheck] = {
    "authentication_order_external_first": authentication_order_external_first,
    "protect_re_filter": protect_re_filter,
    "bgp_authentication": bgp_authentication,
    "ebgp_filtering": ebgp_filtering,
    "ospf_authentication": ospf_authentication,
    "isis_authentication": isis_authentication,
    "other_protocol_authentication": other_protocol_authentication,
    "routing_key_rotation": routing_key_rotation,
    "interfaces_unused_disabled": interfaces_unused_disabled,
    "edge_antispoofing": edge_antispoofing,
}
