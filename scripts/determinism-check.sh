#!/usr/bin/env bash
# Trains one run of quick.yaml (the `se` variant, seed 0: SE-ResNet-20 r=16, 4,000 Fashion-MNIST training and
# 2,000 test images, 3 epochs, 2 threads) N times from scratch, each into a fresh results directory, and prints
# the SHA-256 of each history.csv and the final metrics. Same seed + same threads must give the same bytes.
# Usage: scripts/determinism-check.sh [N=8] [WORKDIR=/tmp/selab-determinism]
set -euo pipefail
n="${1:-8}"
work="${2:-/tmp/selab-determinism}"
here="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$work"
cat > "$work/quick1.yaml" <<'YAML'
name: quick1
description: One run of quick.yaml's SE variant, seed 0 (determinism check)
base:
  model: {arch: resnet-20, width: 1.0, se: {ratio: 16, squeeze: avg, gate: sigmoid, placement: standard}}
  data: {source: fashion-mnist, path: data/fashion-mnist-quick, train_subset: 4000, test_subset: 2000}
  recipe: {epochs: 3, batch_size: 128, schedule: cosine, lr: 0.1}
seeds: [0]
variants:
  se: {}
YAML
for i in $(seq 1 "$n"); do
  rm -rf "$work/r$i"
  "$here/selab" run "$work/quick1.yaml" --results "$work/r$i" > "$work/log$i.txt" 2>&1
  h=$(sha256sum "$work"/r$i/quick1/*/history.csv | cut -c1-16)
  m=$(python3 -c "import json,glob; print(json.load(open(glob.glob('$work/r$i/quick1/*/run.json')[0]))['metrics']['final_top1_err'])")
  echo "rerun $i: history.csv sha256 $h  final top-1 error $m"
done
