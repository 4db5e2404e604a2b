"""Audit configs: read, detect, parse, gather facts, evaluate. A bad file is an ERROR result, not a crash."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from devaudit.detect import detect_platform
from devaudit.engine.evaluate import evaluate_rules
from devaudit.engine.loader import Baseline, CompiledRule, load_baseline
from devaudit.engine.outcome import CheckContext, capped
from devaudit.errors import InputError
from devaudit.facts import facts_from_config, facts_from_show_version, merge_facts
from devaudit.fragment import Fragment, find_fragment, rule_scope
from devaudit.ingest import DEFAULT_MAX_BYTES, read_dump
from devaudit.models import Coverage, DeviceResult, DeviceStatus, Finding, Status
from devaudit.parsers import parse
from devaudit.platforms import PLATFORMS
from devaudit.redaction import Redactor, redact_findings, redact_message
from devaudit.sources import InputRef, archived_name, read_input, read_sidecar_outputs

__all__ = [
    "AuditOptions",
    "BaselineSpec",
    "audit_bytes",
    "audit_inputs",
    "audit_prepared",
    "audit_ref",
    "declared_interfaces",
    "role_warnings",
    "rule_matches",
    "select_rules",
]

_VERSION_COMMANDS = ("show version", "display version")
# Below this many files one process audits them all: starting workers would cost more than it saves.
_MIN_PARALLEL_FILES = 8
# Files per task sent to a worker: enough that the hand-over costs little next to auditing them (a file
# takes milliseconds), few enough that the results in flight stay small whatever the fleet's size.
_CHUNK = 8
# Tasks in flight per worker: a worker always has the next one queued, and no more is held.
_IN_FLIGHT = 3

T = TypeVar("T")


@dataclass(frozen=True)
class AuditOptions:
    """How to audit: platform override, rule selection, device context and limits."""

    platform: str | None = None
    profiles: frozenset[str] = frozenset()
    role: str = ""
    tags: frozenset[str] = frozenset()
    # Interface roles the inventory declares ((name, role) pairs): they override the inferred ones.
    interfaces: tuple[tuple[str, str], ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    rule_ids: frozenset[str] = frozenset()  # rule IDs or globs (IOS-SNMP-*), any case
    advisory_store: str = ""  # an advisory store to check releases against ("" = none)


@dataclass(frozen=True)
class BaselineSpec:
    """How to (re)load a baseline in a worker process."""

    paths: tuple[Path, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)


def rule_matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """Whether ``rule_id`` is one of ``patterns`` (IDs or shell globs, compared without regard to case)."""
    upper = rule_id.upper()
    return any(fnmatchcase(upper, pattern.upper()) for pattern in patterns)


def select_rules(
    baseline: Baseline, platform: str, options: AuditOptions, rules: Sequence[CompiledRule] | None = None
) -> tuple[CompiledRule, ...]:
    """The rules for ``platform`` (or the ``rules`` given) after profile and ID selection."""
    chosen = tuple(baseline.for_platform(platform) if rules is None else rules)
    if options.profiles:
        chosen = tuple(r for r in chosen if options.profiles & set(r.rule.profiles))
    if options.rule_ids:
        chosen = tuple(r for r in chosen if rule_matches(r.rule.id, options.rule_ids))
    return chosen


def _error(source: str, message: str, **extra: Any) -> DeviceResult:
    name = Path(source).name if source != "<stdin>" else source
    return DeviceResult(
        name=name,
        source=source,
        platform=extra.pop("platform", ""),
        status=DeviceStatus.ERROR,
        error=redact_message(message),
        **extra,
    )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one config is parsed and evaluated.

    A tree is tens of thousands of small linked objects; collections triggered while it is being built
    rescan the whole heap again and again. The tree is freed by reference counting and the next
    collection once the result is out.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def audit_bytes(
    data: bytes,
    source: str,
    baseline: Baseline,
    options: AuditOptions,
    *,
    outputs: Mapping[str, str] | None = None,
    name: str | None = None,
) -> DeviceResult:
    """Audit one config given as bytes."""
    with _gc_paused():
        return _audit_bytes(data, source, baseline, options, outputs=outputs, name=name)


def _audit_bytes(
    data: bytes,
    source: str,
    baseline: Baseline,
    options: AuditOptions,
    *,
    outputs: Mapping[str, str] | None = None,
    name: str | None = None,
) -> DeviceResult:
    try:
        dump = read_dump(data, source, max_bytes=options.max_bytes)
    except InputError as exc:
        return _error(source, exc.reason)
    outputs = dict(outputs or {})
    warnings: list[str] = []
    detection = detect_platform(dump.lines)
    mismatch = False
    if options.platform:
        platform, confidence, reason = options.platform, 1.0, "given with --platform"
        mismatch = detection.confident and detection.platform != platform
        if mismatch:
            warnings.append(
                f"audited as {platform} as given (--platform or the inventory), but the content looks like "
                f"{detection.platform} ({detection.reason}): verdicts may be wrong"
            )
    else:
        if detection.platform is None:
            return _error(source, detection.reason, encoding=dump.encoding)
        platform, confidence, reason = detection.platform, detection.confidence, detection.reason
        if detection.warning:
            warnings.append(detection.warning)
    if platform not in PLATFORMS:
        return _error(source, f"unknown platform {platform!r}")
    # The config's secrets, learned once: masked wherever they reappear (findings, error messages).
    redactor = Redactor.for_text("\n".join(text for _, text in dump.lines), platform, source=source)
    try:
        tree = parse(dump.lines, platform)
    except InputError as exc:  # a structural limit (nesting depth, expansion), at a line
        return _error(source, redactor.message(f"could not parse as {platform}: {exc}"), platform=platform)
    except Exception as exc:  # a parser bug on odd input must not stop the other files
        return _error(
            source,
            redactor.message(f"could not parse as {platform}: {type(exc).__name__}: {exc}"),
            platform=platform,
        )
    if not tree.roots:
        return _error(
            source, f"no {platform} configuration statements found", platform=platform, encoding=dump.encoding
        )
    facts = facts_from_config(tree, dump.lines)
    for command in _VERSION_COMMANDS:
        if command in outputs:
            facts = merge_facts(facts_from_show_version(platform, outputs[command]), facts)
            break
    available = baseline.for_platform(platform)
    if not available:
        return _error(
            source,
            f"the baseline has no rules for {platform}; a site baseline builds on the shipped packs with "
            "'extends: [builtin]'",
            platform=platform,
            encoding=dump.encoding,
        )
    rules = select_rules(baseline, platform, options, available)
    if not rules:
        warnings.append(f"none of the selected rules applies to {platform}: nothing was checked")
    # Parsed with another platform's syntax, the sections mean nothing: the warning above says why.
    fragment = None if mismatch else find_fragment(tree)
    ctx = CheckContext(
        tree=tree,
        facts=facts,
        role=options.role,
        tags=options.tags,
        outputs=outputs,
        variables=baseline.variables,
        defaults=baseline.defaults_for(platform, facts.os_version),
        interfaces=dict(options.interfaces),
    )
    findings = redact_findings(evaluate_rules(rules, ctx), redactor)
    warnings.extend(role_warnings(ctx, options))
    if fragment is not None:
        findings, outside = _limit_to_fragment(rules, findings, fragment)
        warnings.append(
            f"a fragment of a configuration, not a whole device (it holds only {fragment.label}): "
            f"{outside} rule(s) that read other sections are NOT_APPLICABLE"
        )
    elif options.advisory_store:
        # A fragment cannot show whether a feature is on, so exposure is judged on whole configs only.
        from devaudit.advisories.exposure import exposure_findings

        findings = (*findings, *redact_findings(exposure_findings(options.advisory_store, platform, ctx), redactor))
    stats = tree.stats
    coverage = Coverage(
        total_lines=stats.total_lines,
        config_lines=stats.config_lines,
        skipped_lines=sum(stats.skipped.values()),
        skipped_reasons=tuple(sorted(stats.skipped.items())),
    )
    if dump.encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"decoded as {dump.encoding}")
    if dump.pager_debris:
        warnings.append(f"removed pager debris from {dump.pager_debris} line(s)")
    if tree.elided:
        warnings.append(
            "the source elided parts of the configuration: verdicts that rest on absence may be wrong"
        )
    return DeviceResult(
        name=name or facts.hostname or (Path(source).name if source != "<stdin>" else "stdin"),
        identity=name or source,
        source=source,
        platform=platform,
        status=_device_status(findings),
        findings=findings,
        platform_confidence=confidence,
        platform_reason=reason,
        encoding=dump.encoding,
        facts=facts,
        coverage=coverage,
        role=options.role,
        tags=tuple(sorted(options.tags)),
        warnings=tuple(warnings),
    )


def declared_interfaces(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The interface roles an inventory host's ``data.interfaces`` declares ({name: external|internal|...})."""
    given = data.get("interfaces")
    if not isinstance(given, Mapping):
        return ()
    return tuple((str(name), str(role).lower()) for name, role in given.items())


