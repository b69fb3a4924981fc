using System.Net;
using System.Text.Json;

namespace Matchcut.Desk.Tests;

/// <summary>
/// POST /api/v1/search/image and `matchcut search --image` on four titles of real footage (<see cref="SearchFixture"/>):
/// a still of one title's shot, or of another encode of it, finds that shot first; the command line gives the API's hits.
/// </summary>
public sealed class PictureSearchTests(SearchFixture search) : IClassFixture<SearchFixture>
{
    // Clip frame 80 of "bunny" is source frame 330 of bbb_0_30.webm, inside the clip's shot 33-125 (1.375-5.25 s).
    private const int BunnyFrame = 80, SourceFrame = 330;
    private const double BunnySec = BunnyFrame / 24.0;

    [Fact]
    public async Task A_still_of_a_shot_finds_that_shot_first_among_four_titles_with_the_frame_that_matched()
    {
        var still = search.Still(Path.Combine(search.Inputs, "bunny.mp4"), BunnyFrame, "bunny-80.jpg");

        var hits = Shots(await search.SearchAsync(still, "?k=10"));

        var first = hits[0];
        Assert.Equal("bunny", Title(first));
        Assert.True(Covers(first, BunnySec), first.ToString());
        var frame = first.GetProperty("frame");
        Assert.NotEqual("shot", frame.GetProperty("kind").GetString());
        var sec = frame.GetProperty("sec").GetDouble();
        Assert.InRange(sec, first.GetProperty("shot").GetProperty("startSec").GetDouble(), first.GetProperty("shot").GetProperty("endSec").GetDouble());
        Assert.Equal(first.GetProperty("score").GetSingle(), frame.GetProperty("score").GetSingle());
        // Best first, and every other title's shot below it.
        Assert.Equal(hits.Select(Score).OrderDescending(), hits.Select(Score));
        Assert.All(hits.Where(h => Title(h) != "bunny"), h => Assert.True(Score(h) < Score(first)));
        Assert.Contains(hits, h => Title(h) != "bunny");
    }

    [Fact]
    public async Task The_same_frame_from_another_encode_at_another_size_finds_the_same_shot_first()
    {
        // Another encode of the film: 640x360, heavier compression, grabbed as PNG at 480 wide.
        var other = Path.Combine(search.Work, "bbb-360p.mp4");
        if (!File.Exists(other))
            TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-an", "-vf", "scale=640:360", "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", other);
        var still = search.Still(other, SourceFrame, "bbb-360p-330.png", width: 480);

        var hits = Shots(await search.SearchAsync(still, "?k=5", "image/png"));

        Assert.Equal("bunny", Title(hits[0]));
        Assert.True(Covers(hits[0], BunnySec), hits[0].ToString());
    }

    [Fact]
    public async Task A_still_of_the_rabbit_at_a_quarter_of_the_size_finds_the_rabbit_not_the_frog_on_the_same_table()
    {
        var still = search.Still(TestMedia.File("nd_mdn_rabbit_320x240.mp4"), 100, "rabbit-small-100.jpg");

        var hits = Shots(await search.SearchAsync(still, "?k=5"));

        Assert.Equal("rabbit", Title(hits[0]));
    }

    [Fact]
    public async Task Titles_limit_the_search_and_k_its_length()
    {
        var still = search.Still(Path.Combine(search.Inputs, "bunny.mp4"), BunnyFrame, "bunny-80-titles.jpg");

        var hits = Shots(await search.SearchAsync(still, "?titles=frog,leaf&k=2"));

        Assert.InRange(hits.Count, 1, 2);
        Assert.All(hits, h => Assert.Contains(Title(h), new[] { "frog", "leaf" }));
    }

