"""Real parts for distributed runs: a password-protected redis-server on a free loopback port, worker
processes (``python -m devaudit worker``), SSH simulators, and a MONITOR connection that records every
command the broker sees."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from mocks.device import DeviceSpec, bundled_config, bundled_version
from mocks.fleet import Fleet

ROOT = Path(__file__).resolve().parents[2]
BROKER_USER = "devaudit"
BROKER_PASSWORD = "Br0ker-Passw0rd-9913"
ADMIN_PASSWORD = "Adm1n-Passw0rd-5150"  # the test's own connection (MONITOR, inspection), not devaudit's
SSH_PASSWORD = "Sim-Passw0rd-4711"
ENABLE_SECRET = "Sim-Enable-0815"
COMMUNITY = "Pl4nted-C0mmunity-77"
USER_PASSWORD = "Pl4nted-UserPw-42"
PLANTED = (BROKER_PASSWORD, ADMIN_PASSWORD, SSH_PASSWORD, ENABLE_SECRET, COMMUNITY, USER_PASSWORD)
GUARD = 240.0  # seconds: a guard against a hung run, never an assertion on speed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Broker:
    """A running redis-server."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path
    ca: Path | None = None  # with TLS: the CA that signed the broker's certificate

    @property
    def engine(self) -> str:
        """The engine URL with the ACL user (the password comes from DEVAUDIT_BROKER_PASSWORD)."""
        if self.ca is not None:
            return f"celery+rediss://{BROKER_USER}@127.0.0.1:{self.port}/0?ca={self.ca}"
        return f"celery+redis://{BROKER_USER}@127.0.0.1:{self.port}/0"

    def client(self) -> object:
        """An administrator's connection, for the test's own inspection."""
        import redis

        tls: dict[str, object] = {"ssl": True, "ssl_ca_certs": str(self.ca)} if self.ca is not None else {}
        return redis.Redis(
            host="127.0.0.1", port=self.port, username="admin", password=ADMIN_PASSWORD, socket_timeout=10, **tls
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _redis_server() -> str:
    found = shutil.which("redis-server")
    if found is None:
        reason = "redis-server is not installed (make pytest installs Debian's redis-server)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _certificates(tmp: Path) -> tuple[Path, Path, Path]:
    """A CA and a broker certificate for 127.0.0.1 signed by it: (ca.pem, broker.pem, broker.key)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def build(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey,
              ca: bool) -> x509.Certificate:  # fmt: skip
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
            builder = builder.add_extension(san, critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    paths = (tmp / "ca.pem", tmp / "broker.pem", tmp / "broker.key")
    paths[0].write_bytes(build("test CA", ca_key, "test CA", ca_key, True).public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(build("broker", key, "test CA", ca_key, False).public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    paths[2].chmod(0o600)
    return paths


def start_broker(tmp: Path, *, tls: bool = False) -> Broker:
    """A fresh redis-server bound to 127.0.0.1, nothing persisted, with the README's ACL user for devaudit
    (no anonymous access, no dangerous commands) and an administrator for the test; with ``tls``, a TLS
    listener only."""
    binary = _redis_server()
    tmp.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    listen = f"port {port}\n"
    ca = None
    if tls:
        ca, cert, key = _certificates(tmp)
        listen = (
            f'port 0\ntls-port {port}\ntls-cert-file "{cert}"\ntls-key-file "{key}"\n'
            f'tls-ca-cert-file "{ca}"\ntls-auth-clients no\n'
        )
    conf = tmp / "redis.conf"
    conf.write_text(
        f'{listen}bind 127.0.0.1\nsave ""\nappendonly no\ndir "{tmp}"\nprotected-mode yes\n'
        f"user default off\nuser {BROKER_USER} on >{BROKER_PASSWORD} ~* &* +@all -@dangerous\n"
        f"user admin on >{ADMIN_PASSWORD} ~* &* +@all\n",
        encoding="utf-8",
    )
    conf.chmod(0o600)
    log = tmp / "redis.log"
    process = subprocess.Popen([binary, str(conf)], stdout=log.open("wb"), stderr=subprocess.STDOUT)
    broker = Broker(port, process, log, ca)
    import redis

    deadline = time.monotonic() + 30
    while True:
        try:
            broker.client().ping()  # type: ignore[attr-defined]
            return broker
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                broker.stop()
                raise RuntimeError(f"redis-server did not start: {log.read_text(errors='replace')}") from None
            time.sleep(0.1)


class Monitor:
    """Every command the broker executes, recorded from a second connection (Redis MONITOR)."""

    def __init__(self, broker: Broker) -> None:
        self.lines: list[str] = []
        self._client = broker.client()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._ready = threading.Event()
        self._thread.start()
        self._ready.wait(10)

    def _run(self) -> None:
        import redis

        try:
            with self._client.monitor() as monitor:  # type: ignore[attr-defined]
                self._ready.set()
                for event in monitor.listen():
                    self.lines.append(str(event.get("command", "")))
        except (redis.exceptions.ConnectionError, ValueError, OSError):
            self._ready.set()


@dataclass
class Worker:
    """One ``devaudit worker`` process."""

    name: str
    queue: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


def base_env(broker: Broker) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SIM_PW", "SIM_ENABLE")}
    env["DEVAUDIT_BROKER_PASSWORD"] = BROKER_PASSWORD
    env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class Cluster:
    """A broker, a fleet, its inventory, and the workers started so far."""

    broker: Broker
    fleet: Fleet
    tmp: Path
    inventory: Path
    known_hosts: Path
    workers: list[Worker] = field(default_factory=list)

    def start_worker(self, name: str, queue: str, concurrency: int = 1) -> Worker:
        env = base_env(self.broker)
        env["SIM_PW"], env["SIM_ENABLE"] = SSH_PASSWORD, ENABLE_SECRET  # resolved on the worker's host only
        log = self.tmp / f"worker-{name}.log"
        command = [
            sys.executable, "-m", "devaudit", "worker", "--engine", self.broker.engine, "--queue", queue,
            "--concurrency", str(concurrency), "--name", f"{name}@test", "--known-hosts", str(self.known_hosts),
            "--devaudit-known-hosts", str(self.tmp / f"own-{name}"),
        ]  # fmt: skip
        process = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT)
        worker = Worker(f"{name}@test", queue, process, log)
        self.workers.append(worker)
        return worker

    def wait_ready(self, workers: Sequence[Worker]) -> None:
        """Until every worker answers a ping through the broker."""
        from devaudit.distributed.app import make_app
        from devaudit.distributed.engine import parse_engine

        secret = self.tmp / "broker.pw"  # the test's own connection reads the password from a file reference
        secret.write_text(BROKER_PASSWORD, encoding="utf-8")
        secret.chmod(0o600)
        joiner = "&" if "?" in self.broker.engine else "?"
        app = make_app(parse_engine(f"{self.broker.engine}{joiner}password=file:{secret}"))
        names = {w.name for w in workers}
        deadline = time.monotonic() + 90
        while True:
            replies = app.control.ping(destination=sorted(names), timeout=1.0) or []
            if names <= {name for reply in replies for name in reply}:
                return
            dead = [w for w in workers if w.process.poll() is not None]
            if dead or time.monotonic() > deadline:
                logs = "\n".join(w.log.read_text(errors="replace")[-2000:] for w in workers)
                raise RuntimeError(f"workers did not start:\n{logs}")

    def devaudit(self, *args: str, env_extra: dict[str, str] | None = None, **popen: object) -> subprocess.Popen[bytes]:
        """Start the devaudit CLI, by default as a coordinator (no device credentials in its environment)."""
        return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
            [sys.executable, "-m", "devaudit", *args],
            env={**base_env(self.broker), **(env_extra or {})},
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **popen,
        )

    def stop(self) -> None:
        for worker in self.workers:
            worker.kill()
        self.broker.stop()


def spec(name: str, platform: str) -> DeviceSpec:
    """A simulated device whose config carries planted secrets (a community and a user password)."""
    config = bundled_config(platform, "insecure")
    if platform in ("cisco_ios", "arista_eos"):
        head, end, tail = config.rpartition("\nend")
        planted = f"\nsnmp-server community {COMMUNITY} RO\nusername ops privilege 15 password 0 {USER_PASSWORD}"
        config = head + planted + end + tail
    return DeviceSpec(
        name=name,
        platform=platform,
        password=SSH_PASSWORD,
        enable_secret=ENABLE_SECRET,
        config=config,
        version=bundled_version(platform),
    )


def write_inventory(
    fleet: Fleet, tmp: Path, queues: dict[str, str], delays: dict[str, float], passwords: dict[str, str]
) -> Path:
    """A Nornir inventory: regions as groups that set data.queue (hosts inherit it); credentials by reference.

    A host with a delay gets its password from a ``cmd:`` reference that first sleeps that long: the worker
    holding it is then busy for at least that long before the SSH session (a known window to act in).
    """
    groups = {queue: {"data": {"queue": queue}} for queue in sorted(set(queues.values())) if queue != "default"}
    hosts = {}
    for endpoint in fleet:
        queue = queues[endpoint.name]
        hosts[endpoint.name] = {
            "hostname": endpoint.host,
            "port": endpoint.port,
            "platform": endpoint.device_type,
            "username": endpoint.username,
            **({"groups": [queue]} if queue != "default" else {}),
        }
        password = passwords.get(endpoint.name)
        if endpoint.name in delays:
            password = f"cmd:sh -c 'sleep {delays[endpoint.name]:g}; printf %s \"$SIM_PW\"'"
        if password is not None:
            hosts[endpoint.name]["data"] = {"credentials": {"password": password, "secret": "env:SIM_ENABLE"}}
    defaults = {
        "data": {
            "credentials": {"password": "env:SIM_PW", "secret": "env:SIM_ENABLE"},
            "timeouts": {"connect": 2, "command": 4},
        }
    }
    path = tmp / "inventory.yaml"
    path.write_text(yaml.safe_dump({"hosts": hosts, "groups": groups, "defaults": defaults}), encoding="utf-8")
    return path


@pytest.fixture
def cluster_factory(tmp_path: Path) -> Iterator[object]:
    """Builds a Cluster for a list of (spec, queue); everything is stopped at the end of the test."""
    made: list[Cluster] = []
    fleets: list[Fleet] = []

    def build(
        devices: Sequence[tuple[DeviceSpec, str]],
        delays: dict[str, float] | None = None,
        *,
        tls: bool = False,
        passwords: dict[str, str] | None = None,
    ) -> Cluster:
        broker = start_broker(tmp_path / "redis", tls=tls)
        fleet = Fleet([d for d, _ in devices])
        fleet.start()
        fleets.append(fleet)
        known = tmp_path / "known_hosts"
        known.write_text(fleet.known_hosts(), encoding="utf-8")
        queues = {d.name: q for d, q in devices}
        inventory = write_inventory(fleet, tmp_path, queues, delays or {}, passwords or {})
        cluster = Cluster(broker, fleet, tmp_path, inventory, known)
        made.append(cluster)
        return cluster

    yield build
    for cluster in made:
        cluster.stop()
    for fleet in fleets:
        fleet.stop()
