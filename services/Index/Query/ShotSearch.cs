using System.Globalization;
using Matchcut.Pipeline;
using Matchcut.Vectors;
using Microsoft.Extensions.Options;

namespace Matchcut.Index.Query;

/// <summary>
/// One query over every shot's words (GET /api/v1/search?q=): the text read on screen, word by word, exactly or one
/// letter off (case-insensitive; one edit for query words of <see cref="ShotSearchOptions.FuzzyMinLength"/> letters or
/// more), and the detector tags the query stands for (MiniLM, as <see cref="WordSearch"/> maps it). A shot's score is
/// its text score (the share of the query's words found, each weighted by its read confidence, a fuzzy one by
/// <see cref="ShotSearchOptions.FuzzyWeight"/>) plus its tag score; each hit says why it matched.
/// </summary>
public sealed class ShotSearch(IVectorIndex index, ShotCatalog shots, WordSearch words, IOptions<ShotSearchOptions> options)
{
    public const string Method = "text on screen (exact, one edit off) and minilm-l6-v2 query to coco-80 class names";

    // Words too common to look for on screen on their own ("a woman" is about the woman).
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "with", "by", "for", "is", "are",
    };

    public async Task<ShotSearchResult> SearchAsync(string query, IReadOnlyCollection<string>? titles, string? scale, int page, int pageSize, CancellationToken ct)
    {
        var o = options.Value;
        var terms = ScreenText.WordsOf(query).Select(w => w.ToLowerInvariant()).Where(w => !StopWords.Contains(w)).Distinct().ToList();
        var hits = new Dictionary<string, (double Score, List<string> Why, ShotView Shot)>(StringComparer.Ordinal);
        var filter = new ShotFilter(Titles: titles, Scale: scale);

        // Text on screen: every indexed shot the filter allows, read from the catalog's cached annotations.
        var scanned = 0;
        if (terms.Count > 0)
        {
            for (var skip = 0; scanned < o.MaxTextShots; skip += o.ScanPage)
            {
                var listing = await index.ListAsync(filter, skip, Math.Min(o.ScanPage, o.MaxTextShots - scanned), ct);
                foreach (var shot in listing.Shots)
                {
                    if (await shots.ShotAsync(shot.ShotId, ct) is not { Text.Count: > 0 } view) continue;
                    var (score, why) = TextScore(terms, view.Text, o);
                    if (score > 0) hits[shot.ShotId] = (score, why, view with { TitleId = shot.Payload.TitleId });
                }
                scanned += listing.Shots.Count;
                if (listing.Shots.Count == 0 || skip + listing.Shots.Count >= listing.Total) break;
            }
        }

        // Tags the words stand for.
        var classes = words.ClassesOf(query);
        foreach (var c in classes)
        {
            var listing = await index.ListAsync(filter with { Tags = [c.Tag] }, 0, o.MaxCandidatesPerClass, ct);
            foreach (var shot in listing.Shots)
            {
                if (await shots.ShotAsync(shot.ShotId, ct) is not { } view) continue;
                var score = Math.Round(WordSearch.TagScore(c, view.Tags), 4);
                var reason = string.Create(CultureInfo.InvariantCulture, $"tag {c.Tag} {score:0.00}");
                if (hits.TryGetValue(shot.ShotId, out var h))
                {
                    // One tag per shot: the best class the words stand for (classes come best first).
                    if (h.Why.Any(w => w.StartsWith("tag ", StringComparison.Ordinal))) continue;
                    h.Why.Add(reason);
                    hits[shot.ShotId] = (h.Score + score, h.Why, h.Shot);
                }
                else hits[shot.ShotId] = (score, [reason], view with { TitleId = shot.Payload.TitleId });
            }
        }

        var ranked = hits.Values.OrderByDescending(h => h.Score).ThenBy(h => h.Shot.TitleId, StringComparer.Ordinal)
            .ThenBy(h => h.Shot.AssetId, StringComparer.Ordinal).ThenBy(h => h.Shot.Index).ToList();
        var pageHits = ranked.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(h => new ShotSearchHit(Math.Round(h.Score, 4), h.Why, h.Shot)).ToList();
        return new ShotSearchResult(query, page, pageSize, ranked.Count, Method, terms, classes, pageHits);
    }

    /// <summary>The share of the terms found in the shot's text (each by its best word: exact counts its confidence, one edit off <see cref="ShotSearchOptions.FuzzyWeight"/> of it), and why.</summary>
    public static (double Score, List<string> Why) TextScore(IReadOnlyList<string> terms, IReadOnlyList<ScreenText> lines, ShotSearchOptions o)
    {
        double total = 0;
        var why = new List<string>();
        foreach (var term in terms)
        {
            (double Score, string Word, bool Exact) best = (0, "", false);
            foreach (var line in lines)
            foreach (var word in line.Words)
            {
                var exact = string.Equals(word, term, StringComparison.OrdinalIgnoreCase);
                var near = !exact && term.Length >= o.FuzzyMinLength && WithinOneEdit(word.ToLowerInvariant(), term);
                var score = exact ? line.Confidence : near ? line.Confidence * o.FuzzyWeight : 0;
                if (score > best.Score) best = (score, word, exact);
            }
            if (best.Score <= 0) continue;
            total += best.Score;
            why.Add(string.Create(CultureInfo.InvariantCulture,
                $"text '{best.Word}'{(best.Exact ? "" : $" for '{term}'")} {best.Score:0.00}"));
        }
        return (Math.Round(total / terms.Count, 4), why);
    }

    /// <summary>Whether a and b differ by at most one insertion, deletion or substitution.</summary>
    public static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        if (a.Length > b.Length) (a, b) = (b, a);
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { i++; j++; continue; }
            if (++edits > 1) return false;
            if (a.Length == b.Length) i++;
            j++;
        }
        return edits + (b.Length - j) + (a.Length - i) <= 1;
    }
}

/// <summary>Query:Search: how text and tags are matched and how many shots a query looks at.</summary>
public sealed class ShotSearchOptions
{
    /// <summary>Query words this long or longer also match a word one edit away.</summary>
    public int FuzzyMinLength { get; set; } = 5;

    /// <summary>What a word one edit off counts for, against an exact one.</summary>
    public double FuzzyWeight { get; set; } = 0.8;

    /// <summary>Most shots whose text one query reads (in index order); a larger store needs a text index.</summary>
    public int MaxTextShots { get; set; } = 50_000;

    /// <summary>Shots listed from the index per read while scanning text.</summary>
    public int ScanPage { get; set; } = 1000;

    /// <summary>Tagged shots ranked per class at most.</summary>
    public int MaxCandidatesPerClass { get; set; } = 2000;
}

/// <summary>A shot the query found, its score and each reason ("text 'READY' 0.97", "tag person 0.64").</summary>
public sealed record ShotSearchHit(double Score, IReadOnlyList<string> Why, ShotView Shot);

/// <summary>
/// A page of what GET /api/v1/search found: the words looked for on screen, the classes the query was taken for, the
/// total over every page, and the hits best first.
/// </summary>
public sealed record ShotSearchResult(string Query, int Page, int PageSize, int Total, string Method, IReadOnlyList<string> Words,
    IReadOnlyList<MatchedClass> Classes, IReadOnlyList<ShotSearchHit> Shots);
