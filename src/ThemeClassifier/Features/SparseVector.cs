namespace ThemeClassifier.Features;

/// <summary>An immutable sparse vector: sorted indices and their values.</summary>
internal readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public static SparseVector Empty { get; } = new([], []);

    /// <summary>Dot product by merging the sorted index lists.</summary>
    public float Dot(SparseVector other)
    {
        float sum = 0;
        int i = 0, j = 0;
        var a = Indices;
        var b = other.Indices;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                sum += Values[i++] * other.Values[j++];
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }
}

/// <summary>Sparse rows as an inverted index: the dot product of a query with every row in one pass.</summary>
internal sealed class SparseIndex
{
    private readonly Dictionary<int, (int Row, float Value)[]> _postings;

    public SparseIndex(IReadOnlyList<SparseVector> rows)
    {
        RowCount = rows.Count;
        _postings = rows
            .SelectMany((row, r) => row.Indices.Select((index, k) => (Index: index, Row: r, Value: row.Values[k])))
            .GroupBy(x => x.Index)
            .ToDictionary(g => g.Key, g => g.Select(x => (x.Row, x.Value)).ToArray());
    }

    public int RowCount { get; }

    /// <summary>The dot product of <paramref name="query"/> with each row, into <paramref name="result"/> ([row]).</summary>
    public void DotAll(SparseVector query, Span<float> result)
    {
        result[..RowCount].Clear();
        for (var k = 0; k < query.Indices.Length; k++)
        {
            if (_postings.TryGetValue(query.Indices[k], out var postings))
            {
                var q = query.Values[k];
                foreach (var (row, value) in postings)
                {
                    result[row] += q * value;
                }
            }
        }
    }
}