def role_warnings(ctx: CheckContext, options: AuditOptions) -> list[str]:
    """What the audit took each external interface to be and why, once some rule asked for interface roles."""
    from devaudit.engine.roles import INTERFACE_ROLES, InterfaceRoles

    out = [
        f"the inventory gives interface {name} the unknown role {role!r} (known: {', '.join(INTERFACE_ROLES)}): ignored"
        for name, role in options.interfaces
        if role.lower() not in INTERFACE_ROLES
    ]
    told: dict[str, str] = {}
    for found in ctx.roles.values():
        if not isinstance(found, InterfaceRoles):
            continue
        for item in found.items:
            if item.role == "external" and item.active and item.name not in told:
                told[item.name] = item.explain()
    if told and not options.role:
        out.append("no role was given: rules for perimeter devices apply because an interface faces the outside")
    out.extend(capped(list(told.values())))
    return out


def _limit_to_fragment(
    rules: Sequence[CompiledRule], findings: Sequence[Finding], fragment: Fragment
) -> tuple[tuple[Finding, ...], int]:
    """Keep the verdicts a fragment can decide; the others become NOT_APPLICABLE "not in this fragment".

    A rule is decided when every section it reads is in the fragment, or when it FAILs on lines the
    fragment holds (an offending line is wrong wherever it was dumped from). A verdict resting on lines
    the fragment does not hold proves nothing. Returns the findings and how many were set aside.
    """
    out: list[Finding] = []
    outside = 0
    reason = f"not in this fragment (it holds only {fragment.label})"
    for compiled, finding in zip(rules, findings, strict=True):
        rule = compiled.rule
        scope = rule_scope(rule.check, rule.when, rule.remediation)
        inside = scope is not None and fragment.contains(scope)
        if inside or finding.status is Status.NOT_APPLICABLE or (finding.status is Status.FAIL and finding.evidence):
            out.append(finding)
        else:
            outside += 1
            out.append(dataclasses.replace(finding, status=Status.NOT_APPLICABLE, evidence=(), reason=reason))
    return tuple(out), outside


