#!/usr/bin/env bash
# Retrains the committed evidence from ONE clean commit and commits each finished record as it lands, so a
# session that ends loses at most the runs in flight and a later session continues the same sweep.
#
#   scripts/evidence-rerun.sh [SPEC...]      # default: quick, the proxy suite (tables 10-16), fashion-benchmark
#   EVIDENCE_RUN_ARGS="--workers 2"           # extra `selab run` flags (default: two workers, one thread each)
#
# How: a detached worktree at the commit to measure (the current HEAD, which must be clean in src/ pom.xml and
# the launcher) trains into its own fresh results directory; every minute, finished run directories are
# copied into this checkout's results/ (replacing stale ones with the same id) and committed, records only.
# The worktree never moves, so every record names that one commit, however many commits of records land on
# top of it here. Rerunning the script resumes: the worktree and its queue are kept under $EVIDENCE_DIR.
# When a spec is complete, run directories under results/<experiment>/ that its plan no longer names are
# removed (git rm) so the reports read only this commit's records.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
specs=("$@")
if [[ ${#specs[@]} -eq 0 ]]; then
  specs=(experiments/quick.yaml experiments/table1{0,1,2,3,4,5,6}-*.yaml experiments/fashion-benchmark.yaml)
fi
commit="${EVIDENCE_COMMIT:-$(git rev-parse HEAD)}"
work="${EVIDENCE_DIR:-/tmp/selab-evidence}/${commit:0:12}"
if [[ -n "$(git status --porcelain -- src pom.xml selab)" && -z "${EVIDENCE_COMMIT:-}" ]]; then
  echo "evidence-rerun: src/, pom.xml or the launcher have uncommitted changes; commit first (records must name a clean commit)" >&2
  exit 2
fi
if [[ ! -d "$work" ]]; then
  git worktree add --detach "$work" "$commit" >/dev/null
fi
mkdir -p "$work/results.evidence"

# Resuming on a fresh machine (the worktree under /tmp is gone): the records this commit already trained are
# committed here; copy them into the worktree's results so `selab run` skips them instead of training them again.
seed_records() {
  local n=0 src dst
  for src in "$repo"/results/*/*/run.json; do
    [[ -f "$src" ]] || continue
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d.get("provenance") or {}
sys.exit(0 if p.get("git_commit")==sys.argv[2] and not p.get("git_dirty") and d.get("status") in ("done","diverged") else 1)' \
      "$src" "$commit" 2>/dev/null || continue
    dst="$work/results.evidence/$(basename "$(dirname "$(dirname "$src")")")/$(basename "$(dirname "$src")")"
    [[ -f "$dst/run.json" ]] && continue
    mkdir -p "$dst" && cp -a "$(dirname "$src")/." "$dst/" && n=$((n + 1))
  done
  echo "$n"
}
echo "evidence-rerun: $(seed_records) record(s) of ${commit:0:12} already committed here: not retrained"

# Copies finished runs into results/ and commits them; prints how many it committed.
sync_records() {
  local n=0 exp id src dst status
  for src in "$work"/results.evidence/*/*/run.json; do
    [[ -f "$src" ]] || continue
    status=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status",""))' "$src" 2>/dev/null || true)
    [[ "$status" == done || "$status" == diverged ]] || continue
    id=$(basename "$(dirname "$src")"); exp=$(basename "$(dirname "$(dirname "$src")")")
    dst="$repo/results/$exp/$id"
    if [[ -f "$dst/run.json" ]] && cmp -s "$src" "$dst/run.json"; then continue; fi
    rm -rf "$dst"; mkdir -p "$dst"
    cp -a "$(dirname "$src")/." "$dst/"
    rm -rf "$dst/checkpoints"   # records, not checkpoints
    git add -A -- "results/$exp/$id"
    n=$((n + 1))
  done
  if [[ $n -gt 0 ]]; then
    git commit -q -m "Evidence records: $n run(s) trained by ${commit:0:12} (scripts/evidence-rerun.sh)" -- results/
  fi
  echo "$n"
}

# Removes run directories the spec's plan no longer names (stale ids from older configs).
prune() {
  local spec="$1" exp planned
  exp=$(awk '/^name:/ {print $2; exit}' "$spec")
  planned=$("$work/selab" plan "$work/$spec" 2>/dev/null | grep -oE '\b[0-9a-f]{12}\b' | sort -u || true)
  [[ -n "$planned" ]] || return 0
  for d in "$repo/results/$exp"/*/; do
    [[ -d "$d" ]] || continue
    id=$(basename "$d")
    grep -qx "$id" <<< "$planned" || git rm -rq -- "results/$exp/$id" 2>/dev/null || rm -rf "$d"
  done
  git commit -q -m "Evidence records: $exp holds only runs of its current plan" -- "results/$exp" 2>/dev/null || true
}

( while sleep 60; do sync_records >/dev/null || echo "evidence-rerun: syncing records failed; retrying in a minute" >&2; done ) &
syncer=$!
trap 'kill $syncer 2>/dev/null || true; sync_records >/dev/null' EXIT
for spec in "${specs[@]}"; do
  echo "evidence-rerun: $spec at ${commit:0:12} ($(date -u +%H:%M))"
  # shellcheck disable=SC2086 # word splitting of the flags is intended
  "$work/selab" run "$work/$spec" --results "$work/results.evidence" ${EVIDENCE_RUN_ARGS---workers 2}
  sync_records >/dev/null
  prune "$spec"
done
echo "evidence-rerun: done; regenerate the reports with ./selab report ... --summary"
