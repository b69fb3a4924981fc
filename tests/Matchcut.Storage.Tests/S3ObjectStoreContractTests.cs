using Matchcut.Storage.S3;

namespace Matchcut.Storage.Tests;

/// <summary>The contract against <see cref="S3ObjectStore"/> on s3rver, in a fresh bucket per test and with small list pages.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreContractTests : ObjectStoreContract, IDisposable
{
    private readonly S3ObjectStore _store;

    public S3ObjectStoreContractTests(S3rverFixture s3rver)
    {
        var options = s3rver.NewOptions();
        options.ListPageSize = 3; // so that listing has to follow continuation tokens
        _store = new S3ObjectStore(options);
    }

    protected override IObjectStore Store => _store;

    public void Dispose() => _store.Dispose();
}
