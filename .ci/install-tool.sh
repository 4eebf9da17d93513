#!/usr/bin/env bash
# Packs the themes tool for linux-x64 only (the RID-specific package and its small pointer package), installs it
# from a local folder feed into a temporary tool path, and runs `themes --version` and one `tag`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet pack "$root/src/ThemeClassifier.Cli/ThemeClassifier.Cli.csproj" -c Release -p:ToolPackageRuntimeIdentifiers=linux-x64 -o "$work/feed"
ls -l "$work/feed"
size=$(stat -c %s "$work/feed/ThemeClassifier.Cli.linux-x64.0.1.0.nupkg")
echo "tool package linux-x64: $((size / 1000000)) MB"
[ "$size" -lt 250000000 ] || { echo "tool package is over 250 MB" >&2; exit 1; }

# A tool of the same version restored earlier on this machine must not stand in for the one just packed.
global="$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')"
rm -rf "$global/themeclassifier.cli" "$global/themeclassifier.cli.linux-x64"

dotnet tool install ThemeClassifier.Cli --tool-path "$work/tools" --add-source "$work/feed"
"$work/tools/themes" --version | grep -q '^0\.1\.0'
out="$(echo 'Staff must feel safe to speak up without blame' | "$work/tools/themes" tag --format text)"
echo "$out"
echo "$out" | grep -q '"themes":\["psychological-safety"'
echo "installed tool: OK"
