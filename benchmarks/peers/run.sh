#!/usr/bin/env bash
# Peers benchmark in one command: bash benchmarks/peers/run.sh [--posts N] [--systems fasttext,sklearn-lr,sklearn-svc,ours]
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

# The Debian scikit-learn lives in the system python, not in a pyenv/venv python that may be first on PATH.
/usr/bin/python3 benchmarks/peers/peers.py --training-data training-data --dev "$DEV" --out "$OUT" \
  --ours-runner "$OUT/runner/OursRunner.dll" "$@" | tee benchmarks/results/peers.md
cp "$OUT/results.json" benchmarks/results/peers-results.json
