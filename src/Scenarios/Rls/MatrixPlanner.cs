using Harness.Findings;
using Harness.Ledger;
using Harness.Model;
using Harness.Probing;
using Harness.Sql;

namespace Harness.Scenarios.Rls;

/// <summary>A tenant table the matrix probes and the operations the app role is granted on it.</summary>
internal sealed record PlannedTable(TableTarget Target, IReadOnlySet<Operation> Granted);

/// <summary>Every probe of one run, in report order, and the checks (groups) they fall into.</summary>
internal sealed record MatrixPlan(IReadOnlyList<Probe> Probes, IReadOnlyList<(string Subject, Rule Rule)> Groups, IReadOnlyList<TenantPair> Pairs);

/// <summary>
/// Builds the probes: for every tenant table x operation x context, one probe per tenant (own), per planned pair
/// (other tenant), per victim (no, unknown and empty context; one whole-table SELECT each); bypass settings under a
/// couple of attackers; and every function the app can call that reads tenant tables, per planned pair.
/// </summary>
internal sealed class MatrixPlanner(
    SeedLedger ledger,
    IReadOnlyList<PlannedTable> tables,
    RowTemplates templates,
    IReadOnlyList<FunctionTarget> functions,
    IReadOnlyList<BypassSwitch> switches,
    IReadOnlyList<TenantPair> pairs,
    ProbeContexts contexts,
    FreshValues fresh)
{
    /// <summary>How many attackers the bypass settings are tried under (the first attackers of the pair plan).</summary>
    public const int BypassAttackers = 2;

    private const string Inserted = "inserted {rows} into {victim}";
    private const string Deleted = "deleted {rows} of {victim}";

    private readonly List<Probe> probes = [];
    private readonly Dictionary<(TableName, int), Probe> ownSelects = [];
    private readonly List<(string Subject, Rule Rule)> groups = [];
    private readonly HashSet<string> groupNames = new(StringComparer.Ordinal);

    public MatrixPlan Build()
    {
        var tenants = ledger.Tenants;
        foreach (var table in tables)
        {
            foreach (var operation in MatrixNames.Operations.Where(table.Granted.Contains))
            {
                foreach (var context in contexts.Kinds)
                {
                    Plan(table.Target, operation, context, tenants);
                }
            }
        }

        var attackers = pairs.Select(p => tenants[p.Attacker]).Where(t => contexts.Of(t) is not null).Distinct().Take(BypassAttackers).ToList();
        foreach (var table in tables.Where(t => t.Granted.Contains(Operation.Select)))
        {
            foreach (var bypass in switches)
            {
                foreach (var value in bypass.Values)
                {
                    foreach (var attacker in attackers)
                    {
                        PlanBypass(table.Target, bypass.Setting, value, attacker);
                    }
                }
            }
        }

        foreach (var function in functions)
        {
            PlanFunction(function, tenants);
        }

        return new MatrixPlan(probes, groups, pairs);
    }

    private void Plan(TableTarget table, Operation operation, TenantContext context, IReadOnlyList<SeededTenant> tenants)
    {
        var subject = MatrixNames.Subject(table.Name.Value, operation, context);
        var rule = MatrixNames.RuleFor(operation, context);
        var name = table.Name.Value;
        var by = table.KeyedByTenant ? $"by {table.TenantColumn.Name}" : "by primary key";
        if (context == TenantContext.Own)
        {
            foreach (var tenant in tenants)
            {
                var keys = table.KeysOf(tenant);
                if (contexts.Of(tenant) is not { } own)
                {
                    continue;
                }

                switch (operation)
                {
                    case Operation.Select:
                        ownSelects[(table.Name, tenant.Index)] = Add(new Probe
                        {
                            Subject = subject, Rule = rule, Expect = Expectation.ExactlyOwnRows, Context = context, Target = name,
                            What = $"SELECT of every visible {name} row", Attacker = tenant, Setup = own.Setup, Who = own.Who,
                            Sql = table.SelectAll, Parameters = table.KeyParameters(keys), ReturnsRows = true,
                            OwnRows = table.SeededRowsOf(tenant), LeakSubject = MatrixNames.Subject(name, operation, TenantContext.OtherTenant),
                        });
                        break;
                    case Operation.Insert when templates.For(table.Name, tenant.TenantId) is { } template:
                        Add(Write(subject, rule, context, name, tenant, tenant, Expectation.Allowed,
                            $"INSERT of a new {name} row of tenant {tenant.Index} (a copy of one of its rows with fresh keys)",
                            table.Insert, [table.InsertPayload(template, fresh, contexts.UserOf(tenant))]));
                        break;
                    case Operation.Update when keys.Count > 0:
                        Add(Write(subject, rule, context, name, tenant, tenant, Expectation.Allowed,
                            $"UPDATE of one of tenant {tenant.Index}'s own {name} rows (SET {table.UpdateColumn} = {table.UpdateColumn})",
                            table.UpdateByKeys, table.KeyParameters(keys.Take(1))));
                        break;
                    case Operation.Delete when keys.Count > 0:
                        Add(Write(subject, rule, context, name, tenant, tenant, Expectation.Allowed,
                            $"DELETE of one of tenant {tenant.Index}'s own {name} rows", table.DeleteByKeys, table.KeyParameters(keys.Take(1))));
                        break;
                }
            }

            return;
        }

        if (context == TenantContext.OtherTenant)
        {
            foreach (var pair in pairs)
            {
                var attacker = tenants[pair.Attacker];
                var victim = tenants[pair.Victim];
                var keys = table.KeysOf(victim);
                if (contexts.Of(attacker) is not { } own)
                {
                    continue;
                }

                switch (operation)
                {
                    case Operation.Select when keys.Count > 0:
                        Add(new Probe
                        {
                            Subject = subject, Rule = rule, Expect = Expectation.NoRows, Context = context, Target = name,
                            What = $"SELECT of tenant {victim.Index}'s {name} rows {by}", Attacker = attacker, Victim = victim,
                            Setup = own.Setup, Who = own.Who, Sql = table.SelectByKeys, Parameters = table.KeyParameters(keys), ReturnsRows = true,
                        });
                        break;
                    case Operation.Insert when templates.For(table.Name, victim.TenantId) is { } template:
                        Add(Write(subject, rule, context, name, attacker, victim, Expectation.Denied,
                            $"INSERT of a {name} row carrying tenant {victim.Index}'s {table.TenantColumn.Name}",
                            table.Insert, [table.InsertPayload(template, fresh, contexts.UserOf(attacker))]) with { Effect = Inserted });
                        break;
                    case Operation.Update:
                        if (keys.Count > 0)
                        {
                            Add(Write(subject, rule, context, name, attacker, victim, Expectation.Denied,
                                $"UPDATE of tenant {victim.Index}'s {name} rows {by}", table.UpdateByKeys, table.KeyParameters(keys)));
                        }

                        if (table.SeededRowsOf(attacker) > 0)
                        {
                            Add(Write(subject, rule, context, name, attacker, victim, Expectation.Denied,
                                $"UPDATE moving tenant {attacker.Index}'s own {name} rows to tenant {victim.Index} (SET {table.TenantColumn.Name} = '{victim.TenantId}' without WHERE)",
                                table.MoveAll, [victim.TenantId]) with { Effect = "moved {rows} into {victim}" });
                        }

                        break;
                    case Operation.Delete when keys.Count > 0:
                        Add(Write(subject, rule, context, name, attacker, victim, Expectation.Denied,
                            $"DELETE of tenant {victim.Index}'s {name} rows {by}", table.DeleteByKeys, table.KeyParameters(keys)) with { Effect = Deleted });
                        break;
                }
            }

            return;
        }

        var setting = contexts.For(context);
        if (operation == Operation.Select)
        {
            Add(new Probe
            {
                Subject = subject, Rule = rule, Expect = Expectation.NoRows, Context = context, Target = name,
                What = $"SELECT of every visible {name} row", Setup = setting.Setup, Who = setting.Who,
                Sql = table.SelectAll, Parameters = table.KeyParameters([]), ReturnsRows = true,
            });
            return;
        }

        foreach (var victim in tenants)
        {
            var keys = table.KeysOf(victim);
            var probe = operation switch
            {
                Operation.Insert when templates.For(table.Name, victim.TenantId) is { } template =>
                    Write(subject, rule, context, name, null, victim, Expectation.Denied,
                        $"INSERT of a {name} row carrying tenant {victim.Index}'s {table.TenantColumn.Name}", table.Insert, [table.InsertPayload(template, fresh)])
                        with { Effect = Inserted },
                Operation.Update when keys.Count > 0 =>
                    Write(subject, rule, context, name, null, victim, Expectation.Denied,
                        $"UPDATE of tenant {victim.Index}'s {name} rows {by}", table.UpdateByKeys, table.KeyParameters(keys)),
                Operation.Delete when keys.Count > 0 =>
                    Write(subject, rule, context, name, null, victim, Expectation.Denied,
                        $"DELETE of tenant {victim.Index}'s {name} rows {by}", table.DeleteByKeys, table.KeyParameters(keys)) with { Effect = Deleted },
                _ => null,
            };
            if (probe is not null)
            {
                Add(probe with { Setup = setting.Setup, Who = setting.Who });
            }
        }
    }

    private Probe PlanBypass(TableTarget table, string setting, string value, SeededTenant attacker) =>
        Add(new Probe
        {
            Subject = MatrixNames.BypassSubject(table.Name.Value, setting), Rule = RlsRules.BypassSetting, Expect = Expectation.OnlyAttackerRows,
            Context = TenantContext.Own, Target = table.Name.Value, What = $"SELECT of every visible {table.Name} row", Attacker = attacker,
            Setup = contexts.Of(attacker)!.Setup, Who = contexts.Of(attacker)!.Who, Settings = [new(setting, value)], Sql = table.SelectAll, Parameters = table.KeyParameters([]),
            ReturnsRows = true, Note = $"bypass setting {setting} = '{value}'", Baseline = ownSelects.GetValueOrDefault((table.Name, attacker.Index)),
        });

    private void PlanFunction(FunctionTarget function, IReadOnlyList<SeededTenant> tenants)
    {
        var subject = MatrixNames.FunctionSubject(function.Signature);
        if (function.ArgumentTypes.Count == 0)
        {
            foreach (var attacker in tenants.Where(t => contexts.Of(t) is not null))
            {
                Add(Call(subject, function, attacker, null, []));
            }

            return;
        }

        foreach (var pair in pairs.Where(p => contexts.Of(tenants[p.Attacker]) is not null))
        {
            var victim = tenants[pair.Victim];
            foreach (var arguments in function.ArgumentSets(victim))
            {
                Add(Call(subject, function, tenants[pair.Attacker], victim, arguments));
            }
        }
    }

    private Probe Call(string subject, FunctionTarget function, SeededTenant attacker, SeededTenant? victim, string[] arguments)
    {
        var shown = string.Join(", ", arguments.Select(a => SqlLiteral.Quote(a.Length > 60 ? a[..60] + "..." : a)));
        return new Probe
        {
            Subject = subject, Rule = RlsRules.FunctionLeak, Expect = Expectation.NoForeignData, Context = TenantContext.OtherTenant,
            Target = function.Signature,
            What = victim is null ? $"{function.Function.Name}() called" : $"{function.Function.Name}({shown}) called with tenant {victim.Index}'s values",
            Attacker = attacker, Victim = victim, Setup = contexts.Of(attacker)!.Setup, Who = contexts.Of(attacker)!.Who, Sql = function.Sql, Parameters = arguments, ReturnsRows = true,
        };
    }

    private Probe Write(
        string subject, Rule rule, TenantContext context, string table, SeededTenant? attacker, SeededTenant victim, Expectation expect,
        string what, string sql, object[] parameters) =>
        new()
        {
            Subject = subject, Rule = rule, Expect = expect, Context = context, Target = table, What = what,
            Attacker = attacker, Victim = victim, Setup = attacker is null ? [] : contexts.Of(attacker)!.Setup,
            Who = attacker is null ? null : contexts.Of(attacker)!.Who,
            Sql = sql, Parameters = parameters,
        };

    private Probe Add(Probe probe)
    {
        if (groupNames.Add(probe.Subject))
        {
            groups.Add((probe.Subject, probe.Rule));
        }

        probes.Add(probe);
        return probe;
    }
}
