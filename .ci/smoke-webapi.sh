#!/usr/bin/env bash
# Starts a web API built from samples/ThemeTagger.WebApi/Program.cs (by default the sample, built here; else the DLL
# given) on 127.0.0.1 with a port the OS picks, POSTs two posts to /tag, checks the JSON, and
# stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
log="$(mktemp)"
dll="${1:-}"
if [ -z "$dll" ]; then
  # 'dotnet test' builds the test projects and what they reference, not the sample: build it here.
  dotnet build "$root/samples/ThemeTagger.WebApi/ThemeTagger.WebApi.csproj" -c Release
  dll="$root/samples/ThemeTagger.WebApi/bin/Release/net10.0/ThemeTagger.WebApi.dll"
fi
dotnet "$dll" --urls http://127.0.0.1:0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

url=""
for _ in $(seq 1 120); do
  url="$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$log" | head -1 | sed 's/Now listening on: //')" || true
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "web API exited" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$log"; echo "web API did not start" >&2; exit 1; }
grep 'warmed up' "$log"

body='{"texts":["Staff must feel safe to speak up without blame","Leaders need to go to the gemba and listen to staff #QIHour"]}'
out="$(curl -sS --fail -X POST -H 'Content-Type: application/json' -d "$body" "$url/tag")"
echo "$out"
echo "$out" | grep -q '{"text":"Staff must feel safe to speak up without blame","themes":\["psychological-safety"\],"top":"psychological-safety"}'
echo "$out" | grep -q '"top":"visible-leadership"'
echo "web API: OK"
