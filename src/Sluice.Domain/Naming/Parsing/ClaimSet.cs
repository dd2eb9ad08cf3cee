namespace Sluice.Domain.Naming.Parsing;

/// <summary>The claims made on one name so far; the first claim on a character wins.</summary>
internal sealed class ClaimSet
{
    private readonly bool[] taken;
    private readonly List<Claim> claims = [];

    public ClaimSet(string text)
    {
        Text = text;
        taken = new bool[text.Length];
    }

    public string Text { get; }

    public IReadOnlyList<Claim> All => claims;

    public bool IsFree(int start, int end)
    {
        if (start < 0 || end > taken.Length || start >= end)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (taken[i])
            {
                return false;
            }
        }

        return true;
    }

    public bool IsTaken(int index) => index >= 0 && index < taken.Length && taken[index];

    public bool TryAdd(Claim claim)
    {
        if (!IsFree(claim.Start, claim.End))
        {
            return false;
        }

        Array.Fill(taken, true, claim.Start, claim.Length);
        claims.Add(claim);
        return true;
    }

    public void Remove(Claim claim)
    {
        if (claims.Remove(claim))
        {
            Array.Fill(taken, false, claim.Start, claim.Length);
        }
    }

    public Claim? At(int index) => claims.Find(claim => claim.Start <= index && index < claim.End);

    public IEnumerable<Claim> Ordered() => claims.OrderBy(claim => claim.Start);
}
