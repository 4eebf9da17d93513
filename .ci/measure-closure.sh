#!/usr/bin/env bash
# Measures what a fresh consumer of a package pays (not run by .ci/run: it downloads ~250 MB):
# packs the src/ packages, restores a new console project that references PACKAGE (default ThemeClassifier) into an
# empty global-packages folder with warnings as errors, and publishes it. Sizes are bytes / 10^6.
#   bash .ci/measure-closure.sh [PACKAGE]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
package="${1:-ThemeClassifier}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mb() { awk '{printf "%.0f MB", $1 / 1e6}'; }

for p in ThemeClassifier ThemeClassifier.Extensions.DependencyInjection ThemeClassifier.Encoders.ArcticXs; do
  dotnet pack "$root/src/$p/$p.csproj" -c Release -o "$work/feed" >/dev/null
done
mkdir -p "$work/consumer" && cd "$work/consumer"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="local-feed" value="$work/feed" /></packageSources></configuration>
XML
cat > Consumer.csproj <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup><PackageReference Include="$package" Version="0.1.0" /></ItemGroup>
</Project>
XML
echo 'using var t = ThemeClassifier.ThemeTagger.LoadDefault(); Console.WriteLine(t.Predict("Staff must feel safe to speak up").TopTheme);' > Program.cs

export NUGET_PACKAGES="$work/packages"
dotnet restore
echo "$package closure: $(ls "$NUGET_PACKAGES" | wc -l) packages: $(ls "$NUGET_PACKAGES" | tr '\n' ' ')"
echo "download (.nupkg files): $(find "$NUGET_PACKAGES" -name '*.nupkg' -printf '%s\n' | awk '{s += $1} END {print s}' | mb)"
echo "on disk (du -sb): $(du -sb "$NUGET_PACKAGES" | cut -f1 | mb)"
dotnet publish -c Release -r linux-x64 --self-contained false -o "$work/publish-linux-x64" >/dev/null
dotnet publish -c Release -o "$work/publish-portable" >/dev/null
echo "publish -r linux-x64: $(du -sb "$work/publish-linux-x64" | cut -f1 | mb); portable: $(du -sb "$work/publish-portable" | cut -f1 | mb)"
dotnet "$work/publish-linux-x64/Consumer.dll"
