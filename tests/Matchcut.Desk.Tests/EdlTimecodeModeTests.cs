using Matchcut.Reports.Exports;

namespace Matchcut.Desk.Tests;

/// <summary>A cut list mixing drop-frame and non-drop sources: every event's timecodes agree with the FCM line in force.</summary>
public sealed class EdlTimecodeModeTests
{
    private static readonly CutListSource Ntsc = new("ntsc2997.mp4", "file:///ntsc2997.mp4", new FrameRate(30000, 1001), 107892, true, 640, 360, 300);
    private static readonly CutListSource Pal = new("pal25.mp4", "file:///pal25.mp4", new FrameRate(25, 1), 0, false, 640, 360, 250);

    private static CutList Mixed(CutListSource first, CutListSource second) => new("across", [
        new CutEvent("a", first, "t1", "x-0", 0, 10, 40),
        new CutEvent("b", second, "t2", "y-0", 0, 5, 30),
        new CutEvent("c", first, "t1", "x-1", 1, 50, 80),
    ]);

    [Fact]
    public void Non_drop_events_after_a_drop_frame_header_get_their_own_fcm_line()
    {
        var text = EdlWriter.Write(Mixed(Ntsc, Pal));
        var lines = text.Split("\r\n");
        Assert.Equal("FCM: DROP FRAME", lines[1]);
        Assert.Equal(["FCM: DROP FRAME", "FCM: NON-DROP FRAME", "FCM: DROP FRAME"], lines.Where(l => l.StartsWith("FCM: ", StringComparison.Ordinal)).Skip(1).Prepend(lines[1]).Take(3));
        var (_, events) = CutListReaders.Edl(text, 30, new Dictionary<string, int> { ["pal25.mp4"] = 25 });
        Assert.Equal([107892L + 10, 5, 107892 + 50], events.Select(e => e.In));
        Assert.Equal([107892L + 40, 30, 107892 + 80], events.Select(e => e.Out));
    }

    [Fact]
    public void One_mode_lists_keep_a_single_fcm_line()
    {
        var text = EdlWriter.Write(new CutList("pal", [new CutEvent("a", Pal, "t", "y-0", 0, 0, 10), new CutEvent("b", Pal, "t", "y-1", 1, 10, 20)]));
        Assert.Single(text.Split("\r\n"), l => l.StartsWith("FCM: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_drop_frame_source_on_a_25_fps_timeline_is_announced_and_its_record_side_stays_non_drop()
    {
        var text = EdlWriter.Write(Mixed(Pal, Ntsc));
        Assert.Contains("\r\nFCM: DROP FRAME\r\n", text);
        var (dropFrame, events) = CutListReaders.Edl(text, 25, new Dictionary<string, int> { ["ntsc2997.mp4"] = 30 });
        Assert.False(dropFrame);
        Assert.Equal(["pal25.mp4", "ntsc2997.mp4", "pal25.mp4"], events.Select(e => e.Source));
    }
}
