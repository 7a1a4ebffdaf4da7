#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to (real peers on loopback), only when missing.
# Idempotent: a machine that already has them spends no time here.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have sipp      || need+=(sip-tester)
have baresip   || need+=(baresip)
have kamailio  || need+=(kamailio)
have sox       || need+=(sox)
have tshark    || need+=(tshark)
have espeak-ng || need+=(espeak-ng)   # speech for baresip's microphone WAV in the media interop tests
have openssl   || need+=(openssl)
have postfix   || need+=(postfix)          # delivery interop: SMTP in front of Dovecot
have dovecot   || need+=(dovecot-imapd)    # delivery interop: IMAP read-back and APPEND
[ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)   # Postfix hands mail to Dovecot over LMTP

if [ "${#need[@]}" -eq 0 ]; then
  echo "test peers: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "test peers missing (${need[*]}) and not root: install them with apt-get" >&2
  exit 1
fi

echo "test peers: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# No system mail configuration: the tests run their own Postfix instance (test/interop/harness/mail.ts).
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
echo "test peers: installed"
