namespace Matchcut.Encoders.Models;

/// <summary>An axis-aligned box in frame pixels.</summary>
public readonly record struct Box(float X1, float Y1, float X2, float Y2)
{
    public float Width => Math.Max(0, X2 - X1);
    public float Height => Math.Max(0, Y2 - Y1);
    public float Area => Width * Height;

    public float IoU(Box other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }

    public Box Scale(float factor) => new(X1 * factor, Y1 * factor, X2 * factor, Y2 * factor);

    public Box Clip(int width, int height) =>
        new(Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height));
}

/// <summary>An object found by the detector: COCO class id, confidence (objectness x class score), box in frame pixels.</summary>
public sealed record Detection(int ClassId, float Score, Box Box)
{
    public string Name => CocoClasses.Name(ClassId);
}

/// <summary>A face found by YuNet: score and box in frame pixels.</summary>
public sealed record FaceBox(float Score, Box Box);

/// <summary>Greedy non-maximum suppression.</summary>
public static class NonMaximumSuppression
{
    /// <summary>Indices of the kept boxes, best score first; a box overlapping a kept one by more than <paramref name="iouThreshold"/> is dropped.</summary>
    public static List<int> Apply(IReadOnlyList<Box> boxes, IReadOnlyList<float> scores, float iouThreshold, int topK = int.MaxValue)
    {
        var order = Enumerable.Range(0, boxes.Count).OrderByDescending(i => scores[i]).ToList();
        var kept = new List<int>();
        foreach (var i in order)
        {
            if (kept.Count >= topK) break;
            if (kept.All(k => boxes[k].IoU(boxes[i]) <= iouThreshold)) kept.Add(i);
        }
        return kept;
    }
}
