namespace Matchcut.Encoders.Motion;

/// <summary>
/// Global camera motion over a shot, in frame widths per second (so it does not depend on resolution): Pan &gt; 0 the
/// camera turns right (the picture moves left), Tilt &gt; 0 it turns down (the picture moves up), Zoom &gt; 0 the
/// picture grows from the centre (zoom or dolly in), Roll &gt; 0 the picture turns clockwise.
/// </summary>
public sealed record CameraMotion(double Pan, double Tilt, double Zoom, double Roll)
{
    public static readonly CameraMotion Still = new(0, 0, 0, 0);

    public double Magnitude => Math.Sqrt(Pan * Pan + Tilt * Tilt + Zoom * Zoom + Roll * Roll);
}

/// <summary>
/// A shot's motion: mean flow (dx, dy) per cell of a <see cref="GridSize"/> x <see cref="GridSize"/> grid in frame
/// widths per second (row-major, dx then dy per cell), the camera motion fitted to it, and the mean flow speed.
/// </summary>
public sealed record ShotMotion(float[] Grid, CameraMotion Camera, double MeanSpeed, int FramePairs)
{
    public const int GridSize = 4;

    /// <summary>
    /// Speed (frame widths per second) treated as "about still": each flavour vector carries it as an extra constant
    /// component, so two still shots score 1 and a still shot against a fast pan scores near 0, instead of cosine on
    /// noise-sized vectors.
    /// </summary>
    public const float StillSpeed = 0.05f;

    public static int MotionDimension => GridSize * GridSize * 2 + 1;
    public const int CameraDimension = 5;

    /// <summary>The motion flavour: the grid plus the still component, L2-normalized.</summary>
    public float[] MotionVector() => Normalized([.. Grid, StillSpeed]);

    /// <summary>The camera flavour: (pan, tilt, zoom, roll, still), L2-normalized.</summary>
    public float[] CameraVector() =>
        Normalized([(float)Camera.Pan, (float)Camera.Tilt, (float)Camera.Zoom, (float)Camera.Roll, StillSpeed]);

    private static float[] Normalized(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
