using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sluice.Cli.Ctl;

/// <summary>Talks to a node's HTTP API. Failures become <see cref="CtlException"/> with an exit code.</summary>
public sealed class NodeClient(Uri node, string? token) : IDisposable
{
    private readonly HttpClient _http = Create(node, token);

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public Uri Node => node;

    private static HttpClient Create(Uri node, string? token)
    {
        // Event streams stay open for hours; ordinary requests get RequestTimeout each.
        var http = new HttpClient { BaseAddress = node, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                token
            );
        }

        return http;
    }

    /// <summary>GETs or POSTs and returns the body as JSON, raising typed errors for failures.</summary>
    public async Task<JsonElement> SendAsync(
        HttpMethod method,
        string path,
        CancellationToken ct
    ) => (await SendForPageAsync(method, path, ct)).Body;

    /// <summary>Like <see cref="SendAsync"/>, with the X-Total-Count header of a paged list.</summary>
    public async Task<(JsonElement Body, long? Total)> SendForPageAsync(
        HttpMethod method,
        string path,
        CancellationToken ct
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(method, path);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await SendRawAsync(
                request,
                HttpCompletionOption.ResponseContentRead,
                timeout.Token
            );
            body = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CtlException(
                $"the node at {node} did not answer within {RequestTimeout.TotalSeconds:0} s.",
                ExitCodes.Unreachable
            );
        }

        using var _ = response;
        var total =
            response.Headers.TryGetValues("X-Total-Count", out var values)
            && long.TryParse(values.FirstOrDefault(), out var n)
                ? n
                : (long?)null;
        return (JsonDocument.Parse(body).RootElement.Clone(), total);
    }

    /// <summary>GETs a text resource (the Prometheus metrics) as it is.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendRawAsync(
            request,
            HttpCompletionOption.ResponseContentRead,
            timeout.Token
        );
        return await response.Content.ReadAsStringAsync(timeout.Token);
    }

    /// <summary>Sends and checks the status; the caller owns the (successful) response.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(
        HttpRequestMessage request,
        HttpCompletionOption completion,
        CancellationToken ct
    )
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var message =
                TryError(body) ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound => new CtlException(message, ExitCodes.NotFound),
                HttpStatusCode.Conflict => new CtlException(message, ExitCodes.Refused),
                HttpStatusCode.Unauthorized => new CtlException(message, ExitCodes.Refused),
                HttpStatusCode.Forbidden => new CtlException(message, ExitCodes.Refused),
                HttpStatusCode.BadRequest => new CtlException(message, ExitCodes.Usage),
                _ => new CtlException(message, ExitCodes.Error),
            };
        }
    }

    public CtlException Unreachable(Exception ex) =>
        new(
            $"cannot reach the node at {node} ({ex.Message}). Is `./sluice run` running? Use --node or SLUICE_NODE.",
            ExitCodes.Unreachable
        );

    private static string? TryError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var error)
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

public sealed class CtlException(string message, int exitCode) : Exception(message)
{
    public int ExitCode => exitCode;
}
