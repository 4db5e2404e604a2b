"""Secret-bearing statements of each platform, from the vendors' command references and hardening guides.

Each entry names the words before the secret, the secret (``S``) and the type marker that stays visible
(``T``: rules read ``7`` against ``9``, ``cipher`` against ``simple``). Entries with an empty secret are
known statements that carry none although they contain a secret keyword (``aaa authentication``, ``key
chain``): the fail-closed rule leaves their weak keywords alone (never ``key``, ``password``... after their
own words). At a word, the longest matching entry wins, and among equals one bound to a statement or a
block; an entry whose secret pattern has no ``S`` matches to say "no secret here" (``authentication-key 1 {``).
"""

from __future__ import annotations

from devaudit.redaction.forms import SecretForm as F

__all__ = ["COMMON", "KNOWN_WORDS", "PLATFORM_FORMS", "SECRET_KEYWORDS", "SECRET_SUFFIXES", "STRONG_KEYWORDS"]

# Forms every platform shares.
COMMON: tuple[F, ...] = (
    F("password|passwd|pwd [T] [T] S", ref="login and user passwords, every vendor"),
    F("secret [level #] [T] [T] S", ref="crypt secrets, every vendor"),
    F("key-string [password] [T] [T] S", ref="key chains (IOS, NX-OS, XR, EOS, VRP, Comware)"),
    F("encrypted-password|plain-text-password-value|simple-password|chap-secret|local-password S"),
    F("shared-secret|shared-key|server-key|secret-key|md5-key|md5-password|auth-key|auth-password|psk [T] [T] S"),
    F("authentication-password|privacy-password|privacy-key|auth-passphrase|priv-passphrase|passphrase [T] S"),
    F(
        "pre-shared-key|pre-share [local|remote] [address [ipv6] *] [hostname *] [*]"
        " [ascii-text|hexadecimal|ascii|hex] [T] [T] S"
    ),
    F("pre-shared-key address|hostname [ipv6] * [*] key [T] S", ref="IOS keyring, Comware IKE keychain peers"),
)

