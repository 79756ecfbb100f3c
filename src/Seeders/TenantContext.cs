using System.Text.RegularExpressions;
using Harness.Catalog;
using Npgsql;

namespace Harness.Seeders;

/// <summary>
/// Prepares a loading connection for one tenant, so triggers that read the caller's identity work while seeding:
/// today the tenancy context setting, set for the session to the tenant's id and reset after. The one seam a
/// richer context (roles, claims, steps) plugs into.
/// </summary>
internal sealed class TenantContext(string setting)
{
    /// <summary>Sets the context for <paramref name="tenant"/> on <paramref name="connection"/> (session level).</summary>
    public void Prepare(NpgsqlConnection connection, TenantRows tenant)
    {
        using var command = new NpgsqlCommand("SELECT set_config(@name, @value, false)", connection);
        command.Parameters.AddWithValue("name", setting);
        command.Parameters.AddWithValue("value", TenantRows.Text(tenant.Id));
        command.ExecuteNonQuery();
    }

    /// <summary>Clears what <see cref="Prepare"/> set.</summary>
    public void Reset(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT set_config(@name, '', false)", connection);
        command.Parameters.AddWithValue("name", setting);
        command.ExecuteNonQuery();
    }

    /// <summary>Whether a trigger of <paramref name="table"/> runs a function that reads <paramref name="setting"/> with current_setting.</summary>
    public static bool IsReadByTriggers(TableInfo table, string setting) =>
        !string.IsNullOrEmpty(setting) && table.Triggers.Any(t => Regex.IsMatch(
            t.FunctionSource, $@"current_setting\s*\(\s*'{Regex.Escape(setting)}'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
}
