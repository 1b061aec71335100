#!/usr/bin/env bash
# Gateway overhead: non-streaming chat completions through `strongroom gateway` vs. direct to the same
# fake upstream, in the same run, 16 connections (wrk -t2 -c16). Usage: bench/gateway/run.sh [duration=10s] [audit=off|file]
# Prints a markdown table for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10s}
AUDIT=${2:-off}
command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
dotnet build src/Strongroom.Cli -c Release -nologo -v quiet >/dev/null
dotnet build bench/gateway/Strongroom.Bench.Gateway -c Release -nologo -v quiet >/dev/null
CLI="dotnet src/Strongroom.Cli/bin/Release/net10.0/strongroom.dll"
UPSTREAM="dotnet bench/gateway/Strongroom.Bench.Gateway/bin/Release/net10.0/Strongroom.Bench.Gateway.dll"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
rand() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
ROOT="bench-$(rand 12)"
export BENCH_UPSTREAM_KEY="sk-proj-fake-bench-$(rand 16)"
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }
api() { curl -sf -X "$1" -H "X-Vault-Token: $ROOT" -H 'Content-Type: application/json' ${3:+-d "$3"} "http://127.0.0.1:18210/v1/$2"; }
wrk_run() { # url key [script] -> "rps p50 p99"
  local out; out=$(BENCH_KEY="$2" wrk -t2 -c16 -d"$DURATION" --latency -s "${3:-bench/gateway/chat.lua}" "$1")
  echo "$out" > "$WORK/last-wrk.txt"
  local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  [ -z "$non2xx" ] || { echo "non-2xx answers: $non2xx" >&2; cat "$WORK/last-wrk.txt" >&2; exit 1; }
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /s$/) { sub(/s$/, "", v); print v*1000 } }'; }

$CLI server -dev -dev-listen-address=127.0.0.1:18210 -dev-root-token-id="$ROOT" > "$WORK/server.log" 2>&1 & PIDS+=($!)
$UPSTREAM 18310 > "$WORK/upstream.log" 2>&1 & PIDS+=($!)
wait_http http://127.0.0.1:18210/v1/sys/health
for _ in $(seq 1 300); do curl -s -o /dev/null -X POST http://127.0.0.1:18310/v1/chat/completions && break; sleep 0.05; done
if [ "$AUDIT" = "file" ]; then api PUT sys/audit/file "{\"type\":\"file\",\"options\":{\"file_path\":\"$WORK/audit.log\"}}"; fi
api POST sys/mounts/ai '{"type":"ai"}'
api POST ai/providers/openai "{\"type\":\"openai\",\"base_url\":\"http://127.0.0.1:18310\",\"api_key\":\"$BENCH_UPSTREAM_KEY\"}"
# Limits set high enough not to refuse, so every check (budget, rate window) runs on each request.
api POST ai/roles/bench '{"providers":"openai","allowed_models":"gpt-4o*","ttl":"1h","token_budget":1000000000000,"requests_per_minute":100000000}'
api PUT sys/policies/acl/ai-gateway '{"policy":"path \"ai/gateway/*\" { capabilities = [\"update\"] }"}'
GW_TOKEN=$(api POST auth/token/create '{"policies":["ai-gateway"]}' | sed -E 's/.*"client_token":"([^"]+)".*/\1/')
CREDS=$(api GET ai/creds/bench)
VKEY=$(echo "$CREDS" | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
ACCESSOR=$(echo "$CREDS" | sed -E 's/.*"accessor":"([^"]+)".*/\1/')
STRONGROOM_ADDR=http://127.0.0.1:18210 STRONGROOM_TOKEN="$GW_TOKEN" $CLI gateway -address=127.0.0.1:18510 > "$WORK/gateway.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 300); do grep -q listening "$WORK/gateway.log" && break; sleep 0.05; done

# Warm up both paths (JIT, connection pools), then measure direct and through the gateway.
DURATION=3s wrk_run http://127.0.0.1:18310 "$BENCH_UPSTREAM_KEY" > /dev/null
DURATION=3s wrk_run http://127.0.0.1:18510 "$VKEY" > /dev/null
read -r d_rps d_p50 d_p99 < <(wrk_run http://127.0.0.1:18310 "$BENCH_UPSTREAM_KEY")
read -r g_rps g_p50 g_p99 < <(wrk_run http://127.0.0.1:18510 "$VKEY")
# For the breakdown: the server's reserve call alone, on a second key (these reservations are never settled).
CREDS2=$(api GET ai/creds/bench)
VKEY2=$(echo "$CREDS2" | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
read -r r_rps r_p50 r_p99 < <(BENCH_TOKEN="$GW_TOKEN" wrk_run http://127.0.0.1:18210 "$VKEY2" bench/gateway/reserve.lua)
sleep 1
REQS=$(api GET "ai/keys/$ACCESSOR" | sed -E 's/.*"requests":([0-9]+).*/\1/')

d50=$(to_ms "$d_p50"); d99=$(to_ms "$d_p99"); g50=$(to_ms "$g_p50"); g99=$(to_ms "$g_p99"); r50=$(to_ms "$r_p50"); r99=$(to_ms "$r_p99")
echo "| path | requests/s | p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|"
echo "| direct to fake upstream | $d_rps | $d50 | $d99 |"
echo "| through gateway (audit: $AUDIT) | $g_rps | $g50 | $g99 |"
echo "| breakdown: server reserve call alone (POST ai/gateway/reserve) | $r_rps | $r50 | $r99 |"
awk -v dr="$d_rps" -v gr="$g_rps" -v d50="$d50" -v g50="$g50" -v d99="$d99" -v g99="$g99" 'BEGIN {
  printf "\nadded latency p50: %.3f ms, p99: %.3f ms; throughput: %.1f%% of direct\n", g50-d50, g99-d99, 100*gr/dr }'
echo "requests metered on the virtual key (all runs incl. warm-up): $REQS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
