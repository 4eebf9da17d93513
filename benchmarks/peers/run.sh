#!/usr/bin/env bash
# Peers benchmark in one command: bash benchmarks/peers/run.sh [--posts N] [--systems fasttext,sklearn-lr,sklearn-svc,ours]
#   [--profiles fast,default,int8] [--baseline COMMIT]
# --baseline builds that commit's runner from `git archive` and times its default profile first, in the same run, so
# the table gives the before/after ratio (issue 14 was measured against 3e02d2e).
# Installs fastText and scikit-learn from Debian, builds our runner, trains every system on training-data/, tags the
# same 100,000 posts, scores external-dev, prints one table (also written to benchmarks/results/peers.md).
# Not part of CI. Dev set: $THEMES_DEV, else ../shared/eval/external-dev.jsonl beside the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v fasttext >/dev/null || ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "[run] installing fasttext and python3-sklearn with apt-get" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq fasttext python3-sklearn >/dev/null
fi

DEV="${THEMES_DEV:-../shared/eval/external-dev.jsonl}"
OUT=benchmarks/peers/out
mkdir -p "$OUT" benchmarks/results
echo "[run] building benchmarks/peers/OursRunner (Release)" >&2
dotnet build -c Release benchmarks/peers/OursRunner -o "$OUT/runner" -v quiet -nologo >&2

ARGS=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--baseline" ]; then
    BASELINE="$2"; shift 2
    # Outside the repository: a second copy of the sources inside it would confuse BenchmarkDotNet's project search.
    SRC="$(mktemp -d)"
    echo "[run] building OursRunner at $BASELINE (the 'before') in $SRC" >&2
    git archive "$BASELINE" | tar -x -C "$SRC"
    dotnet build -c Release "$SRC/benchmarks/peers/OursRunner" -o "$OUT/baseline-runner" -v quiet -nologo >&2
    rm -rf "$SRC"
    ARGS+=(--baseline-runner "$OUT/baseline-runner/OursRunner.dll" --baseline-label "$BASELINE")
  else
    ARGS+=("$1"); shift
  fi
done

# The Debian scikit-learn lives in the system python, not in a pyenv/venv python that may be first on PATH.
/usr/bin/python3 benchmarks/peers/peers.py --training-data training-data --dev "$DEV" --out "$OUT" \
  --ours-runner "$OUT/runner/OursRunner.dll" "${ARGS[@]}" | tee benchmarks/results/peers.md
cp "$OUT/results.json" benchmarks/results/peers-results.json
