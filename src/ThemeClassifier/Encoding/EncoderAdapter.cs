using System.Numerics.Tensors;

namespace ThemeClassifier.Encoding;

/// <summary>
/// A low-rank linear adapter on a frozen sentence encoder's pooled, unit-length output:
/// e' = normalize(e + U (Vᵀ e)), with U and V of <see cref="Dimension"/> × <see cref="Rank"/>. It is trained
/// SetFit-style (a cosine-similarity loss on pairs of texts of the same theme and of different themes) on the
/// training posts and the codebook's sentences; the transformer's own layers are not changed. Immutable and
/// thread-safe.
/// </summary>
internal sealed class EncoderAdapter
{
    private readonly float[] _u;
    private readonly float[] _v;
    private readonly float[] _mean;

    /// <summary>Creates an adapter from its factors, row-major (<paramref name="dimension"/> rows of <paramref name="rank"/>).</summary>
    /// <exception cref="ArgumentException">A factor has the wrong length or a non-finite value.</exception>
    public EncoderAdapter(int dimension, int rank, float[] u, float[] v, float[]? mean = null)
    {
        _mean = mean ?? new float[dimension];
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 0);
        if (u.Length != dimension * rank || v.Length != dimension * rank)
        {
            throw new ArgumentException($"U and V must each hold {dimension} × {rank} values.");
        }

        if (!u.All(float.IsFinite) || !v.All(float.IsFinite))
        {
            throw new ArgumentException("U and V must hold finite values only.");
        }

