using System.Text;

namespace Harness.Targets.Credentials;

/// <summary>
/// How <see cref="JwtCredentials"/> mints HS256 tokens: the test key, issuer, audience and a claims template whose values
/// may name {userId}, {tenantId}, {tenantIndex} and {tenantName}. <c>iat</c>, <c>nbf</c> and <c>exp</c> are added.
/// </summary>
public sealed record JwtOptions
{
    /// <summary>HS256 wants at least 256 bits of key (RFC 7518, 3.2); shorter keys are used, with a warning.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The HMAC key as text (UTF-8 bytes), as most apps configure it.</summary>
    public required string SigningKey { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>Claim name -> value template, e.g. <c>sub: "{userId}", company_id: "{tenantId}"</c>.</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string> { ["sub"] = "{userId}" };

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How the token travels (default <c>Authorization: Bearer</c>).</summary>
    public Credential Carrier { get; init; } = Credential.Bearer("");

    /// <summary>
    /// A warning when the key is shorter than HS256 wants: the harness signs with the key the app really accepts, whatever
    /// its length, and says the key is weak; null for a key of 32 bytes or more.
    /// </summary>
    public string? KeyWarning
    {
        get
        {
            var bytes = Encoding.UTF8.GetByteCount(SigningKey);
            return bytes >= MinimumKeyBytes
                ? null
                : $"the signing key is {bytes} bytes, below the {MinimumKeyBytes} HS256 wants: tokens are minted with it as the app accepts them, but a key this short can be brute-forced";
        }
    }

    public void Validate()
    {
        if (string.IsNullOrEmpty(SigningKey))
        {
            throw new TargetConfigurationException("credentials.jwt.signingKey is empty; give the key the app verifies tokens with") { Subject = "credentials.jwt.signingKey" };
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lifetime, TimeSpan.Zero, nameof(Lifetime));
    }
}
