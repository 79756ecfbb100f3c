using System.Globalization;
using System.Text;
using Harness.Targets;
using Harness.Targets.Credentials;
using Npgsql;

namespace Harness.Bench;

/// <summary>
/// The read probes of <c>GET /sites/{siteId}</c> for every ordered pair, as a wrk Lua script: tenant A's user asks for
/// <c>idsPerPair</c> of tenant B's sites (from A's index on among B's, as the IDOR planner rotates them), with A's bearer token. wrk
/// then sends the same requests the harness's read probes send, so the two rates compare like with like.
/// </summary>
internal static class ReadReplay
{
    public static async Task<(string Script, int Requests, string Sample)> WriteAsync(
        TargetDatabase database, IRunningTarget running, ICredentialStrategy credentials, int idsPerPair, CancellationToken cancellationToken)
    {
        var users = new List<(string Tenant, string User)>();
        var sites = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(database.AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = new NpgsqlCommand("SELECT DISTINCT ON (company_id) company_id::text, id::text FROM users ORDER BY company_id, id", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    users.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            await using (var command = new NpgsqlCommand("SELECT company_id::text, id::text FROM sites ORDER BY company_id, id", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    (sites.TryGetValue(reader.GetString(0), out var list) ? list : sites[reader.GetString(0)] = []).Add(reader.GetString(1));
                }
            }
        }

        var tokens = new List<string>();
        for (var i = 0; i < users.Count; i++)
        {
            var credential = await credentials.IssueAsync(new TenantPrincipal(i, users[i].Tenant, users[i].User, "bench"), running.Client, cancellationToken);
            tokens.Add($"{(credential.Scheme.Length == 0 ? "" : credential.Scheme + " ")}{credential.Token}");
        }

        var lua = new StringBuilder("local tokens = {\n");
        foreach (var token in tokens)
        {
            lua.Append(CultureInfo.InvariantCulture, $"  \"{token}\",\n");
        }

        lua.Append("}\nlocal requests = {\n");
        var count = 0;
        for (var attacker = 0; attacker < users.Count; attacker++)
        {
            for (var victim = 0; victim < users.Count; victim++)
            {
                if (attacker == victim || !sites.TryGetValue(users[victim].Tenant, out var victimSites))
                {
                    continue;
                }

                for (var i = 0; i < Math.Min(idsPerPair, victimSites.Count); i++)
                {
                    lua.Append(CultureInfo.InvariantCulture, $"  {{ {attacker + 1}, \"/sites/{victimSites[(attacker + i) % victimSites.Count]}\" }},\n");
                    count++;
                }
            }
        }

        lua.Append("""
            }
            local n = #requests
            local i = 0
            request = function()
              i = i % n + 1
              local r = requests[i]
              return wrk.format("GET", r[2], { ["Authorization"] = tokens[r[1]] })
            end
            """);
        var script = Path.Combine(Path.GetTempPath(), $"harness-bench-reads-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, lua.ToString(), cancellationToken);
        return (script, count, $"GET /sites/{{B's site}} as A's user, {count} requests ({idsPerPair} sites x every ordered pair of {users.Count} tenants), cycled");
    }
}
