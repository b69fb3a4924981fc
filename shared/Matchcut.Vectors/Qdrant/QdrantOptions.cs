namespace Matchcut.Vectors.Qdrant;

/// <summary>Settings of <see cref="QdrantVectorIndex"/>, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class QdrantOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Vectors:Qdrant";

    /// <summary>Qdrant's gRPC address (port 6334; the REST port 6333 is not used).</summary>
    public string Url { get; set; } = "http://localhost:6334";

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The collection holding every title's shots, one per deployment. A flavour whose dimension changed is refused while
    /// the collection holds shots: name a new collection (e.g. <c>shots-v2</c>) and re-index into it (docs/deploy.md).
    /// </summary>
    public string Collection { get; set; } = "shots";

    /// <summary>HNSW links per node (Qdrant's <c>hnsw_config.m</c>).</summary>
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW candidate list while building (Qdrant's <c>hnsw_config.ef_construct</c>).</summary>
    public int HnswEfConstruct { get; set; } = 100;

    /// <summary>HNSW candidate list while searching (<c>params.hnsw_ef</c>); null leaves Qdrant's default.</summary>
    public int? SearchHnswEf { get; set; }

    /// <summary>Keeps an int8 copy of each vector for search, four times smaller than float32.</summary>
    public bool QuantizationEnabled { get; set; } = true;

    /// <summary>Share of values inside the int8 range; outliers beyond it are clipped.</summary>
    public double QuantizationQuantile { get; set; } = 0.99;

    /// <summary>Keeps the quantized vectors in RAM even when the originals are on disk.</summary>
    public bool QuantizationAlwaysRam { get; set; } = true;

    /// <summary>Points per upsert request.</summary>
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Points per scroll request when listing shots by payload.</summary>
    public int ScrollPageSize { get; set; } = 1000;

    /// <summary>Deadline of every gRPC call.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side limit for creating the collection or a named vector, which Qdrant may take longer over.</summary>
    public TimeSpan CollectionTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
