"""ZTE ZXROS / ZXR10 detection signatures: (pattern, weight) pairs scored over the start of a file."""

from __future__ import annotations

import re

__all__ = ["SIGNATURES"]

_M = re.MULTILINE

SIGNATURES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^!<[\w\-]+>\s*$", _M), 8),
    (re.compile(r"^!</[\w\-]+>\s*$", _M), 4),
    (re.compile(r"^\$\s*$", _M), 3),
    # The number follows the prefix (gei-0/1/0/1, xgei_1/2, gpon-olt_1/2/1, smartgroup1): no '\S*'
    # between them, which rescanned a long token from every occurrence of the prefix.
    (re.compile(r"\b(?:x?gei[-_]?|gpon-olt_|gpon-onu_|smartgroup)\d", 0), 3),
    (re.compile(r"^ZX[RA]10|ZXROS|ZXCTN", _M), 6),
    (re.compile(r"^line telnet |^syslog-server |^ssh server version", _M), 2),
    (re.compile(r"^!configuration saved|^!last configuration change", _M | re.IGNORECASE), 3),
    # ZXR10 switches and ZXAN OLTs without section markers look like IOS but for these.
    (re.compile(r"^interface (?:x?gei|xxvgei|cgei|smartgroup)[-_]?\d", _M), 5),
    (re.compile(r"^interface (?:x?g|e)pon[-_](?:olt|onu)_\d|^pon-onu-mng ", _M), 6),
    (re.compile(r"^ +service-port \d+ vport \d+|^ +hybrid-attribute ", _M), 4),
    (re.compile(r"^snmp-server community \S+ view AllView ", _M), 3),
    (re.compile(r"^line (?:telnet|console) (?:idle-timeout|access-class|server) ", _M), 3),
)
