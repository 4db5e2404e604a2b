"""Huawei VRP and H3C/HPE Comware: secret-bearing statements, from the vendor's command references and hardening guides.

The entry format is described in ``devaudit.redaction.tables``.
"""

from __future__ import annotations

from devaudit.redaction.forms import SecretForm as F

__all__ = ["FORMS"]

FORMS: tuple[F, ...] = (
    F("password [T] S", statement="local-user *"),
    F("password [level #] [T] S", statement="super"),
    F("read|write [T] S", statement="snmp-agent community", ref="VRP/Comware SNMP community"),
    F("authentication-mode A [T] S", statement="snmp-agent usm-user", ref="VRP/Comware SNMPv3 user"),
    F("cipher|simple authentication-mode A [T] S", statement="snmp-agent usm-user", ref="Comware 7 SNMPv3 user"),
    F("privacy-mode A [T] S", statement="snmp-agent usm-user"),
    F("params securityname S", ref="VRP/Comware target-host, v1/v2c community"),
    F("securityname S", statement="snmp-agent target-host"),
    F("params securityname * v3", ref="SNMPv3 target: the security name is the user"),
    F("params securityname * v3 *", ref="SNMPv3 target: the security name is the user"),
    F("shared-key [T] S", ref="VRP HWTACACS/RADIUS shared key"),
    F("key authentication|authorization|accounting [T] S", context="hwtacacs|radius scheme"),
    F("key authentication|authorization|accounting [T] S", statement="key", context="hwtacacs|radius scheme"),
    F("authentication-mode A [#] [T] S", ref="VRP/Comware NTP, OSPF, IS-IS, VRRP, RIP authentication"),
    F("authentication-mode simple|md5|hmac-sha256|hmac-md5 [T] S"),
    F("authentication-mode A # [T] S"),
    F("area-authentication-mode|domain-authentication-mode A [T] S"),
    F("authentication-mode simple [T] S", statement="vrrp vrid #"),
    F("password [T] S", statement="peer *", ref="BGP peer password"),
    F("set authentication password [T] S", ref="user-interface password"),
    F("md5-password [T] * S", ref="VRP LDP MD5 password"),
    F("pre-shared-key [T] S", ref="IKE peer"),
    F("key [T] S", statement="pre-shared-key address * [*]", context="ike keychain"),
    F("pass-phrase S", ref="WLAN security"),
    F("cipher S", ref="VRP cipher values"),
    F("simple S"),
    F("authentication-mode md5 usual|nonstandard|rfc2082|rfc2453 [T] S", statement="rip", ref="VRP/Comware RIP MD5"),
    F("sa string-key inbound|outbound ah|esp [T] S", ref="Comware manual IPsec SA key string"),
    F("sa hex-key authentication|encryption inbound|outbound ah|esp [T] S", ref="Comware manual IPsec SA hex keys"),
    F("", statement="authentication-scheme|authorization-scheme|accounting-scheme"),
    F("", statement="authentication-mode aaa|password|scheme|none"),
    F("", statement="local-user * password-policy|privilege|service-type|state|level|class|authorization-attribute"),
    F("", statement="password-control|password-recovery"),
    F("", statement="keychain"),
    F("", statement="key-id #"),
    F("", statement="snmp-agent sys-info|trap|mib-view|group"),
    F("", statement="snmp-agent target-host trap"),
    F("", statement="primary|secondary authentication|authorization|accounting"),
    F("", statement="authentication|authorization|accounting", context="domain"),
    F(
        "",
        statement="authentication|authorization|accounting "
        "login|default|lan-access|portal|ppp|super|command|ike|sslvpn|advpn|telnet|ssh|terminal",
    ),
    F("", statement="hwtacacs-server|radius-server authentication|authorization|accounting"),
    F("", statement="peer-public-key|public-key|rsa|peer-key"),
    F("", statement="hwtacacs scheme|radius scheme"),
    F("", statement="ospf authentication-mode"),
    F("", statement="authentication-mode md5|hmac-sha256|hmac-md5 keychain"),
    F("", statement="ssh"),
    F("", statement="public-key"),
    F("", statement="rsa"),
)
