#!/usr/bin/env bash
# KV v2 read/write at 16 connections on the PostgreSQL backend vs raw single-row PostgreSQL
# select/insert at 16 connections on the same PostgreSQL, same run.
# Usage: bench/pgstorage/run.sh [duration-seconds=10]. Prints a markdown table for docs/BENCHMARKS.md.
# BENCH_HA=1 runs the server with ha_enabled = true (one node, active, every write fenced on the lock).
# Needs: postgresql (initdb, pg_ctl under /usr/lib/postgresql/*/bin), wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-10}
command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dotnet build src/Strongroom.Cli -c Release -nologo -v quiet >/dev/null
dotnet build bench/pgstorage/Strongroom.Bench.Pg.csproj -c Release -nologo -v quiet >/dev/null
CLI="dotnet src/Strongroom.Cli/bin/Release/net10.0/strongroom.dll"
RAW="dotnet bench/pgstorage/bin/Release/net10.0/Strongroom.Bench.Pg.dll"
WORK=$(mktemp -d)
PIDS=()
AS=()
[ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
PW="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PORT=$((20000 + RANDOM % 20000))
echo "$PW" > "$WORK/pw"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$WORK"
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=scram-sha-256 --pwfile="$WORK/pw" -E UTF8 >/dev/null
# Durable commits (fsync on) so writes cost what they cost in production.
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$WORK/pg.log" -w start >/dev/null
URL="postgresql://postgres:$PW@127.0.0.1:$PORT/postgres"
CS="Host=127.0.0.1;Port=$PORT;Username=postgres;Password=$PW;Database=postgres"

wait_http() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }
wrk_run() { # url script -> "rps p50 p99"
  local out; out=$(wrk -t2 -c16 -d"${SECS}s" --latency -s "$2" "$1")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}

SPORT=$((PORT + 1))
HA=false; [ -n "${BENCH_HA:-}" ] && HA=true
cat > "$WORK/server.hcl" <<HCL
storage "postgresql" {
  max_parallel = 32
  ha_enabled   = $HA
}
listener "tcp" {
  address     = "127.0.0.1:$SPORT"
  tls_disable = true
}
HCL
STRONGROOM_PG_CONNECTION_URL="$URL" $CLI server -config "$WORK/server.hcl" > "$WORK/server.log" 2>&1 & PIDS+=($!)
ADDR=http://127.0.0.1:$SPORT
wait_http $ADDR/v1/sys/seal-status
INIT=$(curl -s -X PUT -d '{"secret_shares":1,"secret_threshold":1}' $ADDR/v1/sys/init)
KEY=$(echo "$INIT" | sed -E 's/.*"keys":\["([0-9a-f]+)".*/\1/')
export BENCH_TOKEN=$(echo "$INIT" | sed -E 's/.*"root_token":"([^"]+)".*/\1/')
curl -s -o /dev/null -X PUT -d "{\"key\":\"$KEY\"}" $ADDR/v1/sys/unseal
# With HA the node serves once it holds the lock (sys/health 200).
for _ in $(seq 1 600); do [ "$(curl -s -o /dev/null -w '%{http_code}' $ADDR/v1/sys/health)" = 200 ] && break; sleep 0.05; done
curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -d '{"type":"kv-v2"}' $ADDR/v1/sys/mounts/secret
curl -s -o /dev/null -H "X-Vault-Token: $BENCH_TOKEN" -d '{"data":{"api_key":"bench-value-0123456789abcdef-not-a-real-key"}}' $ADDR/v1/secret/data/bench/read
SIZE=$(psql "$URL" -Atc "SELECT max(length(value)) FROM strongroom_kv_store WHERE path LIKE 'logical/%'" 2>/dev/null || echo 200)

read -r kvr_rps kvr_p50 kvr_p99 < <(wrk_run $ADDR bench/wrk/read.lua)
read -r kvw_rps kvw_p50 kvw_p99 < <(wrk_run $ADDR bench/wrk/write.lua)
read -r rs_rps rs_p50 rs_p99 < <($RAW raw "$CS" select "$SECS" 16 "$SIZE")
read -r ri_rps ri_p50 ri_p99 < <($RAW raw "$CS" insert "$SECS" 16 "$SIZE")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
echo "| Workload (16 connections, ${SECS}s) | ops/s | p50 | p99 | vs raw |"
echo "|---|---|---|---|---|"
echo "| KV v2 read (GET secret/data/bench/read) | $kvr_rps | $kvr_p50 | $kvr_p99 | $(ratio "$kvr_rps" "$rs_rps") of raw select |"
echo "| raw PostgreSQL single-row SELECT by primary key | $rs_rps | ${rs_p50}ms | ${rs_p99}ms | 100% |"
echo "| KV v2 write (POST secret/data/bench/w*/k*) | $kvw_rps | $kvw_p50 | $kvw_p99 | $(ratio "$kvw_rps" "$ri_rps") of raw insert |"
echo "| raw PostgreSQL single-row INSERT (autocommit upsert) | $ri_rps | ${ri_p50}ms | ${ri_p99}ms | 100% |"
