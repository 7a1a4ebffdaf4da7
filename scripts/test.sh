#!/usr/bin/env bash
# The whole OpenUM test suite on a fresh machine (Debian, Node 20): `npm test` runs this.
#   1. installs the real peers the interop tests talk to (sipp, Kamailio, ...), when missing
#   2. installs node_modules when missing (CI runs `npm ci` first: see .ci/run)
#   3. builds (tsc -> dist/; a type error fails the run)
#   4. unit tests (everything under dist/test except interop/), in parallel
#   5. interop tests (dist/test/interop/), one file at a time: they start real peers and some
#      measure SIP timers, so they must not compete for the CPU
# Output: node's spec reporter for people; TAP copies in test-artifacts/{unit,interop}.tap; and a
# final summary block with "# tests N", "# pass N", "# fail N" lines for CI.
# Exit status: non-zero when anything failed (build, a unit test or an interop test).
# Logs and traces of each interop test: test-artifacts/<test name>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-test-peers.sh

# better-sqlite3 (and any other native module) has no reachable prebuilt binary here: node-gyp
# builds it against the local Node headers, which it only finds with this (else it tries to
# download them and fails).
export npm_config_nodedir=/usr
[ -d node_modules ] || npm ci

# OPENUM_OUT_DIR (default dist) lets a developer run the suite from a private build folder while
# others use dist/; the interop harness starts the server from $OPENUM_OUT_DIR/src/cli/main.js.
out=${OPENUM_OUT_DIR:-dist}
rm -rf "$out"             # no stale compiled tests from deleted sources
if [ "$out" = dist ]; then
  npm run build --silent
else
  npx tsc -p tsconfig.json --outDir "$out"
fi
export OPENUM_MAIN="$PWD/$out/src/cli/main.js"

mkdir -p test-artifacts
mapfile -t unit < <(find "$out/test" -name '*.test.js' -not -path "$out/test/interop/*" | sort)
mapfile -t interop < <(find "$out/test/interop" -name '*.test.js' 2>/dev/null | sort)

status=0
run_suite() { # name, bound in seconds, extra node flags..., --, files...
  local name=$1 bound=$2; shift 2
  local flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  if [ "$#" -eq 0 ]; then
    echo "# no $name tests found"
    printf 'TAP version 13\n# tests 0\n# pass 0\n# fail 0\n' > "test-artifacts/$name.tap"
    return 0
  fi
  echo "== $name tests ($# files)"
  timeout --kill-after=30 "$bound" node --test "${flags[@]}" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="test-artifacts/$name.tap" \
    "$@" || status=1
}

run_suite unit 600 -- "${unit[@]}"
run_suite interop 1200 --test-concurrency=1 -- "${interop[@]}"

# Benchmarks run here only as smoke tests (short runs, no timed assertion): they must run to the
# end on a fresh machine. Their figures go to test-artifacts/bench-*.txt; real runs are by hand.
echo "== benchmark smoke runs"
smoke() { # name, command...
  local name=$1; shift
  if timeout 300 "$@" > "test-artifacts/bench-$name.txt" 2>&1; then
    echo "bench $name: ran ($(tail -n 1 "test-artifacts/bench-$name.txt"))"
  else
    echo "bench $name: FAILED (see test-artifacts/bench-$name.txt)"; tail -n 20 "test-artifacts/bench-$name.txt"; status=1
  fi
}
smoke sip node "$out/bench/sipParser.js" --duration=100 --rounds=9
smoke rfc4475 node "$out/bench/rfc4475Report.js"
smoke media node "$out/bench/media.js" --calls 10
smoke deposit node "$out/bench/deposit.js" --calls 10

# One summary for both runs, from the TAP trailers ("# pass N" ...).
echo
echo "== summary (unit + interop)"
for key in tests pass fail cancelled skipped todo; do
  total=$(cat test-artifacts/unit.tap test-artifacts/interop.tap 2>/dev/null |
    awk -v k="$key" '$0 ~ ("^# " k " [0-9]+$") { n += $3 } END { print n + 0 }')
  echo "# $key $total"
  if [ "$key" = fail ] && [ "$total" -ne 0 ]; then status=1; fi
  if [ "$key" = cancelled ] && [ "$total" -ne 0 ]; then status=1; fi
done
exit "$status"
