#!/usr/bin/env bash
# KV v2 over HTTP vs same-run baselines. Usage: bench/kv-http.sh [duration=10s] [all|write]
# ("write": only the KV v2 write on SQLite row and its raw-insert baseline)
# Prints a markdown table for docs/BENCHMARKS.md. BENCH_ONLY=audit runs only the KV read rows (with and
# without a file audit device, ~40 s at 10s) and prints the read and audit rows.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
ONLY=${2:-all}
# BENCH_PORT_OFFSET moves every port (several helpers may benchmark on one machine at once).
OFF=${BENCH_PORT_OFFSET:-0}
P_DEV=$((18200 + OFF)); P_BARE=$((18300 + OFF)); P_SQL=$((18400 + OFF)); P_START=$((18500 + OFF)); P_RSS=$((18600 + OFF))
command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
dotnet build src/Strongroom.Cli -c Release -nologo -v quiet >/dev/null
dotnet build bench/Strongroom.Bench -c Release -nologo -v quiet >/dev/null
CLI="dotnet src/Strongroom.Cli/bin/Release/net10.0/strongroom.dll"
BENCH="dotnet bench/Strongroom.Bench/bin/Release/net10.0/Strongroom.Bench.dll"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
export BENCH_TOKEN="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

for p in $P_DEV $P_BARE $P_SQL $P_START $P_RSS; do
  if curl -s -o /dev/null "http://127.0.0.1:$p/"; then echo "port $p is busy (another benchmark?): set BENCH_PORT_OFFSET"; exit 1; fi
done
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }
wrk_run() { # url script -> "rps p50 p99"
  local out; out=$(wrk -t2 -c16 -d"$DURATION" --latency -s "$2" "$1")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $p50 $p99"
}