_CISCO: tuple[F, ...] = (
    F("secret|password [level #] [T] S", statement="enable", ref="IOS enable secret/password"),
    F("key config-key password-encrypt|password-encryption [T] S", ref="IOS and ASA master key"),
    F("authentication key eigrp # S", ref="ASA EIGRP interface key"),
    F("authentication mode hmac-sha-256 [T] S", ref="IOS named EIGRP HMAC-SHA-256 password"),
    F("authentication S", context="hsrp|vrrp|glbp #", ref="XR and NX-OS HSRP block authentication"),
    F("key [T] S", context="tacacs|radius server", ref="IOS 15.x named AAA servers"),
    F("pac key [T] S", context="radius server", ref="IOS RADIUS PAC key"),
    F("key [T] S", statement="tacacs-server|radius-server", ref="IOS legacy AAA server key"),
    F("server-private * [auth-port #] [acct-port #] [timeout #] [retransmit #] key [T] S"),
    F("client * [vrf *] server-key [T] S", context="aaa server radius"),
    F("key [T] S", context="crypto isakmp client configuration group", ref="IOS Easy VPN group key"),
    F("key [T] S", statement="crypto isakmp", ref="IOS IKEv1 pre-shared key"),
    F("key [T] S", statement="isakmp", ref="ASA 8.x IKEv1 key"),
    F("key [T] S", statement="pre-shared-key", context="crypto keyring", ref="IOS keyring"),
    F("local|remote [T] S", statement="pre-shared-key", context="peer", ref="IOS IKEv2 keyring peer"),
    F("pre-shared-key [local|remote] [T] S", context="crypto ikev2 keyring", ref="IOS IKEv2 keyring"),
    F("pre-share key [T] S", ref="IOS IKEv2 profile authentication local pre-share key"),
    F("auth [encrypted] A [T] S", statement="snmp-server user", ref="SNMPv3 user authentication"),
    F("priv [encrypted] [A] [#] [T] S", statement="snmp-server user", ref="SNMPv3 user privacy"),
    F("community [T] V", statement="snmp-server"),
    F("community [T] S", statement="snmp-server host"),
    F("host * [vrf *] [informs|traps|inform|trap] [version 1|2c|3] [auth|noauth|priv] [T] S", statement="snmp-server"),
    F("message-digest-key # A [T] S", ref="OSPF MD5 keys"),
    F("authentication-key [#] [A] [T] S", ref="OSPF, NTP authentication keys"),
    F("authentication ipsec spi # A [T] S", ref="OSPFv3 IPsec authentication"),
    F("encryption ipsec spi # esp * [#] [T] S [A [T] S]", ref="OSPFv3 IPsec encryption and authentication keys"),
    F("session-key inbound|outbound esp # cipher S [authenticator S]", ref="IOS manual IPsec SA keys"),
    F("session-key inbound|outbound esp # authenticator S", ref="IOS manual IPsec SA, authentication only"),
    F("session-key inbound|outbound ah # S", ref="IOS manual IPsec SA, AH key"),
    F("key config-key # S", ref="IOS crypto configuration key"),
    F("community-map V", statement="snmp-server", ref="XR SNMP community map"),
    F("key [T] S", context="server-private", ref="XR server-private block key"),
    F("host * S", statement="aaa-server", ref="ASA aaa-server host with its key on the same line"),
    F("radius-common-pw [T] S", ref="ASA RADIUS common password"),
    F("authentication text S", ref="HSRP, VRRP, GLBP, NX-OS OSPF text authentication"),
    F("authentication md5 key-string [T] S", ref="HSRP, VRRP, GLBP MD5 key string"),
    F("authentication S", statement="standby|vrrp|glbp", ref="HSRP/VRRP plain authentication"),
    F("authentication S", statement="standby|vrrp|glbp #", ref="HSRP/VRRP plain authentication"),
    F("authentication [T] S", statement="ip nhrp", ref="NHRP authentication"),
    F("wpa-psk ascii|hex [T] S", ref="802.11 WPA PSK"),
    F("authentication key [T] S", ref="EOS router isis / interface isis authentication key"),
    F("password peer * [T] S", statement="ip msdp"),
    F("password * [T] S", statement="ip msdp", ref="NX-OS MSDP peer password (peer address first)"),
    F("key [T] S", statement="failover", ref="ASA failover key"),
    F("key [T] S", context="aaa-server", ref="ASA AAA server host key"),
    F("ldap-login-password [T] S"),
    F("secret # [T] S", context="session shared-secret profile", ref="EOS shared-secret profile"),
    F("lsp-password|hello-password|area-password|domain-password [hmac-md5|text|md5] [T] [T] S"),
    F("text-authentication S", ref="XR VRRP"),
    F("key-id # key|hex-key [T] S", statement="bfd", ref="NX-OS BFD keyed SHA-1"),
    F("bfd authentication * key-id # key|hex-key [T] S", ref="NX-OS interface BFD keyed SHA-1"),
    F("hello-authentication ah-md5 [T] S", ref="NX-OS PIM hello authentication"),
    F("authentication key # S", statement="eigrp", ref="ASA EIGRP"),
    F("key [T] S", context="tacacs-server host", ref="XR TACACS+ host"),
    F("key [T] S", context="radius-server host", ref="XR RADIUS host"),
    # Known statements with secret keywords and no secret.
    F("", statement="aaa"),
    F("", statement="ip|ipv6 community-list|extcommunity-list|large-community-list"),
    F("", statement="set|match|if|elseif|delete|remove community|extcommunity|large-community|comm-list"),
    F("", statement="community|extcommunity|large-community|comm-list", context="route-map|route-policy"),
    F("", statement="ntp server|peer"),
    F("", statement="server|peer vrf"),
    F("", statement="server|peer *", context="ntp"),
    F("", statement="tunnel key"),
    F("", statement="username * passphrase"),
    F("", statement="ssh|ssl cipher"),
    F("", statement="security authentication|passwords"),
    F("", statement="broadcast-key"),
    F("", statement="key chain|config-key"),
    F("", statement="key #", context="key chain|keychain|key-chain"),
    F("", statement="crypto key"),
    F("", statement="crypto pki"),
    F("", statement="service password-encryption|password-recovery"),
    F("", statement="password encryption|strength-check|policy"),
    F("", statement="login authentication|block-for"),
    F("", statement="ppp authentication"),
    F("", statement="ip ssh|ssh"),
    F("", statement="ip ospf authentication"),
    F("", statement="ip ospf authentication message-digest|null|key-chain"),
    F("", statement="ip rip authentication mode|key-chain"),
    F("", statement="area * authentication"),
    F("", statement="authentication message-digest|key-chain|mode"),
    F("", statement="isis authentication mode|key-chain|type"),
    F("", statement="authentication mode|key-chain|type"),
    F("", statement="ntp authenticate|trusted-key"),
    F("", statement="snmp-server enable|group|view|engineid|trap"),
    F("", statement="dot1x|mab"),
    F("", statement="authentication protocol"),
    F("", statement="authentication aaa|certificate|pap|chap|ms-chap-v1|ms-chap-v2|eap-proxy|network-eap|key-chain"),
    F(
        "",
        statement="authentication port-control|order|priority|host-mode|periodic|timer|violation|event|open|fallback",
    ),
    F("", statement="tacacs-server|radius-server timeout|retransmit|deadtime|directed-request|attribute"),
    F("", statement="username * privilege #"),
    F("", statement="security passwords"),
    F("", statement="passwd-policy"),
)

