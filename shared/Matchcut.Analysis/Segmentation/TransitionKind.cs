namespace Matchcut.Analysis.Segmentation;

/// <summary>How one shot gives way to the next.</summary>
public enum TransitionKind
{
    Cut,
    Dissolve,
    FadeIn,
    FadeOut,
    Wipe,
    DipToBlack,
    DipToWhite,
}
