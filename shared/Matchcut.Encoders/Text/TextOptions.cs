namespace Matchcut.Encoders.Text;

/// <summary>Bound from the "Text" configuration section: text on screen (PP-OCRv4 detection and recognition).</summary>
public sealed class TextOptions
{
    /// <summary>
    /// Null (default): read text when the three files are found in the models folders, skip it when not, and when the
    /// folder models are off (Models:Enabled=false). True: the files must be found (start-up fails naming what was looked
    /// for). False: off.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>PP-OCRv4 detection (DB): input x [N,3,H,W], output a text-probability map [N,1,H,W].</summary>
    public string Detector { get; set; } = "ch_PP-OCRv4_det_infer.onnx";

    /// <summary>PP-OCRv4 recognition (CTC): input x [N,3,48,W], output [N,T,classes].</summary>
    public string Recognizer { get; set; } = "ch_PP-OCRv4_rec_infer.onnx";

    /// <summary>The recognizer's character list, one a line (classes 1..N; 0 is the CTC blank, N+1 a space).</summary>
    public string Keys { get; set; } = "ppocr_keys_v1.txt";

    /// <summary>Frames of each shot read for text (spread as the vision samples are).</summary>
    public int FramesPerShot { get; set; } = 3;

    /// <summary>Longest side the detector sees (the frame is scaled down to it, never up, sides rounded to multiples of 32).</summary>
    public int MaxSide { get; set; } = 960;

    /// <summary>Probability-map pixels at or above this count as text.</summary>
    public float PixelThreshold { get; set; } = 0.3f;

    /// <summary>A region is kept when the mean probability over its pixels reaches this.</summary>
    public float BoxThreshold { get; set; } = 0.6f;

    /// <summary>How far a region grows back (DB shrinks text regions): area x ratio / perimeter on each side.</summary>
    public float UnclipRatio { get; set; } = 1.5f;

    /// <summary>Lines read with a lower mean character confidence are dropped.</summary>
    public float MinConfidence { get; set; } = 0.6f;

    /// <summary>
    /// A line of one character is kept only at this confidence or above: texture in a dark frame is read as a lone
    /// letter ("e" at 0.80 on a rock face of the Sintel trailer), where real text on screen is words.
    /// </summary>
    public float SingleCharacterMinConfidence { get; set; } = 0.95f;

    /// <summary>Regions shorter than this many frame pixels are dropped (too small to read).</summary>
    public int MinHeight { get; set; } = 6;

    /// <summary>Crops recognized in one Run.</summary>
    public int RecognitionBatch { get; set; } = 8;
}
