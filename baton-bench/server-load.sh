#!/usr/bin/env bash
# A load from outside on `./baton server` with its shipped defaults, cold and warm, for one or more
# checkouts side by side (docs/BENCHMARKS.md, "A load from outside").
#
#   baton-bench/server-load.sh [--pairs N] [--rounds N] CHECKOUT...
#
# For every pair, every shape (10-task chains, 50-task fan-outs) and every checkout, in turn:
# a fresh broker (this checkout's `./baton broker`, a new data directory), the topics as declared
# (6 partitions), the checkout's `./baton server` started from its own directory with a new state
# directory, then `./baton bench load` from this checkout: rounds of 10,000 tasks, the first one
# the server's cold figure. The server and the broker are stopped after each run. Rounds go to
# target/server-load/rounds.jsonl, logs beside it.
#
# A checkout written CHECKOUT@OPTIONS runs its server with those JVM options (BATON_JAVA_OPTS), to
# compare an option side by side: `server-load.sh . .@-XX:TieredStopAtLevel=1`.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd -P)
pairs=1
rounds=20
checkouts=()
while [ $# -gt 0 ]; do
  case $1 in
    --pairs) pairs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "server-load: unknown option $1" >&2; exit 2 ;;
    *@*) checkouts+=("$(cd "${1%%@*}" && pwd -P)@${1#*@}"); shift ;;
    *) checkouts+=("$(cd "$1" && pwd -P)"); shift ;;
  esac
done
[ ${#checkouts[@]} -gt 0 ] || checkouts=("$here")

out=$here/target/server-load
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/baton-server-load.XXXXXX")
broker_pid=
server_pid=

stop() {
  for pid in $server_pid $broker_pid; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  server_pid=
  broker_pid=
}
trap 'stop; rm -rf "$work"' EXIT

# Every checkout builds now, not inside a measured run.
for c in "$here" "${checkouts[@]}"; do
  "${c%%@*}/baton" --version >/dev/null
done

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "server-load: $what not up within $seconds s (logs in $out)" >&2
  exit 1
}

for pair in $(seq 1 "$pairs"); do
  for shape in chain fan-out; do
    for entry in "${checkouts[@]}"; do
      c=${entry%%@*}
      opts=
      [ "$entry" = "$c" ] || opts=${entry#*@}
      name=$(basename "$c")@$(git -C "$c" rev-parse --short HEAD)${opts:+ $opts}
      run=$work/run
      rm -rf "$run"
      mkdir -p "$run"
      "$here/baton" broker --data-dir "$run/broker" >"$out/broker.log" 2>&1 &
      broker_pid=$!
      wait_for "the broker" 90 "$here/baton" topics create
      (cd "$c" && BATON_JAVA_OPTS=$opts exec ./baton server --state-dir "$run/state" --application-id "load-$pair") \
        >"$out/server-$shape.log" 2>&1 &
      server_pid=$!
      wait_for "the server" 120 curl -sf http://127.0.0.1:8080/ready
      # The server's JVM: ./baton execs it, or runs it as a child while it records a class archive.
      jvm=$(pgrep -f -- "--state-dir $run/state" | while read -r p; do
        [ "$(ps -o comm= -p "$p")" = java ] && echo "$p"; done | head -n 1)
      "$here/baton" bench load --shape "$shape" --rounds "$rounds" --server-pid "$jvm" \
        --label "$name pair $pair" --output "$out/rounds.jsonl" 2>"$out/load.log"
      stop
    done
  done
done
