using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

public class FeatureStoreTests
{
    [Fact]
    public void Features_of_a_two_hour_film_at_24_fps_stay_under_200_MB()
    {
        const int frames = 2 * 3600 * 24;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new FrameFeatureStore();
        for (var i = 0; i < frames; i++)
        {
            store.NextGrid()[0] = (byte)i;
            store.Commit(default);
        }
        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(store);
        // Other tests allocate meanwhile; the store alone is about 80 MB, so the margin absorbs them.
        Assert.True(bytes < 200L * 1024 * 1024, $"{bytes / (1024 * 1024)} MB");
        Assert.Equal(unchecked((byte)(frames - 1)), store.Grid(frames - 1)[0]);
    }
}
