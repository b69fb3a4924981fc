using Matchcut.Encoders.Models;

namespace Matchcut.Encoders.Shots;

/// <summary>
/// Shot scale from the largest face, as a share of the frame's area (median over the sampled frames that show one):
/// close-up at 2.5% or more (a face about a quarter of the frame's height at 16:9), medium from 0.4% (about a tenth of
/// the height), wide below. YuNet at 160x120 misses faces smaller than ~10 of its pixels, so without a face the largest
/// person box decides: close-up when it fills 60% of the frame, medium when it is 60% of the frame's height, else wide;
/// nothing found is wide.
/// </summary>
public static class ShotScale
{
    public const string CloseUp = "close-up", Medium = "medium", Wide = "wide";
    public const double CloseUpFaceArea = 0.025, MediumFaceArea = 0.004;
    public const double CloseUpPersonArea = 0.6, MediumPersonHeight = 0.6;

    public static string Classify(IReadOnlyList<FrameFindings> frames, int frameWidth, int frameHeight, float personThreshold)
    {
        var area = (double)frameWidth * frameHeight;
        var faces = frames.Where(f => f.Faces.Count > 0).Select(f => f.Faces.Max(x => x.Box.Area) / area).OrderBy(a => a).ToList();
        if (faces.Count > 0)
        {
            var median = faces[faces.Count / 2];
            return median >= CloseUpFaceArea ? CloseUp : median >= MediumFaceArea ? Medium : Wide;
        }
        var people = frames.SelectMany(f => f.Objects).Where(d => d.ClassId == CocoClasses.Person && d.Score >= personThreshold).ToList();
        if (people.Count == 0) return Wide;
        var largest = people.MaxBy(p => p.Box.Area)!.Box;
        if (largest.Area / area >= CloseUpPersonArea) return CloseUp;
        return largest.Height / frameHeight >= MediumPersonHeight ? Medium : Wide;
    }
}
