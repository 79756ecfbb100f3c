using System.Globalization;
using Harness.Targets.Credentials;

namespace Harness.Scenarios.Soak;

/// <summary>
/// The tenant ids the noisy stream cycles through with churn: ids no tenant was seeded with, shaped like the seeded ones
/// (a UUID, a number, or text), so the app builds fresh per-tenant state for each. Only strategies that mint credentials
/// for any principal (JWT, C# delegates) can sign in as them; a login or a token file knows only seeded users.
/// </summary>
internal static class SoakChurn
{
    /// <summary>Why <paramref name="strategy"/> cannot act as unseeded tenants, or null when it can.</summary>
    public static string? Unsupported(ICredentialStrategy strategy)
    {
        var inner = strategy is CachedCredentials cached ? cached.Inner : strategy;
        return inner is JwtCredentials or DelegateCredentials
            ? null
            : $"tenant churn needs credentials for tenant ids that were not seeded, which only minted credentials give (credentials.jwt, or a C# delegate); the run signs in with {strategy.Description}";
    }

    /// <summary><paramref name="count"/> principals of distinct synthetic tenants shaped like <paramref name="noisy"/>, the same for the same seed.</summary>
    public static IReadOnlyList<TenantPrincipal> Principals(TenantPrincipal noisy, int count, int seed)
    {
        var random = new Random(seed);
        var principals = new List<TenantPrincipal>(count);
        for (var i = 0; i < count; i++)
        {
            var tenant = Synthetic(noisy.TenantId, i, random);
            var user = noisy.UserId == noisy.TenantId ? tenant : Synthetic(noisy.UserId, i, random);
            principals.Add(new TenantPrincipal(-1 - i, tenant, user, string.Create(CultureInfo.InvariantCulture, $"churn {i + 1}")));
        }

        return principals;
    }

    private static string Synthetic(string like, int i, Random random)
    {
        if (Guid.TryParse(like, out _))
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString();
        }

        return long.TryParse(like, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? (1_000_000_000L + i).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{like}-churn-{i + 1}");
    }
}
