using System.Collections.Concurrent;

namespace Matchcut.ServiceDefaults;

/// <summary>Counts the times each stage really worked (not answered from its memo), so reuse can be shown.</summary>
public sealed class StageExecutionCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Executed(string stage) => _counts.AddOrUpdate(stage, 1, (_, n) => n + 1);

    public int this[string stage] => _counts.GetValueOrDefault(stage);

    public int Total => _counts.Values.Sum();
}
