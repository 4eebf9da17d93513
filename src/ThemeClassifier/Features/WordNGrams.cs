using System.Collections.Frozen;
using System.Buffers;

namespace ThemeClassifier.Features;

/// <summary>
/// The word 1–2-gram features of a fitted ML.NET text featurizer, computed directly from its vocabulary: the same
/// normalisation (lower case, diacritics folded, punctuation dropped), tokens split on spaces, stop words removed,
/// term counts, L2 norm, and the same slots, without a data view or a prediction engine per text. Immutable and
/// thread-safe. Built by <see cref="NGramFeaturizer"/> from the slot names of the transformer's output.
/// </summary>
internal sealed class WordNGrams
{
    // ML.NET joins the terms of an n-gram's slot name with this character.
    private const char TermSeparator = '|';

    // A stop word's entry in the term lookup: removed before n-grams, as ML.NET does.
    private const int StopWord = -1;

    // A term's slot (its unigram's), or StopWord.
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms;

    // The bigrams starting with the term of slot s: _seconds and _bigramSlots from _firsts[s] to _firsts[s + 1].
    private readonly int[] _firsts;
    private readonly int[] _seconds;
    private readonly int[] _bigramSlots;
    private readonly int[] _charMap;

    private WordNGrams(Dictionary<string, int> terms, int[] firsts, int[] seconds, int[] bigramSlots, int[] charMap)
    {
        _terms = terms.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _firsts = firsts;
        _seconds = seconds;
        _bigramSlots = bigramSlots;
        _charMap = charMap;
    }

    /// <summary>
    /// The vocabulary of a word-only featurizer from its slot names (a unigram's name is its term, a bigram's is
    /// its two terms joined by '|'). A name containing '|' is ambiguous (a term may contain '|'), so it is classified by
    /// <paramref name="reference"/>, the ML.NET featurizer itself: whether the name as a text, or its two halves
    /// as two words, light that slot. <paramref name="charMap"/> is ML.NET's text normaliser for each UTF-16 code unit:
    /// the character it becomes, or -1 when it is dropped.
    /// </summary>
    public static WordNGrams Create(string[] slotNames, IReadOnlyList<string> stopWords, int[] charMap, Func<string, SparseVector> reference)
    {
        var unigrams = new Dictionary<string, int>(StringComparer.Ordinal);
        var joined = new List<int>();
        for (var slot = 0; slot < slotNames.Length; slot++)
        {
            if (slotNames[slot].Contains(TermSeparator) && !Lights(slotNames[slot], slot))
            {
                joined.Add(slot);
            }
            else
            {
                unigrams.TryAdd(slotNames[slot], slot);
            }
        }

        var bigrams = new List<(int First, int Second, int Slot)>();
        foreach (var slot in joined)
        {
            var name = slotNames[slot];
            for (var p = name.IndexOf(TermSeparator); p >= 0; p = name.IndexOf(TermSeparator, p + 1))
            {
                if (unigrams.TryGetValue(name[..p], out var first) && unigrams.TryGetValue(name[(p + 1)..], out var second)
                    && Lights($"{name[..p]} {name[(p + 1)..]}", slot))
                {
                    bigrams.Add((first, second, slot));
                }
            }
        }

        bigrams.Sort();
        var firsts = new int[slotNames.Length + 1];
        foreach (var (first, _, _) in bigrams)
        {
            firsts[first + 1]++;
        }

        for (var slot = 0; slot < slotNames.Length; slot++)
        {
            firsts[slot + 1] += firsts[slot];
        }

        foreach (var stopWord in stopWords)
        {
            unigrams[stopWord] = StopWord;
        }

        return new WordNGrams(unigrams, firsts, [.. bigrams.Select(b => b.Second)], [.. bigrams.Select(b => b.Slot)], charMap);

        bool Lights(string text, int slot) => Array.IndexOf(reference(text).Indices, slot) >= 0;
    }

    /// <summary>The L2-normalised term counts of <paramref name="text"/>, as ML.NET computes them.</summary>
    public SparseVector Transform(string text)
    {
        var buffer = new SparseBuffer();
        Transform(text, buffer);
        return buffer.ToVector();
    }

    /// <summary>
    /// The L2-normalised term counts of <paramref name="text"/>, as ML.NET computes them, into <paramref name="into"/>:
    /// in one pass, each character normalised into the current token, each token looked up when a space ends it.
    /// </summary>
    public void Transform(string text, SparseBuffer into)
    {
        var token = ArrayPool<char>.Shared.Rent(text.Length);
        var slots = ArrayPool<int>.Shared.Rent(2 * text.Length + 1);
        try
        {
            var count = 0;
            var previous = -1;
            var length = 0;
            foreach (var c in text)
            {
                var mapped = _charMap[c];
                if (mapped == ' ')
                {
                    Add(token.AsSpan(0, length), slots, ref count, ref previous);
                    length = 0;
                }
                else if (mapped >= 0)
                {
                    token[length++] = (char)mapped;
                }
            }

            Add(token.AsSpan(0, length), slots, ref count, ref previous);
            Counts(slots.AsSpan(0, count), into);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(token);
            ArrayPool<int>.Shared.Return(slots);
        }
    }

    /// <summary>
    /// Adds a token's slots (its term's, then the bigram's with the <paramref name="previous"/> term when the
    /// vocabulary has it) to <paramref name="slots"/>: an empty token or a stop word is skipped, an unknown term
    /// has no slot and breaks the bigram, as ML.NET's missing key does.
    /// </summary>
    private void Add(ReadOnlySpan<char> token, int[] slots, ref int count, ref int previous)
    {
        if (token.IsEmpty)
        {
            return;
        }

        if (!_terms.TryGetValue(token, out var term))
        {
            previous = -1;
            return;
        }

        if (term == StopWord)
        {
            return;
        }

        slots[count++] = term;
        if (previous >= 0 && Bigram(previous, term) is var bigram and >= 0)
        {
            slots[count++] = bigram;
        }

        previous = term;
    }

    /// <summary>The slot of the bigram (first, second), or -1.</summary>
    private int Bigram(int first, int second)
    {
        for (var k = _firsts[first]; k < _firsts[first + 1]; k++)
        {
            if (_seconds[k] == second)
            {
                return _bigramSlots[k];
            }
        }

        return -1;
    }

    /// <summary>Sorted distinct slots with their counts scaled by the reciprocal of the L2 norm, as ML.NET does, into <paramref name="into"/>.</summary>
    private static void Counts(Span<int> slots, SparseBuffer into)
    {
        if (slots.IsEmpty)
        {
            into.Reset(0);
            return;
        }

        slots.Sort();
        var distinct = 1;
        for (var i = 1; i < slots.Length; i++)
        {
            distinct += slots[i] != slots[i - 1] ? 1 : 0;
        }

        into.Reset(distinct);
        var indices = into.Indices.AsSpan(0, distinct);
        var values = into.Values.AsSpan(0, distinct);
        var k = -1;
        for (var i = 0; i < slots.Length; i++)
        {
            if (i == 0 || slots[i] != slots[i - 1])
            {
                indices[++k] = slots[i];
            }

            values[k]++;
        }

        float sumOfSquares = 0;
        foreach (var v in values)
        {
            sumOfSquares += v * v;
        }

        var scale = 1f / (float)Math.Sqrt(sumOfSquares);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
    }
}
