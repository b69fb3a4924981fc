using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Gateway.Tests;

/// <summary>The query API through the gateway, over real pipeline output: auth, limits, validation, forwarding.</summary>
[Collection(StackCollection.Name)]
public sealed class GatewayTests : IDisposable
{
    private readonly StackFixture _stack;
    private readonly IndexApiFactory _index;
    private readonly GatewayFactory _gateway;

    public GatewayTests(StackFixture stack)
    {
        _stack = stack;
        _index = new IndexApiFactory(stack);
        // The Index service on its loopback port before anything asks for its services (that would start it in memory).
        _ = _index.BaseAddress;
        _gateway = new GatewayFactory(_index);
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _index.Dispose();
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await _gateway.ClientWithKey().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> FirstPairAsync()
    {
        var matches = await JsonAsync("/api/v1/titles/testvideo/matches?flavour=frame&k=5");
        return matches.GetProperty("pairs")[0];
    }

    [Fact]
    public async Task Request_without_key_is_401()
    {
        using var response = await _gateway.Client().GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_key_is_401_and_revoked_key_is_403()
    {
        using var unknown = await _gateway.ClientWithKey("not-a-key").GetAsync("/api/v1/titles");
        using var revoked = await _gateway.ClientWithKey(GatewayFactory.RevokedKey).GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
    }

    [Fact]
    public async Task Key_over_its_permits_per_minute_gets_429()
    {
        var client = _gateway.ClientWithKey(GatewayFactory.LimitedKey);
        for (var i = 0; i < GatewayFactory.LimitedPermits; i++)
        {
            using var ok = await client.GetAsync("/api/v1/titles");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await client.GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        using var other = await _gateway.ClientWithKey().GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        using var response = await _gateway.ClientWithKey().PostAsync("/api/v1/assets", new ByteArrayContent(new byte[100_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/titles/testvideo/matches?flavour=sparkle")]
    [InlineData("/api/v1/titles/testvideo/matches?k=0")]
    [InlineData("/api/v1/titles/testvideo/matches?k=5000")]
    [InlineData("/api/v1/shots?pageSize=0")]
    [InlineData("/api/v1/shots?page=0")]
    [InlineData("/api/v1/shots?titles=../etc")]
    public async Task Bad_parameter_values_are_400_problem_details(string path)
    {
        using var response = await _gateway.ClientWithKey().GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData("/api/v1/titles/no-such-title/matches")]
    [InlineData("/api/v1/shots/0123456789abcdef-3/similar")]
    [InlineData("/api/v1/shots/0123456789abcdef-3/keyframe")]
    [InlineData("/api/v1/assets/0123456789abcdef")]
    [InlineData("/api/v1/landings/0123456789abcdef")]
    public async Task Unknown_ids_are_404(string path)
    {
        using var response = await _gateway.ClientWithKey().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Title_matches_list_pairs_with_times_scores_and_links()
    {
        var matches = await JsonAsync("/api/v1/titles/testvideo/matches?flavour=frame&k=3");
        Assert.Contains("frame", matches.GetProperty("availableFlavours").EnumerateArray().Select(f => f.GetString()));
        var pairs = matches.GetProperty("pairs").EnumerateArray().ToList();
        Assert.InRange(pairs.Count, 1, 3);
        var first = pairs[0];
        Assert.True(first.GetProperty("a").GetProperty("endSec").GetDouble() <= first.GetProperty("b").GetProperty("startSec").GetDouble() + 1e-6);
        using var frame = await _gateway.ClientWithKey().GetAsync(first.GetProperty("a").GetProperty("links").GetProperty("lastFrame").GetString());
        Assert.Equal("image/jpeg", frame.Content.Headers.ContentType?.MediaType);
        // Motion is scored (optical flow in EmbedGpu), but testvideo's four shots are still: no still pair is a motion match.
        var motion = await JsonAsync("/api/v1/titles/testvideo/matches?flavour=motion");
        Assert.Contains("motion", motion.GetProperty("availableFlavours").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0, motion.GetProperty("pairs").GetArrayLength());
    }

    [Fact]
    public async Task Similar_shots_come_from_other_titles_when_asked()
    {
        var shot = (await FirstPairAsync()).GetProperty("a").GetProperty("shotId").GetString();
        var similar = await JsonAsync($"/api/v1/shots/{shot}/similar?flavour=frame&k=5&excludeSameTitle=true");
        var titles = similar.GetProperty("shots").EnumerateArray().Select(s => s.GetProperty("shot").GetProperty("titleId").GetString()).ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, t => Assert.Equal("counter", t));
    }

    [Fact]
    public async Task Shots_page_through_titles_and_tolerate_missing_tags()
    {
        var page = await JsonAsync("/api/v1/shots?titles=testvideo,counter&pageSize=2&page=1");
        Assert.Equal(2, page.GetProperty("shots").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() > 2);
        var tagged = await JsonAsync("/api/v1/shots?tag=beach");
        Assert.Equal(0, tagged.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Clip_streams_with_range_support()
    {
        var clip = (await FirstPairAsync()).GetProperty("b").GetProperty("links").GetProperty("clip").GetString();
        var request = new HttpRequestMessage(HttpMethod.Get, clip);
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 99);
        using var response = await _gateway.ClientWithKey().SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(100, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Asset_status_lists_every_stage()
    {
        var assetId = (await JsonAsync("/api/v1/titles/counter/matches")).GetProperty("assetId").GetString();
        var asset = await JsonAsync($"/api/v1/assets/{assetId}");
        Assert.Equal("completed", asset.GetProperty("state").GetString());
        Assert.Equal(PipelineStages.All, asset.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()!));
    }

    [Fact]
    public async Task Review_is_stored_and_exported_as_csv()
    {
        var pair = await FirstPairAsync();
        string a = pair.GetProperty("a").GetProperty("shotId").GetString()!, b = pair.GetProperty("b").GetProperty("shotId").GetString()!;
        using var put = await _gateway.ClientWithKey().PutAsJsonAsync("/api/v1/titles/testvideo/reviews", new { flavour = "frame", a, b, verdict = "bad", note = "=jump" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var invalid = await _gateway.ClientWithKey().PutAsJsonAsync("/api/v1/titles/testvideo/reviews", new { flavour = "frame", a, b, verdict = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var csv = await _gateway.ClientWithKey().GetStringAsync("/api/v1/titles/testvideo/reviews.csv");
        Assert.Contains($"\"testvideo\",frame,bad,{a},", csv);
        Assert.Contains("\"'=jump\"", csv);
        // The review names the key's client, as the gateway told the API; a caller's own X-Gateway-Client is replaced.
        var spoofed = new HttpRequestMessage(HttpMethod.Put, "/api/v1/titles/testvideo/reviews") { Content = JsonContent.Create(new { flavour = "frame", a, b, verdict = "good" }) };
        spoofed.Headers.Add("X-Gateway-Client", "someone-else");
        using (var again = await _gateway.ClientWithKey().SendAsync(spoofed))
            Assert.Equal("reviewer", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewer").GetString());
        Assert.Contains(",\"reviewer\"", await _gateway.ClientWithKey().GetStringAsync("/api/v1/titles/testvideo/reviews.csv"));

        // Only the title's own shots, of a title that exists, and two of them.
        var other = (await JsonAsync("/api/v1/titles/counter/matches")).GetProperty("pairs").EnumerateArray().First().GetProperty("a").GetProperty("shotId").GetString()!;
        foreach (var (title, x, y, status) in new[]
                 {
                     ("testvideo", a, other, HttpStatusCode.NotFound), ("no-such-title", a, b, HttpStatusCode.NotFound),
                     ("testvideo", a, a, HttpStatusCode.BadRequest), ("testvideo", a, "0123456789abcdef-99999", HttpStatusCode.NotFound),
                 })
        {
            using var refused = await _gateway.ClientWithKey().PutAsJsonAsync($"/api/v1/titles/{title}/reviews", new { flavour = "frame", a = x, b = y, verdict = "good" });
            Assert.Equal(status, refused.StatusCode);
        }
        Assert.DoesNotContain(other, await _gateway.ClientWithKey().GetStringAsync("/api/v1/titles/testvideo/reviews.csv"));

        // Deleted, it is gone from the list and the export; deleting it again is 404.
        using (var deleted = await _gateway.ClientWithKey().DeleteAsync($"/api/v1/titles/testvideo/reviews/frame/{a}/{b}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var left = (await JsonAsync("/api/v1/titles/testvideo/reviews")).GetProperty("reviews").EnumerateArray();
        Assert.DoesNotContain(left, r => r.GetProperty("flavour").GetString() == "frame" && r.GetProperty("a").GetString() == a && r.GetProperty("b").GetString() == b);
        using (var twice = await _gateway.ClientWithKey().DeleteAsync($"/api/v1/titles/testvideo/reviews/frame/{a}/{b}"))
            Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task Post_assets_is_202_with_location_and_publishes_with_the_correlation_id()
    {
        var recorder = new PublishRecorder();
        using var handle = _index.Services.GetRequiredService<IBus>().ConnectPublishObserver(recorder);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/assets") { Content = JsonContent.Create(new { titleId = "again", sourceUri = TestMedia.File("counter.mp4") }) };
        request.Headers.Add("X-Correlation-Id", "corr-post-1");
        using var response = await _gateway.ClientWithKey().SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("/api/v1/landings/", response.Headers.Location!.OriginalString);
        Assert.Contains("corr-post-1", recorder.CorrelationIds);
        using var landing = await _gateway.ClientWithKey().GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        using var bad = await _gateway.ClientWithKey().PostAsJsonAsync("/api/v1/assets", new { titleId = "../x", sourceUri = "/a" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Forwarding_strips_hop_by_hop_headers_both_ways_and_carries_the_correlation_id()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/titles");
        request.Headers.Add("X-Correlation-Id", "corr-hop-1");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Add("X-Private-Hop", "secret");
        request.Headers.Connection.Add("X-Private-Hop");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic abc");
        request.Headers.Add("X-Test-Hop-Response", "1");
        using var response = await _gateway.ClientWithKey().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _index.Received.Last(h => h["X-Correlation-Id"] == "corr-hop-1");
        foreach (var hop in new[] { "Keep-Alive", "X-Private-Hop", "Proxy-Authorization", "Connection", "X-Api-Key" }) Assert.False(received.ContainsKey(hop), hop);
        Assert.Equal("reviewer", received["X-Gateway-Client"].ToString());
        Assert.False(response.Headers.Contains("Proxy-Authenticate"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.Equal("corr-hop-1", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task Correlation_id_is_generated_when_absent()
    {
        using var response = await _gateway.ClientWithKey().GetAsync("/api/v1/titles");
        var id = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Contains(_index.Received, h => h["X-Correlation-Id"] == id);
    }

    [Fact]
    public async Task Health_aggregates_the_clusters_and_openapi_is_served()
    {
        var health = await _gateway.WaitHealthyAsync();
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("destinations").GetProperty("data").GetProperty("index").GetString());
        var openapi = await JsonAsync("/openapi/v1.json");
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/titles/{titleId}/matches", out _));
    }

    [Fact]
    public async Task Restarted_index_service_refills_its_vector_index_from_the_store()
    {
        var shot = (await FirstPairAsync()).GetProperty("a").GetProperty("shotId").GetString();
        // A fresh Index service on the same store, with its own (empty) in-process vector index, as after a restart.
        await using var restarted = new IndexApiFactory(_stack, shareVectorIndex: false);
        using var client = new HttpClient { BaseAddress = new Uri(restarted.BaseAddress) };
        var ready = HttpStatusCode.ServiceUnavailable;
        for (var waited = 0; waited < 600 && ready != HttpStatusCode.OK; waited++)
        {
            using var health = await client.GetAsync("/health");
            ready = health.StatusCode;
            if (ready != HttpStatusCode.OK) await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.OK, ready);
        using var response = await client.GetAsync($"/api/v1/shots/{shot}/similar?flavour=frame&k=5&excludeSameTitle=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var titles = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shots").EnumerateArray()
            .Select(s => s.GetProperty("shot").GetProperty("titleId").GetString()).ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, t => Assert.Equal("counter", t));
    }

    private sealed class PublishRecorder : IPublishObserver
    {
        public List<string> CorrelationIds { get; } = [];

        public Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            if (context.Message is AssetLanded && context.Headers.Get<string>("X-Correlation-Id") is { } id) lock (CorrelationIds) CorrelationIds.Add(id);
            return Task.CompletedTask;
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