    [Fact]
    public async Task What_is_not_a_picture_is_refused_with_a_reason()
    {
        var jpeg = search.Still(Path.Combine(search.Inputs, "bunny.mp4"), 10, "bunny-10.jpg");
        // A few hundred KiB of PNG that declares 12000x12000: refused before it is decoded to half a GiB.
        var bomb = Path.Combine(search.Work, "bomb.png");
        TestMedia.Ffmpeg("-f", "lavfi", "-i", "color=black:s=12000x12000", "-frames:v", "1", bomb);
        var cases = new (byte[] Body, string Query, HttpStatusCode Status, string Says)[]
        {
            ("not a picture"u8.ToArray(), "", HttpStatusCode.UnsupportedMediaType, "neither JPEG nor PNG"),
            ([], "", HttpStatusCode.BadRequest, "request body"),
            (jpeg[..200], "", HttpStatusCode.BadRequest, "could not be decoded"),
            (File.ReadAllBytes(bomb), "", HttpStatusCode.BadRequest, "pixels allowed"),
            (jpeg, "?k=0", HttpStatusCode.BadRequest, "k must be"),
            (jpeg, "?titles=a/b", HttpStatusCode.BadRequest, "Title ids"),
        };
        foreach (var (body, query, status, says) in cases)
        {
            using var content = new ByteArrayContent(body);
            using var response = await search.Http.PostAsync($"/api/v1/search/image{query}", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{query} {body.Length} bytes: {(int)response.StatusCode} {text}");
            Assert.Contains(says, text);
            Assert.DoesNotContain("   at ", text);
        }
    }

    [Fact]
    public async Task The_command_line_gives_the_api_hits()
    {
        var path = Path.Combine(search.Work, "bunny-80-cli.jpg");
        var still = search.Still(Path.Combine(search.Inputs, "bunny.mp4"), BunnyFrame, Path.GetFileName(path));
        var api = await search.SearchAsync(still, "?k=6&titles=bunny,leaf,rabbit");

        var (code, output, error) = MatchcutProcess.Run("search", "--image", path, "--store", search.Store, "--k", "6", "--titles", "bunny,leaf,rabbit", "--json");
        var (tableCode, table, _) = MatchcutProcess.Run("search", "--image", path, "--store", search.Store, "--k", "6", "--titles", "bunny,leaf,rabbit");

        Assert.True(code == 0, error);
        var cli = JsonDocument.Parse(output).RootElement;
        Assert.Equal(Shots(api).Select(Id), Shots(cli).Select(Id));
        Assert.Equal(Shots(api).Select(Score), Shots(cli).Select(Score));
        Assert.Equal(Shots(api).Select(h => h.GetProperty("frame").GetProperty("frame").ToString()), Shots(cli).Select(h => h.GetProperty("frame").GetProperty("frame").ToString()));
        Assert.Equal(api.GetProperty("method").GetString(), cli.GetProperty("method").GetString());
        Assert.Equal(0, tableCode);
        Assert.Contains(Id(Shots(api)[0]), table);
    }

    [Fact]
    public void The_command_line_names_a_missing_or_bad_picture_without_a_stack_trace()
    {
        var missing = Path.Combine(search.Work, "nothing.jpg");
        var bad = Path.Combine(search.Work, "bad.jpg");
        File.WriteAllText(bad, "plain text, not a picture");

        var (missingCode, _, missingError) = MatchcutProcess.Run("search", "--image", missing, "--store", search.Store);
        var (badCode, _, badError) = MatchcutProcess.Run("search", "--image", bad, "--store", search.Store);
        var (noneCode, _, noneError) = MatchcutProcess.Run("search", "--store", search.Store);

        Assert.Equal(66, missingCode);
        Assert.Contains(missing, missingError);
        Assert.Equal(66, badCode);
        Assert.Contains("neither JPEG nor PNG", badError);
        Assert.DoesNotContain("   at ", badError);
        Assert.Equal(64, noneCode);
        Assert.Contains("--image", noneError);
    }

    private static List<JsonElement> Shots(JsonElement answer) => answer.GetProperty("shots").EnumerateArray().ToList();
    private static string Title(JsonElement hit) => hit.GetProperty("shot").GetProperty("titleId").GetString()!;
    private static string Id(JsonElement hit) => hit.GetProperty("shot").GetProperty("shotId").GetString()!;
    private static float Score(JsonElement hit) => hit.GetProperty("score").GetSingle();

    private static bool Covers(JsonElement hit, double sec)
    {
        var shot = hit.GetProperty("shot");
        return shot.GetProperty("startSec").GetDouble() <= sec && sec <= shot.GetProperty("endSec").GetDouble();
    }
}
