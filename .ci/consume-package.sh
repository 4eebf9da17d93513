#!/usr/bin/env bash
# Packs ThemeClassifier and ThemeClassifier.Extensions.DependencyInjection, then builds a fresh console project and a
# fresh web app (each with warnings as errors) that reference the packages from a local folder feed, and tags posts
# with the embedded default model: proof that a consumer can use the packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet pack "$root/src/ThemeClassifier/ThemeClassifier.csproj" -c Release -o "$work/feed"
dotnet pack "$root/src/ThemeClassifier.Extensions.DependencyInjection/ThemeClassifier.Extensions.DependencyInjection.csproj" -c Release -o "$work/feed"
ls "$work/feed"
test -f "$work/feed/ThemeClassifier.0.1.0.nupkg"
test -f "$work/feed/ThemeClassifier.0.1.0.snupkg"

# A package of the same version restored earlier on this machine must not stand in for the one just packed.
global="$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')"
rm -rf "$global/themeclassifier" "$global/themeclassifier.extensions.dependencyinjection"

mkdir -p "$work/consumer" "$work/webapp"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local-feed" value="$work/feed" />
  </packageSources>
</configuration>
XML
# consumer_project FILE SDK PACKAGE [OUTPUT_TYPE]: a net10.0 project referencing PACKAGE 0.1.0, warnings as errors.
consumer_project() {
  cat > "$1" <<XML
<Project Sdk="$2">
  <PropertyGroup>
    ${4:+<OutputType>$4</OutputType>}
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="$3" Version="0.1.0" />
  </ItemGroup>
</Project>
XML
}
consumer_project "$work/consumer/Consumer.csproj" Microsoft.NET.Sdk ThemeClassifier Exe
cat > "$work/consumer/Program.cs" <<'CS'
using ThemeClassifier;

using var tagger = ThemeTagger.LoadDefault();
var prediction = tagger.Predict("Everyone must feel safe to speak up and challenge without blame #QIHour");
Console.WriteLine($"themes: [{string.Join(", ", prediction.Themes)}], top: {prediction.TopTheme} ({prediction.Scores[0].Probability:F2})");
return prediction.TopTheme == "psychological-safety" ? 0 : 1;
CS
(cd "$work/consumer" && dotnet run -c Release)
echo "package consumer: OK"

# A fresh web app: the sample web API's Program.cs on the DI package from the feed, started and smoke-tested.
cp "$work/consumer/nuget.config" "$work/webapp/nuget.config"
cp "$root/samples/ThemeTagger.WebApi/Program.cs" "$work/webapp/Program.cs"
consumer_project "$work/webapp/WebConsumer.csproj" Microsoft.NET.Sdk.Web ThemeClassifier.Extensions.DependencyInjection
(cd "$work/webapp" && dotnet build -c Release)
bash "$root/.ci/smoke-webapi.sh" "$work/webapp/bin/Release/net10.0/WebConsumer.dll"
echo "web app package consumer: OK"
