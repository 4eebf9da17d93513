using ThemeClassifier.Evaluation;

namespace ThemeClassifier.Tests.Evaluation;

public sealed class AgreementTests
{
    [Fact]
    public void KrippendorffAlpha_TwoCodersByHand()
    {
        // Units (a,a) (a,b) (b,b) (b,b): coincidences o_aa=2, o_ab=o_ba=1, o_bb=4; n_a=3, n_b=5, n=8.
        // alpha = 1 - (n-1) * (o_ab+o_ba) / (n_a*n_b + n_b*n_a) = 1 - 7*2/30 = 8/15.
        string?[][] units = [["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]];
        Assert.Equal(8.0 / 15, Agreement.KrippendorffAlpha(units), 10);
    }

    [Fact]
    public void KrippendorffAlpha_FourCodersWithMissingValues_MatchesKrippendorffsWorkedExample()
    {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example: alpha = 0.743.
        string?[] a = ["1", "2", "3", "3", "2", "1", "4", "1", "2", null, null, null];
        string?[] b = ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", null, "3"];
        string?[] c = [null, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", null];
        string?[] d = ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", null];
        var units = Enumerable.Range(0, a.Length).Select(i => (IReadOnlyList<string?>)[a[i], b[i], c[i], d[i]]);
        Assert.Equal(0.743, Agreement.KrippendorffAlpha(units), 3);
    }

    [Fact]
    public void KrippendorffAlpha_PerfectAgreement_IsOne()
    {
        string?[][] units = [["x", "x"], ["y", "y"], ["x", null]];
        Assert.Equal(1, Agreement.KrippendorffAlpha(units));
    }

    [Fact]
    public void CohensKappa_ByHand()
    {
        // p_o = 3/4; p_e = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = (0.75-0.5)/0.5 = 0.5.
        Assert.Equal(0.5, Agreement.CohensKappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]), 10);
    }

    [Fact]
    public void Compare_PrimaryAndPerTheme()
    {
        string[] ids = ["t1", "t2"];
        IReadOnlyList<string>[] first = [["t1"], ["t1", "t2"], [], ["t2"]];
        IReadOnlyList<string>[] second = [["t1"], ["t2"], [], ["t2", "t1"]];
        var report = Agreement.Compare(ids, first, second);
        Assert.Equal(4, report.Posts);
        Assert.Equal(0.75, report.PrimaryAgreement, 10);

        // t2 present: first no,yes,no,yes; second no,yes,no,yes: perfect.
        Assert.Equal(1, report.PerTheme[1].Kappa, 10);
        Assert.Equal(1, report.PerTheme[1].Alpha, 10);

        // t1 present: first yes,yes,no,no; second yes,no,no,yes: p_o = 0.5, p_e = 0.5 → kappa 0.
        Assert.Equal(0, report.PerTheme[0].Kappa, 10);
        Assert.Equal(2, report.PerTheme[0].FirstCount);
    }
}
