"""SR Linux statements that carry secrets, and those that only look as if they did (schema paths)."""

from __future__ import annotations

from devaudit.redaction.forms import SecretForm as F

__all__ = ["FORMS"]

# Paths as the flat tree writes them ('system aaa server-group G server A tacacs secret-key S'). User,
# admin-user and linuxadmin-user 'password', 'secret-key' and SNMPv3 'authentication|privacy password' are
# among the forms every platform shares.
FORMS: tuple[F, ...] = (
    F(
        "community S",
        context="system snmp",
        ref="SR Linux SNMPv2c community (community-entry; 'system snmp community' before 24.3)",
    ),
    F("key S", statement="system tls", ref="SR Linux TLS profile private key"),
    F("private-key S", ref="SR Linux SSH server host private key"),
    F("authentication-key S", ref="SR Linux keychain keys (routing protocol authentication)"),
    F("password complexity-rules|lockout-policy * #", ref="SR Linux password policy, no secret"),
    F("password aging|history #", ref="SR Linux password policy, no secret"),
    F("authentication|privacy protocol A", context="system snmp", ref="SNMPv3 protocol names, no secret"),
    F("", statement="system aaa authentication idle-timeout|exit-on-reject|authentication-method|password"),
    F("", statement="system aaa authentication admin-user|linuxadmin-user ssh-key"),
    F("", statement="system aaa authentication user * ssh-key|role"),
    F("", statement="system aaa authorization|accounting"),
    F("", statement="system tls server-profile|profile * authenticate-client|cipher-list|certificate|trust-anchor"),
)
