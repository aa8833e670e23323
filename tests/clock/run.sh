#!/usr/bin/env bash
# Runs test files with the whole process tree's clock moved to a given local wall time, using
# libfaketime (Debian package `faketime`). The clock is moved by a fixed offset (FAKETIME="+Ns"),
# not started at a fixed instant, so every process — node, vitest's workers and the embedded
# PostgreSQL they spawn (which inherits LD_PRELOAD and FAKETIME) — reads the same moved clock and
# PostgreSQL's now() agrees with the app's new Date().
#
#   tests/clock/run.sh "2027-01-01 23:58" America/New_York tests/integration/attendance/access.test.ts …
# (integration test files: the unit projects set their own TZ, see tests/vitest.config.ts)
set -euo pipefail
cd "$(dirname "$0")/../.."

at="$1"
zone="$2"
shift 2

lib=""
for candidate in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
  [ -f "$candidate" ] && lib="$candidate" && break
done
if [ -z "$lib" ]; then
  echo "libfaketime is not installed (Debian package 'faketime'): apt-get install -y faketime" >&2
  exit 1
fi

target=$(TZ="$zone" date -d "$at" +%s)
offset=$((target - $(date +%s)))
echo "Clock moved to $at $zone (offset ${offset} s) for: $*"
# FAKETIME_DONT_RESET: children keep the offset; monotonic clocks are left real so timers and
# timeouts behave.
if [ "$offset" -ge 0 ]; then shift_spec="+${offset}s"; else shift_spec="${offset}s"; fi
LD_PRELOAD="$lib" FAKETIME="$shift_spec" FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_NO_CACHE=0 TZ="$zone" \
  npx vitest run --config tests/vitest.config.ts --project integration "$@"
