using System.Net;

namespace Sluice.Node.Notify;

/// <summary>Why a request to a channel did not deliver, which decides what happens next.</summary>
public enum DeliveryFault
{
    /// <summary>429 asking for a longer wait than is waited inline: try again then; not a failure of the channel.</summary>
    RateLimited,

    /// <summary>5xx, 408, a refused connection, a name that does not resolve: nothing arrived; back off and retry.</summary>
    Transient,

    /// <summary>401, 403 or 404: the webhook was deleted or the token is wrong; only a person can fix it (quarantine).</summary>
    Gone,

    /// <summary>Another 4xx: the server refused this message itself; the items fail, the channel is fine.</summary>
    Rejected,

    /// <summary>The request went out and no answer came back (a timeout, a connection dropped mid-answer): it may have arrived.</summary>
    Unknown,
}

/// <summary>A request to a channel that did not deliver. The message never carries a URL or a secret.</summary>
public sealed class DeliveryException(
    DeliveryFault fault,
    string message,
    TimeSpan? retryAfter = null,
    Exception? inner = null
) : Exception(message, inner)
{
    public DeliveryFault Fault { get; } = fault;

    /// <summary>For <see cref="DeliveryFault.RateLimited"/>: how long the server asked to wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The fault an HTTP answer other than a success (or a 429) stands for.</summary>
    public static DeliveryException FromStatus(
        string channel,
        HttpResponseMessage response,
        string body
    )
    {
        var status = (int)response.StatusCode;
        var message =
            $"{channel}: HTTP {status} {response.ReasonPhrase}"
            + (body.Length > 0 ? $": {Tail(body)}" : "");
        var fault = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound =>
                DeliveryFault.Gone,
            HttpStatusCode.RequestTimeout => DeliveryFault.Transient,
            _ when status >= 500 => DeliveryFault.Transient,
            _ => DeliveryFault.Rejected,
        };
        return new DeliveryException(fault, message);
    }

    /// <summary>
    /// A request that got no answer. Failing to connect means nothing went out; anything later
    /// (a timeout, a connection dropped while waiting for the answer) may have delivered.
    /// </summary>
    public static DeliveryException FromFailure(string channel, Exception failure)
    {
        var connecting =
            failure is HttpRequestException
            {
                HttpRequestError: HttpRequestError.NameResolutionError
                    or HttpRequestError.ConnectionError
                    or HttpRequestError.SecureConnectionError
                    or HttpRequestError.ProxyTunnelError
            };
        var what = failure is TaskCanceledException ? "no answer in time" : failure.Message;
        return new DeliveryException(
            connecting ? DeliveryFault.Transient : DeliveryFault.Unknown,
            $"{channel}: {what}",
            inner: failure
        );
    }

    private static string Tail(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
