using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Tools.Rclone;

public sealed partial class RcloneDaemon
{
    private static readonly TimeSpan RestartWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls one rc method and returns its JSON answer; an error answer becomes an
    /// <see cref="RcloneException"/> classified by <see cref="RcloneErrors.ClassifyRc"/>, its text
    /// with every <paramref name="secrets"/> value hidden (rclone echoes the input, which holds
    /// connection strings, only in a field that is never read).
    /// </summary>
    public async Task<JsonElement> CallAsync(
        string method,
        JsonObject input,
        string operation,
        IReadOnlyCollection<string> secrets,
        CancellationToken cancellationToken
    )
    {
        var json = input.ToJsonString();
        var endpoint = await EndpointAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendAsync(
                    endpoint,
                    method,
                    json,
                    operation,
                    secrets,
                    cancellationToken
                );
            }
            catch (HttpRequestException e)
            {
                // The daemon we spoke to may be gone, and whatever it was doing died with it: a
                // refused call never reached it, a transfer it ran is lost, and the calls that
                // finished before it died are idempotent (a repeated move finds no source and
                // says so). Then wait for the next daemon and try once more.
                if (attempt > 1 || !(Refused(e) || await DiedAsync(endpoint)))
                {
                    throw new RcloneException(
                        RcloneErrorKind.Transient,
                        operation,
                        null,
                        $"rclone rcd did not answer: {e.Message}",
                        e
                    );
                }
            }

            endpoint = await NextEndpointAsync(endpoint, cancellationToken);
        }
    }

    private async Task<JsonElement> SendAsync(
        Endpoint endpoint,
        string method,
        string json,
        string operation,
        IReadOnlyCollection<string> secrets,
        CancellationToken cancellationToken
    )
    {
        using var request = Request(endpoint, method, json);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement answer;
        try
        {
            using var document = JsonDocument.Parse(body);
            answer = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // 401 and some proxy-level failures answer with plain text.
            answer = default;
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return answer;
        }

        var error =
            answer.ValueKind == JsonValueKind.Object
            && answer.TryGetProperty("error", out var e)
            && e.GetString() is { } text
                ? text
                : body.Trim();
        error = Redact(error, secrets);
        var status = (int)response.StatusCode;
        throw new RcloneException(RcloneErrors.ClassifyRc(status, error), operation, status, error);
    }

    private async Task<Endpoint> NextEndpointAsync(
        Endpoint stale,
        CancellationToken cancellationToken
    )
    {
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < RestartWait)
        {
            Task<Endpoint> current;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
                current = _current.Task;
            }

            try
            {
                var endpoint = await current.WaitAsync(cancellationToken);
                if (endpoint != stale)
                {
                    return endpoint;
                }
            }
            catch (RcloneException)
            {
                // That start failed; the supervisor is on to the next one.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }

        throw new RcloneException(
            RcloneErrorKind.Transient,
            "rcd",
            null,
            $"rclone rcd did not come back within {RestartWait.TotalSeconds:0}s"
        );
    }

    private static bool Refused(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    // A reset or closed keep-alive connection: the supervisor notices an exit within milliseconds.
    private async Task<bool> DiedAsync(Endpoint endpoint)
    {
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < TimeSpan.FromSeconds(2))
        {
            Task<Endpoint> current;
            lock (_gate)
            {
                current = _current.Task;
            }

            if (!current.IsCompletedSuccessfully || current.Result != endpoint)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None);
        }

        return false;
    }

    internal static string Redact(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
