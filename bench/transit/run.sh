#!/usr/bin/env bash
# Transit encrypt throughput over HTTP (single and batch of 100) vs. a same-run baseline:
# KV v2 read of a small secret on the same dev server. Usage: bench/transit/run.sh [duration=5s]
# Prints a markdown table for docs/BENCHMARKS.md (## Transit).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-5s}
command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
dotnet build src/Strongroom.Cli -c Release -nologo -v quiet >/dev/null
CLI="dotnet src/Strongroom.Cli/bin/Release/net10.0/strongroom.dll"
WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export BENCH_TOKEN="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PORT=${PORT:-18210}
ADDR=http://127.0.0.1:$PORT

wait_http() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }
wrk_run() { # script -> "rps p50 p99"
  local out; out=$(wrk -t2 -c16 -d"$DURATION" --latency -s "$1" "$ADDR")
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx responses from $1" >&2; echo "$out" >&2; exit 1; fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}
api() { curl -sf -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" "$@"; }

$CLI server -dev -dev-listen-address=127.0.0.1:$PORT -dev-root-token-id="$BENCH_TOKEN" > "$WORK/dev.log" 2>&1 & PID=$!
wait_http $ADDR/v1/sys/health
api -d '{"type":"transit"}' $ADDR/v1/sys/mounts/transit
api -d '{"type":"aes256-gcm96"}' $ADDR/v1/transit/keys/bench
api -d '{"data":{"api_key":"bench-value-0123456789abcdef-not-a-real-key"}}' $ADDR/v1/secret/data/bench/read

# warm-up, then measure: baseline first, then the two transit shapes
# (the baseline runs before and after the transit runs; the table shows both)
wrk -t2 -c16 -d2s -s bench/transit/encrypt.lua "$ADDR" >/dev/null
wrk -t2 -c16 -d2s -s bench/wrk/read.lua "$ADDR" >/dev/null
read -r kv_rps kv_p50 kv_p99 < <(wrk_run bench/wrk/read.lua)
read -r one_rps one_p50 one_p99 < <(wrk_run bench/transit/encrypt.lua)
read -r b_rps b_p50 b_p99 < <(wrk_run bench/transit/encrypt-batch.lua)
read -r kv2_rps kv2_p50 kv2_p99 < <(wrk_run bench/wrk/read.lua)
kv_rps=$(awk -v a="$kv_rps" -v b="$kv2_rps" 'BEGIN { printf "%.2f", (a+b)/2 }')
items=$(awk -v r="$b_rps" 'BEGIN { printf "%.0f", r*100 }')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100*a/b }'; }
cat <<MD
| Measure (dev server, in memory, wrk -t2 -c16, $DURATION) | Requests/s | p50 | p99 | Plaintexts/s | vs. KV v2 read (same run) |
|---|---|---|---|---|---|
| Baseline: KV v2 read, mean of a run before and after (after: $kv2_rps) | $kv_rps | $kv_p50 / $kv2_p50 | $kv_p99 / $kv2_p99 | | 100% |
| Transit encrypt, single (64 B) | $one_rps | $one_p50 | $one_p99 | $one_rps | $(ratio "$one_rps" "$kv_rps") |
| Transit encrypt, batch of 100 (64 B each) | $b_rps | $b_p50 | $b_p99 | $items | $(ratio "$items" "$kv_rps") (plaintexts/s) |
MD
echo "(load average at end: $(cut -d' ' -f1-3 /proc/loadavg))"
