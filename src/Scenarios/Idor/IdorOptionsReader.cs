using System.Globalization;
using Harness.Manifest;

namespace Harness.Scenarios.Idor;

/// <summary>Reads the manifest's <c>idor</c> section into <see cref="IdorOptions"/>, with positioned errors.</summary>
internal static class IdorOptionsReader
{
    public static IdorOptions Read(ManifestSection section)
    {
        var idor = section.Read("deniedStatuses", "unauthenticatedStatuses", "concurrency", "idsPerPair", "allPairs", "tenantHeaders", "oracle");
        var defaults = new IdorOptions();
        if (idor is null)
        {
            return defaults;
        }

        return new IdorOptions
        {
            DeniedStatuses = Statuses(idor, "deniedStatuses") ?? defaults.DeniedStatuses,
            UnauthenticatedStatuses = Statuses(idor, "unauthenticatedStatuses") ?? defaults.UnauthenticatedStatuses,
            Concurrency = idor.Int("concurrency", 1, 256) ?? defaults.Concurrency,
            IdsPerPair = idor.Int("idsPerPair", 1, 100) ?? defaults.IdsPerPair,
            AllPairs = idor.Bool("allPairs") ?? defaults.AllPairs,
            TenantHeaders = idor.StringList("tenantHeaders") ?? [],
            Oracle = Oracle(idor) ?? defaults.Oracle,
        };
    }

    private static ReadOracle? Oracle(YamlMapping section) => section.String("oracle") switch
    {
        null => null,
        "differential" => ReadOracle.Differential,
        "status" => ReadOracle.Status,
        var other => throw section.Error(section.Find("oracle")!, $"oracle '{other}' is not one of differential, status"),
    };

    private static List<int>? Statuses(YamlMapping section, string key)
    {
        if (section.StringList(key) is not { } items)
        {
            return null;
        }

        var statuses = new List<int>();
        foreach (var item in items)
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100 || status > 599)
            {
                throw section.Error(section.Find(key)!, $"'{item}' in '{key}' is not an HTTP status (100 to 599)");
            }

            statuses.Add(status);
        }

        return statuses.Count > 0 ? statuses : throw section.Error(section.Find(key)!, $"'{key}' needs at least one status");
    }
}
