namespace Matchcut.Onnx;

/// <summary>Checks inputs and requested outputs against the model before calling ORT, for messages that name the model.</summary>
internal static class RunInputValidator
{
    public static void Validate(
        string modelName, IReadOnlyList<TensorInfo> modelInputs, IReadOnlyList<TensorInfo> modelOutputs,
        IReadOnlyList<TensorInput> inputs, IReadOnlyList<string> outputNames)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (input is null) throw new ArgumentException($"Model '{modelName}': an input is null.", nameof(inputs));
            if (!seen.Add(input.Name)) throw new ArgumentException($"Model '{modelName}': input '{input.Name}' is given twice.", nameof(inputs));

            var expected = modelInputs.FirstOrDefault(m => m.Name == input.Name)
                ?? throw new ArgumentException(
                    $"Model '{modelName}' has no input '{input.Name}'; its inputs are: {string.Join(", ", modelInputs)}.", nameof(inputs));
            ValidateOne(modelName, expected, input);
        }

        var missing = modelInputs.Where(m => !seen.Contains(m.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Model '{modelName}' needs input(s) not given: {string.Join(", ", missing)}.", nameof(inputs));
        }

        foreach (var name in outputNames)
        {
            if (!modelOutputs.Any(o => o.Name == name))
            {
                throw new ArgumentException(
                    $"Model '{modelName}' has no output '{name}'; its outputs are: {string.Join(", ", modelOutputs.Select(o => o.Name))}.",
                    nameof(outputNames));
            }
        }
    }

    private static void ValidateOne(string modelName, TensorInfo expected, TensorInput input)
    {
        if (expected.ElementType != input.ElementType)
        {
            throw new ArgumentException(
                $"Model '{modelName}' input '{input.Name}' expects {expected.ElementType} elements but got {input.ElementType}.");
        }

        var shape = input.Shape;
        var shapeMatches = shape.Count == expected.Shape.Count
            && shape.Select((d, i) => d >= 0 && (expected.Shape[i] < 0 || expected.Shape[i] == d)).All(ok => ok);
        if (!shapeMatches)
        {
            throw new ArgumentException(
                $"Model '{modelName}' input '{input.Name}' expects shape {expected.ShapeText} but got {ShapeFormat.Format(shape)}.");
        }

        long elements = 1;
        foreach (var d in shape) elements = checked(elements * d);
        if (elements != input.Length)
        {
            throw new ArgumentException(
                $"Model '{modelName}' input '{input.Name}' has {input.Length} elements but shape {ShapeFormat.Format(shape)} needs {elements}.");
        }
    }
}
