using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Node.Dashboard;

/// <summary>
/// The web dashboard: three static files embedded in this assembly, served at <c>/</c> and
/// <c>/dashboard/…</c>. The page holds no data and needs no token; everything it shows comes
/// from the API with the token the user types (kept in the tab's sessionStorage). A strict
/// Content-Security-Policy allows only these files to run, and no site may frame the page.
/// </summary>
public static class DashboardEndpoints
{
    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        app.MapGet("/dashboard/{file}", (string file, HttpContext context) => Serve(context, file));
        return app;
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!Assets.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        const string prefix = "dashboard/";
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>();
        foreach (
            var name in assembly
                .GetManifestResourceNames()
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
        )
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var file = name[prefix.Length..];
            assets[file] = new Asset(
                content,
                Path.GetExtension(file) switch
                {
                    ".html" => "text/html; charset=utf-8",
                    ".js" => "text/javascript; charset=utf-8",
                    ".css" => "text/css; charset=utf-8",
                    ".svg" => "image/svg+xml",
                    _ => "application/octet-stream",
                },
                $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\""
            );
        }

        return assets.ToFrozenDictionary();
    }
}
