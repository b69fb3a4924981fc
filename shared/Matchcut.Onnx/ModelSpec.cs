namespace Matchcut.Onnx;

/// <summary>An input or output a caller relies on: name, element type and shape (-1 = any size).</summary>
/// <param name="Name">Graph name.</param>
/// <param name="ElementType">Expected element type.</param>
/// <param name="Shape">Expected dimensions; -1 accepts any size there.</param>
public sealed record TensorSpec(string Name, TensorElementType ElementType, params long[] Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType} {ShapeFormat.Format(Shape)}";
}

/// <summary>What a caller expects of a model file, checked when the session opens.</summary>
/// <param name="Inputs">Every input the model must have (and the only ones: Run feeds exactly these).</param>
/// <param name="Outputs">Outputs the caller reads; the model may have more.</param>
public sealed record ModelSpec(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>Every difference between this spec and the session's model; empty when it fits.</summary>
    public IReadOnlyList<string> FindMismatches(InferenceSession session)
    {
        var problems = new List<string>();
        foreach (var spec in Inputs) Compare("input", spec, session.Inputs, problems);
        foreach (var extra in session.Inputs.Where(i => Inputs.All(s => s.Name != i.Name)))
        {
            problems.Add($"model has input {extra} that the caller does not provide");
        }
        foreach (var spec in Outputs) Compare("output", spec, session.Outputs, problems);
        return problems;
    }

    /// <summary>Throws <see cref="ModelSpecMismatchException"/> naming the file and every mismatch.</summary>
    public void EnsureMatches(InferenceSession session)
    {
        var problems = FindMismatches(session);
        if (problems.Count > 0) throw new ModelSpecMismatchException(session.ModelPath, problems);
    }

    private static void Compare(string kind, TensorSpec spec, IReadOnlyList<TensorInfo> actual, List<string> problems)
    {
        var found = actual.FirstOrDefault(a => a.Name == spec.Name);
        if (found is null)
        {
            problems.Add($"missing {kind} '{spec.Name}' (model has: {string.Join(", ", actual.Select(a => a.Name))})");
            return;
        }
        if (found.ElementType != spec.ElementType)
        {
            problems.Add($"{kind} '{spec.Name}' is {found.ElementType}, expected {spec.ElementType}");
        }
        // A free dimension in the model (-1) accepts whatever size the caller plans to feed.
        var shapeFits = found.Shape.Count == spec.Shape.Length
            && spec.Shape.Select((d, i) => d < 0 || found.Shape[i] < 0 || found.Shape[i] == d).All(ok => ok);
        if (!shapeFits)
        {
            problems.Add($"{kind} '{spec.Name}' has shape {found.ShapeText}, expected {ShapeFormat.Format(spec.Shape)}");
        }
    }
}

/// <summary>A model file does not have the inputs/outputs its caller expects.</summary>
public sealed class ModelSpecMismatchException(string modelPath, IReadOnlyList<string> problems)
    : InvalidOperationException($"Model '{modelPath}' does not fit what the caller expects: {string.Join("; ", problems)}.")
{
    /// <summary>Path of the offending model.</summary>
    public string ModelPath { get; } = modelPath;

    /// <summary>Each mismatch, one per entry.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
