using Grpc.Core;
using Matchcut.Vectors.Qdrant;
using Qdrant.Client.Grpc;
using GrpcVectors = Qdrant.Client.Grpc.Vectors;

namespace Matchcut.Vectors.Tests;

/// <summary>
/// What our adapter asks of Qdrant, as the real QdrantClient puts it on the wire: every request is decoded into
/// Qdrant.Client's message types by <see cref="QdrantRecorder"/> and compared with one written out here by hand.
/// </summary>
public sealed class QdrantRequestTests : IAsyncLifetime
{
    private const string Collections = "/qdrant.Collections/";
    private const string Points = "/qdrant.Points/";
    private QdrantRecorder _qdrant = null!;
    private bool _exists;
    private CollectionInfo _info = new();
    private ulong _count;
    private readonly List<QdrantVectorIndex> _indexes = [];

    public async Task InitializeAsync()
    {
        _qdrant = await QdrantRecorder.StartAsync();
        var done = new PointsOperationResponse { Result = new UpdateResult { Status = UpdateStatus.Completed } };
        _qdrant
            .On<CollectionExistsRequest, CollectionExistsResponse>(Collections + "CollectionExists", _ => new() { Result = new() { Exists = _exists } })
            .On<GetCollectionInfoRequest, GetCollectionInfoResponse>(Collections + "Get", _ => new() { Result = _info })
            .On<CreateCollection, CollectionOperationResponse>(Collections + "Create", _ => new() { Result = true })
            .On<DeleteCollection, CollectionOperationResponse>(Collections + "Delete", _ => new() { Result = true })
            .On<CreateFieldIndexCollection, PointsOperationResponse>(Points + "CreateFieldIndex", _ => done)
            .On<CreateVectorNameRequest, PointsOperationResponse>(Points + "CreateVectorName", _ => done)
            .On<UpsertPoints, PointsOperationResponse>(Points + "Upsert", _ => done)
            .On<DeletePoints, PointsOperationResponse>(Points + "Delete", _ => done)
            .On<CountPoints, CountResponse>(Points + "Count", _ => new() { Result = new() { Count = _count } });
    }

    public async Task DisposeAsync()
    {
        foreach (var index in _indexes) index.Dispose();
        await _qdrant.DisposeAsync();
    }

    private QdrantVectorIndex Index(Action<QdrantOptions>? configure = null)
    {
        var options = new QdrantOptions
        {
            Url = _qdrant.Address.ToString(), ApiKey = "test-key", Collection = "shots-v1",
            HnswM = 24, HnswEfConstruct = 200, QuantizationQuantile = 0.98, UpsertBatchSize = 2, ScrollPageSize = 2,
        };
        configure?.Invoke(options);
        var index = new QdrantVectorIndex(options);
        _indexes.Add(index);
        return index;
    }

