using System.ComponentModel;
using Spectre.Console.Cli;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>The options of the verbs that theme a chat's posts (<c>tag</c>, <c>suggest</c>, <c>report</c>, <c>export</c>): which posts are themed (<see cref="ChatPolicy"/>).</summary>
internal abstract class ChatPolicySettings : CommandSettings
{
    [CommandOption("--tag-questions")]
    [Description("Theme the host's questions (Q1, Q1:, Q1. …, and their retweets) too. Default: they get no themes ('skipped' says why in 'tag' output) and are never suggested.")]
    public bool TagQuestions { get; init; }

    [CommandOption("--all-languages")]
    [Description("Theme posts detected as not English too (the model is trained on English). Default: they get no themes ('skipped' says why in 'tag' output) and are never suggested.")]
    public bool AllLanguages { get; init; }

    /// <summary>The rules deciding which posts are themed, from <see cref="TagQuestions"/> and <see cref="AllLanguages"/>.</summary>
    public ChatPolicy Policy() => new(TagQuestions, AllLanguages);
}
