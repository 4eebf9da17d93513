// Times what a fresh process pays before its first tag: LoadDefault, then the first Predict.
// Run: dotnet build benchmarks/ColdStart -c Release && for i in 1 2 3 4 5; do dotnet benchmarks/ColdStart/bin/Release/net10.0/ColdStart.dll; done
using System.Diagnostics;
using ThemeClassifier;

var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
var watch = Stopwatch.StartNew();
using var tagger = ThemeTagger.LoadDefault();
var load = watch.Elapsed;
var top = tagger.Predict("Staff must feel safe to speak up without blame").TopTheme;
var first = watch.Elapsed - load;
Console.WriteLine($"process start to Main {sinceStart.TotalSeconds:F2} s, LoadDefault {load.TotalSeconds:F2} s, first Predict {first.TotalSeconds:F2} s, total {(sinceStart + watch.Elapsed).TotalSeconds:F2} s ({top})");