    /// <summary>An existing collection as Qdrant describes it: named vectors of these sizes, keyword indexes on these fields.</summary>
    private void Existing(Dictionary<string, int> sizes, ulong points, params string[] indexed)
    {
        _exists = true;
        _count = points;
        var map = new VectorParamsMap();
        foreach (var (name, size) in sizes) map.Map[name] = new VectorParams { Size = (ulong)size, Distance = Distance.Cosine };
        _info = new CollectionInfo { Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { ParamsMap = map } } } };
        foreach (var field in indexed) _info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = PayloadSchemaType.Keyword };
        _info.PointsCount = points;
    }

    private static Dictionary<string, int> Flavours(int look = 3) => new() { ["look"] = look, ["motion"] = 2 };

    private static ShotPoint Shot(int i, string asset = "a1", string title = "t1", string[]? tags = null, string? scale = null) => new(ShotIds.Of(asset, i),
        new Dictionary<string, float[]> { ["look"] = [1f, i, 0.5f], ["motion"] = [0f, 1f] },
        new ShotPayload(title, asset, i, i * 1.5, i * 1.5 + 1, $"kf/{i}.jpg", $"clip/{i}.mp4", tags, scale));

    private static Condition Keyword(string key, string value) =>
        new() { Field = new FieldCondition { Key = key, Match = new Match { Keyword = value } } };

    private static Value Text(params string[] values) => new() { ListValue = new ListValue { Values = { values.Select(v => new Value { StringValue = v }) } } };

    private static Dictionary<string, Value> Payload(ShotPoint p) => new()
    {
        ["shotId"] = new Value { StringValue = p.ShotId },
        ["titleId"] = new Value { StringValue = p.Payload.TitleId },
        ["assetId"] = new Value { StringValue = p.Payload.AssetId },
        ["shotIndex"] = new Value { IntegerValue = p.Payload.ShotIndex },
        ["startSec"] = new Value { DoubleValue = p.Payload.StartSec },
        ["endSec"] = new Value { DoubleValue = p.Payload.EndSec },
        ["keyframeKey"] = new Value { StringValue = p.Payload.KeyframeKey },
        ["clipKey"] = new Value { StringValue = p.Payload.ClipKey },
    };

    [Fact]
    public async Task A_missing_collection_is_created_with_named_cosine_vectors_hnsw_and_int8_quantization_then_keyword_indexes()
    {
        await Index().EnsureFlavoursAsync(Flavours());

        var expected = new CreateCollection
        {
            CollectionName = "shots-v1",
            VectorsConfig = new VectorsConfig
            {
                ParamsMap = new VectorParamsMap
                {
                    Map =
                    {
                        ["look"] = new VectorParams { Size = 3, Distance = Distance.Cosine },
                        ["motion"] = new VectorParams { Size = 2, Distance = Distance.Cosine },
                    },
                },
            },
            HnswConfig = new HnswConfigDiff { M = 24, EfConstruct = 200 },
            QuantizationConfig = new QuantizationConfig { Scalar = new ScalarQuantization { Type = QuantizationType.Int8, Quantile = 0.98f, Memory = Memory.Pinned } },
            Timeout = 120,
        };
        Assert.Equal(expected, Assert.Single(_qdrant.Requests<CreateCollection>(Collections + "Create")));
        Assert.Equal(
            [("titleId", FieldType.Keyword), ("assetId", FieldType.Keyword), ("tags", FieldType.Keyword), ("scale", FieldType.Keyword)],
            _qdrant.Requests<CreateFieldIndexCollection>(Points + "CreateFieldIndex").Select(r => (r.FieldName, r.FieldType)));
        Assert.All(_qdrant.Requests<CreateFieldIndexCollection>(Points + "CreateFieldIndex"), r => Assert.True(r.Wait));
        Assert.All(_qdrant.Calls, c => Assert.Equal("test-key", c.ApiKey));
    }

    [Fact]
    public async Task A_collection_another_worker_created_first_is_checked_like_an_existing_one()
    {
        _qdrant.On<CreateCollection, CollectionOperationResponse>(Collections + "Create", _ =>
        {
            Existing(Flavours(look: 8), points: 5, "titleId", "assetId", "tags", "scale");
            throw new RpcException(new Status(StatusCode.AlreadyExists, "Wrong input: Collection `shots-v1` already exists!"));
        });

        var error = await Assert.ThrowsAsync<VectorDimensionException>(() => Index().EnsureFlavoursAsync(Flavours(look: 3)));

        Assert.Equal((8, 3), (error.Stored, error.Requested));
        Assert.Empty(_qdrant.Requests<CreateFieldIndexCollection>(Points + "CreateFieldIndex"));
    }

    [Fact]
    public async Task Quantization_off_leaves_the_quantization_config_out()
    {
        await Index(o => o.QuantizationEnabled = false).EnsureFlavoursAsync(Flavours());

        Assert.Null(Assert.Single(_qdrant.Requests<CreateCollection>(Collections + "Create")).QuantizationConfig);
    }

    [Fact]
    public async Task Ensuring_unchanged_flavours_only_reads_the_collection()
    {
        Existing(Flavours(), points: 40, "titleId", "assetId", "tags", "scale");

        await Index().EnsureFlavoursAsync(Flavours());

        Assert.Equal([Collections + "CollectionExists", Collections + "Get"], _qdrant.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task A_changed_dimension_on_a_collection_holding_shots_is_refused_and_nothing_is_deleted()
    {
        Existing(Flavours(look: 8), points: 40, "titleId", "assetId", "tags", "scale");

        var error = await Assert.ThrowsAsync<VectorDimensionException>(() => Index().EnsureFlavoursAsync(Flavours(look: 12)));

        Assert.Contains("'shots-v1'", error.Message);
        Assert.Contains("'look' holds 8-dimensional vectors (40 shots indexed)", error.Message);
        Assert.Contains("12 dimensions", error.Message);
        Assert.Contains("docs/deploy.md", error.Message);
        Assert.DoesNotContain(_qdrant.Calls, c => c.Method is Collections + "Delete" or Collections + "Create" or Points + "Delete");
    }

    [Fact]
    public async Task A_changed_dimension_on_an_empty_collection_recreates_it_with_the_new_size()
    {
        Existing(Flavours(look: 8), points: 0, "titleId", "assetId", "tags", "scale");

        await Index().EnsureFlavoursAsync(Flavours(look: 12));

        Assert.Equal("shots-v1", Assert.Single(_qdrant.Requests<DeleteCollection>(Collections + "Delete")).CollectionName);
        var created = Assert.Single(_qdrant.Requests<CreateCollection>(Collections + "Create"));
        Assert.Equal(12ul, created.VectorsConfig.ParamsMap.Map["look"].Size);
        Assert.Equal(2ul, created.VectorsConfig.ParamsMap.Map["motion"].Size);
    }

    [Fact]
    public async Task A_new_flavour_is_added_as_a_named_vector_keeping_the_shots()
    {
        Existing(new() { ["look"] = 3 }, points: 40, "titleId", "assetId", "tags", "scale");

        await Index().EnsureFlavoursAsync(Flavours());

        var expected = new CreateVectorNameRequest
        {
            CollectionName = "shots-v1", VectorName = "motion", Wait = true, Timeout = 120,
            DenseConfig = new DenseVectorCreationConfig { Size = 2, Distance = Distance.Cosine },
        };
        Assert.Equal(expected, Assert.Single(_qdrant.Requests<CreateVectorNameRequest>(Points + "CreateVectorName")));
        Assert.DoesNotContain(_qdrant.Calls, c => c.Method is Collections + "Delete" or Collections + "Create");
    }

    [Fact]
    public async Task A_collection_made_before_tag_and_scale_filters_gets_those_indexes()
    {
        Existing(Flavours(), points: 40, "titleId", "assetId");

        await Index().EnsureFlavoursAsync(Flavours());

        Assert.Equal(["tags", "scale"], _qdrant.Requests<CreateFieldIndexCollection>(Points + "CreateFieldIndex").Select(r => r.FieldName));
    }

    [Fact]
    public async Task Upserts_go_in_batches_with_wait_as_uuid_points_with_named_vectors_and_the_payload_with_tags_and_scale()
    {
        Existing(Flavours(), points: 0);
        var shots = new[] { Shot(0, tags: ["person", "cup"], scale: "medium"), Shot(1), Shot(2, tags: [], scale: "wide") };

        await Index().UpsertAsync(shots);

        var batches = _qdrant.Requests<UpsertPoints>(Points + "Upsert");
        Assert.Equal([2, 1], batches.Select(b => b.Points.Count));
        Assert.All(batches, b => Assert.True(b.Wait));
        Assert.All(batches, b => Assert.Equal("shots-v1", b.CollectionName));
        var first = batches[0].Points[0];
        var named = new NamedVectors { Vectors = { ["look"] = new float[] { 1f, 0f, 0.5f }, ["motion"] = new float[] { 0f, 1f } } };
        var payload = Payload(shots[0]);
        payload["tags"] = Text("person", "cup");
        payload["scale"] = new Value { StringValue = "medium" };
        var expected = new PointStruct { Id = new PointId { Uuid = QdrantPointIds.Of("a1-0").ToString() }, Vectors = new GrpcVectors { Vectors_ = named } };
        expected.Payload.Add(payload);
        Assert.Equal(expected, first);
        Assert.False(batches[0].Points[1].Payload.ContainsKey("tags"));
        Assert.Equal(Text(), batches[1].Points[0].Payload["tags"]);
    }

    [Fact]
    public async Task A_vector_of_another_width_is_refused_before_anything_is_sent()
    {
        Existing(Flavours(), points: 0);
        var wrong = Shot(0) with { Vectors = new Dictionary<string, float[]> { ["look"] = [1f, 2f] } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Index().UpsertAsync([Shot(1), wrong]));

        Assert.Contains("'shots-v1' holds 3", error.Message);
        Assert.Empty(_qdrant.Requests<UpsertPoints>(Points + "Upsert"));
    }

    [Fact]
    public async Task Search_queries_the_named_vector_with_titles_tags_scale_and_exclusions_as_one_filter_and_reads_the_hits()
    {
        var hit = Shot(7, title: "t3", tags: ["person"], scale: "close-up");
        var payload = Payload(hit);
        payload["tags"] = Text("person");
        payload["scale"] = new Value { StringValue = "close-up" };
        var scored = new ScoredPoint { Id = new PointId { Uuid = QdrantPointIds.Of(hit.ShotId).ToString() }, Score = 0.875f };
        scored.Payload.Add(payload);
        _qdrant.On<QueryPoints, QueryResponse>(Points + "Query", _ => new() { Result = { scored } });

        var hits = await Index(o => o.SearchHnswEf = 96).SearchAsync(new VectorQuery("look", [0.5f, 0.25f, 1f], 5,
            Titles: ["t1", "t3"], ExcludeTitle: "t2", ExcludeShotId: "a1-4", Tags: ["person"], Scale: "close-up"));

        var request = Assert.Single(_qdrant.Requests<QueryPoints>(Points + "Query"));
        Assert.Equal("shots-v1", request.CollectionName);
        Assert.Equal("look", request.Using);
        Assert.Equal([0.5f, 0.25f, 1f], request.Query.Nearest.Dense.Data);
        Assert.Equal(5ul, request.Limit);
        Assert.Equal(96ul, request.Params.HnswEf);
        Assert.True(request.WithPayload.Enable);
        var filter = new Filter
        {
            Must =
            {
                new Condition { Field = new FieldCondition { Key = "titleId", Match = new Match { Keywords = new RepeatedStrings { Strings = { "t1", "t3" } } } } },
                Keyword("tags", "person"),
                Keyword("scale", "close-up"),
            },
            MustNot =
            {
                Keyword("titleId", "t2"),
                new Condition { HasId = new HasIdCondition { HasId = { new PointId { Uuid = QdrantPointIds.Of("a1-4").ToString() } } } },
            },
        };
        Assert.Equal(filter, request.Filter);
        var only = Assert.Single(hits);
        Assert.Equal((hit.ShotId, 0.875f), (only.ShotId, only.Score));
        Assert.Equal(hit.Payload, only.Payload);
    }

    [Fact]
    public async Task An_unfiltered_search_sends_no_filter()
    {
        _qdrant.On<QueryPoints, QueryResponse>(Points + "Query", _ => new());

        await Index().SearchAsync(new VectorQuery("motion", [0f, 1f], 3));

        var request = Assert.Single(_qdrant.Requests<QueryPoints>(Points + "Query"));
        Assert.Null(request.Filter);
        Assert.Null(request.Params);
    }

    [Fact]
    public async Task Listing_by_tag_scrolls_every_page_payload_only_then_sorts_and_pages()
    {
        var shots = ScrollsTwoPagesOfThreeShots();

        var page = await Index().ListAsync(new ShotFilter(Tags: ["bird"], Scale: "wide"), skip: 1, take: 1);

        var requests = _qdrant.Requests<ScrollPoints>(Points + "Scroll");
        Assert.Equal(2, requests.Count);
        Assert.Equal(new PointId { Uuid = QdrantPointIds.Of(shots[2].ShotId).ToString() }, requests[1].Offset);
        Assert.All(requests, r =>
        {
            Assert.Equal(new Filter { Must = { Keyword("tags", "bird"), Keyword("scale", "wide") } }, r.Filter);
            Assert.Equal(2u, r.Limit);
            Assert.True(r.WithPayload.Enable);
            Assert.False(r.WithVectors.Enable);
        });
        Assert.Equal(3, page.Total);
        Assert.Equal("a1-2", Assert.Single(page.Shots).ShotId); // a/a1-1, b/a1-2, b/a1-3
    }

    /// <summary>Qdrant answers a scroll with two of three shots and the third's id as the next offset, then the third.</summary>
    private ShotPoint[] ScrollsTwoPagesOfThreeShots()
    {
        var shots = new[] { Shot(3, title: "b"), Shot(1, title: "a"), Shot(2, title: "b") };
        RetrievedPoint Retrieved(ShotPoint s)
        {
            var point = new RetrievedPoint { Id = new PointId { Uuid = QdrantPointIds.Of(s.ShotId).ToString() } };
            point.Payload.Add(Payload(s));
            return point;
        }
        _qdrant.On<ScrollPoints, ScrollResponse>(Points + "Scroll", r => r.Offset is null
            ? new ScrollResponse { Result = { Retrieved(shots[0]), Retrieved(shots[1]) }, NextPageOffset = new PointId { Uuid = QdrantPointIds.Of(shots[2].ShotId).ToString() } }
            : new ScrollResponse { Result = { Retrieved(shots[2]) } });
        return shots;
    }

    [Fact]
    public async Task Scroll_sends_one_request_of_a_page_from_the_cursor_and_gives_the_next_offset_as_the_cursor()
    {
        var shots = ScrollsTwoPagesOfThreeShots();
        var third = QdrantPointIds.Of(shots[2].ShotId);
        var filter = new ShotFilter(Tags: ["bird"], Scale: "wide");

        var first = await Index().ScrollAsync(filter, null, take: 2);
        var second = await Index().ScrollAsync(filter, first.Next, take: 2);

        var requests = _qdrant.Requests<ScrollPoints>(Points + "Scroll");
        Assert.Equal(2, requests.Count); // one per page: nothing else is read
        Assert.Null(requests[0].Offset);
        Assert.Equal(new PointId { Uuid = third.ToString() }, requests[1].Offset);
        Assert.All(requests, r =>
        {
            Assert.Equal(new Filter { Must = { Keyword("tags", "bird"), Keyword("scale", "wide") } }, r.Filter);
            Assert.Equal(2u, r.Limit);
            Assert.True(r.WithPayload.Enable);
            Assert.False(r.WithVectors.Enable);
        });
        Assert.Equal([shots[0].ShotId, shots[1].ShotId], first.Shots.Select(s => s.ShotId));
        Assert.Equal(shots[2].ShotId, Assert.Single(second.Shots).ShotId);
        Assert.Null(second.Next);
        await Assert.ThrowsAsync<InvalidCursorException>(() => Index().ScrollAsync(filter, "s12", 2));
    }

    [Fact]
    public async Task Get_retrieves_the_point_by_its_uuid_with_payload_and_vectors()
    {
        var shot = Shot(4);
        var retrieved = new RetrievedPoint
        {
            Id = new PointId { Uuid = QdrantPointIds.Of(shot.ShotId).ToString() },
            Vectors = new VectorsOutput
            {
                Vectors = new NamedVectorsOutput
                {
                    Vectors =
                    {
                        ["look"] = new VectorOutput { Dense = new DenseVector { Data = { 0.8f, 0.6f, 0f } } },
                        ["motion"] = new VectorOutput { Dense = new DenseVector { Data = { 0f, 1f } } },
                    },
                },
            },
        };
        retrieved.Payload.Add(Payload(shot));
        _qdrant.On<GetPoints, GetResponse>(Points + "Get", _ => new() { Result = { retrieved } });

        var point = await Index().GetAsync(shot.ShotId);

        var request = Assert.Single(_qdrant.Requests<GetPoints>(Points + "Get"));
        Assert.Equal(new PointId { Uuid = QdrantPointIds.Of("a1-4").ToString() }, Assert.Single(request.Ids));
        Assert.True(request.WithPayload.Enable);
        Assert.True(request.WithVectors.Enable);
        Assert.Equal(shot.Payload, point!.Payload);
        Assert.Equal([0.8f, 0.6f, 0f], point.Vectors["look"]);
        Assert.Equal([0f, 1f], point.Vectors["motion"]);
    }

    [Fact]
    public async Task Deleting_an_asset_counts_then_deletes_by_asset_filter_with_wait()
    {
        _count = 7;

        var removed = await Index().DeleteAssetAsync("a1");

        var filter = new Filter { Must = { Keyword("assetId", "a1") } };
        Assert.Equal(7, removed);
        var count = Assert.Single(_qdrant.Requests<CountPoints>(Points + "Count"));
        Assert.Equal((filter, true), (count.Filter, count.Exact));
        var delete = Assert.Single(_qdrant.Requests<DeletePoints>(Points + "Delete"));
        Assert.Equal((filter, true), (delete.Points.Filter, delete.Wait));
        Assert.Equal([Points + "Count", Points + "Delete"], _qdrant.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task A_failed_call_names_the_call_the_collection_and_Qdrants_status()
    {
        _qdrant.On<QueryPoints, QueryResponse>(Points + "Query", _ => new());
        _qdrant.Fail(Points + "Query", StatusCode.NotFound, "Not found: Collection `shots-v1` doesn't exist!");

        var error = await Assert.ThrowsAsync<QdrantCallException>(() => Index().SearchAsync(new VectorQuery("look", [1f, 0f, 0f], 3)));

        Assert.Equal(StatusCode.NotFound, error.Status);
        Assert.Contains("Qdrant Query on collection 'shots-v1'", error.Message);
        Assert.Contains("doesn't exist", error.Message);
    }

    [Fact]
    public async Task Upserting_before_the_collection_exists_says_what_to_do()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().UpsertAsync([Shot(0)]));

        Assert.Contains("EnsureFlavoursAsync", error.Message);
        Assert.Empty(_qdrant.Requests<UpsertPoints>(Points + "Upsert"));
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
