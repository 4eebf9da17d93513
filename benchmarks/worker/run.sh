#!/usr/bin/env bash
# Worker scaling benchmark in one command: bash benchmarks/worker/run.sh [FAST_POSTS [DEFAULT_POSTS]]
# Posts/s of `themes tag` on a file against 1 and 2 `themes worker` processes on a Redis stream, for the fast and the
# default profile, in one run on this machine. Starts a private redis-server (installed if missing, as in .ci/run).
# Writes benchmarks/results/worker.md. Not part of CI. Defaults: 100,000 posts (fast), 6,000 posts (default).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive
FAST_POSTS="${1:-100000}"
DEFAULT_POSTS="${2:-6000}"
IDLE=2   # --until-idle seconds, taken off the workers' wall time

source .ci/redis.sh
port="${THEMES_TEST_REDIS#*:}"
work="$(mktemp -d)"
trap 'stop_test_redis; rm -rf "$work"' EXIT
rcli() { redis-cli -p "$port" "$@"; }
now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$@"; }

echo "[run] building the CLI (Release)" >&2
dotnet build -c Release src/ThemeClassifier.Cli -v quiet -nologo >&2
themes=(dotnet src/ThemeClassifier.Cli/bin/Release/net10.0/themes.dll)
echo "[run] training a fast-profile model" >&2
"${themes[@]}" train --data training-data --out "$work/fast.zip" --fast >/dev/null

# Distinct tweet-length posts (no repeats: neither side gets to skip work), ids 0..N-1.
posts() {
  python3 - "$1" "$2" <<'PY'
import json, sys, glob
texts = [json.loads(l)["text"] for f in sorted(glob.glob("training-data/*.jsonl")) for l in open(f) if l.strip()]
with open(sys.argv[2], "w") as out:
    for i in range(int(sys.argv[1])):
        out.write(json.dumps({"id": i, "text": f"{texts[i % len(texts)][:200]} (day {i // len(texts)})"}) + "\n")
PY
}

rows=()
for profile in fast default; do
  if [ "$profile" = fast ]; then n=$FAST_POSTS; model=(--model "$work/fast.zip"); else n=$DEFAULT_POSTS; model=(); fi
  posts "$n" "$work/$profile.jsonl"

  echo "[run] $profile: tag $n posts on a file" >&2
  t0=$(now); "${themes[@]}" tag "${model[@]}" --input "$work/$profile.jsonl" --output "$work/$profile.tagged.jsonl"; t1=$(now)
  tag_rate=$(rate "$n" "$(python3 -c "print($t1 - $t0)")")
  cells=("$tag_rate")

  for workers in 1 2; do
    stream="bench:$profile:$workers"
    t0=$(now); "${themes[@]}" publish --redis "$THEMES_TEST_REDIS" --stream "$stream" --input "$work/$profile.jsonl" >/dev/null 2>&1; t1=$(now)
    publish_rate=$(rate "$n" "$(python3 -c "print($t1 - $t0)")")
    echo "[run] $profile: $workers worker(s) on $n posts (published at $publish_rate posts/s)" >&2
    t0=$(now); pids=()
    for w in $(seq "$workers"); do
      "${themes[@]}" worker --redis "$THEMES_TEST_REDIS" --stream "$stream" --group taggers --consumer "w$w" "${model[@]}" \
        --until-idle "${IDLE}s" --status-every 5s >"$work/worker-$w.json" &
      pids+=($!)
    done
    wait "${pids[@]}"; t1=$(now)   # not a bare wait: redis-server is a background job of this shell too
    written=$(rcli XLEN "$stream:tagged")
    [ "$written" -eq "$n" ] || { echo "[run] $stream: $written results for $n posts" >&2; exit 1; }
    # Steady rate: between the first and the last result's stream ids (milliseconds), without start-up and idle wait.
    first=$(rcli XRANGE "$stream:tagged" - + COUNT 1 | head -1); last=$(rcli XREVRANGE "$stream:tagged" + - COUNT 1 | head -1)
    steady=$(rate "$n" "$(python3 -c "print(max(1, ${last%-*} - ${first%-*}) / 1000)")")
    wall=$(rate "$n" "$(python3 -c "print($t1 - $t0 - $IDLE)")")
    cells+=("$wall ($steady)")
    rcli DEL "$stream" "$stream:tagged" >/dev/null
  done
  rows+=("| $profile | $(python3 -c "print(f'{$n:,}')") | ${cells[0]} | ${cells[1]} | ${cells[2]} | $publish_rate |")
done

{
  echo "# Worker scaling: posts/s, \`themes tag\` on a file against \`themes worker\` on a Redis stream"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)), Redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2),"
  echo "\`bash benchmarks/worker/run.sh $FAST_POSTS $DEFAULT_POSTS\`."
  echo "Distinct posts (no repeats). Wall: start of the process(es) to exit, model loading included, the ${IDLE} s"
  echo "\`--until-idle\` wait taken off; in brackets, steady: between the first and the last result written. Workers: batch 256,"
  echo "each its own process on the same machine as Redis."
  echo
  echo "| Profile | Posts | \`tag\` on a file | 1 worker: wall (steady) | 2 workers: wall (steady) | \`publish\` |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee benchmarks/results/worker.md
