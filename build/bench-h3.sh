#!/usr/bin/env bash
# Side by side on this machine, in one run: a file downloaded over HTTP/3 on loopback from `bin/quic4j serve` and
# from Caddy (quic-go), each fetched by the same neutral client (ngtcp2's gtlsclient) and by `bin/quic4j get`.
# Prints MB/s per run, the median per pair, and the ratio quic4j / Caddy. Nothing is asserted: this is a measurement.
#
#   build/bench-h3.sh [size-MiB (default 50)] [runs (default 5)]
#
# Needs caddy and ngtcp2-client (installed with apt-get when missing, as the tests do) and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-50}
RUNS=${2:-5}
for pkg in caddy:caddy gtlsclient:ngtcp2-client; do
    bin=${pkg%%:*}
    if ! command -v "$bin" > /dev/null; then
        (apt-get update -q && apt-get install -y -q "${pkg#*:}") > /dev/null
    fi
done

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/htdocs" "$work/dl"
head -c $((SIZE_MIB << 20)) /dev/urandom > "$work/htdocs/file.bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_udp() { # port pid
    for _ in $(seq 1 600); do
        if ss -Hlun "sport = :$1" | grep -q .; then return 0; fi
        kill -0 "$2" 2> /dev/null || { echo "server exited before binding port $1" >&2; return 1; }
        sleep 0.1
    done
    echo "nothing bound port $1 within 60 s" >&2
    return 1
}

bin/quic4j --help > /dev/null # builds once, before anything is timed
QPORT=$(free_port)
bin/quic4j serve --root "$work/htdocs" --cert "$work/cert.pem" --key "$work/key.pem" \
    --listen "127.0.0.1:$QPORT" > "$work/quic4j.log" 2>&1 &
pids+=($!)
await_udp "$QPORT" "${pids[-1]}"

CPORT=$(free_port)
cat > "$work/Caddyfile" << EOF
{
    admin off
    auto_https off
    servers {
        protocols h1 h2 h3
    }
}
https://localhost:$CPORT {
    bind 127.0.0.1
    tls $work/cert.pem $work/key.pem
    root * $work/htdocs
    file_server
}
EOF
HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config \
    caddy run --config "$work/Caddyfile" --adapter caddyfile > "$work/caddy.log" 2>&1 &
pids+=($!)
await_udp "$CPORT" "${pids[-1]}"

bytes=$((SIZE_MIB << 20))
# one timed download; prints MB/s (10^6 bytes per second, handshake included)
fetch() { # client port
    rm -f "$work/dl/file.bin"
    local start end
    start=$(date +%s.%N)
    if [ "$1" = gtlsclient ]; then
        gtlsclient --quiet --no-quic-dump --no-http-dump --exit-on-all-streams-close --timeout=30s \
            --max-data=$((64 << 20)) --max-stream-data-bidi-local=$((16 << 20)) \
            --download="$work/dl" 127.0.0.1 "$2" "https://localhost:$2/file.bin" > /dev/null 2>&1
    else
        bin/quic4j get --cacert "$work/cert.pem" --max-time 120 -s -o "$work/dl/file.bin" \
            "https://localhost:$2/file.bin" > /dev/null 2>&1
    fi
    end=$(date +%s.%N)
    if ! cmp -s "$work/dl/file.bin" "$work/htdocs/file.bin"; then
        echo "FAILED"
        return
    fi
    echo "$start $end" | awk -v b="$bytes" '{ printf "%.1f", b / ($2 - $1) / 1e6 }'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)] }'; }

# Warm-up, not counted: the JVM's JIT needs a few downloads before quic4j serve runs at speed.
for _ in 1 2 3; do fetch gtlsclient "$QPORT" > /dev/null; fetch gtlsclient "$CPORT" > /dev/null; done
echo "HTTP/3 over loopback, ${SIZE_MIB} MiB, $RUNS runs per pair after 3 warm-up downloads each, interleaved;"
echo "MB/s including the handshake (quic4j-get also includes starting its JVM)"
for client in gtlsclient quic4j-get; do
    q="" c=""
    for _ in $(seq 1 "$RUNS"); do
        q="$q $(fetch "$client" "$QPORT")"
        c="$c $(fetch "$client" "$CPORT")"
    done
    mq=$(echo "$q" | median) mc=$(echo "$c" | median)
    printf '%-11s from quic4j serve:%s  (median %s)\n' "$client" "$q" "$mq"
    printf '%-11s from caddy:       %s  (median %s)\n' "$client" "$c" "$mc"
    awk -v a="$mq" -v b="$mc" -v cl="$client" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%-11s ratio quic4j/caddy: %.2f\n", cl, a / b }'
done
