"""Secret redaction: per-platform tables of secret-bearing statements, a context-aware redactor, propagation."""

from devaudit.redaction.findings import redact_findings
from devaudit.redaction.redactor import (
    MASK,
    LineResult,
    Redactor,
    mask_value,
    redact_line,
    redact_message,
    redact_text,
)

__all__ = [
    "MASK",
    "LineResult",
    "Redactor",
    "mask_value",
    "redact_findings",
    "redact_line",
    "redact_message",
    "redact_text",
]
