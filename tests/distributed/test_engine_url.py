"""The --engine URL: schemes, password references (never shown), TLS settings, clear refusals."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from devaudit.distributed.engine import PASSWORD_ENV, EngineError, parse_engine


@pytest.fixture(autouse=True)
def _no_password_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


def test_plain_url_without_password() -> None:
    engine = parse_engine("celery+redis://broker.mgmt:6380/2")
    assert (engine.host, engine.port, engine.db, engine.tls, engine.password) == ("broker.mgmt", 6380, 2, False, None)
    assert engine.redis_url() == "redis://broker.mgmt:6380/2"
    assert engine.display == "celery+redis://broker.mgmt:6380/2"
    assert engine.ssl_options() is None


def test_a_password_in_the_url_is_used_but_never_shown() -> None:
    engine = parse_engine("celery+redis://:S3cr3t%2Fpw@10.0.0.5/0")
    assert engine.display == "celery+redis://:***@10.0.0.5:6379/0"
    assert engine.redis_url() == "redis://:S3cr3t%2Fpw@10.0.0.5:6379/0"
    assert "S3cr3t" not in repr(engine) and "S3cr3t" not in str(engine)


def test_password_references_resolve_on_this_host(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROKER_PW", "from-env")
    assert parse_engine("celery+redis://auditor:env:BROKER_PW@b:6379/1").redis_url() == (
        "redis://auditor:from-env@b:6379/1"
    )
    secret = tmp_path / "broker.pw"
    secret.write_text("from-file\n", encoding="utf-8")
    secret.chmod(0o600)
    engine = parse_engine(f"celery+redis://b/0?password=file:{secret}")
    assert engine.redis_url() == "redis://:from-file@b:6379/0"
    assert engine.display == "celery+redis://:***@b:6379/0"
    monkeypatch.setenv(PASSWORD_ENV, "from-default-env")
    assert parse_engine("celery+redis://b/0").redis_url() == "redis://:from-default-env@b:6379/0"


def test_tls_verifies_the_broker_certificate() -> None:
    engine = parse_engine("celery+rediss://b:6380/0?ca=/etc/devaudit/ca.pem&cert=/etc/w.pem&key=/etc/w.key")
    assert engine.redis_url() == "rediss://b:6380/0"
    assert engine.ssl_options() == {
        "ssl_cert_reqs": ssl.CERT_REQUIRED,
        "ssl_ca_certs": "/etc/devaudit/ca.pem",
        "ssl_certfile": "/etc/w.pem",
        "ssl_keyfile": "/etc/w.key",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("redis://b:6379/0", "unsupported engine 'redis': use celery+redis://, celery+rediss://"),
        ("celery+redis:///0", "the engine URL names no broker host"),
        ("celery+redis://b:6379/zero", "the engine URL's database must be a number, not 'zero'"),
        ("celery+redis://b/0?ca=/x.pem", "ca/cert/key options need TLS: use celery+rediss://"),
        ("celery+redis://b/0?timeout=3", "unknown engine URL option 'timeout'"),
        ("celery+redis://b/0?password=hunter2", "a literal ?password= is refused"),
        ("celery+redis://:env:NOT_SET_ANYWHERE@b/0", "broker password: env:NOT_SET_ANYWHERE: environment variable"),
    ],
)
def test_bad_urls_are_refused_with_the_reason(url: str, message: str) -> None:
    with pytest.raises(EngineError) as caught:
        parse_engine(url)
    assert str(caught.value).startswith(message)
    assert "hunter2" not in str(caught.value)
