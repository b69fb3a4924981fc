using System.Text.Json.Nodes;
using Matchcut.Vectors.Qdrant;

namespace Matchcut.Vectors.Tests;

/// <summary>The exact requests the adapter sends, held to Qdrant's documented REST shapes; always against the fake, which records them.</summary>
public sealed class QdrantRequestTests : IAsyncLifetime
{
    private const string CreateBody = """
        {"vectors":{"look":{"size":3,"distance":"Cosine"},"motion":{"size":2,"distance":"Cosine"}},
         "hnsw_config":{"m":24,"ef_construct":200},
         "quantization_config":{"scalar":{"type":"int8","quantile":0.98,"always_ram":true}}}
        """;

    private QdrantTarget _target = null!;
    private FakeQdrant Fake => _target.Fake!;

    public async Task InitializeAsync() => _target = await QdrantTarget.StartAsync(fakeOnly: true);

    public async Task DisposeAsync() => await _target.DisposeAsync();

    private QdrantVectorIndex Index(Action<QdrantOptions>? configure = null) => _target.CreateIndex(o =>
    {
        o.HnswM = 24;
        o.HnswEfConstruct = 200;
        o.QuantizationQuantile = 0.98;
        o.UpsertBatchSize = 2;
        configure?.Invoke(o);
    });

    private static Dictionary<string, int> Flavours(int look = 3) => new() { ["look"] = look, ["motion"] = 2 };

    private static ShotPoint Shot(int i, string asset = "a1", string title = "t1") => new(ShotIds.Of(asset, i),
        new Dictionary<string, float[]> { ["look"] = [1f, i, 0.5f], ["motion"] = [0f, 1f] },
        new ShotPayload(title, asset, i, i * 1.5, i * 1.5 + 1, $"kf/{i}.jpg", $"clip/{i}.mp4"));

