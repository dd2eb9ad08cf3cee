namespace Sluice.Domain.Naming;

/// <summary>A naming template that cannot be used; the message names the offending placeholder or text.</summary>
public sealed class NamingTemplateException : Exception
{
    public NamingTemplateException() { }

    public NamingTemplateException(string message)
        : base(message) { }

    public NamingTemplateException(string message, Exception innerException)
        : base(message, innerException) { }

    public NamingTemplateException(string message, string? placeholder)
        : base(message) => Placeholder = placeholder;

    /// <summary>The placeholder as written ("{Sesaon:00}"), when one is at fault.</summary>
    public string? Placeholder { get; }
}
