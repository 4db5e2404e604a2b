"""SSH host-key checking as OpenSSH does it: known_hosts files (hashed entries, patterns, markers) and TOFU.

Keys are looked up in the user's known_hosts (or ``--known-hosts``) and in devaudit's own file, where
``--trust-on-first-use`` records new keys. A host known under any key type is never trusted on first use:
a different key, of the same type or another, is refused like OpenSSH's "REMOTE HOST IDENTIFICATION HAS
CHANGED". ``@revoked`` keys are refused; ``@cert-authority`` lines are reported (host certificates are not
supported) instead of being ignored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import paramiko

from devaudit.errors import HostKeyError

__all__ = ["DEFAULT_OWN_FILE", "KnownHosts", "fingerprint", "host_entry_name", "key_algorithms"]

DEFAULT_OWN_FILE = Path("~/.local/share/devaudit/known_hosts")

log = logging.getLogger("devaudit.hostkeys")

# OpenSSH's default HostKeyAlgorithms order (plain keys; certificates are not supported), then the legacy
# SHA-1 algorithms that old network gear still needs (offered only where the SSH library still has them).
_ALGORITHM_ORDER = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "rsa-sha2-512",
    "rsa-sha2-256",
    "ssh-rsa",
    "ssh-dss",
)
# A known_hosts key type names the key; these are the signature algorithms that present such a key.
_ALGORITHMS_FOR_TYPE = {"ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")}
_MARKERS = ("@revoked", "@cert-authority")


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH-style SHA256 fingerprint: ``SHA256:base64`` without padding."""
    return _blob_fingerprint(key.asbytes())


def _blob_fingerprint(blob: bytes) -> str:
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def host_entry_name(host: str, port: int) -> str:
    """The known_hosts name for host and port (``[host]:port`` unless the port is 22)."""
    return host if port == 22 else f"[{host}]:{port}"


def key_algorithms(key_types: tuple[str, ...]) -> tuple[str, ...]:
    """Host-key algorithms that present keys of ``key_types``, in OpenSSH's order of preference."""
    wanted = {algorithm for kind in key_types for algorithm in _ALGORITHMS_FOR_TYPE.get(kind, (kind,))}
    return tuple(algorithm for algorithm in _ALGORITHM_ORDER if algorithm in wanted)


@dataclass(frozen=True)
class _Entry:
    """One known_hosts line: marker, host patterns (or a hashed name), key type and key blob."""

    marker: str
    hosts: str
    key_type: str
    blob: bytes
    where: str  # "FILE line N"
    file: str

    @property
    def fingerprint(self) -> str:
        return _blob_fingerprint(self.blob)

    def matches(self, name: str) -> bool:
        if self.hosts.startswith("|1|"):
            salt = self.hosts.split("|")[2]
            return hmac.compare_digest(paramiko.HostKeys.hash_host(name, salt), self.hosts)
        positive = False
        for pattern in self.hosts.split(","):
            negated = pattern.startswith("!")
            if _pattern(pattern.removeprefix("!")).fullmatch(name):
                if negated:
                    return False
                positive = True
        return positive


def _pattern(pattern: str) -> re.Pattern[str]:
    """An OpenSSH host pattern (``*`` and ``?`` wildcards, nothing else special) as a regex."""
    escaped = re.escape(pattern.lower()).replace(r"\*", ".*").replace(r"\?", ".")
    return re.compile(escaped)


def _parse_line(line: str, where: str, file: str) -> _Entry | None:
    fields = line.split()
    if not fields or fields[0].startswith("#"):
        return None
    marker = ""
    if fields[0].startswith("@"):
        marker, fields = fields[0], fields[1:]
        if marker not in _MARKERS:
            log.warning("%s: unknown marker %s: line ignored", where, marker)
            return None
    if len(fields) < 3:
        log.warning("%s: expected hosts, key type and key: line ignored", where)
        return None
    try:
        blob = base64.b64decode(fields[2], validate=True)
    except (binascii.Error, ValueError):
        log.warning("%s: the key is not valid base64: line ignored", where)
        return None
    if fields[0].startswith("|1|"):
        try:
            paramiko.HostKeys.hash_host("check", fields[0])
        except (binascii.Error, ValueError):
            log.warning("%s: the hashed host name is damaged: line ignored", where)
            return None
    return _Entry(marker, fields[0], fields[1], blob, where, file)


