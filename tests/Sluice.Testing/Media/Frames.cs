using System.Globalization;

namespace Sluice.Testing.Media;

/// <summary>Reads decoded pictures with the real ffmpeg, to see what a burn-in drew.</summary>
public static class Frames
{
    /// <summary>The frame at <paramref name="at"/> as 8-bit gray, row by row (width × height bytes).</summary>
    public static async Task<byte[]> GrayAsync(
        string video,
        TimeSpan at,
        string scratchDirectory,
        CancellationToken cancellationToken
    )
    {
        var raw = Path.Combine(scratchDirectory, $"frame-{Guid.NewGuid():N}.gray");
        await ToolProcess.RunAsync(
            "ffmpeg",
            [
                "-hide_banner",
                "-loglevel",
                "error",
                "-nostdin",
                "-ss",
                at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                "-i",
                video,
                "-frames:v",
                "1",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "gray",
                raw,
            ],
            cancellationToken
        );
        var pixels = await File.ReadAllBytesAsync(raw, cancellationToken);
        File.Delete(raw);
        return pixels;
    }

    /// <summary>How many pixels of rows [<paramref name="fromRow"/>, <paramref name="toRow"/>) differ by more than <paramref name="threshold"/> levels.</summary>
    public static int Differing(
        byte[] a,
        byte[] b,
        int width,
        int fromRow,
        int toRow,
        int threshold = 64
    )
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException(
                $"Frames of {a.Length} and {b.Length} bytes differ in size."
            );
        }

        var count = 0;
        for (var i = fromRow * width; i < Math.Min(a.Length, toRow * width); i++)
        {
            if (Math.Abs(a[i] - b[i]) > threshold)
            {
                count++;
            }
        }

        return count;
    }
}
