namespace ThemeClassifier.Data;

/// <summary>
/// A codebook and the posts hand-coded with it, validated: ids unique, theme ids known, texts non-empty.
/// Immutable. Load it with <see cref="LoadDirectory"/> (a folder holding <c>codebook.json</c> and any number of
/// <c>.jsonl</c> files) or <see cref="Load(string, IEnumerable{string})"/>.
/// </summary>
public sealed class TrainingData
{
    /// <summary>The file name of the codebook inside a training-data folder.</summary>
    public const string CodebookFileName = "codebook.json";

    /// <summary>Training and cross-validation refuse fewer posts than this (<see cref="TrainingDataException"/>).</summary>
    public const int MinimumPostsToTrain = 10;

    /// <summary>Fewer examples than this for a theme produce a warning.</summary>
    public const int MinimumExamplesPerTheme = 3;

    /// <summary>Validates and wraps the posts.</summary>
    /// <exception cref="TrainingDataException">A duplicate id, an unknown theme id or an empty text; each named by file and line.</exception>
    public TrainingData(Codebook codebook, IEnumerable<CodedPost> posts)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(posts);
        Codebook = codebook;
        Posts = posts.ToArray();
        var errors = new List<DataError>();
        var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var post in Posts)
        {
            if (string.IsNullOrWhiteSpace(post.Id))
            {
                errors.Add(new DataError(post.Source, "id", "is empty"));
            }
            else if (!ids.TryAdd(post.Id, post.Source))
            {
                errors.Add(new DataError(post.Source, "id", $"duplicate id '{post.Id}' (first at {ids[post.Id]})"));
            }

            if (string.IsNullOrWhiteSpace(post.Text))
            {
                errors.Add(new DataError(post.Source, "text", "is empty"));
            }

            foreach (var theme in post.Themes.Where(t => !codebook.Contains(t)))
            {
                errors.Add(new DataError(post.Source, "themes", $"unknown theme id '{theme}' (not in the codebook)"));
            }
        }

        if (errors.Count > 0)
        {
            throw new TrainingDataException(errors);
        }

        Warnings = codebook.Themes
            .Select(t => (t.Id, Count: Posts.Count(p => p.Themes.Contains(t.Id))))
            .Where(x => x.Count < MinimumExamplesPerTheme)
            .Select(x => $"theme '{x.Id}' has {x.Count} example(s); fewer than {MinimumExamplesPerTheme} make its scores unreliable")
            .ToArray();
    }

    /// <summary>The codebook the posts are coded with.</summary>
    public Codebook Codebook { get; }

    /// <summary>The hand-coded posts, in file and line order.</summary>
    public IReadOnlyList<CodedPost> Posts { get; }

    /// <summary>Warnings that do not stop training, such as themes with fewer than 3 examples.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The number of examples of each theme (counting every theme of a post), in codebook order.</summary>
    public IReadOnlyList<int> CountsPerTheme() =>
        Codebook.Themes.Select(t => Posts.Count(p => p.Themes.Contains(t.Id))).ToArray();

    /// <summary>Loads <c>codebook.json</c> and every <c>*.jsonl</c> file of a folder (sorted by name).</summary>
    /// <exception cref="TrainingDataException">Any problem in any file; all are listed.</exception>
    public static TrainingData LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new TrainingDataException([new DataError(new SourceLocation(directory, 0), null, "folder not found")]);
        }

        return Load(Path.Combine(directory, CodebookFileName), [directory]);
    }

    /// <summary>Loads a codebook and the posts of any number of <c>.jsonl</c> files or folders of them.</summary>
    /// <exception cref="TrainingDataException">Any problem in any file; all are listed.</exception>
    public static TrainingData Load(string codebookPath, IEnumerable<string> dataPaths) =>
        Load(Codebook.Load(codebookPath), dataPaths);

    /// <summary>
    /// Loads the posts of any number of files or folders, coded with <paramref name="codebook"/>. <c>.jsonl</c>
    /// files are read by <see cref="CodedPostReader"/>; <paramref name="readers"/> adds readers for other file
    /// extensions (such as <c>.csv</c>), which folders are then searched for too.
    /// </summary>
    /// <exception cref="TrainingDataException">Any problem in any file; all are listed.</exception>
    public static TrainingData Load(Codebook codebook, IEnumerable<string> dataPaths, IReadOnlyDictionary<string, CodedFileReader>? readers = null)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(dataPaths);
        var byExtension = new Dictionary<string, CodedFileReader>(StringComparer.OrdinalIgnoreCase) { [".jsonl"] = CodedPostReader.ReadFile };
        foreach (var (extension, reader) in readers ?? new Dictionary<string, CodedFileReader>())
        {
            byExtension[extension] = reader;
        }

        var errors = new List<DataError>();
        var posts = new List<CodedPost>();
        foreach (var file in ExpandPaths(dataPaths, byExtension.Keys, errors))
        {
            var read = byExtension.GetValueOrDefault(Path.GetExtension(file), CodedPostReader.ReadFile);
            posts.AddRange(read(file, codebook, errors));
        }

        if (errors.Count == 0 && posts.Count == 0)
        {
            errors.Add(new DataError(SourceLocation.None, null, $"no coded posts found (expected {string.Join(" or ", byExtension.Keys)} files)"));
        }

        if (errors.Count > 0)
        {
            throw new TrainingDataException(errors);
        }

        return new TrainingData(codebook, posts);
    }

    private static List<string> ExpandPaths(IEnumerable<string> paths, IEnumerable<string> extensions, List<DataError> errors)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path)
                    .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                errors.Add(new DataError(new SourceLocation(path, 0), null, "file or folder not found"));
            }
        }

        return files;
    }
}

/// <summary>Reads the coded posts of one file, adding every problem (with file and line) to <c>errors</c>.</summary>
/// <param name="path">The file.</param>
/// <param name="codebook">Theme ids are checked against it.</param>
/// <param name="errors">Where problems go; the file's valid posts are still returned.</param>
public delegate IReadOnlyList<CodedPost> CodedFileReader(string path, Codebook codebook, List<DataError> errors);
