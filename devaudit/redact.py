"""Mask secret values in configuration text while keeping the keywords and type markers rules read.

``enable secret 9 $9$abc`` becomes ``enable secret 9 $9$<redacted>``; Huawei ``%^%#...%^%#`` wrappers,
Junos ``"$9$..."`` quotes and crypt prefixes survive, so "type 7 vs type 9" stays visible. The work is
done by ``devaudit.redaction``; this module keeps the short import path.
"""

from devaudit.redaction import MASK, Redactor, mask_value, redact_line, redact_message, redact_text

__all__ = ["MASK", "Redactor", "mask_value", "redact_line", "redact_message", "redact_text"]
