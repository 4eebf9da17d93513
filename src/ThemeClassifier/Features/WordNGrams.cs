using System.Buffers;
using Microsoft.ML.Data;

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

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _unigrams;
    private readonly Dictionary<long, int> _bigrams;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopWords;
    private readonly int[] _charMap;

    private WordNGrams(Dictionary<string, int> unigrams, Dictionary<long, int> bigrams, IEnumerable<string> stopWords, int[] charMap)
    {
        _charMap = charMap;
        _unigrams = unigrams.GetAlternateLookup<ReadOnlySpan<char>>();
        _bigrams = bigrams;
        _stopWords = new HashSet<string>(stopWords, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The vocabulary of a word-only featurizer from its slot names (a unigram's name is its term, a bigram's is
    /// its two terms joined by '|'). A name containing '|' is ambiguous (a term may contain '|'), so it is classified by
    /// <paramref name="reference"/>, the ML.NET featurizer itself: whether the name as a text, or its two halves
    /// as two words, light that slot. <paramref name="charMap"/> is ML.NET's text normaliser for each UTF-16 code unit:
    /// the character it becomes, or -1 when it is dropped.
    /// </summary>
    public static WordNGrams Create(string[] slotNames, IEnumerable<string> stopWords, int[] charMap, Func<string, SparseVector> reference)
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

        var bigrams = new Dictionary<long, int>();
        foreach (var slot in joined)
        {
            var name = slotNames[slot];
            for (var p = name.IndexOf(TermSeparator); p >= 0; p = name.IndexOf(TermSeparator, p + 1))
            {
                if (unigrams.TryGetValue(name[..p], out var first) && unigrams.TryGetValue(name[(p + 1)..], out var second)
                    && Lights($"{name[..p]} {name[(p + 1)..]}", slot))
                {
                    bigrams.TryAdd(Pair(first, second), slot);
                }
            }
        }

        return new WordNGrams(unigrams, bigrams, stopWords, charMap);

        bool Lights(string text, int slot) => Array.IndexOf(reference(text).Indices, slot) >= 0;
    }

    /// <summary>The L2-normalised term counts of <paramref name="text"/>, as ML.NET computes them.</summary>
    public SparseVector Transform(string text)
    {
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        var slots = ArrayPool<int>.Shared.Rent(2 * text.Length + 1);
        try
        {
            var length = Normalize(text, chars);
            var count = 0;
            var previous = -1;
            foreach (var range in chars.AsSpan(0, length).Split(' '))
            {
                var token = chars.AsSpan(0, length)[range];
                if (token.IsEmpty || _stopWords.Contains(token))
                {
                    continue;
                }

                // An unknown term has no slot and breaks the bigram, as ML.NET's missing key does.
                var term = _unigrams.TryGetValue(token, out var unigram) ? unigram : -1;
                if (term >= 0)
                {
                    slots[count++] = term;
                    if (previous >= 0 && _bigrams.TryGetValue(Pair(previous, term), out var bigram))
                    {
                        slots[count++] = bigram;
                    }
                }

                previous = term;
            }

            return Counts(slots.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<int>.Shared.Return(slots);
        }
    }

    private static long Pair(int first, int second) => ((long)first << 32) | (uint)second;

    private int Normalize(string text, char[] output)
    {
        var length = 0;
        foreach (var c in text)
        {
            var mapped = _charMap[c];
            if (mapped >= 0)
            {
                output[length++] = (char)mapped;
            }
        }

        return length;
    }

    /// <summary>Sorted distinct slots with their counts scaled by the reciprocal of the L2 norm, as ML.NET does.</summary>
    private static SparseVector Counts(Span<int> slots)
    {
        if (slots.IsEmpty)
        {
            return SparseVector.Empty;
        }

        slots.Sort();
        var distinct = 1;
        for (var i = 1; i < slots.Length; i++)
        {
            distinct += slots[i] != slots[i - 1] ? 1 : 0;
        }

        var indices = new int[distinct];
        var values = new float[distinct];
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

        return new SparseVector(indices, values);
    }
}
