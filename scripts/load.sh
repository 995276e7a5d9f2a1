#!/usr/bin/env bash
# make load: the throughput of POST /api/v1/calcolo against GET /healthz,
# measured in the same run on the same server, on loopback only.
# Targets: ratio >= 0.5 and >= 10,000 requests a second for calcolo.
# The two are measured in alternating rounds and the medians compared, so
# that whatever else runs on the machine weighs on both alike.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATA="${LOAD_DURATA:-10s}"
GIRI="${LOAD_GIRI:-3}"
CONNESSIONI="${LOAD_CONNESSIONI:-64}"
THREAD="${LOAD_THREAD:-2}"
LIVELLO_LOG="${LOAD_LOG:-info}"
OUT=tmp/load
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
	echo "load: installo wrk" >&2
	(apt-get update -qq && apt-get install -y -qq wrk) >&2
fi

go build -trimpath -o "$OUT/lpu" ./cmd/lpu

# Loopback only, a port the kernel picks; the server prints the address.
"$OUT/lpu" serve --addr 127.0.0.1:0 --log "$LIVELLO_LOG" >"$OUT/server.out" 2>"$OUT/server.log" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 100); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$OUT/server.out" || true)
	[ -n "$URL" ] && break
	sleep 0.1
done
[ -n "$URL" ] || { echo "load: il server non è partito" >&2; cat "$OUT/server.log" >&2; exit 1; }

# The answer measured is the right one.
CORPO=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" server/testdata/calcolo.lua)
ORE=$(curl -sf -H 'Content-Type: application/json' --data "$CORPO" "$URL/api/v1/calcolo" | grep -o '"ore":[0-9]*')
[ "$ORE" = '"ore":102' ] || { echo "load: risposta inattesa: $ORE" >&2; exit 1; }

misura() { # name, wrk args...
	local nome=$1
	shift
	wrk -t"$THREAD" -c"$CONNESSIONI" -d"$DURATA" --latency "$@" >"$OUT/$nome.txt"
	if grep -q 'Non-2xx' "$OUT/$nome.txt"; then
		echo "load: $nome: risposte non 2xx" >&2
		cat "$OUT/$nome.txt" >&2
		exit 1
	fi
	awk '/^Requests\/sec:/ {print $2}' "$OUT/$nome.txt"
}

mediana() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

echo "wrk: $THREAD thread, $CONNESSIONI connessioni, $GIRI giri di $DURATA per endpoint, log $LIVELLO_LOG, $(nproc) CPU"
misura riscaldamento -d3s -s server/testdata/calcolo.lua "$URL/api/v1/calcolo" >/dev/null
S=() C=()
for g in $(seq "$GIRI"); do
	S+=("$(misura "healthz-$g" "$URL/healthz")")
	C+=("$(misura "calcolo-$g" -s server/testdata/calcolo.lua "$URL/api/v1/calcolo")")
	printf 'giro %d: healthz %8.0f req/s, calcolo %8.0f req/s, rapporto %s\n' "$g" "${S[-1]}" "${C[-1]}" \
		"$(awk -v c="${C[-1]}" -v h="${S[-1]}" 'BEGIN {printf "%.2f", c / h}')"
done
SALUTE=$(mediana "${S[@]}")
CALCOLO=$(mediana "${C[@]}")
P99_S=$(awk '$1=="99%" {print $2}' "$OUT/healthz-1.txt")
P99_C=$(awk '$1=="99%" {print $2}' "$OUT/calcolo-1.txt")
RAPPORTO=$(awk -v c="$CALCOLO" -v h="$SALUTE" 'BEGIN {printf "%.2f", c / h}')
printf 'GET  /healthz          %10.0f req/s  mediana (p99 %s)\n' "$SALUTE" "$P99_S"
printf 'POST /api/v1/calcolo   %10.0f req/s  mediana (p99 %s)\n' "$CALCOLO" "$P99_C"
printf 'rapporto calcolo/healthz %s (obiettivo >= 0.5); calcolo: obiettivo di 10000 req/s %s\n' "$RAPPORTO" \
	"$(awk -v c="$CALCOLO" 'BEGIN {print (c >= 10000 ? "raggiunto" : "NON raggiunto")}')"
echo "dettagli in $OUT/"
