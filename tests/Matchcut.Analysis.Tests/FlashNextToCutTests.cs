namespace Matchcut.Analysis.Tests;

/// <summary>
/// A brief bright flash a few frames before or after a real hard cut (an editor's light hit, a camera flash): the flash
/// is no cut, and it must not hide the cut next to it either.
/// </summary>
public class FlashNextToCutTests : IClassFixture<ClipMaker>
{
    private readonly ClipMaker _clips;

    public FlashNextToCutTests(ClipMaker clips) => _clips = clips;

    [Theory]
    // Big Buck Bunny frames 290-369 (inside the shot 283-375) then 400-499 (inside 376-550): the cut is at frame 80.
    [InlineData("bbb_0_30.webm", 290, 400, 74, 2)]
    [InlineData("bbb_0_30.webm", 290, 400, 77, 1)]
    [InlineData("bbb_0_30.webm", 290, 400, 83, 2)]
    [InlineData("bbb_0_30.webm", 290, 400, 88, 2)]
    // Two toys on the same wooden table (one recording each, 30 fps): a low-contrast cut with a flash 6 frames before it.
    [InlineData("nd_mdn_frog.mp4|nd_mdn_crystal.mp4", 20, 20, 74, 2)]
    public async Task A_flash_within_ten_frames_of_a_cut_hides_neither_the_cut_nor_makes_one(string files, int fromA, int fromB, int flashAt, int flashFrames)
    {
        var sources = files.Split('|');
        var inputs = sources.Distinct().SelectMany(f => new[] { "-i", TestMedia.File(f) }).ToArray();
        var b = sources.Length - 1;
        var flash = $"drawbox=c=white@1:t=fill:enable='between(n,{flashAt},{flashAt + flashFrames - 1})'";
        var clip = _clips.Make($"flash-{Path.GetFileNameWithoutExtension(sources[0])}-{flashAt}x{flashFrames}.mp4", [.. inputs, "-filter_complex",
            $"[0:v]trim=start_frame={fromA}:end_frame={fromA + 80},setpts=PTS-STARTPTS,scale=320:180,setsar=1[a];"
            + $"[{b}:v]trim=start_frame={fromB}:end_frame={fromB + 80},setpts=PTS-STARTPTS,scale=320:180,setsar=1[b];"
            + $"[a][b]concat=n=2:v=1:a=0,{flash}[v]", "-map", "[v]"]);
        var a = await AnalysisCache.RunAsync(clip);
        TruthAssertions.HardCutsExactly(a, 80);
    }
}
