using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.Catalog;
using Harness.Ledger;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>
/// Path values that name a row which exists nowhere, in each parameter's type: a uuid drawn from the route (the same on
/// every run), an integer past every seeded one of the column, or a text no seeded row has. The attacker's answer on it is
/// what "no such row" looks like, to compare the answer on another tenant's id with.
/// </summary>
internal static class NonexistentIds
{
    /// <summary>A value for every path parameter of <paramref name="endpoint"/>.</summary>
    public static Dictionary<string, string> For(Endpoint endpoint, CatalogSnapshot catalog, SeedLedger ledger)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in endpoint.Parameters)
        {
            var type = catalog.FindTable(parameter.Table)?.FindColumn(parameter.Column)?.DataType ?? "text";
            values[parameter.Name] = ValueFor(type, Seeded(parameter, ledger), $"{endpoint.Route}|{parameter.Name}");
        }

        return values;
    }

    /// <summary>A value of the PostgreSQL <paramref name="dataType"/> that is none of <paramref name="seeded"/>, derived from <paramref name="salt"/>.</summary>
    public static string ValueFor(string dataType, IEnumerable<string> seeded, string salt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("harness-nonexistent|" + salt));
        switch (dataType)
        {
            case "uuid":
                return new Guid(hash.AsSpan(0, 16)).ToString();
            case "smallint" or "integer" or "bigint" or "numeric":
                var max = seeded.Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
                var limit = dataType switch { "smallint" => short.MaxValue, "integer" => int.MaxValue, _ => long.MaxValue };
                var past = max >= limit - 1_000_000 ? limit : max + 1_000_000;
                return past.ToString(CultureInfo.InvariantCulture);
            default:
                return "harness-nonexistent-" + Convert.ToHexStringLower(hash.AsSpan(0, 6));
        }
    }

    /// <summary>Every tenant's seeded values of the parameter's column, when the ledger holds it (a key column).</summary>
    private static IEnumerable<string> Seeded(PathParameter parameter, SeedLedger ledger)
    {
        foreach (var tenant in ledger.Tenants)
        {
            if (tenant.Table(parameter.Table.Value) is not { } table)
            {
                continue;
            }

            var index = table.KeyColumns.ToList().IndexOf(parameter.Column);
            if (index >= 0)
            {
                foreach (var key in table.Keys)
                {
                    yield return key[index];
                }
            }
        }
    }
}
