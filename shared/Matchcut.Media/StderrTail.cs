using System.Text;

namespace Matchcut.Media;

/// <summary>Keeps the last lines a tool printed, so errors can quote them without holding everything.</summary>
internal sealed class StderrTail(int maxLines = 12)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > maxLines) _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var sb = new StringBuilder();
            foreach (var line in _lines) sb.Append(line.Trim()).Append(" | ");
            return sb.Length > 3 ? sb.ToString(0, sb.Length - 3) : "(no output)";
        }
    }
}