        Dimension = dimension;
        Rank = rank;
        _u = u;
        _v = v;
    }

    /// <summary>The length of the vectors adapted.</summary>
    public int Dimension { get; }

    /// <summary>The rank of the correction U Vᵀ.</summary>
    public int Rank { get; }

    /// <summary>A copy of U, row-major.</summary>
    public float[] U => (float[])_u.Clone();

    /// <summary>A copy of V, row-major.</summary>
    public float[] V => (float[])_v.Clone();

    /// <summary>The adapted unit vector of <paramref name="e"/>; the zero vector stays zero.</summary>
    public float[] Apply(float[] e)
    {
        if (e.Length != Dimension)
        {
            throw new ArgumentException($"Expected a {Dimension}-dimensional vector, got {e.Length}.", nameof(e));
        }

        if (TensorPrimitives.Norm(e) == 0)
        {
            return new float[Dimension];
        }

        var x = new float[Dimension];
        TensorPrimitives.Subtract(e, _mean, x);
        var h = (float[])x.Clone();
        if (Rank > 0)
        {
            AddProduct(_u, Project(_v, x), h);
        }

        var norm = TensorPrimitives.Norm(h);
        if (norm > 0)
        {
            TensorPrimitives.Divide(h, norm, h);
            return h;
        }

        return new float[Dimension];
    }

    /// <summary>Every vector adapted, in order.</summary>
    public float[][] Apply(IReadOnlyList<float[]> vectors) => vectors.Select(Apply).ToArray();

    /// <summary>
    /// Trains an adapter. Each text has a unit vector and theme indices (empty: about no theme, used only as a
    /// negative). For every themed text, <see cref="AdapterSettings.PairsPerText"/> times, one text sharing a theme (target
    /// cosine 1) and one sharing none (target 0) are drawn; the mean squared cosine error plus
    /// the weight decay × (|U|² + |V|²) is minimised by Adam over the settings' epochs.
    /// Deterministic for a seed (one thread, seeded draws).
    /// </summary>
    public static EncoderAdapter Train(IReadOnlyList<float[]> vectors, IReadOnlyList<int[]> themes, AdapterSettings settings, int seed)
    {
        var dimension = vectors[0].Length;
        var rank = settings.Rank;
        float[]? mean = null;
        if (Environment.GetEnvironmentVariable("THEMES_CENTER") == "1")
        {
            mean = new float[dimension];
            foreach (var x in vectors)
            {
                TensorPrimitives.Add(mean, x, mean);
            }

            TensorPrimitives.Divide(mean, vectors.Count, mean);
            var centred = vectors.Select(x => { var c = new float[dimension]; TensorPrimitives.Subtract(x, mean, c); TensorPrimitives.Divide(c, MathF.Max(1e-6f, TensorPrimitives.Norm(c)), c); return c; }).ToArray();
            vectors = centred;
        }

        if (rank == 0)
        {
            return new EncoderAdapter(dimension, 0, [], [], mean);
        }

        var random = new Random(seed);
        var u = new float[dimension * rank];
        var v = new float[dimension * rank];
        var scale = 1 / MathF.Sqrt(dimension);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        var pairs = DrawPairs(themes, settings.PairsPerText, random);
        var adamU = new Adam(u.Length);
        var adamV = new Adam(v.Length);
        var gradU = new float[u.Length];
        var gradV = new float[v.Length];
        var order = Enumerable.Range(0, pairs.Count).ToArray();
        var a = new Side(dimension, rank);
        var b = new Side(dimension, rank);
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += settings.BatchSize)
            {
                Array.Clear(gradU);
                Array.Clear(gradV);
                var end = Math.Min(order.Length, start + settings.BatchSize);
                var weight = 1f / (end - start);
                for (var k = start; k < end; k++)
                {
                    var (i, j, target) = pairs[order[k]];
                    a.Forward(u, v, vectors[i]);
                    b.Forward(u, v, vectors[j]);
                    var cos = TensorPrimitives.Dot(a.Unit, b.Unit);
                    var dLoss = 2 * (cos - target) * weight;
                    a.Backward(u, b.Unit, cos, dLoss, vectors[i], gradU, gradV);
                    b.Backward(u, a.Unit, cos, dLoss, vectors[j], gradU, gradV);
                }

                for (var p = 0; p < u.Length; p++)
                {
                    gradU[p] += 2 * settings.WeightDecay * u[p];
                    gradV[p] += 2 * settings.WeightDecay * v[p];
                }

                adamU.Step(u, gradU, settings.LearningRate);
                adamV.Step(v, gradV, settings.LearningRate);
            }
        }

        return new EncoderAdapter(dimension, rank, u, v, mean);
    }

    /// <summary>The pairs (first, second, target cosine) drawn for training.</summary>
    private static List<(int First, int Second, float Target)> DrawPairs(IReadOnlyList<int[]> themes, int pairsPerText, Random random)
    {
        var pairs = new List<(int, int, float)>();
        var byTheme = themes.SelectMany((ts, i) => ts.Select(t => (t, i))).GroupBy(x => x.t).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        for (var i = 0; i < themes.Count; i++)
        {
            if (themes[i].Length == 0)
            {
                continue;
            }

            var negatives = Enumerable.Range(0, themes.Count).Where(j => !themes[j].Intersect(themes[i]).Any()).ToArray();
            for (var r = 0; r < pairsPerText; r++)
            {
                var theme = themes[i][random.Next(themes[i].Length)];
                var positives = byTheme[theme];
                var positive = positives[random.Next(positives.Length)];
                if (positive != i)
                {
                    pairs.Add((i, positive, 1f));
                }

                if (negatives.Length > 0)
                {
                    pairs.Add((i, negatives[random.Next(negatives.Length)], 0f));
                }
            }
        }

        return pairs;
    }

    /// <summary>z = Wᵀ e for a row-major <paramref name="w"/> of e.Length × rank.</summary>
    private static float[] Project(float[] w, float[] e)
    {
        var rank = w.Length / e.Length;
        var z = new float[rank];
        for (var d = 0; d < e.Length; d++)
        {
            TensorPrimitives.MultiplyAdd(w.AsSpan(d * rank, rank), e[d], z, z);
        }

        return z;
    }

    /// <summary>h += W z for a row-major <paramref name="w"/> of h.Length × z.Length.</summary>
    private static void AddProduct(float[] w, float[] z, float[] h)
    {
        var rank = z.Length;
        for (var d = 0; d < h.Length; d++)
        {
            h[d] += TensorPrimitives.Dot(w.AsSpan(d * rank, rank), z);
        }
    }

    /// <summary>One side of a pair: its forward pass, kept for the backward pass.</summary>
    private sealed class Side(int dimension, int rank)
    {
        private float[] _z = new float[rank];
        private readonly float[] _gradH = new float[dimension];
        private readonly float[] _gradZ = new float[rank];
        private float _norm;

        public float[] Unit { get; } = new float[dimension];

        public void Forward(float[] u, float[] v, float[] e)
        {
            _z = Project(v, e);
            e.CopyTo(Unit, 0);
            AddProduct(u, _z, Unit);
            _norm = MathF.Max(1e-6f, TensorPrimitives.Norm(Unit));
            TensorPrimitives.Divide(Unit, _norm, Unit);
        }

        /// <summary>Adds this side's gradient of dLoss × cos(this, other) to U and V.</summary>
        public void Backward(float[] u, float[] other, float cos, float dLoss, float[] e, float[] gradU, float[] gradV)
        {
            // d cos / d h = (other − cos · unit) / |h|
            for (var d = 0; d < _gradH.Length; d++)
            {
                _gradH[d] = dLoss * (other[d] - cos * Unit[d]) / _norm;
            }

            Array.Clear(_gradZ);
            for (var d = 0; d < _gradH.Length; d++)
            {
                var row = u.AsSpan(d * rank, rank);
                TensorPrimitives.MultiplyAdd(_z, _gradH[d], gradU.AsSpan(d * rank, rank), gradU.AsSpan(d * rank, rank));
                TensorPrimitives.MultiplyAdd(row, _gradH[d], _gradZ, _gradZ);
            }

            for (var d = 0; d < e.Length; d++)
            {
                TensorPrimitives.MultiplyAdd(_gradZ, e[d], gradV.AsSpan(d * rank, rank), gradV.AsSpan(d * rank, rank));
            }
        }
    }

    /// <summary>Adam with the usual constants.</summary>
    private sealed class Adam(int size)
    {
        private readonly float[] _m = new float[size];
        private readonly float[] _s = new float[size];
        private int _t;

        public void Step(float[] w, float[] grad, float learningRate)
        {
            _t++;
            const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
            var correction1 = 1 - MathF.Pow(beta1, _t);
            var correction2 = 1 - MathF.Pow(beta2, _t);
            for (var i = 0; i < w.Length; i++)
            {
                _m[i] = (beta1 * _m[i]) + ((1 - beta1) * grad[i]);
                _s[i] = (beta2 * _s[i]) + ((1 - beta2) * grad[i] * grad[i]);
                w[i] -= learningRate * (_m[i] / correction1) / (MathF.Sqrt(_s[i] / correction2) + epsilon);
            }
        }
    }
}

/// <summary>How an <see cref="EncoderAdapter"/> is trained.</summary>
/// <param name="Rank">Rank of the correction.</param>
/// <param name="PairsPerText">Positive and negative pairs drawn per themed text.</param>
/// <param name="Epochs">Passes over the pairs.</param>
/// <param name="BatchSize">Pairs per gradient step.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="WeightDecay">L2 penalty on U and V.</param>
internal sealed record AdapterSettings(int Rank, int PairsPerText, int Epochs, int BatchSize, float LearningRate, float WeightDecay)
{
    /// <summary>The settings training uses.</summary>
    public static AdapterSettings Default { get; } = Environment.GetEnvironmentVariable("THEMES_ADAPTER") is { } x
        ? Parse(x.Split(','))
        : new(16, 5, 4, 16, 1e-3f, 1e-4f);

    private static AdapterSettings Parse(string[] p) => new(
        int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture),
        float.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture),
        float.Parse(p[5], System.Globalization.CultureInfo.InvariantCulture));
}
