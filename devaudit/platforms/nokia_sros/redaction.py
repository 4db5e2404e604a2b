"""Nokia SR OS: secret-bearing statements, from the vendor's command references and hardening guides.

The entry format is described in ``devaudit.redaction.tables``.
"""

from __future__ import annotations

from devaudit.redaction.forms import SecretForm as F

__all__ = ["FORMS"]

FORMS: tuple[F, ...] = (
    F("authentication-key [T] S", ref="SR OS OSPF/BGP/IS-IS/LDP/VRRP/NTP keys"),
    F("hello-authentication-key S"),
    F("message-digest-key # md5 S"),
    F("md5-key S", ref="SR OS MD-CLI message-digest-key"),
    F("authentication-key # key S", ref="SR OS NTP authentication-key"),
    F("authentication-key # {", ref="SR OS MD-CLI NTP key block (the key follows)"),
    F("key S", context="authentication-key", ref="SR OS MD-CLI NTP key"),
    F("key S", context="entry", ref="SR OS keychain entry key (classic)"),
    F("entry # key S", ref="SR OS keychain entry (classic)"),
    F("secret S", ref="SR OS RADIUS/TACACS+ server secret"),
    F("usm-community S", ref="SR OS SNMP community"),
    F("community S", context="snmp", ref="SR OS SNMP community"),
    F("community S", context="security", ref="SR OS classic SNMP access community"),
    F("", statement="community", context="policy-options"),
    F("", statement="policy-options"),
    F("authentication [hash|hash2] md5|sha|hmac-md5|hmac-sha S", ref="SR OS classic SNMPv3 user"),
    F("privacy [hash|hash2] des|des-key|aes|aes-128-cfb-key|aes-key S", ref="SR OS classic SNMPv3 privacy"),
    F("authentication-key-value|privacy-key-value|auth-key|priv-key S"),
    F("", statement="authentication-order|authentication-keychain|auth-keychain|keychain"),
    F("", statement="authentication-type|authentication-check"),
    F("", statement="password", context="security"),
    F("", statement="password-history|password-aging"),
    F("", statement="cipher #"),
)
