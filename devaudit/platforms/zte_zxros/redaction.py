"""ZTE ZXROS / ZXR10: secret-bearing statements (its own forms, then the Cisco-style ones).

The entry format is described in ``devaudit.redaction.tables``.
"""

from __future__ import annotations

from devaudit.platforms.cisco_ios.redaction import FORMS as CISCO_FORMS
from devaudit.redaction.forms import SecretForm as F

__all__ = ["FORMS"]

_OWN: tuple[F, ...] = (
    F("secret [level #] [T] S", statement="enable"),
    F("community [T] S", statement="snmp-server"),
    F("host * [vrf *] [trap|inform|traps|informs] [version 1|2c|3] [auth|noauth|priv] [T] S", statement="snmp-server"),
    F("auth [T] A [T] S", statement="snmp-server user"),
    F("priv [T] A [#] [T] S", statement="snmp-server user"),
    F("key [T] S", statement="tacacs-server|radius-server|tacacs-plus"),
    F("server # * key [T] S", ref="ZXROS RADIUS group server key"),
    F("key [T] S", context="tacacs-server|radius|tacacs-plus"),
    F("message-digest-key # A [T] S"),
    F("authentication-key [#] [A] [T] S"),
    F("onu # type * [sn|mac *] pw|password S", ref="ZXA10 OLT ONU registration password (C300/C320/C600 GPON)"),
    F("checkcode|registration-password S", ref="ZXA10 OLT ONU LOID check code"),
    F("", statement="aaa-authentication-template|aaa-authorization-template|aaa-accounting-template"),
    F("", statement="authentication-type|authorization-type|authentication message-digest"),
    F("", statement="key-chain|keychain"),
    F("", statement="strong-password"),
)

FORMS: tuple[F, ...] = (*_OWN, *CISCO_FORMS)
