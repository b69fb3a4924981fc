using Matchcut.Pipeline;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Matchcut.ServiceDefaults;

namespace Matchcut.Stages;

/// <summary>What every stage consumer needs besides its own worker, in one constructor argument.</summary>
public sealed class StageServices(
    IObjectStore store,
    AssetCatalog catalog,
    StageMetrics metrics,
    IOptions<BusOptions> bus,
    ILoggerFactory loggers,
    IStageProgress progress,
    IOptionsMonitor<StageOptions> stages)
{
    public IObjectStore Store { get; } = store;
    public AssetCatalog Catalog { get; } = catalog;
    public StageMetrics Metrics { get; } = metrics;
    public BusOptions Bus { get; } = bus.Value;
    public ILoggerFactory Loggers { get; } = loggers;
    public IStageProgress Progress { get; } = progress;
    public IOptionsMonitor<StageOptions> Stages { get; } = stages;
}
