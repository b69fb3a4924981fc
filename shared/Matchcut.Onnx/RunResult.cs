using System.Collections;

namespace Matchcut.Onnx;

/// <summary>Outputs of one Run in the requested order; dispose to hand their pooled buffers back.</summary>
public sealed class RunResult : IReadOnlyList<OutputTensor>, IDisposable
{
    private readonly OutputTensor[] _outputs;

    internal RunResult(OutputTensor[] outputs) => _outputs = outputs;

    /// <summary>Output by position in the requested output list.</summary>
    public OutputTensor this[int index] => _outputs[index];

    /// <summary>Output by graph name.</summary>
    public OutputTensor this[string name] =>
        Array.Find(_outputs, o => o.Name == name)
        ?? throw new KeyNotFoundException($"No output '{name}' in this result; it has: {string.Join(", ", _outputs.Select(o => o.Name))}.");

    /// <summary>Number of outputs.</summary>
    public int Count => _outputs.Length;

    /// <inheritdoc />
    public IEnumerator<OutputTensor> GetEnumerator() => ((IEnumerable<OutputTensor>)_outputs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Returns every output buffer to the pool; spans read earlier become invalid.</summary>
    public void Dispose()
    {
        foreach (var output in _outputs) output.ReturnBuffer();
    }
}
