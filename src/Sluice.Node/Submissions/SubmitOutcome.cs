using Microsoft.AspNetCore.Http;
using Sluice.Domain.Items;

namespace Sluice.Node.Submissions;

/// <summary>What a submission came to: an item (new or the one that already had the source), or a refusal with its HTTP status.</summary>
public abstract record SubmitOutcome
{
    private SubmitOutcome() { }

    /// <param name="Duplicate">Why an existing item answers (null for a new item).</param>
    public sealed record Accepted(ItemId Id, Step Entry, string? Duplicate) : SubmitOutcome;

    public sealed record Refused(int Status, string Error) : SubmitOutcome;

    public static Refused BadRequest(string error) => new(StatusCodes.Status400BadRequest, error);

    public static Refused NotFound(string error) => new(StatusCodes.Status404NotFound, error);

    public static Refused Unprocessable(string error) =>
        new(StatusCodes.Status422UnprocessableEntity, error);
}