    private void AssertRequest(RecordedRequest actual, string method, string pathAndQuery, string? body = null)
    {
        Assert.Equal(method, actual.Method);
        Assert.Equal(pathAndQuery, actual.PathAndQuery);
        Assert.Equal("test-key", actual.ApiKey);
        if (body is null) Assert.Equal("", actual.Body);
        else Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(actual.Body)), $"expected {JsonNode.Parse(body)!.ToJsonString()}\nactual   {actual.Body}");
    }

    [Fact]
    public async Task Ensure_creates_named_cosine_vectors_with_hnsw_and_int8_quantization_then_keyword_indexes()
    {
        await Index().EnsureFlavoursAsync(Flavours());

        var requests = Fake.Requests;
        Assert.Equal(4, requests.Count);
        AssertRequest(requests[0], "GET", "/collections/shots");
        AssertRequest(requests[1], "PUT", "/collections/shots?timeout=120", CreateBody);
        AssertRequest(requests[2], "PUT", "/collections/shots/index?wait=true", """{"field_name":"titleId","field_schema":"keyword"}""");
        AssertRequest(requests[3], "PUT", "/collections/shots/index?wait=true", """{"field_name":"assetId","field_schema":"keyword"}""");
    }

    [Fact]
    public async Task Quantization_off_leaves_quantization_config_out()
    {
        await Index(o => o.QuantizationEnabled = false).EnsureFlavoursAsync(Flavours());

        Assert.Null(JsonNode.Parse(Fake.Requests[1].Body)!["quantization_config"]);
    }

    [Fact]
    public async Task Ensuring_unchanged_flavours_only_reads_the_collection()
    {
        await Index().EnsureFlavoursAsync(Flavours());
        Fake.ClearRequests();

        await Index().EnsureFlavoursAsync(Flavours());

        AssertRequest(Assert.Single(Fake.Requests), "GET", "/collections/shots");
    }

    [Fact]
    public async Task A_changed_dimension_deletes_and_recreates_the_collection()
    {
        await Index().EnsureFlavoursAsync(Flavours());
        Fake.ClearRequests();

        await Index().EnsureFlavoursAsync(Flavours(look: 5));

        var requests = Fake.Requests;
        Assert.Equal(5, requests.Count);
        AssertRequest(requests[0], "GET", "/collections/shots");
        AssertRequest(requests[1], "DELETE", "/collections/shots?timeout=120");
        AssertRequest(requests[2], "PUT", "/collections/shots?timeout=120", CreateBody.Replace("\"size\":3", "\"size\":5"));
        AssertRequest(requests[3], "PUT", "/collections/shots/index?wait=true", """{"field_name":"titleId","field_schema":"keyword"}""");
        AssertRequest(requests[4], "PUT", "/collections/shots/index?wait=true", """{"field_name":"assetId","field_schema":"keyword"}""");
    }

    [Fact]
    public async Task Upsert_sends_batches_with_wait_and_uuid_ids_keeping_the_shot_id_in_the_payload()
    {
        var index = Index();
        await index.EnsureFlavoursAsync(Flavours());
        Fake.ClearRequests();

        await index.UpsertAsync([Shot(0), Shot(1), Shot(2)]);

        var requests = Fake.Requests;
        Assert.Equal(2, requests.Count);
        AssertRequest(requests[0], "PUT", "/collections/shots/points?wait=true", $$$"""
            {"points":[
              {"id":"{{{QdrantPointIds.Text("a1-0")}}}","vector":{"look":[1,0,0.5],"motion":[0,1]},
               "payload":{"shotId":"a1-0","titleId":"t1","assetId":"a1","shotIndex":0,"startSec":0,"endSec":1,"keyframeKey":"kf/0.jpg","clipKey":"clip/0.mp4"}},
              {"id":"{{{QdrantPointIds.Text("a1-1")}}}","vector":{"look":[1,1,0.5],"motion":[0,1]},
               "payload":{"shotId":"a1-1","titleId":"t1","assetId":"a1","shotIndex":1,"startSec":1.5,"endSec":2.5,"keyframeKey":"kf/1.jpg","clipKey":"clip/1.mp4"}}]}
            """);
        Assert.Equal("/collections/shots/points?wait=true", requests[1].PathAndQuery);
        Assert.Single(JsonNode.Parse(requests[1].Body)!["points"]!.AsArray());
    }

    [Fact]
    public async Task Search_sends_the_named_vector_with_title_subset_excluded_title_and_excluded_shot()
    {
        var index = Index(o => o.SearchHnswEf = 128);
        await index.EnsureFlavoursAsync(Flavours());
        await index.UpsertAsync([Shot(0, title: "t1"), Shot(1, title: "t2"), Shot(2, title: "t3")]);
        Fake.ClearRequests();

        var hits = await index.SearchAsync(new VectorQuery("look", [1f, 1f, 0.5f], 5, Titles: ["t1", "t2"], ExcludeTitle: "t3", ExcludeShotId: "a1-1"));

        AssertRequest(Assert.Single(Fake.Requests), "POST", "/collections/shots/points/search", $$$"""
            {"vector":{"name":"look","vector":[1,1,0.5]},"limit":5,"with_payload":true,
             "filter":{"must":[{"key":"titleId","match":{"any":["t1","t2"]}}],
                       "must_not":[{"key":"titleId","match":{"value":"t3"}},{"has_id":["{{{QdrantPointIds.Text("a1-1")}}}"]}]},
             "params":{"hnsw_ef":128}}
            """);
        Assert.Equal("a1-0", Assert.Single(hits).ShotId);
    }

    [Fact]
    public async Task An_unfiltered_search_sends_no_filter()
    {
        var index = Index();
        await index.EnsureFlavoursAsync(Flavours());
        Fake.ClearRequests();

        await index.SearchAsync(new VectorQuery("motion", [0f, 1f], 3));

        AssertRequest(Assert.Single(Fake.Requests), "POST", "/collections/shots/points/search",
            """{"vector":{"name":"motion","vector":[0,1]},"limit":3,"with_payload":true}""");
    }

    [Fact]
    public async Task Deleting_an_asset_counts_then_deletes_by_filter_with_wait()
    {
        var index = Index();
        await index.EnsureFlavoursAsync(Flavours());
        await index.UpsertAsync([Shot(0), Shot(1), Shot(0, asset: "a2")]);
        Fake.ClearRequests();

        var removed = await index.DeleteAssetAsync("a1");

        const string filter = """{"must":[{"key":"assetId","match":{"value":"a1"}}]}""";
        Assert.Equal(2, removed);
        AssertRequest(Fake.Requests[0], "POST", "/collections/shots/points/count", $$"""{"filter":{{filter}},"exact":true}""");
        AssertRequest(Fake.Requests[1], "POST", "/collections/shots/points/delete?wait=true", $$$"""{"filter":{{{filter}}}}""");
    }

    [Fact]
    public async Task Get_retrieves_the_point_by_its_uuid_with_payload_and_vectors()
    {
        var index = Index();
        await index.EnsureFlavoursAsync(Flavours());
        await index.UpsertAsync([Shot(4)]);
        Fake.ClearRequests();

        var point = await index.GetAsync("a1-4");

        AssertRequest(Assert.Single(Fake.Requests), "POST", "/collections/shots/points",
            $$"""{"ids":["{{QdrantPointIds.Text("a1-4")}}"],"with_payload":true,"with_vector":true}""");
        Assert.Equal(Shot(4).Payload, point!.Payload);
        Assert.Equal(["look", "motion"], point.Vectors.Keys.Order());
    }

    [Fact]
    public void Point_ids_are_stable_version_5_uuids_distinct_per_shot()
    {
        var id = QdrantPointIds.Of("asset-7");

        Assert.Equal(id, QdrantPointIds.Of("asset-7"));
        Assert.NotEqual(id, QdrantPointIds.Of("asset-8"));
        Assert.Equal('5', id.ToString("D")[14]);
        Assert.Contains(id.ToString("D")[19], "89ab");
    }
}
