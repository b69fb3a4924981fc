using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Matchcut.Desk.Tests;

/// <summary>GET matches (pairs across titles through the vector index), its export, and GET titles/{id}/beats, against result.json.</summary>
[Collection(DeskCollection.Name)]
public sealed class CrossTitleAndBeatsApiTests(DeskFixture desk)
{
    [Fact]
    public async Task Cross_title_pairs_join_shots_of_different_titles_best_first()
    {
        var body = await desk.Http.GetFromJsonAsync<JsonElement>("/api/v1/matches?titles=film23976,pal25&flavour=frame&k=5");
        Assert.Equal(["film23976", "pal25"], body.GetProperty("titles").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal("frame", body.GetProperty("flavour").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("provenance").GetProperty("method").GetString()));
        var pairs = body.GetProperty("pairs").EnumerateArray().ToList();
        Assert.NotEmpty(pairs);
        Assert.Equal(Enumerable.Range(1, pairs.Count), pairs.Select(p => p.GetProperty("rank").GetInt32()));
        var scores = pairs.Select(p => p.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        foreach (var p in pairs)
        {
            Assert.Equal("film23976", p.GetProperty("a").GetProperty("titleId").GetString());
            Assert.Equal("pal25", p.GetProperty("b").GetProperty("titleId").GetString());
            Assert.StartsWith(desk.AssetOf["film23976"], p.GetProperty("a").GetProperty("shotId").GetString());
            Assert.StartsWith(desk.AssetOf["pal25"], p.GetProperty("b").GetProperty("shotId").GetString());
        }
        // The two titles are the same footage at two rates: the best pair is one shot and its copy (the same shot number).
        var best = pairs[0];
        Assert.True(scores[0] > 0.95, $"best cross-title score {scores[0]}");
        Assert.Equal(best.GetProperty("a").GetProperty("index").GetInt32(), best.GetProperty("b").GetProperty("index").GetInt32());
    }

    // Either order mixes a 25 fps title with a 29.97 drop-frame one: each event's FCM must name its source's mode.
    [Theory]
    [InlineData("pal25", "ntsc2997", 25)]
    [InlineData("ntsc2997", "pal25", 30)]
    public async Task Cross_title_pairs_export_from_both_files(string a, string b, int recordFps)
    {
        using var response = await desk.Http.GetAsync($"/api/v1/matches/export/edl?titles={a},{b}&flavour=frame&k=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        var (_, events) = CutListReaders.Edl(text, recordFps, new Dictionary<string, int> { ["ntsc2997.mp4"] = 30, ["pal25.mp4"] = 25 });
        Assert.Equal(6, events.Count);
        Assert.Equal([$"{a}.mp4", $"{b}.mp4"], events.Select(e => e.Source).Distinct().ToArray());
        Assert.All(events.Where((_, i) => i % 2 == 0), e => Assert.Equal($"{a}.mp4", e.Source));
    }

    [Theory]
    [InlineData("/api/v1/matches?titles=pal25", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/matches?titles=pal25,no-such-title", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/matches?titles=pal25,film23976&flavour=smell", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/matches/export/aaf?titles=pal25,film23976", HttpStatusCode.BadRequest)]
    public async Task Cross_title_requests_that_cannot_be_answered_say_why(string url, HttpStatusCode status)
    {
        using var response = await desk.Http.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
    }

    // Each title costs a nearest-neighbour search per kept shot: an absent list is not "all titles", and a long one is capped.
    [Theory]
    [InlineData("/api/v1/matches?flavour=frame", "2 to 8")]
    [InlineData("/api/v1/matches/export/edl?flavour=frame", "2 to 8")]
    [InlineData("/api/v1/matches?titles=a1,a2,a3,a4,a5,a6,a7,a8,a9", "At most 8 titles")]
    public async Task Cross_title_requests_name_their_titles_up_to_the_cap(string url, string detail)
    {
        using var response = await desk.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("errors").GetProperty("titles")[0].GetString());
    }

    [Fact]
    public async Task Beats_from_the_api_are_the_beats_of_result_json_and_cover_the_kept_shots()
    {
        foreach (var clip in DeskFixture.Clips)
        {
            var result = desk.ResultOf[clip.Title];
            var beats = result.GetProperty("beats");
            var api = await desk.Http.GetFromJsonAsync<JsonElement>($"/api/v1/titles/{clip.Title}/beats");
            Assert.Equal(clip.Title, api.GetProperty("titleId").GetString());
            Assert.Equal(JsonSerializer.Serialize(beats), JsonSerializer.Serialize(api.GetProperty("beats")));

            var kept = result.GetProperty("shots").EnumerateArray().Where(s => s.GetProperty("kept").GetBoolean()).ToList();
            var asset = desk.AssetOf[clip.Title];
            Assert.Equal(kept.Select(s => $"{asset}-{s.GetProperty("index").GetInt32()}"),
                beats.EnumerateArray().SelectMany(b => b.GetProperty("shotIds").EnumerateArray().Select(i => i.GetString()!)));
            foreach (var b in beats.EnumerateArray())
            {
                var first = kept.Single(s => s.GetProperty("index").GetInt32() == b.GetProperty("firstShot").GetInt32());
                Assert.Equal(first.GetProperty("startSec").GetDouble(), b.GetProperty("startSec").GetDouble());
                // A beat starts on a shot whose strongest tag is the beat's label ("none" without tags).
                Assert.Equal(b.GetProperty("label").GetString(), Dominant(first));
            }
            var report = await File.ReadAllTextAsync(Path.Combine(desk.FolderOf[clip.Title], "report.html"));
            Assert.Contains("<h2>Beats</h2>", report);
            foreach (var b in beats.EnumerateArray()) Assert.Contains($"beat {b.GetProperty("index").GetInt32()}: {b.GetProperty("label").GetString()}", report);
        }
    }

    private static string Dominant(JsonElement shot) =>
        shot.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object && tags.EnumerateObject().Any()
            ? tags.EnumerateObject().OrderByDescending(t => t.Value.GetDouble()).ThenBy(t => t.Name, StringComparer.Ordinal).First().Name
            : "none";
}
