using ThemeClassifier.Data;
using ThemeClassifier.Model;

namespace ThemeClassifier.Cli.Infrastructure;

/// <summary>Loads the model a verb names, or the shipped default one, with messages an analyst can act on.</summary>
internal static class ModelLoader
{
    /// <exception cref="InputException">The model is missing or unreadable.</exception>
    public static ThemeTagger Load(string? path)
    {
        try
        {
            return path is null ? ThemeTagger.LoadDefault() : ThemeTagger.Load(path);
        }
        catch (FileNotFoundException)
        {
            throw new InputException($"model file not found: {path}");
        }
        catch (InvalidModelException ex)
        {
            throw new InputException(path is null
                ? $"no usable default model in this build ({ex.Message}); pass --model FILE"
                : $"cannot read the model {path}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the model {path ?? "(default)"}: {ex.Message}");
        }
    }

    /// <summary>Loads the model, then checks it was trained with the codebook at <paramref name="codebookPath"/>, if given.</summary>
    /// <exception cref="InputException">The model or codebook is unreadable, or they differ.</exception>
    public static ThemeTagger Load(string? path, string? codebookPath)
    {
        var tagger = Load(path);
        if (codebookPath is null)
        {
            return tagger;
        }

        try
        {
            tagger.EnsureCodebook(Codebook.Load(codebookPath));
            return tagger;
        }
        catch (Exception ex) when (ex is CodebookMismatchException or TrainingDataException)
        {
            tagger.Dispose();
            throw new InputException($"codebook {codebookPath}: {ex.Message}");
        }
    }
}
