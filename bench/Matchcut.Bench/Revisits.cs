using System.Text.Json;
using Matchcut.AllInOne;
using Matchcut.Dedup;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Matchcut.Bench;

/// <summary>Revisit links of one generated edit: expected, linked to the earliest appearance, and wrong.</summary>
/// <remarks>
/// <see cref="ToMixed"/>: links of a clean shot to an earlier shot that a missed boundary left spanning two setups, one
/// of them the clean shot's (A+B, then A'). The content link is right but the earlier shot has no one setup, so such a
/// link is neither counted linked nor wrong (nor among <see cref="Duplicates"/>): it is the segmenter's miss, not dedup's.
/// </remarks>
public sealed record RevisitScore(int Expected, int Linked, int Duplicates, int Wrong, int Mixed, List<(double Margin, bool Same)> Pairs, int ToMixed = 0);

/// <summary>
/// Revisits judged the way users get them: each generated edit is landed through the all-in-one pipeline with its
/// default configuration (the default frame encoder, the Dedup stage's own options), and the Dedup stage's stored
/// verdicts are scored against the edit's truth. Only the folder models are switched off (Models:Enabled=false): they
/// feed the tags and silhouettes of the later stages, never dedup, and would only make the run slower.
/// </summary>
public sealed class Revisits(string mediaFolder, string editsFolder, string cacheFolder) : IAsyncDisposable
{
    private IHost? _host;

    private readonly SemaphoreSlim _starting = new(1, 1);

