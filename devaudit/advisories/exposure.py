"""Exposure: is this device's release affected by an advisory, and does its configuration turn on what the
flaw needs? Conditions come from ``baselines/advisories/<vendor>.yaml`` in the rule language."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from devaudit.advisories.model import AFFECTED, FIXED, NOT_AFFECTED, Advisory
from devaudit.advisories.releases import FAMILIES, Release, parse_release, release_in_family
from devaudit.advisories.store import load_family
from devaudit.engine.conditions import Condition, ConditionError, Scope, compile_condition
from devaudit.engine.evaluate import to_evidence
from devaudit.engine.outcome import CheckContext, PythonCheck
from devaudit.errors import BaselineError
from devaudit.models import Finding, Severity, Status
from devaudit.yamlfile import load_yaml

__all__ = ["ExposureRule", "assess_device", "load_exposure_rules", "severity_of"]

CATEGORY = "vulnerability"
RELEASE_RULE_ID = "ADVISORY-RELEASE"


class _RuleModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    advisory: str
    cves: list[str] = Field(default_factory=list)
    platforms: list[str]
    feature: str
    exposed_when: dict[str, Any]
    mitigation: list[str] = Field(default_factory=list)
    note: str = ""


class _FileModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    advisories: list[dict[str, Any]]


@dataclass(frozen=True)
class ExposureRule:
    """What an advisory needs turned on, written in the rule language, and how to turn it off."""

    advisory: str
    cves: tuple[str, ...]
    platforms: tuple[str, ...]
    feature: str
    condition: Condition
    mitigation: tuple[str, ...]
    note: str
    source: str

    def applies_to(self, advisory: Advisory) -> bool:
        """True when this condition speaks about ``advisory`` (by its ID or one of its CVEs)."""
        return advisory.id == self.advisory or bool(set(advisory.cves) & set(self.cves))


def _resolver(name: str, loc: tuple[str | int, ...]) -> PythonCheck:
    from devaudit.checks import resolve_check

    try:
        return resolve_check(name)
    except LookupError as exc:
        raise ConditionError(loc, str(exc)) from None


def _rules_in(file: Path) -> list[ExposureRule]:
    doc = load_yaml(file, BaselineError)
    try:
        parsed = _FileModel.model_validate(doc.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise BaselineError(
            str(file), doc.line_of(err["loc"]), f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
        ) from None
    rules = []
    for index, raw in enumerate(parsed.advisories):
        loc: tuple[str | int, ...] = ("advisories", index)
        try:
            entry = _RuleModel.model_validate(raw)
            condition = compile_condition(entry.exposed_when, (*loc, "exposed_when"), {}, _resolver)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = (*loc, *err["loc"])
            raise BaselineError(
                str(file), doc.line_of(where), f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
            ) from None
        except ConditionError as exc:
            raise BaselineError(str(file), doc.line_of((*loc, *exc.loc)), exc.message) from None
        rules.append(
            ExposureRule(
                entry.advisory,
                tuple(entry.cves),
                tuple(entry.platforms),
                entry.feature,
                condition,
                tuple(entry.mitigation),
                entry.note,
                f"{file}:{doc.line_of(loc)}",
            )
        )
    return rules


def load_exposure_rules(folder: Path) -> tuple[ExposureRule, ...]:
    """Every exposure condition in ``folder`` (``<vendor>.yaml`` files); errors name the file and line."""
    if not folder.is_dir():
        return ()
    rules: list[ExposureRule] = []
    for file in sorted(folder.glob("*.yaml")):
        rules.extend(_rules_in(file))
    return tuple(rules)


def severity_of(cvss: float | None) -> Severity:
    """The CVSS v3 qualitative rating of a base score (medium when the feed gives none)."""
    if cvss is None:
        return Severity.MEDIUM
    if cvss >= 9.0:
        return Severity.CRITICAL
    if cvss >= 7.0:
        return Severity.HIGH
    if cvss >= 4.0:
        return Severity.MEDIUM
    return Severity.LOW if cvss > 0 else Severity.INFO


def _first_fixed(advisory: Advisory, release: Release) -> str:
    """The lowest fixed release on the device's train above its release, as the advisory states it."""
    candidates: list[Release] = []
    for status in advisory.statuses:
        if status.family != release.family:
            continue
        text = status.version if status.status == FIXED else ""
        if status.status == AFFECTED and status.range is not None and not status.range.end_inclusive:
            text = status.range.end  # NVD: "up to but not including X" means X fixes it
        fixed = release_in_family(release.family, text) if text else None
        if fixed is not None and fixed.train == release.train and release <= fixed:
            candidates.append(fixed)
    return min(candidates).text if candidates else ""


def _verdict(advisory: Advisory, release: Release) -> str | None:
    """'affected', 'fixed', 'not_affected', 'not_listed' (the train is named, this release is not) or None."""
    says: set[str] = set()
    train_named = False
    for status in advisory.statuses:
        if status.family != release.family:
            continue
        hit = status.matches(release)
        if hit:
            says.add(status.status)
        bounds = [status.version] if status.version else [status.range.start, status.range.end] if status.range else []
        for bound in filter(None, bounds):
            named = release_in_family(status.family, bound)
            if named is not None and named.train == release.train:
                train_named = True
    if FIXED in says or NOT_AFFECTED in says:
        return FIXED if FIXED in says else NOT_AFFECTED
    if AFFECTED in says:
        return AFFECTED
    return "not_listed" if train_named else None


