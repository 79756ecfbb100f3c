using System.Diagnostics;
using System.Globalization;
using Harness.Catalog;
using Harness.Findings;
using Harness.Ledger;
using Harness.Model;
using Harness.Probing;
using Harness.Running;
using Npgsql;

namespace Harness.Scenarios.Rls;

/// <summary>
/// The RLS allow/deny matrix: as the app role, for every tenant table x SELECT/INSERT/UPDATE/DELETE x tenant context
/// (own, other tenant, none, unknown tenant, empty string), the own tenant is allowed and sees only its rows, and every
/// other context is denied or sees and touches nothing (fail closed). Settings that might bypass isolation are set in a
/// tenant's transaction, and functions the app can call are called with another tenant's values. Every probe runs in a
/// transaction that is rolled back; ids come from the seed ledger. One check per (table, operation, context) group.
/// </summary>
public sealed class RlsMatrix : IScenario
{
    public const string ScenarioId = "rls";

    /// <summary>Connections probing in parallel (each a transaction at a time).</summary>
    public const int MaxConnections = 4;

    public string Id => ScenarioId;

    public IReadOnlyList<Rule> Rules => RlsRules.All;

    /// <summary>Seeded tenants and the app role's connection; its writes are rolled back, so it may share a worker.</summary>
    public ScenarioNeeds Needs => ScenarioNeeds.SeedLedger | ScenarioNeeds.AppConnection;

    public async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stopwatch = Stopwatch.StartNew();
        var model = context.Model;
        var appConnection = context.AppConnectionString ?? throw new RlsMatrixException(
            $"The RLS matrix needs the app role's connection (database.appRole and database.appPassword in the manifest) to probe as {model.AppRole}.");
        var ledger = context.Ledger ?? throw new RlsMatrixException(
            "The RLS matrix needs seeded tenants and their ledger; run it with `harness run`, which seeds before probing.");
        if (ledger.Tenants.Count < 2)
        {
            throw new RlsMatrixException($"The RLS matrix needs at least 2 seeded tenants to probe one against another; the ledger has {ledger.Tenants.Count}.");
        }

