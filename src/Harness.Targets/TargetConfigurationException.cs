using Harness.Errors;

namespace Harness.Targets;

/// <summary>
/// The target's description cannot be used as it is: an endpoint whose path parameter matches no table, an OpenAPI
/// document that does not parse, credentials that cannot be issued. The message names what and says what is valid.
/// </summary>
public sealed class TargetConfigurationException : HarnessException
{
    public TargetConfigurationException() : this("The target's description cannot be used.") { }

    public TargetConfigurationException(string message) : base(message) { }

    public TargetConfigurationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>
    /// What cannot be used: a route (e.g. <c>GET /sites/{siteId}</c>), an OpenAPI document, a manifest, or a setting
    /// (e.g. <c>target.url</c>); null when not one thing.
    /// </summary>
    public string? Subject { get; init; }
}
