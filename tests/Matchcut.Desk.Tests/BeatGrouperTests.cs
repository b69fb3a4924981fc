using Matchcut.Reports.Beats;

namespace Matchcut.Desk.Tests;

/// <summary>The sliding window of three over shot labels, on sequences whose beats are worked out by hand.</summary>
public sealed class BeatGrouperTests
{
    [Theory]
    // All different: each shot its own beat.
    [InlineData("a b c d", "a:0-0 b:1-1 c:2-2 d:3-3")]
    // A run, then another run.
    [InlineData("a a a b b b", "a:0-2 b:3-5")]
    // A single cutaway inside a run stays in it.
    [InlineData("a b a a", "a:0-3")]
    [InlineData("a a b a a", "a:0-4")]
    // A different shot at the edge of a run starts the next beat.
    [InlineData("b a a", "b:0-0 a:1-2")]
    [InlineData("a a b c d", "a:0-1 b:2-2 c:3-3 d:4-4")]
    [InlineData("a b c a a", "a:0-0 b:1-1 c:2-2 a:3-4")]
    // Alternating labels: the first window's majority wins until the next window's differs.
    [InlineData("a b a b a b", "a:0-2 b:3-5")]
    // Shots without tags are labelled none and group like any label.
    [InlineData("none none person none", "none:0-3")]
    // Short tails: two alike are one beat, two different are two.
    [InlineData("a a", "a:0-1")]
    [InlineData("a b", "a:0-0 b:1-1")]
    [InlineData("a", "a:0-0")]
    [InlineData("", "")]
    public void Groups_labels_into_the_expected_beats(string labels, string expected)
    {
        var beats = BeatGrouper.Group(labels.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expected, string.Join(' ', beats.Select(b => $"{b.Label}:{b.First}-{b.Last}")));
    }

    [Fact]
    public void Beats_cover_every_shot_once_in_order()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var labels = Enumerable.Range(0, random.Next(0, 30)).Select(_ => "abc"[random.Next(3)].ToString()).ToList();
            var beats = BeatGrouper.Group(labels);
            var next = 0;
            foreach (var (first, last, label) in beats)
            {
                Assert.Equal(next, first);
                Assert.True(last >= first);
                Assert.Equal(label, labels[first]);
                Assert.Equal(label, labels[last]);
                next = last + 1;
            }
            Assert.Equal(labels.Count, next);
        }
    }

    [Fact]
    public void The_dominant_label_is_the_strongest_tag_or_none()
    {
        Assert.Equal("person", BeatGrouper.DominantLabel(new Dictionary<string, double> { ["dog"] = 0.4, ["person"] = 1 }));
        Assert.Equal("cat", BeatGrouper.DominantLabel(new Dictionary<string, double> { ["dog"] = 1, ["cat"] = 1 }));
        Assert.Equal("none", BeatGrouper.DominantLabel(new Dictionary<string, double>()));
        Assert.Equal("none", BeatGrouper.DominantLabel(null));
    }
}
