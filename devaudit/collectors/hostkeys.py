"""SSH host-key checking with OpenSSH semantics (hashed entries included) and trust on first use.

Keys are looked up in the user's known_hosts (or ``--known-hosts``) and in devaudit's own file, where
``--trust-on-first-use`` records new keys. An unknown key is refused with its fingerprint and how to trust
it; a changed key is always refused.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import paramiko

from devaudit.errors import HostKeyError

__all__ = ["DEFAULT_OWN_FILE", "KnownHosts", "fingerprint", "host_entry_name"]

DEFAULT_OWN_FILE = Path("~/.local/share/devaudit/known_hosts")


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH-style SHA256 fingerprint: ``SHA256:base64`` without padding."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def host_entry_name(host: str, port: int) -> str:
    """The known_hosts name for host and port (``[host]:port`` unless the port is 22)."""
    return host if port == 22 else f"[{host}]:{port}"


@dataclass
class KnownHosts:
    """Known host keys from OpenSSH files plus devaudit's own, with optional trust on first use."""

    files: tuple[Path, ...]
    own_file: Path
    trust_on_first_use: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._keys = paramiko.HostKeys()
        for file in (*self.files, self.own_file):
            path = file.expanduser()
            if path.is_file():
                self._keys.load(str(path))

    def verify(self, device: str, host: str, port: int, key: paramiko.PKey) -> str:
        """Accept ``key`` for host:port or raise HostKeyError; returns the fingerprint."""
        name = host_entry_name(host, port)
        print_fp = fingerprint(key)
        with self._lock:
            known = self._keys.lookup(name)
            if known is not None and key.get_name() in known:
                if known[key.get_name()] == key:
                    return print_fp
                raise HostKeyError(
                    device,
                    f"host key for {name} has CHANGED ({key.get_name()} {print_fp}); this may be an attack. "
                    f"If the change is expected, remove the old entry (ssh-keygen -R '{name}' -f <file>).",
                )
            if known is not None and len(known) > 0 and not self.trust_on_first_use:
                raise HostKeyError(
                    device,
                    f"host key type {key.get_name()} for {name} is not among the known ones "
                    f"({', '.join(known.keys())}); fingerprint {print_fp}",
                )
            if not self.trust_on_first_use:
                raise HostKeyError(
                    device,
                    f"unknown host key for {name}: {key.get_name()} {print_fp}. Check it with the device owner, "
                    f"then trust it with --trust-on-first-use (recorded in {self.own_file}) or add it to known_hosts "
                    f"(ssh-keyscan -p {port} {host} >> ~/.ssh/known_hosts).",
                )
            self._keys.add(name, key.get_name(), key)
            own = self.own_file.expanduser()
            own.parent.mkdir(parents=True, exist_ok=True)
            with own.open("a", encoding="utf-8") as handle:
                handle.write(f"{name} {key.get_name()} {key.get_base64()}\n")
            own.chmod(0o600)
        return print_fp

    def entry_for(self, host: str, port: int, key: paramiko.PKey) -> str:
        """One known_hosts line for exactly this key (used to pin the key for the SSH library)."""
        return f"{host_entry_name(host, port)} {key.get_name()} {key.get_base64()}\n"
