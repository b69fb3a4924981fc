namespace Matchcut.Pipeline;

/// <summary>Match-cut flavours: what about two shots must agree.</summary>
public static class Flavours
{
    public const string Frame = "frame";
    public const string Silhouette = "silhouette";
    public const string Motion = "motion";
    public const string Camera = "camera";

    public static readonly IReadOnlyList<string> All = [Frame, Silhouette, Motion, Camera];
}
