// A minimal web API that tags posts: POST /tag {"texts":["…"]} → [{"text","themes","top"}].
// Configuration: ThemeTagger:ModelPath (a model file, reloaded when it changes; default: the embedded model).
using ThemeClassifier;
using ThemeClassifier.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
#region readme-webapi
builder.Services.AddThemeTagger(o =>
{
    o.ModelPath = builder.Configuration["ThemeTagger:ModelPath"];
    o.WatchForChanges = o.ModelPath is not null;
    o.MaxDegreeOfParallelism = 2;   // one request never takes more than two cores
});

var app = builder.Build();
app.MapPost("/tag", (TagRequest request, IThemeTagger tagger, CancellationToken cancellationToken) =>
    tagger.PredictBatch(request.Texts, cancellationToken)
        .Select((p, i) => new TagResult(request.Texts[i], p.Themes, p.TopTheme)));
#endregion
app.Run();

/// <summary>Posts to tag.</summary>
internal sealed record TagRequest(string[] Texts);

/// <summary>A post and its themes (best first; may be empty) and its best-scored theme.</summary>
internal sealed record TagResult(string Text, IReadOnlyList<string> Themes, string Top);
