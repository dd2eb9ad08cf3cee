namespace Sluice.Domain.Naming.Parsing;

/// <summary>Release tags, editions, streaming services, languages and subtitle markers.</summary>
internal static partial class Claimers
{
    private static void ClaimTags(ClaimContext context)
    {
        context.ClaimAll(Patterns.Edition(), ClaimKind.Edition);
        context.ClaimAll(Patterns.Subtitle(), ClaimKind.Subtitle);
        context.ClaimAll(Patterns.Tag(), ClaimKind.Tag);
        context.ClaimAll(Patterns.TvTypeTag(), ClaimKind.TypeTag);
        context.ClaimAll(Patterns.WeakTag(), ClaimKind.Tag, weak: true);
        context.ClaimAll(Patterns.Streaming(), ClaimKind.Streaming, weak: true);
        context.ClaimAll(
            Patterns.Language(),
            match => new Claim(match.Index, match.Index + match.Length, ClaimKind.Language)
            {
                Value = Vocabulary.LanguageCode(match.Value),
                Weak = true,
            }
        );
        context.ClaimAll(
            Patterns.LanguageUpper(),
            match => new Claim(match.Index, match.Index + match.Length, ClaimKind.Language)
            {
                Value = Vocabulary.LanguageCode(match.Value),
                Weak = true,
            }
        );
        context.ClaimAll(Patterns.WeakSubtitle(), ClaimKind.Subtitle, weak: true);
        context.ClaimAll(Patterns.Special(), ClaimKind.Special, weak: true);
    }
}
