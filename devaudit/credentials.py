"""Credentials by reference only: ``env:VAR``, ``file:PATH``, ``keyring:SERVICE/USER``, ``cmd:COMMAND``.

A resolved value is a ``Secret`` whose ``repr``/``str`` never show it; callers ``reveal()`` it only at
the boundary that needs it (the SSH library). A plaintext value is refused unless explicitly allowed.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from pathlib import Path

from devaudit.errors import DevauditError

__all__ = ["CredentialError", "Secret", "is_reference", "resolve_secret"]

_SCHEMES = ("env:", "file:", "keyring:", "cmd:")


class CredentialError(DevauditError):
    """A credential reference cannot be resolved; the message never contains the secret."""


class Secret:
    """A secret value that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value, for the one call that needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('<redacted>')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("secrets are not pickled")


def is_reference(value: str) -> bool:
    """Whether ``value`` is a credential reference rather than a literal."""
    return value.startswith(_SCHEMES)


def _from_file(path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise CredentialError(f"file:{path}: cannot read ({exc.strerror})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialError(f"file:{path}: refused, the file is group- or world-readable (chmod 600 {path})")
    return path.read_text(encoding="utf-8").rstrip("\r\n")


def _from_keyring(spec: str) -> str:
    service, sep, user = spec.rpartition("/")
    if not sep or not service or not user:
        raise CredentialError(f"keyring:{spec}: use keyring:SERVICE/USER")
    try:
        import keyring
        import keyring.errors
    except ImportError:  # keyring is an optional extra
        raise CredentialError(
            f"keyring:{spec}: the keyring package is not installed; install devaudit with its keyring extra: "
            "pip install 'devaudit[keyring]' (with pipx: pipx inject devaudit keyring)"
        ) from None
    try:
        value = keyring.get_password(service, user)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(f"keyring:{spec}: {type(exc).__name__}") from None
    if value is None:
        raise CredentialError(f"keyring:{spec}: no password stored for this service and user")
    return str(value)


def _from_command(command: str, timeout: float) -> str:
    try:
        done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, ValueError) as exc:
        raise CredentialError(
            f"cmd: cannot run {command.split(maxsplit=1)[0] if command else command!r}: {exc}"
        ) from None
    except subprocess.TimeoutExpired:
        raise CredentialError(f"cmd: {command.split(maxsplit=1)[0]!r} did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        raise CredentialError(f"cmd: {command.split(maxsplit=1)[0]!r} exited with status {done.returncode}")
    value = done.stdout.splitlines()[0] if done.stdout else ""
    if not value:
        raise CredentialError(f"cmd: {command.split(maxsplit=1)[0]!r} printed nothing")
    return value


def resolve_secret(value: str, *, allow_plaintext: bool = False, what: str = "password", timeout: float = 30) -> Secret:
    """Resolve a reference (or, when allowed, a literal) into a Secret."""
    if value.startswith("env:"):
        name = value[4:]
        if name not in os.environ:
            raise CredentialError(f"env:{name}: environment variable is not set")
        return Secret(os.environ[name])
    if value.startswith("file:"):
        return Secret(_from_file(value[5:]))
    if value.startswith("keyring:"):
        return Secret(_from_keyring(value[8:]))
    if value.startswith("cmd:"):
        return Secret(_from_command(value[4:], timeout))
    if not allow_plaintext:
        raise CredentialError(
            f"a plaintext {what} is refused: use env:, file:, keyring: or cmd: (or --allow-plaintext-credentials)"
        )
    return Secret(value)
