"""Secret-bearing statements shared by every platform; each platform's own are in its folder (redaction.py).

Each entry names the words before the secret, the secret (``S``) and the type marker that stays visible
(``T``: rules read ``7`` against ``9``, ``cipher`` against ``simple``). Entries with an empty secret are
known statements that carry none although they contain a secret keyword (``aaa authentication``, ``key
chain``): the fail-closed rule leaves their weak keywords alone (never ``key``, ``password``... after their
own words). At a word, the longest matching entry wins, and among equals one bound to a statement or a
block; an entry whose secret pattern has no ``S`` matches to say "no secret here" (``authentication-key 1 {``).
"""

from __future__ import annotations

from collections.abc import Mapping

from devaudit.platforms import Platform, PlatformTable
from devaudit.redaction.forms import SecretForm as F

__all__ = ["COMMON", "KNOWN_WORDS", "PLATFORM_FORMS", "SECRET_KEYWORDS", "SECRET_SUFFIXES", "STRONG_KEYWORDS"]

# Forms every platform shares.
COMMON: tuple[F, ...] = (
    F("password|passwd|pwd [T] [T] S", ref="login and user passwords, every vendor"),
    F("secret [level #] [T] [T] S", ref="crypt secrets, every vendor"),
    F("key-string [password] [T] [T] S", ref="key chains (IOS, NX-OS, XR, EOS, VRP, Comware)"),
    F("encrypted-password|plain-text-password-value|simple-password|chap-secret|local-password S"),
    F("shared-secret|shared-key|server-key|secret-key|md5-key|md5-password|auth-key|auth-password|psk [T] [T] S"),
    F("authentication-password|privacy-password|privacy-key|auth-passphrase|priv-passphrase|passphrase [T] S"),
    F(
        "pre-shared-key|pre-share [local|remote] [address [ipv6] *] [hostname *] [*]"
        " [ascii-text|hexadecimal|ascii|hex] [T] [T] S"
    ),
    F("pre-shared-key address|hostname [ipv6] * [*] key [T] S", ref="IOS keyring, Comware IKE keychain peers"),
)


def _forms(platform: Platform) -> tuple[F, ...] | None:
    return platform.redaction.get() if platform.redaction is not None else None


# Each platform's own forms, from its descriptor (its folder's redaction module).
PLATFORM_FORMS: Mapping[str, tuple[F, ...]] = PlatformTable(_forms)

# Words that make a statement look secret-bearing: when no entry above accounts for them, the fail-closed
# rule masks what follows them.
SECRET_KEYWORDS = frozenset(
    {
        "password", "passwd", "pwd", "secret", "key", "key-string", "community", "psk", "pre-shared-key",
        "pre-share", "shared-key", "shared-secret", "passphrase", "pass-phrase", "authentication-key",
        "auth-key", "md5-key", "message-digest-key", "encrypted-password", "authentication", "securityname",
        "security-name", "cipher", "simple", "auth", "priv", "privacy", "wpa-psk", "usm-community",
        "authentication-mode", "privacy-mode", "text-authentication", "pw", "checkcode",
    }
)  # fmt: skip
# Keywords whose value is a secret wherever they appear: a known statement does not excuse them after its
# own words (``primary authentication A key simple V`` is a known statement with a key).
STRONG_KEYWORDS = frozenset(
    {
        "password", "passwd", "pwd", "secret", "key", "key-string", "community", "psk", "pre-shared-key",
        "shared-key", "shared-secret", "passphrase", "pass-phrase", "authentication-key", "auth-key", "md5-key",
        "encrypted-password", "wpa-psk",
    }
)  # fmt: skip
SECRET_SUFFIXES = (
    "-password", "-passwd", "-secret", "-key", "-psk", "-passphrase", "-token",
    "_password", "_passwd", "_pass", "_secret", "_key", "_psk", "_passphrase", "_token",  # script variables
)  # fmt: skip

# Words that may sit between a secret keyword and its value, or follow the value, without being values:
# the fail-closed rule leaves them readable.
KNOWN_WORDS = frozenset(
    {
        "level", "privilege", "role", "group", "local", "remote", "address", "host", "hostname", "vrf", "port",
        "timeout", "retransmit", "ro", "rw", "rwa", "r", "read", "write", "read-only", "read-write", "view", "acl",
        "ipv4-access-list", "ipv6-access-list", "access-list", "ipv6", "ipv4", "mask", "type", "value", "mode",
        "text", "key-id", "spi", "esp", "ipsec", "version", "v1", "v2c", "v3", "auth-port", "acct-port",
        "udp-port", "source", "interface", "peer", "algorithm", "direction", "bi", "send", "receive", "entry",
        "begin-time", "tolerance", "single-connection", "authorization", "accounting", "login", "enable",
        "default", "none", "list", "ip", "server", "client", "priority", "vrid", "params", "trap", "traps",
        "inform", "informs", "udp-domain", "target-host", "usm-user", "engineid", "localizedkey", "nopassword",
        "{", "}", ";", "##", "secret-data", "access-permissions", "version-v2c", "message-digest", "keychain",
        "key-chain", "access", "at", "comment", "encryption", "authentication-type", "prefer", "minpoll",
        "maxpoll", "iburst", "burst", "keyboard-interactive", "publickey", "public-key", "true", "false",
    }
)  # fmt: skip
