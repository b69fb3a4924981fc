using Matchcut.Storage;

namespace Matchcut.Index.Query;

/// <summary>Editors' verdicts on pairs, one object per pair so concurrent reviewers never overwrite each other's other pairs.</summary>
public sealed class ReviewStore(IObjectStore store)
{
    public Task PutAsync(string titleId, PairReview review, CancellationToken ct) =>
        store.PutJsonAsync($"reviews/{titleId}/{review.Flavour}/{review.A}_{review.B}.json", review, ct);

    public async Task<IReadOnlyList<PairReview>> ListAsync(string titleId, CancellationToken ct)
    {
        var result = new List<PairReview>();
        await foreach (var key in store.ListAsync($"reviews/{titleId}/", ct))
        {
            if (await store.TryGetJsonAsync<PairReview>(key, ct) is { } r) result.Add(r);
        }
        return result.OrderBy(r => r.Flavour, StringComparer.Ordinal).ThenBy(r => r.ASec).ToList();
    }
}

/// <summary>A verdict on cutting from the end of shot A to the start of shot B.</summary>
public sealed record PairReview(string Flavour, string A, string B, string Verdict, string? Note, double AEndSec, double ASec, double BStartSec, DateTimeOffset At);