_JUNOS: tuple[F, ...] = (
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

_HUAWEI: tuple[F, ...] = (
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

_ZTE: tuple[F, ...] = (
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

_SROS: tuple[F, ...] = (
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

PLATFORM_FORMS: dict[str, tuple[F, ...]] = {
    "cisco_ios": _CISCO,
    "cisco_nxos": _CISCO,
    "cisco_xr": _CISCO,
    "cisco_asa": _CISCO,
    "arista_eos": _CISCO,
    "huawei_vrp": _HUAWEI,
    "hp_comware": _HUAWEI,
    "zte_zxros": (*_ZTE, *_CISCO),
    "juniper_junos": _JUNOS,
    "nokia_sros": _SROS,
}

# Words that make a statement look secret-bearing: when no entry above accounts for them, the fail-closed
# rule masks what follows them.
SECRET_KEYWORDS = frozenset(
    {
        "password", "passwd", "pwd", "secret", "key", "key-string", "community", "psk", "pre-shared-key",
        "pre-share", "shared-key", "shared-secret", "passphrase", "pass-phrase", "authentication-key",
        "auth-key", "md5-key", "message-digest-key", "encrypted-password", "authentication", "securityname",
        "security-name", "cipher", "simple", "auth", "priv", "privacy", "wpa-psk", "usm-community",
        "authentication-mode", "privacy-mode", "text-authentication", "pw", "checkcode",
    }
)  # fmt: skip
# Keywords whose value is a secret wherever they appear: a known statement does not excuse them after its
# own words (``primary authentication A key simple V`` is a known statement with a key).
STRONG_KEYWORDS = frozenset(
    {
        "password", "passwd", "pwd", "secret", "key", "key-string", "community", "psk", "pre-shared-key",
        "shared-key", "shared-secret", "passphrase", "pass-phrase", "authentication-key", "auth-key", "md5-key",
        "encrypted-password", "wpa-psk",
    }
)  # fmt: skip
SECRET_SUFFIXES = (
    "-password", "-passwd", "-secret", "-key", "-psk", "-passphrase", "-token",
    "_password", "_passwd", "_pass", "_secret", "_key", "_psk", "_passphrase", "_token",  # script variables
)  # fmt: skip

# Words that may sit between a secret keyword and its value, or follow the value, without being values:
# the fail-closed rule leaves them readable.
KNOWN_WORDS = frozenset(
    {
        "level", "privilege", "role", "group", "local", "remote", "address", "host", "hostname", "vrf", "port",
        "timeout", "retransmit", "ro", "rw", "rwa", "r", "read", "write", "read-only", "read-write", "view", "acl",
        "ipv4-access-list", "ipv6-access-list", "access-list", "ipv6", "ipv4", "mask", "type", "value", "mode",
        "text", "key-id", "spi", "esp", "ipsec", "version", "v1", "v2c", "v3", "auth-port", "acct-port",
        "udp-port", "source", "interface", "peer", "algorithm", "direction", "bi", "send", "receive", "entry",
        "begin-time", "tolerance", "single-connection", "authorization", "accounting", "login", "enable",
        "default", "none", "list", "ip", "server", "client", "priority", "vrid", "params", "trap", "traps",
        "inform", "informs", "udp-domain", "target-host", "usm-user", "engineid", "localizedkey", "nopassword",
        "{", "}", ";", "##", "secret-data", "access-permissions", "version-v2c", "message-digest", "keychain",
        "key-chain", "access", "at", "comment", "encryption", "authentication-type", "prefer", "minpoll",
        "maxpoll", "iburst", "burst", "keyboard-interactive", "publickey", "public-key", "true", "false",
    }
)  # fmt: skip
