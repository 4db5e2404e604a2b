"""Python checks for Huawei VRP rules (referenced from YAML as ``huawei.<name>``).

They cover what the rule language cannot say: the admin AAA domain chain (domain, scheme, server template,
each with a default); OSPF membership through ``network`` statements; VRRP authentication per interface and
group; and key sizes decoded from DER. ``default_state`` serves the Comware checks too. Each check indexes the lines it
needs once per call; none rescans the configuration per block.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Any

from devaudit.engine.outcome import CheckContext, Outcome, PythonCheck
from devaudit.engine.regex_cache import compile_pattern
from devaudit.tree import Node

__all__ = [
    "CHECKS",
    "default_state",
    "release_label",
    "rsa_modulus_bits",
]

_I = re.IGNORECASE
_FIRST_WORD = compile_pattern(r"^\^([A-Za-z0-9][\w-]*)(?:\\s|\\b| |$)")


# --------------------------------------------------------------------------- shared helpers


def release_label(ctx: CheckContext) -> str:
    """The release as the facts know it, for notes."""
    return ctx.facts.os_version or "unknown"


def default_state(ctx: CheckContext, name: str) -> tuple[bool | str | None, str]:
    """The platform default ``name`` for this release: (value, note); value None when unknown.

    A release without an entry, or one recorded as ``varies``/``unknown`` (product lines share release
    numbers), leaves the default unknown.
    """
    if not name:
        return None, ""
    release = release_label(ctx)
    if name not in ctx.defaults:
        return None, f"the default of release {release} is not recorded"
    value = ctx.defaults[name]
    if isinstance(value, bool):
        return value, f"release {release}"
    if isinstance(value, str) and value.lower() in ("varies", "unknown"):
        return None, f"the default of release {release} differs between product lines"
    return str(value).lower(), f"release {release}"


# --------------------------------------------------------------------------- AAA


_AAA_SCHEME = compile_pattern(r"^authentication-scheme\s+(\S+)", _I)
_AAA_MODE = compile_pattern(r"^authentication-mode\s+(.+?)\s*$", _I)
_DOMAIN = compile_pattern(r"^domain\s+(\S+)\s*$", _I)
_DOMAIN_ADMIN = compile_pattern(r"^domain\s+(\S+)\s+admin\s*$", _I)
_DOMAIN_SERVER = compile_pattern(r"^(hwtacacs|radius)-server\s+(\S+)\s*$", _I)
_TEMPLATE = compile_pattern(r"^(hwtacacs|radius)-server\s+(?:template|group)\s+(\S+)", _I)


def vrp_admin_aaa(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """The admin domain authenticates with HWTACACS/RADIUS first and falls back to local."""
    tree = ctx.tree
    aaa_blocks = tree.top("aaa")
    schemes: dict[str, tuple[Node, Node | None]] = {}
    domains: dict[str, Node] = {}
    admin_name = "default_admin"
    for block in aaa_blocks:
        for child in block.children:
            if (m := _AAA_SCHEME.match(child.text)) is not None:
                mode = next((c for c in child.children if _AAA_MODE.match(c.text)), None)
                schemes[m.group(1).lower()] = (child, mode)
            elif (m := _DOMAIN.match(child.text)) is not None:
                domains[m.group(1).lower()] = child
            elif (m := _DOMAIN_ADMIN.match(child.text)) is not None:
                admin_name = m.group(1).lower()
    for node in tree.top("domain"):
        if (m := _DOMAIN_ADMIN.match(node.text)) is not None:
            admin_name = m.group(1).lower()
    templates = {
        (m.group(1).lower(), m.group(2).lower())
        for word in ("hwtacacs-server", "radius-server")
        for n in tree.top(word)
        if (m := _TEMPLATE.match(n.text))
    }

    def server_backed(domain: Node) -> bool:
        scheme_name = next((m.group(1).lower() for c in domain.children if (m := _AAA_SCHEME.match(c.text))), "default")
        mode = schemes.get(scheme_name, (domain, None))[1]
        return mode is not None and any(w in ("hwtacacs", "radius") for w in mode.text.lower().split()[1:])

    domain = domains.get(admin_name)
    if domain is None:
        others = [d for d in domains.values() if server_backed(d)]
        if others:
            return Outcome.not_applicable(
                f"the admin domain '{admin_name}' is not in the configuration while "
                f"{', '.join(d.text for d in others)} uses a server scheme: the admin-domain binding cannot "
                "be determined from the text"
            )
    scheme_name = "default"
    scheme_line: Node | None = None
    server_lines: list[Node] = []
    if domain is not None:
        for child in domain.children:
            if (m := _AAA_SCHEME.match(child.text)) is not None:
                scheme_name, scheme_line = m.group(1).lower(), child
            elif _DOMAIN_SERVER.match(child.text):
                server_lines.append(child)
    scheme, mode = schemes.get(scheme_name, (None, None))
    methods = mode.text.lower().split()[1:] if mode is not None else ["local"]
    where = [n for n in (domain, scheme_line, scheme, mode) if n is not None]
    label = f"domain {admin_name} uses authentication-scheme {scheme_name}"
    if not methods or methods[0] not in ("hwtacacs", "radius"):
        order = " ".join(methods) or "local"
        return Outcome(
            False,
            tuple(n for n in (mode,) if n is not None),
            (f"{label} with authentication-mode {order} (a server must come first)",),
            tuple(where),
        )
    if "local" not in methods[1:]:
        return Outcome(
            False, tuple(n for n in (mode,) if n is not None), (f"{label} without a local fallback",), tuple(where)
        )
    wanted = methods[0]
    bound = [n for n in server_lines if (m := _DOMAIN_SERVER.match(n.text)) and m.group(1).lower() == wanted]
    if not bound:
        return Outcome(False, (), (f"{label} ({wanted} local) but binds no {wanted}-server template",), tuple(where))
    missing = [
        n.text for n in bound if (m := _DOMAIN_SERVER.match(n.text)) and (wanted, m.group(2).lower()) not in templates
    ]
    if missing and not tree.elided:
        return Outcome(False, tuple(bound), (f"{label}: {', '.join(missing)} is not defined",), tuple(where))
    return Outcome.passed([*where, *bound])


# --------------------------------------------------------------------------- keys


_HEX = compile_pattern(r"^[0-9A-Fa-f\s]+$")
_RSA_OID = "300D06092A864886F70D0101010500"
_MODULUS_TEXT = compile_pattern(r"\b(?:key\s+)?modulus(?:\s+size)?\s*(?:[:=]\s*)?(\d{3,5})\b", _I)
_BITS_TEXT = compile_pattern(r"\b(\d{3,5})\s*bits?\b", _I)


def _der_length(data: str, pos: int) -> tuple[int, int] | None:
    """(length, position after the length octets) of a DER length at ``pos`` in a hex string."""
    if pos + 2 > len(data):
        return None
    first = int(data[pos : pos + 2], 16)
    pos += 2
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0 or count > 3 or pos + 2 * count > len(data):
        return None
    return int(data[pos : pos + 2 * count], 16), pos + 2 * count


def rsa_modulus_bits(hex_text: str) -> int | None:
    """Modulus size of an RSA public key given as hex (PKCS#1 RSAPublicKey or SubjectPublicKeyInfo)."""
    data = "".join(hex_text.split()).upper()
    if not data or len(data) % 2:
        return None
    pos = 0
    spki = data.find(_RSA_OID)
    if spki >= 0:
        pos = spki + len(_RSA_OID)
        if data[pos : pos + 2] != "03":
            return None
        length = _der_length(data, pos + 2)
        if length is None:
            return None
        pos = length[1] + 2  # skip the unused-bits octet
    if data[pos : pos + 2] != "30":
        return None
    seq = _der_length(data, pos + 2)
    if seq is None or data[seq[1] : seq[1] + 2] != "02":
        return None
    integer = _der_length(data, seq[1] + 2)
    if integer is None:
        return None
    size, start = integer
    if data[start : start + 2] == "00":
        size -= 1
    return size * 8 if size > 0 else None


def _output_key_sizes(text: str) -> list[int]:
    """RSA modulus sizes in a key display, skipping SSH1 server keys (HUAWEI_Server, serverkey)."""
    sizes: list[int] = []
    named = re.split(r"(?im)^\s*key\s+name\s*:", text)
    if len(named) > 1:
        text = "\n".join(part for part in named[1:] if "server" not in part.split("\n", 1)[0].lower())
    for section in re.split(r"(?i)key\s+code\s*:", text)[1:]:
        hex_lines: list[str] = []
        for line in section.splitlines():
            if not line.strip():
                if hex_lines:
                    break
                continue
            if not _HEX.match(line):
                break
            hex_lines.append(line)
        bits = rsa_modulus_bits(" ".join(hex_lines))
        if bits:
            sizes.append(bits)
    if not sizes:
        sizes = [int(m.group(1)) for m in _MODULUS_TEXT.finditer(text)]
    if not sizes:
        sizes = [int(m.group(1)) for m in _BITS_TEXT.finditer(text)]
    return sizes


def rsa_key_sizes(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Host keys (display output) and peer public keys (configuration) are at least the minimum size."""
    minimum = int(args.get("min_bits", 2048))
    command = str(args.get("output", "display rsa local-key-pair public"))
    peer_head = re.compile(str(args.get("peer_block", r"^(?:rsa|dsa|ecc)\s+peer-public-key\s+\S+")), _I)
    bad: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    text = ctx.outputs.get(command)
    if text is not None:
        sizes = _output_key_sizes(text)
        if not sizes:
            return Outcome.not_applicable(f"no RSA key size found in '{command}'")
        small = [s for s in sizes if s < minimum]
        if small:
            notes.append(f"'{command}': local key of {min(small)} bits (< {minimum})")
    first = _FIRST_WORD.match(peer_head.pattern)
    heads = [n for n in (ctx.tree.top(first.group(1).lower()) if first else ctx.tree.roots) if peer_head.search(n.text)]
    for head in heads:
        for node in head.walk():
            if node.body:
                bits = rsa_modulus_bits(" ".join(node.body))
                if bits is None:
                    continue
                if bits < minimum:
                    bad.append(head)
                    notes.append(f"{head.text}: {bits}-bit key (< {minimum})")
                else:
                    good.append(head)
    forbidden_list = args.get("publickey_forbidden")
    if forbidden_list:
        forbidden = {str(v).lower() for v in forbidden_list}
        for node in ctx.tree.top("ssh"):
            match = re.match(r"^ssh\s+server\s+publickey\s+(.+)$", node.text, _I)
            if match:
                weak = sorted(forbidden & {w.lower() for w in match.group(1).split()})
                if weak:
                    bad.append(node)
                    notes.append(f"line {node.line}: public-key algorithms {' '.join(weak)}")
                else:
                    good.append(node)
    if notes:
        return Outcome(False, tuple(bad), tuple(notes))
    if text is None and not good:
        return Outcome.not_applicable(f"needs {command}")
    return Outcome.passed(good)


# --------------------------------------------------------------------------- routing protocols


_OSPF = compile_pattern(r"^ospf\s+(\d+)(?P<rest>.*)$", _I)
_OSPF_VPN = compile_pattern(r"\bvpn-instance\s+(\S+)", _I)
_AREA = compile_pattern(r"^area\s+(\S+)", _I)
_NETWORK = compile_pattern(r"^network\s+(\S+)\s+(\S+)", _I)
_AREA_AUTH = compile_pattern(r"^authentication-mode\s+(\S+)", _I)
_IF_OSPF = compile_pattern(r"^ospf\s+enable\s+(\d+)?\s*area\s+(\S+)", _I)
_IF_OSPF_AUTH = compile_pattern(r"^ospf\s+authentication-mode\s+(\S+)", _I)
_IF_ADDR = compile_pattern(r"^ip\s+address\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)(?!\s+sub)", _I)
_IF_UNNUMBERED = compile_pattern(r"^ip\s+address\s+unnumbered\s+interface\s+(\S+)", _I)
_IF_VPN = compile_pattern(r"^ip\s+binding\s+vpn-instance\s+(\S+)", _I)
_SILENT = compile_pattern(r"^silent-interface\s+(\S+)", _I)
_STRONG_OSPF = {"hmac-sha256", "keychain", "hmac-sha384", "hmac-sha512"}


def _area_key(area: str) -> str:
    if area.isdigit():
        return str(ipaddress.IPv4Address(int(area)))
    return area


@functools.lru_cache(maxsize=65536)
def _ipv4_value(text: str) -> int:
    return int(ipaddress.IPv4Address(text))


def _in_network(address: str, network: str, wildcard: str) -> bool:
    try:
        addr = _ipv4_value(address)
        net = _ipv4_value(network)
        if wildcard.isdigit() and int(wildcard) <= 32 and "." not in wildcard:
            bits = int(wildcard)
            mask = (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF if bits else 0
            return (addr & mask) == (net & mask)
        wild = _ipv4_value(wildcard)
    except ValueError:
        return False
    return (addr | wild) == (net | wild)


def vrp_ospf_auth(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """OSPF interfaces (not loopback/silent) use HMAC-SHA256 or a keychain, at interface or area level."""
    tree = ctx.tree
    processes = [(n, m) for n in tree.top("ospf") if (m := _OSPF.match(n.text))]
    if not processes:
        return Outcome.not_applicable("OSPF is not configured")
    interfaces = list(tree.top("interface"))
    addresses: dict[str, tuple[str, str]] = {}
    vpn_of: dict[str, str] = {}
    # One pass over the interfaces: (node, name, [(process, area)], unnumbered lender).
    info: list[tuple[Node, str, list[tuple[str | None, str]], str | None]] = []
    for iface in interfaces:
        name = iface.text.split(None, 1)[1].lower() if " " in iface.text else ""
        enabled_on: list[tuple[str | None, str]] = []
        lender: str | None = None
        for child in iface.children:
            if (m := _IF_ADDR.match(child.text)) is not None and name not in addresses:
                addresses[name] = (m.group(1), m.group(2))
            elif (m := _IF_VPN.match(child.text)) is not None:
                vpn_of[name] = m.group(1).lower()
            elif (m := _IF_OSPF.match(child.text)) is not None:
                enabled_on.append((m.group(1), _area_key(m.group(2))))
            elif lender is None and (m := _IF_UNNUMBERED.match(child.text)) is not None:
                lender = m.group(1).lower()
        info.append((iface, name, enabled_on, lender))
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    for proc, match in processes:
        pid = match.group(1)
        vpn_match = _OSPF_VPN.search(match.group("rest"))
        vpn = vpn_match.group(1).lower() if vpn_match else ""
        silent = {m.group(1).lower() for c in proc.children if (m := _SILENT.match(c.text))}
        for area, area_match in ((c, m) for c in proc.children if (m := _AREA.match(c.text))):
            area_id = _area_key(area_match.group(1))
            auth = [(c, m) for c in area.children if (m := _AREA_AUTH.match(c.text))]
            auth_line = auth[0][0] if auth else None
            area_mode = auth[0][1].group(1).lower() if auth else ""
            networks = [m for c in area.children if (m := _NETWORK.match(c.text))]
            members: list[Node] = []
            for iface, name, enabled_on, lender in info:
                if name.startswith(("loopback", "null")) or "all" in silent or name in silent:
                    continue
                enabled = [1 for process, area_key in enabled_on if process in (None, pid) and area_key == area_id]
                covered = False
                if not enabled and networks and vpn_of.get(name, "") == vpn:
                    addr = addresses.get(name)
                    if addr is None and lender is not None:
                        addr = addresses.get(lender)
                    covered = addr is not None and any(_in_network(addr[0], n.group(1), n.group(2)) for n in networks)
                if enabled or covered:
                    members.append(iface)
            if not members:
                if networks and area_mode not in _STRONG_OSPF:
                    bad.extend([auth_line] if auth_line else [])
                    context.append(area)
                    notes.append(
                        f"ospf {pid} area {area_id}: no HMAC-SHA256/keychain authentication ({area_mode or 'none'})"
                    )
                continue
            for iface in members:
                own = [(c, m) for c in iface.children if (m := _IF_OSPF_AUTH.match(c.text))]
                line = own[0][0] if own else None
                mode = own[0][1].group(1).lower() if own else area_mode
                if mode in _STRONG_OSPF:
                    good.append(line or iface)
                    continue
                bad.extend([line] if line else [])
                context.append(iface)
                notes.append(f"{iface.text} (ospf {pid} area {area_id}): authentication {mode or 'none'}")
    if notes:
        return Outcome(False, tuple(bad), tuple(notes), tuple(context))
    if not good:
        return Outcome.not_applicable("no OSPF interface found")
    return Outcome.passed(good)


_VRRP_VIP = compile_pattern(r"^vrrp\s+vrid\s+(\d+)\s+virtual-ip\b", _I)
_VRRP_AUTH = compile_pattern(r"^vrrp\s+vrid\s+(\d+)\s+authentication-mode\s+(\S+)", _I)


def vrp_vrrp_auth(ctx: CheckContext, scope: Sequence[Node], args: Mapping[str, Any]) -> Outcome:
    """Every VRRP group authenticates with MD5 or HMAC-SHA256 (not none/simple)."""
    strong = {str(v).lower() for v in args.get("modes", ["md5", "hmac-sha256"])}
    bad: list[Node] = []
    context: list[Node] = []
    notes: list[str] = []
    good: list[Node] = []
    groups = 0
    for iface in ctx.tree.top("interface"):
        vrids = {m.group(1): c for c in iface.children if (m := _VRRP_VIP.match(c.text))}
        if not vrids:
            continue
        modes = {m.group(1): (m.group(2).lower(), c) for c in iface.children if (m := _VRRP_AUTH.match(c.text))}
        for vrid, head in vrids.items():
            groups += 1
            mode, line = modes.get(vrid, ("", head))
            if mode in strong:
                good.append(line)
            else:
                if line is not head:
                    bad.append(line)
                context.append(head)
                notes.append(f"{iface.text} vrid {vrid}: authentication {mode or 'none'}")
    if not groups:
        return Outcome.not_applicable("no VRRP group")
    if notes:
        return Outcome(False, tuple(dict.fromkeys(bad)), tuple(notes), tuple(context))
    return Outcome.passed(good)


CHECKS: Mapping[str, PythonCheck] = {
    "vrp_admin_aaa": vrp_admin_aaa,
    "rsa_key_sizes": rsa_key_sizes,
    "vrp_ospf_auth": vrp_ospf_auth,
    "vrp_vrrp_auth": vrp_vrrp_auth,
}
