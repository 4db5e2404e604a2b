"""No secret value from any config reaches any artefact of any format (reports, fix scripts, console).

Secret values are found here independently of devaudit's redactor: (1) every token that follows a
secret keyword in the real corpus and simulator configs and appears nowhere else in its file, and
(2) unique sentinels planted in secret-bearing constructs of each platform's syntax, some reused in other
names (an ACL named after its community). tests/security/ holds the full sentinel suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from devaudit.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
_KEYWORD = re.compile(
    r"\b(?:password|passwd|secret|key|key-string|community|cipher|irreversible-cipher|encrypted|"
    r"encrypted-password|authentication-key|pre-shared-key|shared-key|md5|sha|hash|auth|priv|psk|ascii-text|"
    r"message-digest-key)\s+(?:(?:\d{1,2}|sha512|md5|encrypted|cipher|simple|clear)\s+)?(\"[^\"]*\"|\S+)",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"^(?:<.*>|\*+|x+|a+|%censored%|password|secret|encrypted|cipher|\$\w+\$?)$", re.I)
# Algorithm names follow 'cipher', 'auth', 'encryption'... and are not secrets.
_ALGORITHM = re.compile(
    r"^(?:aes|3des|des|md5|sha|hmac|esp|cbc|ctr|gcm|chacha|blowfish|rc4|diffie|ecdh|curve|ssh-|rsa|dh-group)", re.I
)


def _candidates(text: str) -> set[str]:
    found: set[str] = set()
    for match in _KEYWORD.finditer(text):
        value = match.group(1).strip('"')
        if len(value) < 6 or _PLACEHOLDER.match(value) or _ALGORITHM.match(value):
            continue
        if not re.search(r"[\d$%^*#@+/=]", value):
            continue
        # Only values that occur in nothing but secret positions (not names reused elsewhere in the file).
        if text.count(value) == sum(1 for m in _KEYWORD.finditer(text) if value in m.group(1)):
            found.add(value)
    return found


SENTINELS = {
    "cisco_ios": """version 15.2
hostname SENT-IOS
enable secret 5 $1$Sn01$SentinelHashIos01
enable password 7 0822455D0A16AA01
username ops password 7 1511021F0725SN02
username adm privilege 15 secret 9 $9$Sn03abcdefg$SentinelScrypt03xyz
snmp-server community SntlComm04Q RO SntlComm04Q-ACL
ip access-list standard SntlComm04Q-ACL
 permit 192.0.2.0 0.0.0.255
tacacs server TAC1
 address ipv4 192.0.2.11
 key SntlTacSrv40Q
crypto ikev2 keyring KR
 peer P1
  address 192.0.2.30
  pre-shared-key local SntlIkev41Q
snmp-server host 192.0.2.9 version 2c SntlTrap05Q
tacacs-server host 192.0.2.10 key 7 SntlTacKey06Q
key chain OSPF
 key 1
  key-string 7 SntlKeyStr07Q
interface GigabitEthernet0/0
 ip ospf message-digest-key 1 md5 7 SntlOspf08Q
router bgp 65000
 neighbor 192.0.2.1 password 7 SntlBgp09Q
ntp authentication-key 1 md5 SntlNtp10Q 7
crypto isakmp key SntlIsakmp11Q address 192.0.2.20
line vty 0 4
 password 7 SntlLine12Q
end
""",
    "huawei_vrp": """sysname SENT-VRP
#
aaa
 local-user admin password irreversible-cipher $1a$SntlVrp13Q$
 local-user ops password cipher %^%#SntlVrp14Q%^%#
 local-user old password simple SntlVrp15Q
#
snmp-agent community read cipher %^%#SntlVrp16Q%^%#
hwtacacs-server shared-key cipher %^%#SntlVrp17Q%^%#
ntp-service authentication-keyid 1 authentication-mode md5 cipher SntlVrp18Q
#
return
""",
    "juniper_junos": """system {
    root-authentication {
        encrypted-password "$6$SntlJun19Q$abcdef"; ## SECRET-DATA
    }
    login {
        user ops {
            authentication {
                encrypted-password "$1$SntlJun20Q$xyz"; ## SECRET-DATA
            }
        }
    }
    tacplus-server {
        192.0.2.10 secret "$9$SntlJun21Q"; ## SECRET-DATA
    }
    ntp {
        authentication-key 1 type md5 value SntlJun42Q;
    }
}
protocols {
    bgp {
        group IBGP {
            authentication-key SntlJun43Q;
        }
    }
}
snmp {
    community SntlJun22Q {
        authorization read-only;
    }
}
""",
    "zte_zxros": """!<system-user>
system-user
  user-name ops
    password SntlZte23Q
  $
  user-name adm
    password encrypted *21*SntlZte24QabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY
Z0123456789SntlZte25Q
  $
$
!</system-user>
!<snmp>
snmp-server community encrypted *31*SntlZte26Q view AllView ro ipv4-access-list 10
!</snmp>
""",
    "nokia_sros": """# TiMOS-B-21.2.R1 both/x86_64 Nokia 7750 SR
configure {
    system {
        security {
            user-params {
                local-user {
                    user "ops" {
                        password "SntlSros27Q"
                    }
                }
            }
            snmp {
                community "SntlSros28Q" {
                    access-permissions r
                }
            }
        }
    }
}
""",
    "hp_comware": """ version 7.1.070
 sysname SENT-CMW
#
local-user ops class manage
 password simple SntlCmw29Q
local-user adm class manage
 password cipher $c$3$SntlCmw30Q
#
snmp-agent community read SntlCmw31Q acl 2000
#
return
""",
}


def _artefacts(paths: list[str], tmp: Path, *extra: str) -> str:
    out = tmp / "out"
    formats = [a for f in ("json", "csv", "markdown", "html", "sarif", "junit") for a in ("-f", f)]
    result = CliRunner().invoke(main, ["audit", *paths, "-o", str(out), *formats, *extra])
    console = CliRunner().invoke(main, ["audit", *paths, "-v", *extra])
    texts = [result.stdout, result.stderr, console.stdout, console.stderr]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()]
    assert (out / "report.json").exists()
    return "\n".join(texts)


@pytest.mark.parametrize("platform", sorted(SENTINELS))
def test_sentinel_secrets_never_reach_artefacts(platform: str, tmp_path: Path) -> None:
    config = tmp_path / f"{platform}.cfg"
    config.write_text(SENTINELS[platform], encoding="utf-8")
    everything = _artefacts([str(config)], tmp_path, "--platform", platform)
    planted = set(re.findall(r"Sntl\w+?\d\dQ|Sentinel\w+|Sn0\d\w*", SENTINELS[platform]))
    assert planted
    leaked = sorted(s for s in planted if s in everything)
    assert leaked == []


def test_corpus_and_simulator_secrets_never_reach_artefacts(tmp_path: Path) -> None:
    files = sorted((ROOT / "mocks" / "configs").glob("*/*.cfg"))
    if CORPUS.exists():
        files += sorted(p for p in CORPUS.glob("*/*") if p.suffix not in (".md", ".tsv"))
    secrets: dict[str, str] = {}
    for file in files:
        for value in _candidates(file.read_text(encoding="utf-8", errors="replace")):
            secrets.setdefault(value, str(file))
    assert len(secrets) > 50, "the extractor found too few secrets to mean anything"
    everything = _artefacts([str(f) for f in files], tmp_path)
    leaked = sorted(f"{value} (from {source})" for value, source in secrets.items() if value in everything)
    assert leaked == []
