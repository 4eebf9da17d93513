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
    // The postings of index i (rows in ascending order, with their values) are _rows and _values from _starts[i] to _starts[i + 1].
    private readonly int[] _starts;
    private readonly int[] _rows;
    private readonly float[] _values;

    public SparseIndex(IReadOnlyList<SparseVector> rows)
    {
        RowCount = rows.Count;
        var postings = rows
            .SelectMany((row, r) => row.Indices.Select((index, k) => (Index: index, Row: r, Value: row.Values[k])))
            .OrderBy(x => x.Index)
            .ThenBy(x => x.Row)
            .ToArray();
        _starts = new int[(postings.Length == 0 ? 0 : postings[^1].Index + 1) + 1];
        foreach (var posting in postings)
        {
            _starts[posting.Index + 1]++;
        }

        for (var i = 1; i < _starts.Length; i++)
        {
            _starts[i] += _starts[i - 1];
        }

        _rows = [.. postings.Select(x => x.Row)];
        _values = [.. postings.Select(x => x.Value)];
    }

    public int RowCount { get; }

    /// <summary>The dot product of <paramref name="query"/> with each row, into <paramref name="result"/> ([row]).</summary>
    public void DotAll(SparseVector query, Span<float> result) => DotAll(query.Indices, query.Values, result);

    /// <summary>
    /// The dot product of the query (sorted <paramref name="indices"/> and their <paramref name="values"/>) with each
    /// row, into <paramref name="result"/> ([row]).
    /// </summary>
    public void DotAll(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> result)
    {
        result[..RowCount].Clear();
        for (var k = 0; k < indices.Length; k++)
        {
            var index = indices[k];
            if ((uint)index >= (uint)(_starts.Length - 1))
            {
                continue;
            }

            var q = values[k];
            for (var p = _starts[index]; p < _starts[index + 1]; p++)
            {
                result[_rows[p]] += q * _values[p];
            }
        }
    }
}

/// <summary>
/// A sparse vector in reused arrays, for a post's features while it is scored: the first <see cref="Count"/> of
/// <see cref="Indices"/> (sorted) and <see cref="Values"/>. Not thread-safe: each thread uses its own.
/// </summary>
internal sealed class SparseBuffer
{
    /// <summary>The indices; only the first <see cref="Count"/> are the vector's.</summary>
    public int[] Indices { get; private set; } = [];

    /// <summary>The values; only the first <see cref="Count"/> are the vector's.</summary>
    public float[] Values { get; private set; } = [];

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Makes the buffer <paramref name="count"/> entries long, values zero, indices to be written.</summary>
    public void Reset(int count)
    {
        if (Indices.Length < count)
        {
            Indices = new int[Math.Max(count, 2 * Indices.Length)];
            Values = new float[Indices.Length];
        }

        Count = count;
        Values.AsSpan(0, count).Clear();
    }

    /// <summary>Sets the buffer to <paramref name="vector"/>.</summary>
    public void CopyFrom(SparseVector vector)
    {
        Reset(vector.Indices.Length);
        vector.Indices.CopyTo(Indices, 0);
        vector.Values.CopyTo(Values, 0);
    }

    /// <summary>The vector in arrays of its own.</summary>
    public SparseVector ToVector() => Count == 0 ? SparseVector.Empty : new(Indices[..Count], Values[..Count]);
}
