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
/// <remarks>
/// The motion and camera flavours rank how things move, so a shot that barely moves has nothing to match on: it is
/// <see cref="IsStill"/> / <see cref="IsCameraStill"/> below <see cref="StillSpeed"/> and left out of that flavour's
/// pairs (its vector is still stored, for similar-shot search among still shots). Among moving shots the vector is
/// direction and magnitude together: the unit direction (the grid, or pan/tilt/zoom/roll) weighted by
/// sqrt(<see cref="DirectionShare"/>), then (cos t, sin t) weighted by sqrt(1 - share), where t maps the speed's
/// logarithm from <see cref="StillSpeed"/> to <see cref="FastSpeed"/> onto [0, pi]. The cosine of two shots is then
/// share x cos(directions) + (1 - share) x cos(t1 - t2): the same move at the same speed 1, the same direction at 3x
/// the speed about 0.89, a perpendicular move (a zoom against a pan) at most 0.4, the opposite move at most -0.2 - so
/// direction always outranks speed, and speed orders the moves that share a direction.
/// </remarks>
public sealed record ShotMotion(float[] Grid, CameraMotion Camera, double MeanSpeed, int FramePairs)
{
    public const int GridSize = 4;

    /// <summary>Frame widths per second under which a shot counts as still for the flavour (motion: the grid's RMS cell speed; camera: the camera motion's magnitude).</summary>
    public const double StillSpeed = 0.02;

    /// <summary>Speed at which the magnitude angle stops growing (two frame widths per second is a whip pan).</summary>
    public const double FastSpeed = 2.0;

    /// <summary>Share of the cosine that direction decides; the rest is speed.</summary>
    public const double DirectionShare = 0.6;

    public static int MotionDimension => GridSize * GridSize * 2 + 2;
    public const int CameraDimension = 6;

    /// <summary>Root-mean-square speed of the grid's cells (frame widths per second).</summary>
    public double GridSpeed => Math.Sqrt(Grid.Sum(v => (double)v * v) / (GridSize * GridSize));

    public bool IsStill => GridSpeed < StillSpeed;
    public bool IsCameraStill => Camera.Magnitude < StillSpeed;

    /// <summary>The motion flavour: direction of the flow grid and its speed.</summary>
    public float[] MotionVector() => DirectionAndSpeed(Grid.Select(v => (double)v).ToArray(), GridSpeed);

    /// <summary>The camera flavour: direction of (pan, tilt, zoom, roll) and its magnitude.</summary>
    public float[] CameraVector() => DirectionAndSpeed([Camera.Pan, Camera.Tilt, Camera.Zoom, Camera.Roll], Camera.Magnitude);

    private static float[] DirectionAndSpeed(double[] direction, double speed)
    {
        var v = new float[direction.Length + 2];
        var norm = Math.Sqrt(direction.Sum(d => d * d));
        var a = Math.Sqrt(DirectionShare);
        if (norm > 1e-12)
            for (var i = 0; i < direction.Length; i++) v[i] = (float)(a * direction[i] / norm);
        var t = Math.PI * Math.Clamp(Math.Log(Math.Max(speed, StillSpeed) / StillSpeed) / Math.Log(FastSpeed / StillSpeed), 0, 1);
        var b = Math.Sqrt(1 - DirectionShare);
        v[^2] = (float)(b * Math.Cos(t));
        v[^1] = (float)(b * Math.Sin(t));
        var total = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (total > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, total, v);
        return v;
    }
}
