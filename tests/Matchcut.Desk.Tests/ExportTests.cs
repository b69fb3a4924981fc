using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Matchcut.Desk.Tests;

/// <summary>
/// Cut lists from the API, parsed back as their formats, against result.json: every event's source in and out is the
/// shot's first frame and the frame after its last, counted from the file's start timecode, frame-exact at each rate.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class ExportTests(DeskFixture desk)
{
    // title, rate numerator and denominator, timecode frames per second, start timecode in frames, drop-frame
    public static TheoryData<string, int, int, int, long, bool> Rates => new()
    {
        { "film23976", 24000, 1001, 24, 0, false },
        { "pal25", 25, 1, 25, 10 * 3600 * 25, false },
        { "ntsc2997", 30000, 1001, 30, 107892, true }, // 01:00:00;00 drop-frame: 108000 frame numbers less 2 x 54 dropped
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Shots_export_in_every_format_frame_exact(string title, int num, int den, int nominal, long start, bool dropFrame)
    {
        var result = desk.ResultOf[title];
        var timecode = result.GetProperty("asset").GetProperty("timecode");
        Assert.Equal(DeskFixture.Clips.Single(c => c.Title == title).Timecode, timecode.ValueKind == JsonValueKind.Null ? null : timecode.GetString());
        var kept = result.GetProperty("shots").EnumerateArray().Where(s => s.GetProperty("kept").GetBoolean())
            .Select(s => (Start: s.GetProperty("startFrame").GetInt32(), End: s.GetProperty("endFrame").GetInt32())).ToList();
        Assert.True(kept.Count >= 2, "the clip has cuts at frames 33 and 126");
        var expected = kept.Select(s => (In: start + s.Start, Out: start + s.End + 1)).ToList();

        var (df, edl) = CutListReaders.Edl(await GetAsync($"/api/v1/titles/{title}/export/edl?content=shots", "application/x-edl", $"{title}-shots.edl"), nominal);
        Assert.Equal(dropFrame, df);
        Assert.Equal(expected, edl.Select(e => (e.In, e.Out)).ToList());
        Assert.All(edl, e => Assert.Equal($"{title}.mp4", e.Source));
        AssertContiguous(edl);

        var otio = CutListReaders.Otio(await GetAsync($"/api/v1/titles/{title}/export/otio?content=shots", "application/vnd.opentimelineio+json", $"{title}-shots.otio"), (double)num / den);
        Assert.Equal(expected, otio.Select(e => (e.In, e.Out)).ToList());

        var fcpxml = CutListReaders.Fcpxml(await GetAsync($"/api/v1/titles/{title}/export/fcpxml?content=shots", "application/xml", $"{title}-shots.fcpxml"), num, den);
        Assert.Equal(expected, fcpxml.Select(e => (e.In, e.Out)).ToList());
        AssertContiguous(fcpxml);

        var csv = CutListReaders.Csv(await GetAsync($"/api/v1/titles/{title}/export/csv?content=shots", "text/csv", $"{title}-shots.csv"));
        Assert.Equal(kept, csv.ToList());
    }

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Top_pairs_export_as_shot_a_then_shot_b(string title, int num, int den, int nominal, long start, bool dropFrame)
    {
        var result = desk.ResultOf[title];
        var shots = result.GetProperty("shots").EnumerateArray().ToDictionary(s => s.GetProperty("index").GetInt32());
        var pairs = result.GetProperty("matches").GetProperty("frame").EnumerateArray().Take(3).ToList();
        Assert.NotEmpty(pairs);
        var expected = pairs.SelectMany(p => new[] { p.GetProperty("a").GetInt32(), p.GetProperty("b").GetInt32() })
            .Select(i => (In: start + shots[i].GetProperty("startFrame").GetInt32(), Out: start + shots[i].GetProperty("endFrame").GetInt32() + 1)).ToList();

        var (df, edl) = CutListReaders.Edl(await GetAsync($"/api/v1/titles/{title}/export/edl?flavour=frame&k=3", "application/x-edl", $"{title}-frame-pairs.edl"), nominal);
        Assert.Equal(dropFrame, df);
        Assert.Equal(expected, edl.Select(e => (e.In, e.Out)).ToList());
        Assert.Equal(expected, CutListReaders.Otio(await GetAsync($"/api/v1/titles/{title}/export/otio?flavour=frame&k=3", "application/vnd.opentimelineio+json", null), (double)num / den)
            .Select(e => (e.In, e.Out)).ToList());
        Assert.Equal(expected, CutListReaders.Fcpxml(await GetAsync($"/api/v1/titles/{title}/export/fcpxml?flavour=frame&k=3", "application/xml", null), num, den)
            .Select(e => (e.In, e.Out)).ToList());
    }

    [Fact]
    public async Task Marked_pairs_export_only_the_pairs_with_that_verdict()
    {
        const string title = "pal25";
        var asset = desk.AssetOf[title];
        var kept = desk.ResultOf[title].GetProperty("shots").EnumerateArray().Where(s => s.GetProperty("kept").GetBoolean())
            .Select(s => s.GetProperty("index").GetInt32()).ToList();
        Assert.True(kept.Count >= 3);
        // Reviewers may mark any two shots, not only the top pairs: one pair good, another bad.
        var pairs = new[] { (A: kept[0], B: kept[2]), (A: kept[0], B: kept[1]) };
        foreach (var (pair, verdict) in pairs.Zip(new[] { "good", "bad" }))
        {
            using var put = await desk.Http.PutAsJsonAsync($"/api/v1/titles/{title}/reviews",
                new { flavour = "frame", a = $"{asset}-{pair.A}", b = $"{asset}-{pair.B}", verdict, note = "export test" });
            put.EnsureSuccessStatusCode();
        }
        var csv = await GetAsync($"/api/v1/titles/{title}/export/csv?flavour=frame&marked=good", "text/csv", $"{title}-frame-good.csv");
        var shots = desk.ResultOf[title].GetProperty("shots").EnumerateArray().ToDictionary(s => s.GetProperty("index").GetInt32());
        var (a, b) = pairs[0];
        Assert.Equal([Range(shots[a]), Range(shots[b])], CutListReaders.Csv(csv));
        Assert.Equal(4, CutListReaders.Csv(await GetAsync($"/api/v1/titles/{title}/export/csv?flavour=frame&marked=any", "text/csv", null)).Count);
    }

    [Theory]
    [InlineData("/api/v1/titles/pal25/export/aaf", "format")]
    [InlineData("/api/v1/titles/pal25/export/edl?content=everything", "content")]
    [InlineData("/api/v1/titles/pal25/export/edl?marked=maybe", "marked")]
    [InlineData("/api/v1/titles/pal25/export/edl?flavour=smell", "flavour")]
    public async Task Bad_export_requests_say_which_value_is_wrong(string url, string field)
    {
        using var response = await desk.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_unknown_title_has_nothing_to_export()
    {
        using var response = await desk.Http.GetAsync("/api/v1/titles/no-such-title/export/edl");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static (int, int) Range(JsonElement shot) => (shot.GetProperty("startFrame").GetInt32(), shot.GetProperty("endFrame").GetInt32());

    private static void AssertContiguous(IReadOnlyList<ReadEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
            Assert.Equal(events[i - 1].RecordIn + (events[i - 1].Out - events[i - 1].In), events[i].RecordIn);
    }

    private async Task<string> GetAsync(string url, string contentType, string? fileName)
    {
        using var response = await desk.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        if (fileName is not null) Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsStringAsync();
    }
}