def _device_status(findings: Sequence[Finding]) -> DeviceStatus:
    return DeviceStatus.FAIL if any(f.status is Status.FAIL for f in findings) else DeviceStatus.PASS


def audit_ref(ref: InputRef, baseline: Baseline, options: AuditOptions) -> DeviceResult:
    """Audit one input (file or stdin)."""
    try:
        data = read_input(ref, options.max_bytes)
        if ref.path is None:
            return audit_bytes(data, ref.label, baseline, options)
        outputs = read_sidecar_outputs(ref.path, max_bytes=options.max_bytes)
    except InputError as exc:
        return _error(ref.label, exc.reason if exc.source == ref.label else str(exc))
    return audit_bytes(data, ref.label, baseline, options, outputs=outputs, name=archived_name(ref.path))


_WORKER: dict[str, Any] = {}


def _init_worker(spec: BaselineSpec | None, options: AuditOptions, prepare: Callable[[DeviceResult], Any]) -> None:
    if spec is not None:  # a spawned worker: nothing was inherited, load the baseline here
        _WORKER["baseline"] = load_baseline(list(spec.paths) or None, variables=spec.variables, cache=True)
        _WORKER["options"] = options
    _WORKER["prepare"] = prepare
    gc.freeze()  # the compiled baseline lives as long as the worker: keep it out of every collection