def _references(advisory: Advisory) -> tuple[str, ...]:
    refs = list(advisory.cves)
    if advisory.cvss is not None:
        refs.append(f"CVSS {advisory.cvss:.1f}" + (f" ({advisory.cvss_vector})" if advisory.cvss_vector else ""))
    if advisory.url:
        refs.append(advisory.url)
    refs.extend(link for link in advisory.links if link not in refs)
    return tuple(refs)


def _finding(advisory: Advisory, status: Status, reason: str, expected: str, **extra: Any) -> Finding:
    return Finding(
        rule_id=advisory.id,
        title=advisory.title or advisory.id,
        status=status,
        severity=severity_of(advisory.cvss),
        category=CATEGORY,
        expected=expected,
        reason=reason,
        references=_references(advisory),
        **extra,
    )


def _assess(advisory: Advisory, release: Release, rule: ExposureRule | None, ctx: CheckContext) -> Finding | None:
    verdict = _verdict(advisory, release)
    if verdict is None:
        return None
    family = FAMILIES.get(release.family, release.family)
    fixed = _first_fixed(advisory, release)
    upgrade = (
        f"a release that fixes it: {fixed} or later on the {release.train} train"
        if fixed
        else f"a fixed release (the advisory names none on the {release.train} train; see the advisory)"
    )
    if verdict == FIXED:
        return _finding(advisory, Status.PASS, f"{family} {release.text} is listed as fixed", upgrade)
    if verdict == NOT_AFFECTED:
        return _finding(advisory, Status.PASS, f"{family} {release.text} is listed as not affected", upgrade)
    if verdict == "not_listed":
        reason = f"{family} {release.text} is not among the releases the advisory lists as affected"
        return _finding(advisory, Status.PASS, reason, upgrade)
    if rule is None:
        reason = (
            f"AFFECTED: {family} {release.text} is listed as affected; no configuration condition is known "
            "for this advisory, so exposure could not be ruled out (lower confidence)"
        )
        return _finding(advisory, Status.FAIL, reason, upgrade)
    outcome = rule.condition.evaluate(ctx, Scope(ctx, None))
    evidence = to_evidence((*outcome.evidence, *outcome.context))
    if outcome.ok:
        reason = f"EXPOSED: {family} {release.text} is affected and the configuration turns on {rule.feature}"
        if rule.note:
            reason += f" ({rule.note})"
        return _finding(advisory, Status.FAIL, reason, upgrade, evidence=evidence, remediation=rule.mitigation)
    reason = f"MITIGATED: {family} {release.text} is affected, but {rule.feature} is off in the configuration"
    return _finding(advisory, Status.PASS, reason, upgrade, evidence=evidence)


@functools.lru_cache(maxsize=32)
def _family_advisories(store: str, mtime: float, family: str) -> tuple[Advisory, ...]:
    return load_family(Path(store), family)


def _unknown_release(platform: str, version: str) -> Finding:
    if version:
        reason = (
            f"the release '{version}' is not an exact {platform} release (a train, or a form devaudit does not "
            "know): audit the config with its 'show version' beside it to check vendor advisories"
        )
    else:
        reason = "the device's release is not known: audit the config with its 'show version' beside it"
    return Finding(
        rule_id=RELEASE_RULE_ID,
        title="Exposure to published vendor advisories",
        status=Status.NOT_APPLICABLE,
        severity=Severity.INFO,
        category=CATEGORY,
        reason=reason,
        expected="an exact release, for example from 'show version'",
    )


def assess_device(store: Path, rules: Sequence[ExposureRule], platform: str, ctx: CheckContext) -> tuple[Finding, ...]:
    """One finding per advisory that names this device's train, plus a NOT_APPLICABLE when the release is unknown."""
    release = parse_release(platform, ctx.facts.os_version)
    if release is None or not release.exact:
        return (_unknown_release(platform, ctx.facts.os_version),)
    advisories = _family_advisories(str(store), store.stat().st_mtime, release.family)
    findings: list[Finding] = []
    covered: set[str] = set()  # CVEs a vendor advisory already speaks for
    for advisory in advisories:
        rule = next((r for r in rules if platform in r.platforms and r.applies_to(advisory)), None)
        if advisory.source == "nvd" and advisory.id in covered:
            continue
        finding = _assess(advisory, release, rule, ctx)
        if finding is None:
            continue
        covered.update(advisory.cves)
        findings.append(finding)
    return tuple(findings)


@functools.cache
def _rules_for(folder: str) -> tuple[ExposureRule, ...]:
    return load_exposure_rules(Path(folder))


def builtin_exposure_dir() -> Path:
    """The shipped exposure conditions (``advisories/`` beside the rule packs)."""
    from devaudit.engine.loader import builtin_baselines_dir

    return builtin_baselines_dir() / "advisories"


def exposure_findings(store: str, platform: str, ctx: CheckContext, rules_dir: str = "") -> tuple[Finding, ...]:
    """The advisory findings for one device, reading the store at ``store`` (cached per process)."""
    path = Path(store)
    if not path.is_file():
        return ()
    rules = _rules_for(rules_dir or str(builtin_exposure_dir()))
    try:
        return assess_device(path, rules, platform, ctx)
    except Exception as exc:  # a broken store or feed entry must not lose the device's rule results
        return (
            Finding(
                rule_id=RELEASE_RULE_ID,
                title="Exposure to published vendor advisories",
                status=Status.ERROR,
                severity=Severity.INFO,
                category=CATEGORY,
                reason=f"could not check the advisory store {path}: {type(exc).__name__}: {exc}",
            ),
        )
