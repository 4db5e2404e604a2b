"""ZTE ZXROS / ZXR10 detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

from devaudit.engine.regex_cache import compile_pattern

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (compile_pattern(r"^!<[\w\-]+>\s*$", _M), 8),
    (compile_pattern(r"^!</[\w\-]+>\s*$", _M), 4),
    (compile_pattern(r"^\$\s*$", _M), 3),
    # The number follows the prefix (gei-0/1/0/1, xgei_1/2, gpon-olt_1/2/1, smartgroup1): no '\S*'
    # between them, which rescanned a long token from every occurrence of the prefix.
    (compile_pattern(r"\b(?:x?gei[-_]?|gpon-olt_|gpon-onu_|smartgroup)\d", 0), 3),
    (compile_pattern(r"^ZX[RA]10|ZXROS|ZXCTN", _M), 6),
    (compile_pattern(r"^line telnet |^syslog-server |^ssh server version", _M), 2),
    (compile_pattern(r"^!configuration saved|^!last configuration change", _M | re.IGNORECASE), 3),
    # ZXR10 switches and ZXAN OLTs without section markers look like IOS but for these.
    (compile_pattern(r"^interface (?:x?gei|xxvgei|cgei|smartgroup)[-_]?\d", _M), 5),
    (compile_pattern(r"^interface (?:x?g|e)pon[-_](?:olt|onu)_\d|^pon-onu-mng ", _M), 6),
    (compile_pattern(r"^ +service-port \d+ vport \d+|^ +hybrid-attribute ", _M), 4),
    (compile_pattern(r"^snmp-server community \S+ view AllView ", _M), 3),
    (compile_pattern(r"^line (?:telnet|console) (?:idle-timeout|access-class|server) ", _M), 3),
)
