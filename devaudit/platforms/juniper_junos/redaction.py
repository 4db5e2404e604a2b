"""Juniper Junos: secret-bearing statements, from the vendor's command references and hardening guides.

The entry format is described in ``devaudit.redaction.tables``.
"""

from __future__ import annotations

from devaudit.redaction.forms import SecretForm as F

__all__ = ["FORMS"]

FORMS: tuple[F, ...] = (
    F("authentication-key # type * value S", ref="Junos authentication-key with key id and type"),
    F("authentication-key [T] S", ref="Junos authentication-key (OSPF, BGP, NTP, VRRP, SNMPv3)"),
    F("md5 # key S", ref="Junos IS-IS/OSPF/RIP md5 keys"),
    F("key # secret S", ref="Junos authentication-key-chains"),
    F("secret S", ref="Junos RADIUS/TACACS+ server secret"),
    F("hello-authentication-key|simple-password|authentication-password|privacy-key S"),
    F("pre-shared-key ascii-text|hexadecimal S", ref="Junos IKE policy"),
    F("community S", context="snmp", ref="Junos SNMP community"),
    F("community-name S", ref="Junos SNMPv3 community table"),
    F("security-name S", context="target-parameters"),
    F("key S", statement="key", context="authentication-key-chains"),
    F("", statement="authentication-order"),
    F("", statement="authentication-key-chains"),
    F("", statement="authentication-algorithm|authentication-method|authentication-type"),
    F("", statement="authentication"),
    F("", statement="root-authentication"),
    F("", statement="ssh-rsa|ssh-ecdsa|ssh-ed25519|ssh-dsa"),
    F("", statement="authentication ssh-rsa|ssh-ecdsa|ssh-ed25519|ssh-dsa"),
    F("", statement="server|peer|broadcast * key #", context="ntp"),
    F("", statement="key-chain|authentication-key-chain|keychain *"),
    F("", statement="community *", context="policy-options"),
    F("", statement="policy-options|policy-statement"),
    F("", statement="community add|set|delete|delete-all"),
    F("", statement="then|from"),
    F("", statement="password"),
)
