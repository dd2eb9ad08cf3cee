using Microsoft.AspNetCore.Http;

namespace Sluice.Node.Api;

/// <summary>
/// Refuses requests a browser makes on behalf of another site. A node on loopback without a
/// token would otherwise let any web page the user opens POST a retry or a cancel to
/// http://127.0.0.1:5480 (a simple cross-site request needs no CORS permission to be sent).
/// Browsers mark such requests with Origin or Sec-Fetch-Site; ctl, curl and scrapers send
/// neither, and the node's own dashboard sends its own origin.
/// </summary>
public static class CrossSite
{
    public static async ValueTask<object?> RefuseAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var host = request.Headers["X-Forwarded-Host"].ToString() is { Length: > 0 } forwarded
            ? forwarded
            : request.Host.Value;
        var foreign =
            site == "cross-site"
            || (
                origin.Length > 0
                && (
                    !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                    || !string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase)
                )
            );
        return foreign
            ? TypedResults.Json(
                new ApiError("Requests from other web sites are refused."),
                statusCode: StatusCodes.Status403Forbidden
            )
            : await next(context);
    }
}
