namespace Sluice.Tools.Processes;

/// <summary>How a running tool is first asked to stop when its job is cancelled.</summary>
public enum GracefulStop
{
    /// <summary>SIGINT, as Ctrl-C in a terminal: rclone and most tools clean up and exit.</summary>
    Interrupt,

    /// <summary>
    /// "q\n" on standard input: ffmpeg finishes the container (moov, cues) and exits 0. SIGINT
    /// works for ffmpeg too, but a second one aborts it mid-write.
    /// </summary>
    WriteQ,

    /// <summary>No graceful step: the tree is killed at once.</summary>
    Kill,
}
