using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ThemeClassifier.Cli.Tests.Reporting;

/// <summary>Runs only where Debian's chromium is installed, and always under CI=true (where .ci/run installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Browser.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "chromium is not installed (apt-get install chromium); this test always runs under CI=true";
        }
    }
}

/// <summary>Headless chromium: the rendered DOM, measured by a script injected into a copy of the page.</summary>
internal static class Browser
{
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// What the page looks like at <paramref name="width"/> CSS pixels: a harness page beside it shows it in an iframe
    /// that wide (headless chromium's window is at least 500 px) and, once it has loaded, writes its measurements into
    /// the harness's DOM (the report itself has no script); chromium dumps that DOM.
    /// </summary>
    public static JsonElement Measure(string htmlPath, int width)
    {
        var harness = System.IO.Path.ChangeExtension(htmlPath, ".measure.html");
        File.WriteAllText(harness, Harness.Replace("REPORT", System.IO.Path.GetFileName(htmlPath), StringComparison.Ordinal).Replace("WIDTH", width.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var dom = Run("--dump-dom", "--allow-file-access-from-files", "--window-size=1000,900", new Uri(harness).AbsoluteUri);
        var json = Regex.Match(dom, "<pre id=\"measure\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(json.Success, "the harness wrote no measurement: " + dom[..Math.Min(dom.Length, 400)]);
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(json.Groups[1].Value)).RootElement.Clone();
    }

    public static void Screenshot(string htmlPath, string pngPath, int width, int height) =>
        Run($"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri);

    private static string Run(params string[] args)
    {
        Assert.True(Path is not null, "chromium is not installed: .ci/run installs it (apt-get install chromium)");
        var profile = Directory.CreateTempSubdirectory("themes-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", $"--user-data-dir={profile.FullName}" }.Concat(args))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "chromium did not finish in 30 s");
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private const string Harness = """
        <!DOCTYPE html>
        <html><head><script>
        function measure(frame) {
          var d = frame.contentDocument, window = frame.contentWindow, all = function (s) { return Array.prototype.slice.call(d.querySelectorAll(s)); };
          var luminance = function (c) {
            var v = c.match(/[\d.]+/g).slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
          };
          var background = function (e) {
            for (; e; e = e.parentElement) {
              var b = window.getComputedStyle(e).backgroundColor, m = b.match(/[\d.]+/g);
              if (m && (m.length < 4 || +m[3] > 0)) { return b; }
            }
            return 'rgb(255, 255, 255)';
          };
          var contrast = function (e) {
            var s = window.getComputedStyle(e), a = luminance(e.namespaceURI === 'http://www.w3.org/2000/svg' ? s.fill : s.color), b = luminance(background(e));
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          };
          var stats = {};
          all('dl.stats > div').forEach(function (x) { stats[x.querySelector('dt').textContent] = x.querySelector('dd').textContent; });
          var r = {
            scrollWidth: d.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            sections: all('main > section').map(function (s) { return s.id; }),
            headings: all('h1, h2, h3, h4, h5, h6').map(function (h) { return +h.tagName[1]; }),
            charts: all('svg').map(function (s) { return { label: s.getAttribute('aria-label') || '', title: (s.querySelector('title') || {}).textContent || '', width: s.getBoundingClientRect().width }; }),
            brokenImages: all('img').filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).length,
            wider: all('main *').filter(function (e) { return e.getBoundingClientRect().right > window.innerWidth + 0.5; }).map(function (e) { return e.tagName + '.' + e.className; }),
            lowContrast: all('main *').filter(function (e) {
              return Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim() !== ''; }) && contrast(e) < 4.5;
            }).map(function (e) { return e.tagName + '.' + e.className + ': ' + contrast(e).toFixed(2); }),
            stats: stats,
            quotes: all('ul.evidence blockquote').map(function (b) { return b.textContent; }),
            title: d.title
          };
          var pre = document.createElement('pre'); pre.id = 'measure'; pre.textContent = JSON.stringify(r); document.body.appendChild(pre);
        }
        </script></head>
        <body style="margin:0"><iframe src="REPORT" style="width:WIDTHpx;height:900px;border:0" onload="measure(this)"></iframe></body></html>
        """;
}

[Collection("cli")]
public sealed class ReportBrowserTests(CliFixture fixture)
{
    private static void AssertPhoneLayout(JsonElement m)
    {
        Assert.Equal(390, m.GetProperty("innerWidth").GetInt32());
        Assert.True(m.GetProperty("scrollWidth").GetInt32() <= 390, $"horizontal scroll at 390 px: the page is {m.GetProperty("scrollWidth")} px wide; too wide: {m.GetProperty("wider")}");
        Assert.Equal(0, m.GetProperty("wider").GetArrayLength());
        Assert.Equal(0, m.GetProperty("brokenImages").GetInt32());
        Assert.True(m.GetProperty("lowContrast").GetArrayLength() == 0, $"text below WCAG AA contrast (4.5:1): {m.GetProperty("lowContrast")}");
        var headings = m.GetProperty("headings").EnumerateArray().Select(h => h.GetInt32()).ToArray();
        Assert.Equal(1, headings[0]);
        Assert.All(headings.Zip(headings.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"heading level jumps from h{pair.First} to h{pair.Second}"));
        Assert.All(m.GetProperty("charts").EnumerateArray(), c =>
        {
            Assert.NotEqual(string.Empty, c.GetProperty("label").GetString());
            Assert.NotEqual(string.Empty, c.GetProperty("title").GetString());
            Assert.InRange(c.GetProperty("width").GetDouble(), 200, 390);
        });
    }

    [ChromiumFact]
    public void Report_RenderedAtPhoneWidth_SectionsAndCountsMatchTheInputWithoutHorizontalScroll()
    {
        var folder = fixture.NewFolder("browser");
        var html = Path.Combine(folder, "report.html");
        Assert.Equal(Program.ExitOk, Cli.Run("report", "--model", fixture.ModelPath, "--input", HandMadeChat.Write(folder, fixture.ThemeIds), "--output", html).ExitCode);

        var m = Browser.Measure(html, 390);

        AssertPhoneLayout(m);
        Assert.Equal(["activity", "q1", "q2", "themes", "caveats"], m.GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
        var stats = m.GetProperty("stats");
        Assert.Equal(HandMadeChat.Posts.ToString(System.Globalization.CultureInfo.InvariantCulture), stats.GetProperty("Posts").GetString());
        Assert.Equal(HandMadeChat.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture), stats.GetProperty("Accounts").GetString());
        Assert.Equal(HandMadeChat.Originals.ToString(System.Globalization.CultureInfo.InvariantCulture), stats.GetProperty("Original posts").GetString());
        Assert.Equal(HandMadeChat.Retweets.ToString(System.Globalization.CultureInfo.InvariantCulture), stats.GetProperty("Retweets").GetString());
        var quotes = m.GetProperty("quotes").EnumerateArray().Select(q => q.GetString()!).ToArray();
        Assert.Equal(HandMadeChat.Quotes, quotes.Length);
        Assert.DoesNotContain(quotes, q => q.StartsWith("RT @", StringComparison.Ordinal));
        Assert.Equal(4, m.GetProperty("charts").GetArrayLength());
    }

    [ChromiumFact]
    public void SampleReport_RenderedAtPhoneWidth_HasNoHorizontalScroll()
    {
        var sample = Path.Combine(fixture.RepoRoot, "samples", "leadingqi-2023-01-31", "report.html");
        var copy = Path.Combine(fixture.NewFolder("sample"), "report.html");
        File.Copy(sample, copy);

        var m = Browser.Measure(copy, 390);

        AssertPhoneLayout(m);
        Assert.Equal(["activity", "q1", "q2", "q3", "q4", "q5", "q6", "themes", "caveats"], m.GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("78", m.GetProperty("stats").GetProperty("Posts").GetString());
    }

    [ChromiumFact]
    public void Report_Screenshot_IsAPng()
    {
        var folder = fixture.NewFolder("shot");
        var html = Path.Combine(folder, "report.html");
        Cli.Run("report", "--model", fixture.ModelPath, "--input", HandMadeChat.Write(folder, fixture.ThemeIds), "--output", html);
        var png = Path.Combine(folder, "report.png");

        Browser.Screenshot(html, png, 390, 1200);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }
}
