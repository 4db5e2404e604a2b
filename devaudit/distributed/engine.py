"""The ``--engine`` URL: ``celery+redis://[user][:password]@host:port/db`` or ``celery+rediss://`` for TLS.

The password may be a literal, a credential reference (``env:VAR``, ``file:PATH``, ``keyring:``, ``cmd:``,
given URL-encoded or as ``?password=``), or left out and read from ``DEVAUDIT_BROKER_PASSWORD``. It is
never printed: ``EngineURL.display`` masks it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urlsplit

from devaudit.credentials import CredentialError, Secret, is_reference, resolve_secret
from devaudit.errors import DevauditError

__all__ = ["PASSWORD_ENV", "EngineError", "EngineURL", "parse_engine"]

PASSWORD_ENV = "DEVAUDIT_BROKER_PASSWORD"
_SCHEMES = {"celery+redis": "redis", "celery+rediss": "rediss"}
_TLS_OPTIONS = {"ca": "ssl_ca_certs", "cert": "ssl_certfile", "key": "ssl_keyfile"}


class EngineError(DevauditError):
    """The --engine URL is unusable; the message never contains the broker password."""


@dataclass(frozen=True)
class EngineURL:
    """A parsed engine URL; the password is a Secret that does not print itself."""

    host: str
    port: int
    db: int
    tls: bool = False
    username: str = ""
    password: Secret | None = field(default=None, repr=False)
    tls_files: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        """The URL as shown to people: the password replaced by ``***``."""
        scheme = "celery+rediss" if self.tls else "celery+redis"
        auth = f"{self.username}{':***' if self.password else ''}@" if (self.username or self.password) else ""
        return f"{scheme}://{auth}{self.host}:{self.port}/{self.db}"

    def redis_url(self) -> str:
        """The URL handed to Celery and redis-py (holds the password: never log it)."""
        scheme = "rediss" if self.tls else "redis"
        auth = ""
        if self.username or self.password:
            secret = quote(self.password.reveal(), safe="") if self.password else ""
            auth = f"{quote(self.username, safe='')}{':' + secret if secret else ''}@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{auth}{host}:{self.port}/{self.db}"

    def ssl_options(self) -> dict[str, object] | None:
        """redis-py TLS settings (certificates always verified), or None without TLS."""
        if not self.tls:
            return None
        import ssl

        options: dict[str, object] = {"ssl_cert_reqs": ssl.CERT_REQUIRED}
        options.update(dict(self.tls_files))
        return options


def parse_engine(text: str) -> EngineURL:
    """Parse and check an engine URL; a password reference is resolved here, on this host."""
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        known = ", ".join(f"{s}://" for s in _SCHEMES)
        raise EngineError(
            f"unsupported engine {scheme or text!r}: use {known} (for example celery+redis://host:6379/0)"
        )
    try:
        port = parts.port or 6379
    except ValueError:
        raise EngineError("the engine URL has an invalid port") from None
    host = parts.hostname or ""
    if not host:
        raise EngineError("the engine URL names no broker host (celery+redis://HOST:6379/0)")
    path = parts.path.strip("/") or "0"
    if not path.isdigit():
        raise EngineError(f"the engine URL's database must be a number, not {path!r}")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = set(query) - {"password", *_TLS_OPTIONS}
    if unknown:
        raise EngineError(f"unknown engine URL option {sorted(unknown)[0]!r} (known: password, ca, cert, key)")
    tls = _SCHEMES[scheme] == "rediss"
    if not tls and set(query) & set(_TLS_OPTIONS):
        raise EngineError("ca/cert/key options need TLS: use celery+rediss://")
    raw = query.get("password") or (unquote(parts.password) if parts.password else None)
    if raw is None and os.environ.get(PASSWORD_ENV):
        raw = f"env:{PASSWORD_ENV}"
    password: Secret | None = None
    if raw:
        try:
            password = resolve_secret(raw, allow_plaintext=True, what="broker password")
        except CredentialError as exc:
            raise EngineError(f"broker password: {exc}") from None
        if not is_reference(raw) and "password" in query:
            raise EngineError("a literal ?password= is refused: use env:, file:, keyring: or cmd:")
    files = tuple((_TLS_OPTIONS[k], v) for k, v in sorted(query.items()) if k in _TLS_OPTIONS)
    return EngineURL(
        host=host,
        port=port,
        db=int(path),
        tls=tls,
        username=unquote(parts.username or ""),
        password=password,
        tls_files=files,
    )
