#!/usr/bin/env bash
# Issue 11's crash harness: kill -9 a small sweep at 20 random moments and SIGTERM it at 10, rerunning after each,
# and check that no finished result is lost or changed, no run is trained twice or failed by a kill, histories have
# no gaps, and every SIGTERM exits 0 without a JVM crash report. A few minutes on 2 cores; run by .ci/run.
# Usage: scripts/crash-harness.sh [KILLS=20] [TERMS=10] [SEED]  (a failing run prints its seed)
set -euo pipefail
cd "$(dirname "$0")/.."
seed_arg=()
if [[ -n "${3:-}" ]]; then seed_arg=(-Dcrash.seed="$3"); fi
mvn -B -ntp -q test-compile
mvn -B -ntp surefire:test -Dtest=CrashHarnessTest -Dselab.excludedGroups=benchmark \
  -Dcrash.kills="${1:-20}" -Dcrash.terms="${2:-10}" ${seed_arg[@]+"${seed_arg[@]}"}
