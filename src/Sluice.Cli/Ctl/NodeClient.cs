using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sluice.Cli.Ctl;

/// <summary>Talks to a node's HTTP API. Failures become <see cref="CtlException"/> with an exit code.</summary>
public sealed class NodeClient(Uri node, string? token) : IDisposable
{
    private readonly HttpClient _http = Create(node, token);

    public Uri Node => node;

    private static HttpClient Create(Uri node, string? token)
    {
        var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
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
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, path);
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new CtlException(
                $"cannot reach the node at {node} ({ex.Message}). Is `./sluice run` running? Use --node or SLUICE_NODE.",
                ExitCodes.Unreachable
            );
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }

            var message =
                TryError(body) ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound => new CtlException(message, ExitCodes.NotFound),
                HttpStatusCode.Conflict => new CtlException(message, ExitCodes.Refused),
                HttpStatusCode.Unauthorized => new CtlException(message, ExitCodes.Refused),
                HttpStatusCode.BadRequest => new CtlException(message, ExitCodes.Usage),
                _ => new CtlException(message, ExitCodes.Error),
            };
        }
    }

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
