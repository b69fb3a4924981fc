using Matchcut.Reports.Exports;

namespace Matchcut.Desk.Tests;

/// <summary>Timecode against values worked out from the SMPTE rules (drop-frame skips ;00 and ;01 of each minute but every tenth).</summary>
public sealed class TimecodeTests
{
    private static readonly FrameRate Ntsc30 = new(30000, 1001), Pal = new(25, 1), Film = new(24000, 1001);

    [Theory]
    [InlineData(0, "00:00:00;00")]
    [InlineData(1799, "00:00:59;29")]
    [InlineData(1800, "00:01:00;02")]
    [InlineData(3597, "00:01:59;29")]
    [InlineData(3598, "00:02:00;02")]
    [InlineData(17981, "00:09:59;29")]
    [InlineData(17982, "00:10:00;00")]
    [InlineData(107892, "01:00:00;00")]
    public void Drop_frame_at_29_97(long frames, string expected)
    {
        Assert.Equal(expected, Timecode.Format(frames, Ntsc30, dropFrame: true));
        Assert.Equal((frames, true), Timecode.Parse(expected, Ntsc30));
    }

    [Fact]
    public void Non_drop_frame_counts_whole_seconds_of_the_nominal_rate()
    {
        Assert.Equal("10:00:00:00", Timecode.Format(900000, Pal, false));
        Assert.Equal("01:00:00:00", Timecode.Format(86400, Film, false));
        Assert.Equal("00:00:01:23", Timecode.Format(47, Film, false));
        Assert.Equal((900000L, false), Timecode.Parse("10:00:00:00", Pal));
    }

    [Fact]
    public void Every_drop_frame_timecode_parses_back_to_its_frame()
    {
        for (long f = 0; f < 200_000; f += 7) Assert.Equal(f, Timecode.Parse(Timecode.Format(f, Ntsc30, true), Ntsc30).Frames);
    }

    [Theory]
    [InlineData(23.976, 24000, 1001)]
    [InlineData(23.976023976, 24000, 1001)]
    [InlineData(29.97, 30000, 1001)]
    [InlineData(59.94, 60000, 1001)]
    [InlineData(25, 25, 1)]
    [InlineData(24, 24, 1)]
    [InlineData(12.5, 12500, 1000)]
    public void Rates_are_recovered_exactly(double fps, int numerator, int denominator) =>
        Assert.Equal(new FrameRate(numerator, denominator), FrameRate.From(fps));

    [Fact]
    public void A_bad_timecode_is_refused() => Assert.Throws<FormatException>(() => Timecode.Parse("01:00:00", Pal));
}
