"""Mask secret values in configuration text while keeping the keywords and type markers rules read.

``enable secret 9 $9$abc`` becomes ``enable secret 9 $9$<redacted>``; Huawei ``%^%#...%^%#`` wrappers,
Junos ``"$9$..."`` quotes and crypt prefixes survive, so "type 7 vs type 9" stays visible.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_value", "redact_line", "redact_text"]

MASK = "<redacted>"

_I = re.IGNORECASE
_TYPE = (
    r"(?:(?:[0-9]|10|sha512|sha256|pbkdf2|encrypted|clear|cipher|simple|hash|irreversible-cipher|md5|plain)"
    r"\s+)?"
)
_VALUE = r'(?P<v>"[^"]*"|\S+)'

# Each pattern has a group ``v`` holding the value to mask. Order matters only for readability:
# every pattern is applied, and masked values are never masked twice.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\benable\s+(?:secret|password)(?:\s+level\s+\d+)?\s+" + _TYPE + _VALUE, _I),
    re.compile(r"\b(?:secret|password|passwd|pwd)\s+" + _TYPE + r'(?P<v>"[^"]*"|(?!\d\s*$)\S+)', _I),
    re.compile(r"\b(?:irreversible-cipher|cipher|hash|simple)\s+(?P<v>\S+)", _I),
    re.compile(r"^\s*key\s+[0-9]\s+(?P<v>\S+)", _I),
    re.compile(r"\b(?:tacacs|radius)(?:-server)?\b.*?\bkey\s+" + _TYPE + _VALUE, _I),
    re.compile(
        r"\b(?:shared-key|server-key|key-string|domain-password|area-password)\s+(?:password\s+)?" + _TYPE + _VALUE,
        _I,
    ),
    re.compile(r"\bsnmp-server\s+community\s+(?:encrypted\s+)?(?P<v>\S+)", _I),
    re.compile(r"\bsnmp-agent\s+community\s+(?:read|write)\s+(?:cipher\s+|simple\s+)?(?P<v>\S+)", _I),
    re.compile(
        r"\bsnmp-server\s+host\s+\S+(?:\s+vrf\s+\S+)?(?:\s+(?:informs?|traps?))?"
        r"(?:\s+version\s+(?:1|2c))?(?:\s+(?:encrypted|clear))?\s+(?!version\b|informs?\b|traps?\b|vrf\b)(?P<v>\S+)",
        _I,
    ),
    re.compile(r"\bsnmp-server\s+(?:host\s+\S+\s+\S+\s+)?community\s+(?P<v>\S+)", _I),
    re.compile(r"\b(?:auth|priv)\s+(?:md5|sha\S*|des\S*|aes\S*(?:\s+\d+)?)\s+(?:encrypted\s+|clear\s+)?(?P<v>\S+)", _I),
    re.compile(r"\b(?:auth|priv)\s+(?!(?:md5|sha|des|3des|aes|none)\b|aes-|sha-)(?P<v>\S+)", _I),
    # SNMPv3 user keys after their algorithm (Comware: 'authentication-mode sha <key> privacy-mode aes128 <key>');
    # a numeric word there is an OSPF/VRRP key id, not a key.
    re.compile(
        r"(?<![\w-])(?:authentication-mode|privacy-mode)\s+(?:md5|sha\S*|des\S*|3des|aes\S*)\s+"
        r"(?:cipher\s+|simple\s+)?(?P<v>(?!\d+(?:\s|$))\S+)",
        _I,
    ),
    re.compile(r"\bserver-private\s+\S+.*?\bkey\s+" + _TYPE + _VALUE, _I),
    re.compile(
        r"\b(?:authentication-key|message-digest-key)\s+\d+\s+(?:md5|sha\S*|hmac-\S+|cmac-\S+)\s+" + _TYPE + _VALUE,
        _I,
    ),
    re.compile(r"\bauthentication-key\s+" + _TYPE + r'(?P<v>"[^"]*")', _I),
    re.compile(r"\bip\s+ospf\s+authentication-key\s+" + _TYPE + _VALUE, _I),
    re.compile(
        r"\b(?:crypto\s+isakmp\s+key|pre-shared-key(?:\s+(?:local|remote|address\s+\S+))?)\s+"
        r"(?:ascii-text\s+|hexadecimal\s+)?" + _TYPE + _VALUE,
        _I,
    ),
    re.compile(
        r"\b(?:encrypted-password|authentication-password|privacy-password|"
        r"plain-text-password-value|secret-key|psk)\s+" + _VALUE,
        _I,
    ),
    re.compile(r"\bcommunity\s+(?P<v>\"[^\"]*\"|\S+)", _I),
    re.compile(r"\bwpa-psk\s+ascii\s+" + _TYPE + _VALUE, _I),
    re.compile(r"\b(?:standby|vrrp)\b.*\bauthentication\s+(?:text\s+|md5\s+key-string\s+)?" + _TYPE + _VALUE, _I),
    re.compile(r"://[^/\s:@]+:(?P<v>[^@\s]+)@", _I),
)
_WRAPPERS = re.compile(r"(%\^%#|%\$%\$|@%@%)(?P<v>.+?)\1")
_KEEP_WORDS = frozenset(
    {
        "ro", "rw", "read", "write", "view", "version", "cipher", "simple", "hash", "encrypted", "0", "5",
        "7", "8", "9", "10", "sha512", "pbkdf2", "level", "read-only", "read-write", "{", "[",
        # Keywords that follow 'password'/'secret' in policy commands, not values:
        # 'no password strength-check', 'strong-password check disable', 'password encryption aes'.
        "strength-check", "check", "encryption", "complexity", "complexity-check", "min-length", "lifetime",
        "history", "aging", "prompt", "policy", "control", "restriction", "expire", "expiry", "change",
        "reuse", "required", "recovery", "secure-mode", "length", "minimum-length", "configuration",
        "authentication-mode", "privacy-mode",
    }
)  # fmt: skip


def mask_value(value: str) -> str:
    """Mask one value, keeping quotes, crypt prefixes (``$1$``, ``$9$``) and Huawei wrappers."""
    if MASK in value:
        return value
    quoted = len(value) >= 2 and value[0] == '"' and value[-1] == '"'
    inner = value[1:-1] if quoted else value
    prefix = ""
    crypt = re.match(r"^(\$[0-9a-z]{1,8}\$)", inner, _I)
    if crypt:
        prefix = crypt.group(1)
    elif inner.startswith(("%^%#", "%$%$", "@%@%")):
        wrapper = inner[:4]
        return ('"' if quoted else "") + wrapper + MASK + wrapper + ('"' if quoted else "")
    masked = prefix + MASK
    return f'"{masked}"' if quoted else masked


# Every pattern above needs one of these words: most lines have none and skip the pattern list.
_TRIGGER = re.compile(
    r"secret|passw|pwd|cipher|hash|simple|key|communit|snmp-server|auth|priv|psk|://|%\^%#|%\$%\$|@%@%", _I
)


def redact_line(line: str) -> str:
    """Mask every secret value in one configuration line."""
    if not line or _TRIGGER.search(line) is None:
        return line
    line = _WRAPPERS.sub(lambda m: m.group(1) + MASK + m.group(1), line)
    for pattern in _PATTERNS:
        if pattern.search(line) is None:
            continue
        pieces: list[str] = []
        last = 0
        for match in pattern.finditer(line):
            start, end = match.span("v")
            value = match.group("v")
            if start < last or value.lower() in _KEEP_WORDS or MASK in value:
                continue
            pieces.append(line[last:start])
            pieces.append(mask_value(value))
            last = end
        if pieces:
            pieces.append(line[last:])
            line = "".join(pieces)
    return line


def redact_text(text: str, platform: str | None = None) -> str:
    """Mask secrets in a whole configuration, line by line.

    For platforms whose captures wrap long lines at the terminal width (ZXROS), a wrapped statement is
    joined back first, so the rest of an encrypted blob on the next lines is masked too.
    """
    lines = text.split("\n")
    if platform is not None:
        lines = _unwrap(lines, platform)
    return "\n".join(redact_line(line) for line in lines)


def _unwrap(lines: list[str], platform: str) -> list[str]:
    from devaudit.parsers.indent import restates
    from devaudit.parsers.syntax import SYNTAXES

    syntax = SYNTAXES.get(platform)
    if syntax is None or not syntax.wrap_width or syntax.continuation is None:
        return lines
    width, continuation = syntax.wrap_width, syntax.continuation
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out and continuation.match(line) and not restates(out[-1], line):
            out[-1] += line
            joining = len(line) == width
            continue
        out.append(line)
        joining = len(line) == width
    return out