    private async Task<IHost> HostAsync()
    {
        await _starting.WaitAsync();
        try
        {
            return _host ??= await StartAsync();
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task<IHost> StartAsync()
    {
        Directory.CreateDirectory(cacheFolder);
        var store = Path.Combine(cacheFolder, "store");
        if (Directory.Exists(store)) Directory.Delete(store, recursive: true);
        var host = AllInOneHost.Build(new Dictionary<string, string?>
        {
            ["Storage:Root"] = store,
            ["Media:ScratchFolder"] = Path.Combine(cacheFolder, "scratch"),
            ["Ingest:AllowedRoots:0"] = mediaFolder,
            ["Ingest:AllowedRoots:1"] = editsFolder,
            ["Models:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await host.StartAsync();
        return host;
    }

    public async Task<RevisitScore> ScoreAsync(string set, GeneratedEdits.Edit edit, TextWriter log)
    {
        var host = await HostAsync();
        var store = host.Services.GetRequiredService<IObjectStore>();
        var assetId = await MatchEval.LandAsync(host, $"revisits-{set}-{edit.Seed}", edit.Path);
        var features = await host.Services.GetRequiredService<AssetCatalog>().RequireFeaturesAsync(assetId);
        var shots = (await store.GetJsonAsync<ShotList>(features.Require(FeatureNames.Shots).Key)).Shots.ToList();
        var dedup = await store.GetJsonAsync<DedupResult>(features.Require(FeatureNames.Dedup).Key);
        var verdicts = dedup.Shots.ToDictionary(v => v.Index);

        // Each detected shot stands for the piece it overlaps most. A shot that a missed boundary left spanning two
        // setups (under 80% in one piece) has no one setup to be linked by: it is left out of the score (counted as
        // mixed), and is no one's earliest appearance. A clean shot whose setup an earlier eligible clean shot showed
        // should be linked to the earliest such shot, and nothing else should be linked at all.
        var majority = shots.Select(s => edit.Truth.Pieces
            .Select(pc => (pc.Setup, Overlap: Math.Min(s.EndFrame, pc.Last) - Math.Max(s.StartFrame, pc.First) + 1))
            .MaxBy(x => x.Overlap)).ToList();
        var setupOf = majority.Select(m => m.Setup).ToList();
        var clean = shots.Select((s, i) => majority[i].Overlap >= 0.8 * (s.EndFrame - s.StartFrame + 1)).ToList();
        bool Eligible(ShotRecord s) => !s.Blank && s.DurationSec >= dedup.MinShotSec;
        // Frames of a shot that show a setup (any piece of it).
        int Shows(ShotRecord sh, string setup) => edit.Truth.Pieces.Where(pc => pc.Setup == setup)
            .Sum(pc => Math.Max(0, Math.Min(sh.EndFrame, pc.Last) - Math.Max(sh.StartFrame, pc.First) + 1));
        var byIndex = shots.Select((sh, i) => (sh.Index, i)).ToDictionary(x => x.Index, x => x.i);
        int expected = 0, linked = 0, duplicates = 0, wrong = 0, mixed = 0, toMixed = 0;
        for (var s = 0; s < shots.Count; s++)
        {
            if (!clean[s])
            {
                if (Eligible(shots[s])) mixed++;
                continue;
            }
            var earliest = Enumerable.Range(0, s).FirstOrDefault(e => setupOf[e] == setupOf[s] && clean[e] && Eligible(shots[e]), -1);
            if (earliest >= 0 && Eligible(shots[s])) expected++;
            var verdict = verdicts[shots[s].Index];
            if (verdict.DropReason != "duplicate") continue;
            if (verdict.DuplicateOf is { } of && !clean[byIndex[of]] && Shows(shots[byIndex[of]], setupOf[s]) >= 0.2 * (shots[byIndex[of]].EndFrame - shots[byIndex[of]].StartFrame + 1))
            {
                toMixed++;
                continue;
            }
            duplicates++;
            if (earliest >= 0 && verdict.DuplicateOf == shots[earliest].Index) linked++;
            else wrong++;
        }

        // Every pair of eligible clean shots with its margin (the stage's similarity less the pair's own threshold, which
        // is lowered for two shots that each change over their length) and whether it is one setup: Dedup links a pair
        // whose margin is at least 0, so a positive gap between the two kinds means every pair is judged right.
        var candidates = shots.Where(Eligible).ToList();
        // What the Dedup stage judged by, as it stored it (the encoder's single frames and the shots' layouts).
        var (descriptor, vectors) = await host.Services.GetRequiredService<ShotDescriptorSource>().StoredAsync(features, candidates, CancellationToken.None);
        // The stage judged by the threshold of its descriptor (the neural one with encoder vectors); it stored which.
        var options = host.Services.GetRequiredService<IOptions<DedupOptions>>().Value with { Threshold = dedup.Threshold };
        var spreads = candidates.ToDictionary(c => c.Index, c => NearDuplicateGrouper.Spread(vectors[c.Index], options));
        var pairs = new List<(double, bool)>();
        for (var a = 0; a < candidates.Count; a++)
            for (var b = a + 1; b < candidates.Count; b++)
                if (clean[shots.IndexOf(candidates[a])] && clean[shots.IndexOf(candidates[b])])
                {
                    var (ia, ib) = (candidates[a].Index, candidates[b].Index);
                    pairs.Add((NearDuplicateGrouper.Similarity(vectors[ia], vectors[ib], options)
                            - NearDuplicateGrouper.PairThreshold(spreads[ia], spreads[ib], options),
                        setupOf[shots.IndexOf(candidates[a])] == setupOf[shots.IndexOf(candidates[b])]));
                }
        await DumpAsync(set, edit, shots, setupOf, clean, candidates, vectors);

        log.WriteLine($"    revisits ({descriptor} >= {dedup.Threshold}) {linked}/{expected} linked, wrong {wrong}, mixed shots {mixed} ({toMixed} linked to): "
            + string.Join(' ', shots.Select((sh, i) => $"{sh.Index}:{setupOf[i]}{(verdicts[sh.Index] is { DropReason: "duplicate" } v ? $"->{v.DuplicateOf}({v.Similarity})" : verdicts[sh.Index].Similarity is { } sim ? $"[{sim}]" : "")}")));
        log.WriteLine($"    pair margins same {string.Join(' ', pairs.Where(x => x.Item2).Select(x => Tools.F(x.Item1, 3)))}; other top "
            + string.Join(' ', pairs.Where(x => !x.Item2).Select(x => x.Item1).OrderDescending().Take(4).Select(x => Tools.F(x, 3))));
        return new RevisitScore(expected, linked, duplicates, wrong, mixed, pairs, toMixed);
    }

    // The vectors behind the figures, per shot with its setup, for looking into a wrong or missed link afterwards.
    private async Task DumpAsync(string set, GeneratedEdits.Edit edit, List<ShotRecord> shots, List<string> setupOf,
        List<bool> clean, List<ShotRecord> candidates, IReadOnlyDictionary<int, ShotFrames> vectors)
    {
        var rows = candidates.Select(s => new
        {
            s.Index, s.StartFrame, s.EndFrame, Setup = setupOf[shots.IndexOf(s)], Clean = clean[shots.IndexOf(s)],
            Neural = vectors[s.Index].Encoder, Layout = vectors[s.Index].Layouts,
        });
        var path = Path.Combine(cacheFolder, $"revisits-{set}-{edit.Seed}.json");
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new { edit.Seed, Set = set, edit.Path, Shots = rows });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
    }
}