def _work(refs: Sequence[InputRef]) -> list[Any]:
    baseline, options, prepare = _WORKER["baseline"], _WORKER["options"], _WORKER["prepare"]
    return [prepare(audit_ref(ref, baseline, options)) for ref in refs]


def _pool_context(baseline: Baseline, options: AuditOptions, spec: BaselineSpec) -> tuple[Any, BaselineSpec | None]:
    """Fork workers that inherit the loaded baseline when that is safe, else spawn them to load their own.

    A forked worker starts auditing at once: no interpreter start-up, no imports, no baseline load (about
    0.3 s of CPU each). Forking is safe only while this process runs a single thread (a lock held by another
    thread at the fork would never be released in the child), and only where the platform has fork.
    """
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        _WORKER["baseline"] = baseline
        _WORKER["options"] = options
        return multiprocessing.get_context("fork"), None
    return multiprocessing.get_context("spawn"), spec


def _same(device: DeviceResult) -> DeviceResult:
    return device


def audit_inputs(
    refs: Iterable[InputRef],
    baseline: Baseline,
    options: AuditOptions,
    *,
    jobs: int = 1,
    spec: BaselineSpec | None = None,
) -> Iterator[DeviceResult]:
    """Audit every input, in input order; with ``jobs`` > 1 files are spread over worker processes."""
    return audit_prepared(refs, baseline, options, _same, jobs=jobs, spec=spec)


def audit_prepared(
    refs: Iterable[InputRef],
    baseline: Baseline,
    options: AuditOptions,
    prepare: Callable[[DeviceResult], T],
    *,
    jobs: int = 1,
    spec: BaselineSpec | None = None,
) -> Iterator[T]:
    """``prepare`` applied to each input's result, in input order; with ``jobs`` > 1 files are audited in
    worker processes (stdin always by this process).

    ``refs`` is read as the audit goes (a lazy directory walk, say): only the tasks in flight are held, so
    memory stays the same for 100 or 100,000 files. The worker that audits a file also prepares its result
    (renders the report text, say), so that only what ``prepare`` returns travels back and the process
    reading the results stays nearly idle. ``prepare`` must be picklable (a module-level function, or a
    ``functools.partial`` of one).
    """
    inputs = iter(refs)
    if jobs <= 1 or spec is None:
        for ref in inputs:
            yield prepare(audit_ref(ref, baseline, options))
        return
    most = min(jobs, os.cpu_count() or 1)
    # Enough files to know whether workers pay, and how to share a short list between them.
    look = max(_MIN_PARALLEL_FILES, most * _IN_FLIGHT * _CHUNK)
    head: list[InputRef] = []
    files = 0
    for ref in inputs:
        head.append(ref)
        files += ref.path is not None
        if files >= look:
            break
    whole = files < look  # the head is every input there is
    # Worker processes pay for themselves only over several files.
    if whole and files < _MIN_PARALLEL_FILES:
        for ref in head:
            yield prepare(audit_ref(ref, baseline, options))
        return
    from concurrent.futures import Future, ProcessPoolExecutor  # only fleets need worker processes

    workers = min(most, files) if whole else most
    chunk = max(1, min(_CHUNK, files // (workers * _IN_FLIGHT))) if whole else _CHUNK
    # A bounded window of tasks in flight: memory stays the same for 100 or 100,000 files, even when the
    # reports are written more slowly than the workers audit.
    window = workers * _IN_FLIGHT
    context, load_spec = _pool_context(baseline, options, spec)
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(load_spec, options, prepare)
        ) as pool:
            pending: deque[Future[list[T]]] = deque()
            task: list[InputRef] = []
            for ref in chain(head, inputs):
                if ref.path is None:  # stdin, read by this process: after every file before it
                    if task:
                        pending.append(pool.submit(_work, task))
                        task = []
                    while pending:
                        yield from pending.popleft().result()
                    yield prepare(audit_ref(ref, baseline, options))
                    continue
                task.append(ref)
                if len(task) < chunk:
                    continue
                pending.append(pool.submit(_work, task))
                task = []
                if len(pending) >= window:
                    yield from pending.popleft().result()
            if task:
                pending.append(pool.submit(_work, task))
            while pending:
                yield from pending.popleft().result()
    finally:
        _WORKER.clear()