# --- SQLite server for writes, and raw SQLite inserts (sets ROOT, kvw_*, raw1, raw16)
sqlite_writes() {
  cat > "$WORK/sqlite.hcl" <<HCL
storage "sqlite" { path = "$WORK/kv.db" }
listener "tcp" {
  address     = "127.0.0.1:$P_SQL"
  tls_disable = true
}
HCL
  $CLI server -config "$WORK/sqlite.hcl" > "$WORK/sqlite.log" 2>&1 & SQLPID=$!; PIDS+=($SQLPID)
  wait_http http://127.0.0.1:$P_SQL/v1/sys/seal-status
  INIT=$(curl -s -X PUT -d '{"secret_shares":1,"secret_threshold":1}' http://127.0.0.1:$P_SQL/v1/sys/init)
  KEY=$(echo "$INIT" | sed -E 's/.*"keys":\["([0-9a-f]+)".*/\1/')
  ROOT=$(echo "$INIT" | sed -E 's/.*"root_token":"([^"]+)".*/\1/')
  curl -s -o /dev/null -X PUT -d "{\"key\":\"$KEY\"}" http://127.0.0.1:$P_SQL/v1/sys/unseal
  curl -s -o /dev/null -H "X-Vault-Token: $ROOT" -d '{"type":"kv-v2"}' http://127.0.0.1:$P_SQL/v1/sys/mounts/secret
  local keep=$DURATION; DURATION=3s; BENCH_TOKEN=$ROOT wrk_run http://127.0.0.1:$P_SQL bench/wrk/write.lua >/dev/null; DURATION=$keep
  read -r kvw_rps kvw_p50 kvw_p99 < <(BENCH_TOKEN=$ROOT wrk_run http://127.0.0.1:$P_SQL bench/wrk/write.lua)
  raw1=$($BENCH sqlite-inserts "$WORK/raw1.db" 2000 1 | awk '{print $2}')
  raw16=$($BENCH sqlite-inserts "$WORK/raw16.db" 4000 16 | awk '{print $2}')
}

if [ "$ONLY" = write ]; then
  sqlite_writes
  echo "| KV v2 write on SQLite, 16 conns (req/s) | $kvw_rps (p50 $kvw_p50, p99 $kvw_p99) | raw SQLite durable single-row inserts: $raw1/s (1 thread), $raw16/s (16 threads) | $(awk -v a="$kvw_rps" -v b="$raw1" 'BEGIN { printf "%.0f%%", 100*a/b }') of 1-thread | ≥ 50% |"
  echo "(write only; duration $DURATION; wrk -t2 -c16)"
  exit 0
fi

# --- dev server (in memory) and the bare endpoint
$CLI server -dev -dev-listen-address=127.0.0.1:$P_DEV -dev-root-token-id="$BENCH_TOKEN" > "$WORK/dev.log" 2>&1 & PIDS+=($!)
wait_http http://127.0.0.1:$P_DEV/v1/sys/health
curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -d '{"data":{"api_key":"bench-value-0123456789abcdef-not-a-real-key"}}' http://127.0.0.1:$P_DEV/v1/secret/data/bench/read
SIZE=$(curl -s -H "X-Vault-Token: $BENCH_TOKEN" http://127.0.0.1:$P_DEV/v1/secret/data/bench/read | wc -c)
$BENCH bare $P_BARE "$SIZE" > /dev/null 2>&1 & PIDS+=($!)
wait_http http://127.0.0.1:$P_BARE/v1/x
BARE_SIZE=$(curl -s http://127.0.0.1:$P_BARE/v1/secret/data/bench/read | wc -c)

# Warm-up (JIT, tiered compilation, connection pools): one discarded run of each.
WARM=$DURATION; DURATION=3s
wrk_run http://127.0.0.1:$P_BARE bench/wrk/bare.lua >/dev/null
wrk_run http://127.0.0.1:$P_DEV bench/wrk/read.lua >/dev/null
DURATION=$WARM
read -r bare_rps bare_p50 bare_p99 < <(wrk_run http://127.0.0.1:$P_BARE bench/wrk/bare.lua)
read -r kvr_rps kvr_p50 kvr_p99 < <(wrk_run http://127.0.0.1:$P_DEV bench/wrk/read.lua)

# --- audit overhead: the same read with one file audit device (every line reaches the OS before the reply)
curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -X PUT -d "{\"type\":\"file\",\"options\":{\"file_path\":\"$WORK/audit.log\"}}" http://127.0.0.1:$P_DEV/v1/sys/audit/file
read -r kva_rps kva_p50 kva_p99 < <(wrk_run http://127.0.0.1:$P_DEV bench/wrk/read.lua)
read -r kvr2_rps kvr2_p50 kvr2_p99 < <(curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -X DELETE http://127.0.0.1:$P_DEV/v1/sys/audit/file; wrk_run http://127.0.0.1:$P_DEV bench/wrk/read.lua)
audit_lines=$(wc -l < "$WORK/audit.log")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100*a/b }'; }
audit_row() {
  echo "| KV v2 read with a file audit device, 16 conns (req/s) | $kva_rps (p50 $kva_p50, p99 $kva_p99); $audit_lines audit lines | same read without audit: $kvr_rps before, $kvr2_rps after | $(ratio "$kva_rps" "$kvr_rps") / $(ratio "$kva_rps" "$kvr2_rps") | ≥ 70% |"
}
if [ "${BENCH_ONLY:-}" = audit ]; then
  echo "| Measure | Strongroom | Baseline (same run) | Ratio | Target |"
  echo "|---|---|---|---|---|"
  echo "| KV v2 read, 16 conns (req/s) | $kvr_rps (p50 $kvr_p50, p99 $kvr_p99) | bare Kestrel, ${BARE_SIZE}-byte JSON: $bare_rps (p50 $bare_p50, p99 $bare_p99) | $(ratio "$kvr_rps" "$bare_rps") | ≥ 50% |"
  audit_row
  echo "(KV read response ${SIZE} bytes; duration $DURATION; wrk -t2 -c16; BENCH_ONLY=audit)"
  exit 0
fi

# --- AppRole logins (each issues and stores a token), same server
curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -X POST -d '{"type":"approle"}' http://127.0.0.1:$P_DEV/v1/sys/auth/approle
curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -X POST -d '{"token_policies":["default"],"token_ttl":"10m","secret_id_num_uses":0}' http://127.0.0.1:$P_DEV/v1/auth/approle/role/bench
export BENCH_ROLE_ID=$(curl -s -H "X-Vault-Token: $BENCH_TOKEN" http://127.0.0.1:$P_DEV/v1/auth/approle/role/bench/role-id | sed -E 's/.*"role_id":"([^"]+)".*/\1/')
export BENCH_SECRET_ID=$(curl -s -H "X-Vault-Token: $BENCH_TOKEN" -X POST http://127.0.0.1:$P_DEV/v1/auth/approle/role/bench/secret-id | sed -E 's/.*"secret_id":"([^"]+)".*/\1/')
read -r login_rps login_p50 login_p99 < <(wrk_run http://127.0.0.1:$P_DEV bench/wrk/approle.lua)

sqlite_writes

# --- dev start-up time (process start to first 200 from sys/health), best of 5
best=999999
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  $CLI server -dev -dev-listen-address=127.0.0.1:$P_START > /dev/null 2>&1 & p=$!
  until curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$P_START/v1/sys/health | grep -q 200; do sleep 0.01; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill $p; wait $p 2>/dev/null || true
  [ "$ms" -lt "$best" ] && best=$ms
done

# --- RSS with 100,000 secrets: a fresh in-memory dev server (worst case: everything resident) and
# the SQLite server above (data on disk). Fresh, so tokens from the login benchmark do not count.
$CLI server -dev -dev-listen-address=127.0.0.1:$P_RSS -dev-root-token-id="$BENCH_TOKEN" > "$WORK/rss.log" 2>&1 & RSSPID=$!; PIDS+=($RSSPID)
wait_http http://127.0.0.1:$P_RSS/v1/sys/health
$BENCH seed http://127.0.0.1:$P_RSS "$BENCH_TOKEN" 100000 > "$WORK/seed.log"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/"$RSSPID"/status)
$BENCH seed http://127.0.0.1:$P_SQL "$ROOT" 100000 > "$WORK/seed-sqlite.log"
rss_sqlite_kb=$(awk '/VmRSS/ {print $2}' /proc/"$SQLPID"/status)

cat <<MD
| Measure | Strongroom | Baseline (same run) | Ratio | Target |
|---|---|---|---|---|
| KV v2 read, 16 conns (req/s) | $kvr_rps (p50 $kvr_p50, p99 $kvr_p99) | bare Kestrel, ${BARE_SIZE}-byte JSON: $bare_rps (p50 $bare_p50, p99 $bare_p99) | $(ratio "$kvr_rps" "$bare_rps") | ≥ 50% |
| KV v2 write on SQLite, 16 conns (req/s) | $kvw_rps (p50 $kvw_p50, p99 $kvw_p99) | raw SQLite durable single-row inserts: $raw1/s (1 thread), $raw16/s (16 threads) | $(ratio "$kvw_rps" "$raw1") of 1-thread | ≥ 50% |
$(audit_row)
| AppRole logins, 16 conns (logins/s) | $login_rps (p50 $login_p50, p99 $login_p99) | KV v2 read on the same server: $kvr2_rps | $(ratio "$login_rps" "$kvr2_rps") | ≥ 1,000/s |
| \`server -dev\` ready (best of 5) | ${best} ms | | | < 2000 ms |
| RSS with 100,000 secrets | in-memory dev server: $((rss_kb / 1024)) MB; SQLite server: $((rss_sqlite_kb / 1024)) MB | | | < 200 MB |
MD
echo "(KV read response ${SIZE} bytes; bare ${BARE_SIZE} bytes; duration $DURATION; wrk -t2 -c16)"
