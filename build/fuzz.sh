#!/usr/bin/env bash
# Fuzzes quic4j's parsers with Jazzer (DESIGN.md §8), for a bounded time. `mvn verify` only replays each
# fuzz target's saved inputs (seeds and past findings); this runs the fuzzer proper, one target per JVM
# (Jazzer fuzzes a single @FuzzTest per run), each for SECONDS (default 120):
#
#   build/fuzz.sh                  every target in turn
#   build/fuzz.sh frame 300        one target: frame, packet, pn, params, opener, tls-message,
#                                tls-extensions, tls-server, tls-client, connection-datagrams,
#                                connection-frames, h3frame, qpack-decoder, qpack-encoder or h3-session
#
# A finding fails the run; Jazzer saves the input into the target's inputs directory under
# <module>/src/test/resources, so `mvn verify` replays it from then on: commit it with the fix.
# The corpus the fuzzer grows is kept in <module>/.cifuzz-corpus (reused by the next run; not
# committed). With FUZZ_KEEP_CORPUS=1, a run that found nothing copies that corpus into the inputs
# directory as corpus-<sha1> files, to commit, so that `mvn verify` (and .ci/run) replays what the
# fuzzer reached; mind the replay time of the slow targets (connection-*: about 0.1-0.3 s an input).
# Logs go to <module>/target/fuzz-<target>.log; the last line of each is libFuzzer's
# summary (runs, coverage, exec/s).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A TESTS=(
  [frame]='io.quic4j.transport.wire.frame.FrameFuzzTest#decodePayload'
  [packet]='io.quic4j.transport.wire.packet.PacketFuzzTest#parseDatagram'
  [pn]='io.quic4j.transport.wire.packet.PacketFuzzTest#decodePacketNumber'
  [params]='io.quic4j.transport.wire.params.TransportParametersFuzzTest#decode'
  [opener]='io.quic4j.transport.crypto.PacketOpenerFuzzTest#unprotect'
  [h3frame]='io.quic4j.http3.frame.Http3FrameFuzzTest#readStream'
  [qpack-decoder]='io.quic4j.http3.qpack.QpackDecoderFuzzTest#decode'
  [qpack-encoder]='io.quic4j.http3.qpack.QpackEncoderFuzzTest#onDecoderStream'
  [tls-message]='io.quic4j.tls.message.HandshakeMessageFuzzTest#decode'
  [tls-extensions]='io.quic4j.tls.message.HandshakeMessageFuzzTest#extensions'
  [tls-server]='io.quic4j.tls.handshake.TlsEngineFuzzTest#server'
  [tls-client]='io.quic4j.tls.handshake.TlsEngineFuzzTest#client'
  [connection-datagrams]='io.quic4j.transport.connection.ConnectionFuzzTest#datagrams'
  [connection-frames]='io.quic4j.transport.connection.ConnectionFuzzTest#frames'
  [h3-session]='io.quic4j.http3.session.Http3SessionFuzzTest#peerStreams'
)
declare -A MODULES=([h3frame]=quic4j-http3 [qpack-decoder]=quic4j-http3 [qpack-encoder]=quic4j-http3 [h3-session]=quic4j-http3
  [tls-message]=quic4j-tls [tls-extensions]=quic4j-tls [tls-server]=quic4j-tls [tls-client]=quic4j-tls)
ORDER=(frame packet pn params opener tls-message tls-extensions tls-server tls-client connection-datagrams
  connection-frames h3frame qpack-decoder qpack-encoder h3-session)

target="${1:-all}"
seconds="${2:-120}"
if [[ "$target" == all ]]; then
  targets=("${ORDER[@]}")
elif [[ -n "${TESTS[$target]:-}" ]]; then
  targets=("$target")
else
  echo "usage: $0 [all|${ORDER[*]// /|}] [seconds]" >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || (( seconds < 1 )); then
  echo "seconds must be a positive integer, was '$seconds'" >&2
  exit 2
fi

# No `mvn install` (~/.m2 is shared): each run builds the target's module with the modules it depends on
# (-am) from this working copy; the test filter matches nothing in those, so only the target runs.
status=0
for t in "${targets[@]}"; do
  module="${MODULES[$t]:-quic4j-transport}"
  log="$module/target/fuzz-$t.log"
  mkdir -p "$module/target" # a fresh clone has none yet
  echo "== fuzzing $t (${TESTS[$t]}) for ${seconds}s; log in $log"
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" mvn -B test -pl "$module" -am \
      -Dtest="${TESTS[$t]}" -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries=1 >"$log" 2>&1; then
    echo "   ok: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
    if [[ "${FUZZ_KEEP_CORPUS:-0}" == 1 ]]; then
      class="${TESTS[$t]%%#*}"
      method="${TESTS[$t]##*#}"
      corpus="$module/.cifuzz-corpus/$class/$method"
      inputs="$module/src/test/resources/${class//.//}Inputs/$method"
      kept=0
      for f in "$corpus"/*; do
        [[ -f "$f" ]] || continue
        name="corpus-$(sha1sum "$f" | cut -c1-40)"
        if [[ ! -e "$inputs/$name" ]]; then
          cp "$f" "$inputs/$name"
          kept=$((kept + 1))
        fi
      done
      echo "   kept $kept new corpus inputs in $inputs"
    fi
  else
    status=1
    echo "   FAILED (a finding, or the build broke): see $log"
    grep -E '^== Java Exception|^(Caused by|java\.)|crash-|Test unit written' "$log" | head -10 || true
  fi
done
exit $status