        var builder = new NpgsqlConnectionStringBuilder(appConnection)
        {
            MaxAutoPrepare = 256,
            AutoPrepareMinUsages = 2,
            ApplicationName = "harness-rls",
            CommandTimeout = 60,
            Pooling = true,
        };
        var connectionCount = Math.Clamp(Environment.ProcessorCount, 2, MaxConnections);
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, connectionCount);
        await using var dataSource = NpgsqlDataSource.Create(builder);
        var connections = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < connectionCount; i++)
            {
                connections.Add(await dataSource.OpenConnectionAsync(cancellationToken));
            }

            // Before anything sets the tenant context on these connections (see ProbeRunner).
            await AppRoleGuard.CheckAsync(connections[0], model, cancellationToken);
            var tables = await PlanTablesAsync(connections[0], context, ledger, cancellationToken);
            var templates = await RowTemplates.ReadAsync(context.AdminConnectionString, tables.Select(t => t.Target), cancellationToken);
            var uncopied = tables.Where(t => t.Granted.Contains(Operation.Insert) && ledger.Tenants.Any(x => t.Target.SeededRowsOf(x) > 0 && templates.For(t.Target.Name, x.TenantId) is null)).ToList();
            if (uncopied.Count > 0)
            {
                context.Progress?.Report(
                    $"rls: the admin connection sees no row to copy for some tenants' INSERT probes in {string.Join(", ", uncopied.Select(t => t.Target.Name))}; those probes are skipped");
            }

            var functions = Functions(context);
            var switches = BypassSwitches.For(context.Catalog, model, tables.Select(t => t.Target.Name));
            var pairs = PairPlan.For(ledger.Tenants.Count, ledger.Seed);
            var fresh = new FreshValues(ledger.Seed, "rls-probe");
            var contexts = await ContextsAsync(context, ledger, fresh, cancellationToken);
            var plan = new MatrixPlanner(ledger, tables, templates, functions, switches, pairs, contexts, fresh).Build();
            context.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"rls: {PairPlan.Describe(ledger.Tenants.Count, pairs.Count)}; {tables.Count} tables, {functions.Count} function(s), "
                + $"{switches.Count} bypass settings; {plan.Probes.Count} probes on {connections.Count} connections as {model.AppRole}"));
            context.Progress?.Report($"rls: {contexts.Describe()}");

            var outcomes = await ProbeRunner.RunAsync(connections, plan.Probes, model.ContextSetting, context.Progress, cancellationToken);
            ContextControl.ThrowIfBroken(plan, outcomes, model);
            var checks = Judge(plan, outcomes, new ProbeJudge(ledger, model.ContextSetting, model.AppRole, context.Schema), ContextControl.FailedTables(plan, outcomes));
            return new ScenarioResult(ScenarioId, checks, stopwatch.Elapsed);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static List<CheckResult> Judge(MatrixPlan plan, ProbeOutcome[] outcomes, ProbeJudge judge, IReadOnlyDictionary<string, string> failedControls)
    {
        var uncovered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var probe in plan.Probes.Where(p => p.Context == TenantContext.OtherTenant && p.Rule != RlsRules.FunctionLeak))
        {
            if (failedControls.TryGetValue(probe.Target, out var reason))
            {
                uncovered.TryAdd(probe.Subject, reason);
            }
        }

        var order = plan.Groups.Select(g => g.Subject).ToList();
        var rules = plan.Groups.ToDictionary(g => g.Subject, g => g.Rule, StringComparer.Ordinal);
        var findings = order.ToDictionary(s => s, _ => new List<Finding>(), StringComparer.Ordinal);
        var probes = order.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        var outcomeOf = new Dictionary<Probe, ProbeOutcome>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < plan.Probes.Count; i++)
        {
            outcomeOf[plan.Probes[i]] = outcomes[i];
        }

        for (var i = 0; i < plan.Probes.Count; i++)
        {
            var probe = plan.Probes[i];
            probes[probe.Subject]++;
            var baseline = probe.Baseline is { } b ? outcomeOf.GetValueOrDefault(b) : null;
            foreach (var finding in judge.Judge(probe, outcomes[i], baseline))
            {
                if (!findings.TryGetValue(finding.Subject, out var list))
                {
                    // Rows leaked into an own-context SELECT of a table whose other-tenant group has no probe of its own.
                    findings[finding.Subject] = list = [];
                    probes[finding.Subject] = 0;
                    rules[finding.Subject] = finding.Rule;
                    order.Add(finding.Subject);
                }

                list.Add(finding);
            }
        }

        return [.. order.Select(subject => new CheckResult(rules[subject], subject, findings[subject], probes[subject])
        {
            NotCovered = findings[subject].Count == 0 ? uncovered.GetValueOrDefault(subject) : null,
        })];
    }

    private static async Task<List<PlannedTable>> PlanTablesAsync(
        NpgsqlConnection connection, ScenarioContext context, SeedLedger ledger, CancellationToken cancellationToken)
    {
        var model = context.Model;
        var tables = model.TenantTables
            .Where(t => !model.GlobalTables.Contains(t))
            .Select(context.Catalog.FindTable)
            .OfType<Catalog.TableInfo>()
            .ToList();
        await using var command = new NpgsqlCommand(
            """
            SELECT has_schema_privilege($3::name, $1, 'USAGE'),
                   has_table_privilege($3::name, format('%I.%I', $1, t), 'SELECT'), has_table_privilege($3::name, format('%I.%I', $1, t), 'INSERT'),
                   has_table_privilege($3::name, format('%I.%I', $1, t), 'UPDATE'), has_table_privilege($3::name, format('%I.%I', $1, t), 'DELETE')
            FROM unnest($2::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = context.Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = tables.Select(t => t.Name.Value).ToArray() });

        // Grants that count are those of the role statements run as: the one the tenant context switches to, if any.
        var role = model.StatementRole;
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        var planned = new List<PlannedTable>();
        var skipped = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var index = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = tables[index++];
            if (!reader.GetBoolean(0))
            {
                throw new RlsMatrixException($"The app role {role} has no USAGE on schema {context.Schema}: it can reach no table, so the matrix would prove nothing.")
                {
                    AppRole = role,
                };
            }

            var granted = new HashSet<Operation>();
            if (reader.GetBoolean(1))
            {
                granted.Add(Operation.Select);

                // UPDATE and DELETE probes target rows by key, which needs SELECT on the key columns.
                if (reader.GetBoolean(3))
                {
                    granted.Add(Operation.Update);
                }

                if (reader.GetBoolean(4))
                {
                    granted.Add(Operation.Delete);
                }
            }

            if (reader.GetBoolean(2))
            {
                granted.Add(Operation.Insert);
            }

            var missing = MatrixNames.Operations.Where(o => !granted.Contains(o)).Select(MatrixNames.Of).ToList();
            if (missing.Count > 0)
            {
                skipped.Add($"{table.Name} {string.Join("/", missing)}");
            }

            if (granted.Count > 0)
            {
                planned.Add(new PlannedTable(new TableTarget(table, model, ledger) { UserColumns = ActingUser.ColumnsOf(table, model, context.Catalog) }, granted));
            }
        }

        if (skipped.Count > 0)
        {
            context.Progress?.Report($"rls: not probed, the app role ({role}) has no grant for: {string.Join(", ", skipped)}");
        }

        return planned;
    }

    private static List<FunctionTarget> Functions(ScenarioContext context)
    {
        var reach = new FunctionReach(context.Catalog);
        var model = context.Model;
        bool ReadsTenantData(FunctionInfo f) =>
            reach.TablesReadBy(f).Any(t => model.TenantTables.Contains(t) && !model.GlobalTables.Contains(t));
        var targets = new List<FunctionTarget>();
        foreach (var function in context.Catalog.Functions.Where(f => f.AppRoleCanExecute && ReadsTenantData(f)))
        {
            if (FunctionTarget.For(function) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                context.Progress?.Report($"rls: not probed, {function.Signature} takes an argument type the matrix cannot aim at a tenant");
            }
        }

        return targets;
    }

    /// <summary>
    /// The contexts to probe in. When the tenant context acts as a user, the seeded members' user ids are read from the
    /// membership table (probes act as a tenant's first member), and the unknown tenant is a user id no member has.
    /// </summary>
    private static async Task<ProbeContexts> ContextsAsync(ScenarioContext context, SeedLedger ledger, FreshValues fresh, CancellationToken cancellationToken)
    {
        var model = context.Model;
        var unknownTenant = Unknown(context.Catalog.FindTable(model.Root)?.FindColumn(model.RootKey)?.TypeName ?? "uuid", ledger.Tenants.Select(t => t.TenantId), ledger.Seed, fresh);
        if (!model.Context.UsesUserId)
        {
            return new ProbeContexts(model, TenantMembers.None, new ContextIdentity(unknownTenant));
        }

        var members = await TenantMembers.ReadAsync(context.AdminConnectionString, model, cancellationToken);
        var withMembers = ledger.Tenants.Count(t => members.First(t.TenantId) is not null);
        if (withMembers < 2)
        {
            throw new RlsMatrixException(
                $"The tenant context acts as a user ({{userId}}), but only {withMembers} seeded tenant(s) have a member in {model.Membership}.{model.MembershipUser}; "
                + "the matrix needs members of at least 2 tenants. Check tenancy.membership (its table and user column) in the manifest.");
        }

        var userType = model.Membership is { } table && model.MembershipUser is { } user
            ? context.Catalog.FindTable(table)?.FindColumn(user)?.TypeName ?? "uuid"
            : "uuid";
        var unknownUser = Unknown(userType, members.All, ledger.Seed, fresh);
        return new ProbeContexts(model, members, new ContextIdentity(unknownTenant, unknownUser));
    }

    /// <summary>A value of <paramref name="type"/> that none of <paramref name="taken"/> is: fixed by the seed.</summary>
    private static string Unknown(string type, IEnumerable<string> taken, int seed, FreshValues fresh)
    {
        var ids = taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
        switch (type)
        {
            case "uuid":
                string id;
                do
                {
                    id = fresh.NextGuid().ToString("D", CultureInfo.InvariantCulture);
                }
                while (ids.Contains(id));
                return id;
            case "int2" or "int4" or "int8" or "numeric":
                var max = ids.Select(i => long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
                var candidate = type == "int2" ? 32_000L : max + 1_000_003;
                while (ids.Contains(candidate.ToString(CultureInfo.InvariantCulture)))
                {
                    candidate--;
                }

                return candidate.ToString(CultureInfo.InvariantCulture);
            default:
                return $"no-such-tenant-{seed}";
        }
    }
}