def _load(path: Path) -> list[_Entry]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        log.warning("cannot read known_hosts file %s: %s", path, exc.strerror or exc)
        return []
    entries: list[_Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = _parse_line(line, f"{path} line {number}", str(path))
        if entry is not None:
            entries.append(entry)
    return entries


def _describe(entries: list[_Entry]) -> str:
    return ", ".join(f"{e.key_type} {e.fingerprint} ({e.where})" for e in entries)


def _changed(device: str, name: str, host: str, port: int, key: paramiko.PKey, known: list[_Entry]) -> HostKeyError:
    """The error for a known host presenting another key, of the same type or another (OpenSSH's warning)."""
    file = known[0].file
    which = "the known key is" if len(known) == 1 else "the known keys are"
    return HostKeyError(
        device,
        f"host key for {name} has CHANGED: the device presented {key.get_name()} {fingerprint(key)}, "
        f"but {which} {_describe(known)}. Someone may be intercepting the connection "
        "(man in the middle), or the device was re-keyed; devaudit sent no password. Verify the new "
        "fingerprint with the device owner out of band. If the change is expected, remove the old entry "
        f"(ssh-keygen -R '{name}' -f {file}) and add the new key (ssh-keyscan -p {port} {host} >> {file}).",
    )


@dataclass
class KnownHosts:
    """Known host keys from OpenSSH files plus devaudit's own, with optional trust on first use."""

    files: tuple[Path, ...]
    own_file: Path
    trust_on_first_use: bool = False
    _entries: list[_Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._entries = []
        for file in (*self.files, self.own_file):
            path = file.expanduser()
            if path.is_file():
                self._entries.extend(_load(path))

    def _matching(self, name: str) -> list[_Entry]:
        name = name.lower()  # as OpenSSH does before matching or hashing a host name
        return [entry for entry in self._entries if entry.matches(name)]

    def known_key_types(self, host: str, port: int) -> tuple[str, ...]:
        """Key types recorded for host:port (empty when the host is unknown), in file order."""
        name = host_entry_name(host, port)
        with self._lock:
            matching = self._matching(name)
        return tuple(dict.fromkeys(e.key_type for e in matching if not e.marker))

    def verify(self, device: str, host: str, port: int, key: paramiko.PKey) -> str:
        """Accept ``key`` for host:port or raise HostKeyError; returns the fingerprint."""
        name = host_entry_name(host, port)
        blob = key.asbytes()
        print_fp = fingerprint(key)
        with self._lock:
            matching = self._matching(name)
            for entry in matching:
                if entry.marker == "@revoked" and entry.blob == blob:
                    raise HostKeyError(
                        device,
                        f"host key for {name} ({key.get_name()} {print_fp}) is REVOKED ({entry.where}): devaudit "
                        "refuses it and sent no password. Ask the device owner for the device's current key "
                        "and check its fingerprint out of band.",
                    )
            plain = [e for e in matching if not e.marker]
            authorities = [e for e in matching if e.marker == "@cert-authority"]
            if any(e.blob == blob for e in plain):
                if authorities:
                    log.warning(
                        "%s: %s: @cert-authority line ignored (host certificates are not supported); "
                        "the device's own key is known and was accepted",
                        device,
                        authorities[0].where,
                    )
                return print_fp
            if plain:
                raise _changed(device, name, host, port, key, plain)
            if authorities:
                raise HostKeyError(
                    device,
                    f"{name} is known only through a @cert-authority line ({authorities[0].where}): devaudit does "
                    "not support SSH host certificates, so it cannot check this device and sent no password. "
                    f"Check the device's own key ({key.get_name()} {print_fp}) with its owner, then add it "
                    f"to known_hosts (ssh-keyscan -p {port} {host}).",
                )
            if not self.trust_on_first_use:
                raise HostKeyError(
                    device,
                    f"unknown host key for {name}: {key.get_name()} {print_fp}. Check it with the device owner, "
                    f"then trust it with --trust-on-first-use (recorded in {self.own_file}) or add it to known_hosts "
                    f"(ssh-keyscan -p {port} {host} >> ~/.ssh/known_hosts).",
                )
            own = self.own_file.expanduser()
            line = f"{name} {key.get_name()} {key.get_base64()}"
            own.parent.mkdir(parents=True, exist_ok=True)
            with own.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
            own.chmod(0o600)
            self._entries.append(_Entry("", name, key.get_name(), blob, f"{own} (recorded now)", str(own)))
        return print_fp

    def entry_for(self, host: str, port: int, key: paramiko.PKey) -> str:
        """One known_hosts line for exactly this key (used to pin the key for the SSH library)."""
        return f"{host_entry_name(host, port)} {key.get_name()} {key.get_base64()}\n"
