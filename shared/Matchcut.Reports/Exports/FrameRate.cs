using System.Globalization;

namespace Matchcut.Reports.Exports;

/// <summary>An exact frame rate Numerator/Denominator (24000/1001 for 23.976), with the timecode conventions that go with it.</summary>
public readonly record struct FrameRate(int Numerator, int Denominator)
{
    /// <summary>The rate a rounded or measured fps stands for: NTSC rates (x1000/1001) when close to one, whole rates, else millihertz.</summary>
    public static FrameRate From(double fps)
    {
        if (fps <= 0 || double.IsNaN(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "A frame rate is positive.");
        var ntsc = Math.Round(fps * 1.001);
        if (ntsc % 6 == 0 && Math.Abs(fps - ntsc * 1000 / 1001) < 0.002) return new((int)ntsc * 1000, 1001);
        if (Math.Abs(fps - Math.Round(fps)) < 0.002) return new((int)Math.Round(fps), 1);
        return new((int)Math.Round(fps * 1000), 1000);
    }

    public double Fps => (double)Numerator / Denominator;

    /// <summary>Frames per timecode second: the rate rounded (30 for 29.97).</summary>
    public int Nominal => (int)Math.Round(Fps);

    /// <summary>Drop-frame timecode applies: 29.97 and 59.94.</summary>
    public bool CanDropFrame => Denominator == 1001 && Nominal % 30 == 0;

    /// <summary>One frame's duration in seconds as FCPXML writes it, e.g. "1001/24000s".</summary>
    public string FrameDuration => Seconds(1);

    /// <summary>Frames as exact rational seconds, reduced ("0s", "3/25s", "1001/8000s").</summary>
    public string Seconds(long frames)
    {
        long n = frames * Denominator, d = Numerator;
        var g = Gcd(Math.Abs(n), d);
        n /= g;
        d /= g;
        return d == 1 ? F($"{n}s") : F($"{n}/{d}s");
    }

    private static long Gcd(long a, long b) => b == 0 ? Math.Max(a, 1) : Gcd(b, a % b);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
