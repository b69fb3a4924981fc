namespace Matchcut.Hosting.Documents;

/// <summary>Score's result: the top K pairs of kept shots per flavour, best first.</summary>
public sealed record MatchSet(int K, IReadOnlyDictionary<string, IReadOnlyList<MatchPair>> Flavours);

/// <summary>Shots A and B (A earlier) and how well B follows A as a match cut in the flavour.</summary>
public sealed record MatchPair(int A, int B, double Score);
