using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ThemeClassifier.Extensions.DependencyInjection;

/// <summary>Registers ThemeClassifier with a service collection.</summary>
public static class ThemeTaggerServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="IThemeTagger"/> (a singleton, thread-safe) loaded from the default model, a
    /// file or a stream; with a host, it is warmed up before the host starts (see <see cref="ThemeTaggerOptions"/>).
    /// </summary>
    /// <example><code>builder.Services.AddThemeTagger(o => o.ModelPath = "themes.zip");</code></example>
    public static IServiceCollection AddThemeTagger(this IServiceCollection services, Action<ThemeTaggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ThemeTaggerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.ModelPath is null || o.OpenModel is null, "Set ThemeTaggerOptions.ModelPath or OpenModel, not both.")
            .Validate(o => !o.WatchForChanges || o.ModelPath is not null, "ThemeTaggerOptions.WatchForChanges needs a ModelPath.")
            .Validate(o => o.MaxDegreeOfParallelism is -1 or >= 1, "ThemeTaggerOptions.MaxDegreeOfParallelism must be -1 (all cores) or at least 1.")
            .Validate(o => o.ReloadDelay >= TimeSpan.Zero, "ThemeTaggerOptions.ReloadDelay must not be negative.");
        services.TryAddSingleton<ReloadingThemeTagger>();
        services.TryAddSingleton<IThemeTagger>(sp => sp.GetRequiredService<ReloadingThemeTagger>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ThemeTaggerWarmUp>());
        return services;
    }
}
