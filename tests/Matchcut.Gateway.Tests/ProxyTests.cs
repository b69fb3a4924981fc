using Matchcut.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Matchcut.Gateway.Tests;

/// <summary>
/// The gateway on a loopback port in front of a real upstream app on another: what YARP forwards (exact targets,
/// streamed bodies, WebSockets, errors, retries, health, reloads) and what our middleware decides before it.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private Upstream _upstream = null!;
    private readonly List<IDisposable> _gateways = [];

    public async Task InitializeAsync() => _upstream = await Upstream.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var g in _gateways) g.Dispose();
        await _upstream.DisposeAsync();
    }

    private GatewayFactory Gateway(Dictionary<string, string?>? settings = null, string? destination = null)
    {
        var gateway = new GatewayFactory(destination ?? _upstream.Address, settings);
        _gateways.Add(gateway);
        return gateway;
    }

    private static async Task<JsonElement> EchoAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("/api/v1/shots/0123456789abcdef-3%3Fk=1/similar?flavour=frame")]
    [InlineData("/api/v1/shots/0123456789abcdef-3%23frag/keyframe")]
    [InlineData("/api/v1/shots/100%25-done/clip")]
    [InlineData("/api/v1/shots/a%2Fb/similar")]
    [InlineData("/api/v1/shots?titles=a%26b,c%2Bd&tag=x%3Dy")]
    public async Task Encoded_paths_and_queries_reach_the_upstream_exactly_as_sent(string target)
    {
        var gateway = Gateway();
        using var response = await gateway.ClientWithKey().GetAsync(target);
        var echo = await EchoAsync(response);
        Assert.Equal(target, echo.GetProperty("rawTarget").GetString());
    }

    [Fact]
    public async Task Caller_claims_of_identity_and_forwarding_are_replaced_and_the_key_is_not_forwarded()
    {
        var gateway = Gateway();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/titles");
        request.Headers.Add("X-Gateway-Client", "admin");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("Forwarded", "for=6.6.6.6;host=evil.example");
        request.Headers.Add("X-Correlation-Id", "corr-claims-1");
        using var response = await gateway.ClientWithKey().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_upstream.Requests, r => r.Headers["X-Correlation-Id"] == "corr-claims-1").Headers;
        Assert.Equal("reviewer", seen["X-Gateway-Client"].ToString());
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"].ToString());
        Assert.Equal(new Uri(gateway.Address).Authority, seen["X-Forwarded-Host"].ToString());
        Assert.Equal("http", seen["X-Forwarded-Proto"].ToString());
        Assert.False(seen.ContainsKey("Forwarded"));
        Assert.False(seen.ContainsKey("X-Api-Key"));
    }

    [Theory]
    [InlineData("X-Gateway-Client")]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Correlation-Id")]
    [InlineData("Content-Length")]
    [InlineData("Host")]
    [InlineData("X-Gateway-Client, X-Forwarded-For, Content-Length, Host, Content-Type")]
    public async Task Connection_naming_the_gateways_own_or_content_headers_removes_nothing_of_them(string named)
    {
        var gateway = Gateway();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/echo") { Content = new ByteArrayContent(new byte[1234]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("X-Correlation-Id", "corr-connection-" + named.Length);
        request.Headers.TryAddWithoutValidation("Connection", named);
        using var response = await gateway.ClientWithKey().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_upstream.Requests, r => r.Headers["X-Correlation-Id"] == "corr-connection-" + named.Length);
        Assert.Equal("reviewer", seen.Headers["X-Gateway-Client"].ToString());
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"].ToString());
        Assert.Equal(1234, seen.BodyBytes);
        Assert.Equal("application/octet-stream", seen.Headers.ContentType.ToString());
        Assert.False(string.IsNullOrEmpty(seen.Headers.Host.ToString()));
    }

    [Theory]
    [InlineData(GatewayFactory.ReaderKey, "GET", "/api/v1/titles", 200)]
    [InlineData(GatewayFactory.ReaderKey, "PUT", "/api/v1/titles/t/reviews", 403)]
    [InlineData(GatewayFactory.ReaderKey, "DELETE", "/api/v1/titles/t/reviews/frame/a/b", 403)]
    [InlineData(GatewayFactory.ReaderKey, "POST", "/api/v1/assets", 403)]
    [InlineData(GatewayFactory.ReviewOnlyKey, "PUT", "/api/v1/titles/t/reviews", 200)]
    [InlineData(GatewayFactory.ReviewOnlyKey, "POST", "/api/v1/assets", 403)]
    [InlineData(GatewayFactory.ReviewOnlyKey, "POST", "/api/v1/titles/t/matches", 403)]
    [InlineData(GatewayFactory.ReviewerKey, "POST", "/api/v1/assets", 200)]
    public async Task Each_route_needs_its_scope_and_a_refusal_is_never_forwarded(string key, string method, string path, int expected)
    {
        var gateway = Gateway();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await gateway.ClientWithKey(key).SendAsync(request);
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(expected == 200 ? 1 : 0, _upstream.Hits(path));
        if (expected != 403) return;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var scope = method == "PUT" || method == "DELETE" ? "review" : "ingest";
        Assert.Equal(scope, problem.GetProperty("missingScope").GetString());
        Assert.Contains($"'{scope}'", problem.GetProperty("title").GetString());
    }

    [Fact]
    public void Unknown_scope_stops_start_up_naming_the_entry()
    {
        var gateway = Gateway(new() { ["Gateway:ApiKeys:reader:Scopes:0"] = "admin" });
        var error = Assert.ThrowsAny<Exception>(() => gateway.Address);
        Assert.Contains("Gateway:ApiKeys:reader:Scopes", error.ToString());
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1", true)]
    [InlineData("192.0.2.1", "192.0.2.2", false)]
    public void Unknown_key_limits_group_ipv6_callers_by_their_64(string a, string b, bool same)
    {
        var (ga, gb) = (ClientAddressGroup.Of(IPAddress.Parse(a)), ClientAddressGroup.Of(IPAddress.Parse(b)));
        Assert.Equal(same, ga == gb);
    }

    [Fact]
    public async Task Options_without_a_key_is_401_and_never_forwarded()
    {
        var gateway = Gateway();
        using var response = await gateway.Client().SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/titles"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Cors_preflight_is_answered_by_the_policy_and_never_forwarded()
    {
        var gateway = Gateway(new() { ["Gateway:CorsOrigins:0"] = "https://desk.example" });
        HttpRequestMessage Preflight(string origin)
        {
            var r = new HttpRequestMessage(HttpMethod.Options, "/api/v1/titles");
            r.Headers.Add("Origin", origin);
            r.Headers.Add("Access-Control-Request-Method", "GET");
            r.Headers.Add("Access-Control-Request-Headers", "x-api-key");
            return r;
        }
        using var allowed = await gateway.Client().SendAsync(Preflight("https://desk.example"));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://desk.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var other = await gateway.Client().SendAsync(Preflight("https://elsewhere.example"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Empty(_upstream.Requests);

        var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/titles");
        get.Headers.Add("Origin", "https://desk.example");
        using var actual = await gateway.ClientWithKey().SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Equal("https://desk.example", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Missing_and_unknown_keys_are_rate_limited_per_client_address()
    {
        var gateway = Gateway(new() { ["Gateway:UnknownKeyPermitPerMinute"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            using var refused = await gateway.ClientWithKey($"guess-{i}").GetAsync("/api/v1/titles");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using var guessing = await gateway.ClientWithKey("guess-4").GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.TooManyRequests, guessing.StatusCode);
        using var keyless = await gateway.Client().GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.TooManyRequests, keyless.StatusCode);
        using var valid = await gateway.ClientWithKey().GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public void Malformed_key_hash_stops_start_up_naming_the_entry()
    {
        var gateway = Gateway(new() { ["Gateway:ApiKeys:ops:Hash"] = "not-a-sha256" });
        var error = Assert.ThrowsAny<Exception>(() => gateway.Address);
        Assert.Contains("Gateway:ApiKeys:ops:Hash", error.ToString());
    }

    [Fact]
    public async Task Key_removed_by_a_reload_gets_401_not_500()
    {
        var gateway = Gateway();
        using var client = gateway.ClientWithKey();
        using (var before = await client.GetAsync("/api/v1/titles")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        foreach (var key in gateway.Settings.Keys.Where(k => k.StartsWith("Gateway:ApiKeys:reviewer:", StringComparison.Ordinal)).ToList()) gateway.Settings[key] = null;
        gateway.WriteSettings();
        var statuses = new List<HttpStatusCode>();
        for (var waited = 0; waited < 100 && statuses.LastOrDefault() != HttpStatusCode.Unauthorized; waited++)
        {
            using var r = await client.GetAsync("/api/v1/titles");
            statuses.Add(r.StatusCode);
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, statuses.Last());
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Unauthorized, $"got {s}"));
    }

    [Fact]
    public async Task Reload_moves_a_cluster_to_its_new_destination()
    {
        await using var second = await Upstream.StartAsync("second");
        var gateway = Gateway();
        using var client = gateway.ClientWithKey();
        using (var first = await client.GetAsync("/api/v1/titles")) Assert.Equal("upstream", first.Headers.GetValues("X-Upstream").Single());
        gateway.Settings["ReverseProxy:Clusters:index:Destinations:d1:Address"] = second.Address;
        gateway.WriteSettings();
        var served = "";
        for (var waited = 0; waited < 100 && served != "second"; waited++)
        {
            using var r = await client.GetAsync("/api/v1/titles");
            served = r.Headers.GetValues("X-Upstream").Single();
            await Task.Delay(100);
        }
        Assert.Equal("second", served);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413_declared_or_chunked()
    {
        var gateway = Gateway();
        using var declared = await gateway.ClientWithKey().PostAsync("/api/v1/assets", new ByteArrayContent(new byte[100_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        using var chunked = await gateway.ClientWithKey().PostAsync("/api/v1/assets", new StreamContent(new UnknownLengthStream(100_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal("application/problem+json", chunked.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_picture_to_search_by_has_its_own_larger_limit_declared_or_chunked()
    {
        var gateway = Gateway();
        // Over the general limit (64 KiB here), under the picture limit (200 KB here): forwarded whole.
        using var picture = await gateway.ClientWithKey().PostAsync("/api/v1/search/image", new ByteArrayContent(new byte[150_000]));
        Assert.Equal(150_000, (await EchoAsync(picture)).GetProperty("bodyBytes").GetInt64());
        using var streamed = await gateway.ClientWithKey().PostAsync("/api/v1/search/image", new StreamContent(new UnknownLengthStream(150_000)));
        Assert.Equal(150_000, (await EchoAsync(streamed)).GetProperty("bodyBytes").GetInt64());
        using var declared = await gateway.ClientWithKey().PostAsync("/api/v1/search/image", new ByteArrayContent(new byte[250_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        using var chunked = await gateway.ClientWithKey().PostAsync("/api/v1/search/image", new StreamContent(new UnknownLengthStream(250_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        // Only that route: the same body elsewhere is over the general limit.
        using var elsewhere = await gateway.ClientWithKey().PostAsync("/api/v1/assets", new ByteArrayContent(new byte[150_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Bodies_stream_through_both_ways()
    {
        var gateway = Gateway();
        using var upload = await gateway.ClientWithKey().PostAsync("/api/v1/assets", new StreamContent(new UnknownLengthStream(60_000)));
        Assert.Equal(60_000, (await EchoAsync(upload)).GetProperty("bodyBytes").GetInt64());

        // The first chunk arrives while the upstream is still holding back the last one.
        using var download = await gateway.ClientWithKey().GetAsync("/api/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await download.Content.ReadAsStreamAsync());
        Assert.Equal("first chunk", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        _upstream.ReleaseStream.SetResult();
        Assert.Equal("last chunk", await reader.ReadLineAsync());
    }

    [Fact]
    public async Task WebSockets_are_proxied_with_a_key()
    {
        var gateway = Gateway();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Api-Key", GatewayFactory.ReviewerKey);
        await socket.ConnectAsync(new Uri(gateway.Address.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello over the gateway"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("hello over the gateway", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        using var keyless = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => keyless.ConnectAsync(new Uri(gateway.Address.Replace("http://", "ws://", StringComparison.Ordinal) + "/api/ws"), CancellationToken.None));
        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task Unreachable_destination_is_502_problem()
    {
        var gateway = Gateway(new() { ["ReverseProxy:Clusters:index:HealthCheck:Active:Enabled"] = "false", ["Gateway:Retries"] = "0" },
            destination: $"http://127.0.0.1:{TestPorts.Free()}/");
        using var response = await gateway.ClientWithKey().GetAsync("/api/v1/titles");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Silent_destination_is_504_after_the_timeout()
    {
        var gateway = Gateway(new() { ["Gateway:TimeoutSeconds"] = "1" });
        using var response = await gateway.ClientWithKey().GetAsync("/api/slow");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Idempotent_requests_are_retried_and_others_are_not()
    {
        var gateway = Gateway(new() { ["Gateway:Retries"] = "2" });
        using var get = await gateway.ClientWithKey().GetAsync("/api/status/503/2");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(3, _upstream.Hits("/api/status/503/2"));
        using var exhausted = await gateway.ClientWithKey().GetAsync("/api/status/502/5");
        Assert.Equal(HttpStatusCode.BadGateway, exhausted.StatusCode);
        Assert.Equal(3, _upstream.Hits("/api/status/502/5"));
        using var post = await gateway.ClientWithKey().PostAsync("/api/status/503/1", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(1, _upstream.Hits("/api/status/503/1"));
    }

    [Fact]
    public async Task Destination_health_checks_take_an_unhealthy_destination_out_and_back()
    {
        await using var second = await Upstream.StartAsync("second");
        var gateway = Gateway(new() { ["ReverseProxy:Clusters:index:Destinations:d2:Address"] = second.Address });
        Assert.Equal("Healthy", (await gateway.WaitHealthyAsync()).GetProperty("checks").GetProperty("destinations").GetProperty("data").GetProperty("index").GetString());
        using var alive = await gateway.Client().GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var client = gateway.ClientWithKey();

        // The second destination fails its probes: after the probes notice, every request goes to the first.
        second.HealthStatus = 503;
        async Task<List<string>> ServedByAsync(int n)
        {
            var served = new List<string>();
            for (var i = 0; i < n; i++)
            {
                using var r = await client.GetAsync("/api/v1/titles");
                served.Add(r.Headers.GetValues("X-Upstream").Single());
            }
            return served;
        }
        var recent = new List<string>();
        for (var waited = 0; waited < 50 && (recent.Count == 0 || recent.Contains("second")); waited++)
        {
            await Task.Delay(200);
            recent = await ServedByAsync(10);
        }
        Assert.All(recent, s => Assert.Equal("upstream", s));
        using (var oneLeft = await gateway.Client().GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, oneLeft.StatusCode);

        // None healthy: not ready (YARP then tries them all rather than refuse, its "HealthyOrPanic" policy), still alive.
        _upstream.HealthStatus = 503;
        var status = HttpStatusCode.OK;
        for (var waited = 0; waited < 50 && status == HttpStatusCode.OK; waited++)
        {
            await Task.Delay(200);
            using var health = await gateway.Client().GetAsync("/health");
            status = health.StatusCode;
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        using (var stillAlive = await gateway.Client().GetAsync("/alive")) Assert.Equal(HttpStatusCode.OK, stillAlive.StatusCode);

        // Both recover: ready again, and the second takes requests again.
        _upstream.HealthStatus = 200;
        second.HealthStatus = 200;
        Assert.Equal("Healthy", (await gateway.WaitHealthyAsync()).GetProperty("status").GetString());
        for (var waited = 0; waited < 50 && !recent.Contains("second"); waited++)
        {
            await Task.Delay(200);
            recent = await ServedByAsync(10);
        }
        Assert.Contains("second", recent);
    }


    /// <summary>A body of the given size that does not say its length, so it goes out chunked.</summary>
    private sealed class UnknownLengthStream(int size) : Stream
    {
        private readonly int _size = size;
        private int _left = size;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, _left), 8192);
            Array.Fill(buffer, (byte)'x', offset, n);
            _left -= n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _size - _left; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
