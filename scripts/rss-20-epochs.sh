#!/usr/bin/env bash
# Issue 15: does a worker's memory stay flat? Trains one SE-ResNet-20 run for 20 epochs (the shipped
# Fashion-MNIST slice, evaluated after every epoch) and samples the JVM's resident set (VmRSS) and its peak
# (VmHWM) every second. Writes <out>/rss-20-epochs.md and .csv (default out: reports/bench). ~3 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-reports/bench}"
work="$(mktemp -d)"
./selab --help > /dev/null # build first: below, the launcher's pid must become the JVM's (it execs java)
cat > "$work/rss.yaml" <<EOF
name: rss-20-epochs
base:
  model: {arch: resnet-20, width: 1.0}
  data: {source: fashion-mnist, path: data/fashion-mnist-quick, train_subset: 4000, test_subset: 2000}
  recipe: {epochs: 20, batch_size: 128, schedule: cosine, lr: 0.1, evaluate_every: 1}
  device: cpu
seeds: [0]
variants: {se: {}}
EOF
./selab run "$work/rss.yaml" --results "$work/results" > "$work/log.txt" 2>&1 &
pid=$!
echo "seconds,epochs_done,rss_mib,peak_rss_mib" > "$work/rss.csv"
t0=$(date +%s)
while kill -0 "$pid" 2> /dev/null; do
  rss=$(awk '/^VmRSS/{print int($2/1024)}' "/proc/$pid/status" 2> /dev/null || true)
  hwm=$(awk '/^VmHWM/{print int($2/1024)}' "/proc/$pid/status" 2> /dev/null || true)
  done_epochs=$(grep -c "^  epoch " "$work/log.txt" || true)
  if [[ -n "$rss" ]]; then echo "$(( $(date +%s) - t0 )),$done_epochs,$rss,$hwm" >> "$work/rss.csv"; fi
  sleep 1
done
wait "$pid" || { cat "$work/log.txt"; exit 1; }
mkdir -p "$out"
cp "$work/rss.csv" "$out/rss-20-epochs.csv"
# The code that trained: the run record's own provenance (not the checkout's state now).
commit="$(python3 -c 'import json,glob,sys; p=json.load(open(glob.glob(sys.argv[1]+"/results/rss-20-epochs/*/run.json")[0]))["provenance"]; print(p["git_commit"][:12] + (" (dirty)" if p["git_dirty"] else ""))' "$work")"
{
  echo "# Worker memory over a 20-epoch run (scripts/rss-20-epochs.sh)"
  echo
  echo "Measured by selab at commit $commit on $(hostname), $(date -u +%FT%TZ): one SE-ResNet-20 run, 20 epochs of"
  echo "the shipped Fashion-MNIST slice (4,000 training, 2,000 test images, evaluated after every epoch), $(nproc) cores,"
  echo "the launcher's default malloc settings. The JVM's resident set sampled every second; per epoch its largest sample."
  echo
  echo "| epochs done | largest RSS (MiB) | peak RSS so far (MiB) |"
  echo "|---|---|---|"
  awk -F, 'NR>1 {if ($3>m[$2]) m[$2]=$3; h[$2]=$4; if ($2>last) last=$2} END {for (e=0; e<=last; e++) if (e in m) printf "| %d | %d | %d |\n", e, m[e], h[e]}' "$work/rss.csv"
  echo
  awk -F, 'NR>1 {if ($2==2 && $3>a) a=$3; if ($2==6 && $3>c) c=$3; if ($2>=19 && $3>b) b=$3} END {printf "Largest RSS in epoch 3 (after 2 done): %d MiB; in epoch 7: %d MiB; in epoch 20: %d MiB. Change from epoch 7 to 20: %+d MiB (%+.1f%%); from epoch 3 to 20: %+d MiB (%+.1f%%).\n", a, c, b, b-c, 100*(b-c)/c, b-a, 100*(b-a)/a}' "$work/rss.csv"
} > "$out/rss-20-epochs.md"
cat "$out/rss-20-epochs.md"
