using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Model;
using YamlDotNet.RepresentationModel;

namespace Harness.Manifest;

/// <summary>
/// Reads <c>tenancy.context</c>: exactly one of <c>setting</c> (a custom setting holding the bare tenant id),
/// <c>preset</c> (<c>supabase</c>) or <c>steps</c> (a list of <c>role</c>, <c>setting</c> + <c>value</c>, <c>sql</c>), and
/// optionally <c>anonymous</c> (the steps of a caller with no tenant). Every problem names file, line and column.
/// </summary>
internal static partial class TenantContextReader
{
    private static readonly string[] Forms = ["setting", "preset", "steps"];

    public static TenantContextPlan Read(YamlMapping tenancy)
    {
        var context = tenancy.RequiredSection("context", "setting", "preset", "steps", "anonymous");
        var anonymous = context.Find("anonymous") is { } anonymousNode ? Steps(context, "anonymous", anonymousNode, anonymous: true) : null;
        var steps = context.Find("steps") is { } stepsNode ? Steps(context, "steps", stepsNode, anonymous: false) : null;
        var given = Forms.Where(f => context.Find(f) is not null).ToList();
        if (given.Count != 1)
        {
            var at = given.Count > 1 ? KeyNode(context, given[1]) : context.Node;
            throw context.Error(at, "give exactly one of 'tenancy.context.setting' (a custom setting holding the tenant id, e.g. app.tenant_id), "
                + "'tenancy.context.preset' (supabase) or 'tenancy.context.steps' (role / setting / sql steps)");
        }

        TenantContextPlan plan;
        switch (given[0])
        {
            case "setting":
                var setting = context.RequiredString("setting", "app.tenant_id");
                if (!ManifestLoader.SettingName().IsMatch(setting))
                {
                    throw context.Error(context.Find("setting")!, $"'{setting}' is not a custom setting name; use a dotted name such as app.tenant_id");
                }

                plan = TenantContextPlan.ForSetting(setting);
                plan = anonymous is null ? plan : new TenantContextPlan(plan.Steps, anonymous);
                break;
            case "preset":
                var preset = context.RequiredString("preset", "supabase");
                if (!string.Equals(preset, "supabase", StringComparison.Ordinal))
                {
                    throw context.Error(context.Find("preset")!, $"unknown preset '{preset}'; the presets are: {string.Join(", ", TenantContextPlan.Presets)}");
                }

                plan = anonymous is null ? TenantContextPlan.Supabase : new TenantContextPlan(TenantContextPlan.Supabase.Steps, anonymous);
                break;
            default:
                if (!steps!.Any(s => s is SettingStep) && !steps!.OfType<SqlStep>().Any(s => SetConfig().IsMatch(s.Sql)))
                {
                    throw context.Error(context.Find("steps")!, "no step sets a setting, so no setting carries the tenant's identity; "
                        + "add a step such as { setting: app.tenant_id, value: '{tenantId}' }");
                }

                plan = new TenantContextPlan(steps!, anonymous);
                break;
        }

        return plan;
    }

    private static List<ContextStep> Steps(YamlMapping context, string key, YamlNode node, bool anonymous)
    {
        if (node is not YamlSequenceNode sequence || (sequence.Children.Count == 0 && !anonymous))
        {
            throw context.Error(node, $"'tenancy.context.{key}' must be a list of steps, e.g. [ {{ role: authenticated }}, "
                + "{ setting: request.jwt.claims, value: '{\"sub\":\"{userId}\"}' }, { sql: \"select ...\" } ]");
        }

        var steps = new List<ContextStep>();
        var hasRole = false;
        foreach (var item in sequence.Children)
        {
            var step = Step(context, $"tenancy.context.{key}[{steps.Count}]", item, anonymous);
            hasRole |= step is RoleStep;
            if (step.Placeholders.Contains(ContextPlaceholders.Role) && !hasRole)
            {
                throw context.Error(item, "{role} is the role a 'role' step switches to; put a 'role' step before this one");
            }

            steps.Add(step);
        }

        return steps;
    }

    private static ContextStep Step(YamlMapping context, string path, YamlNode node, bool anonymous)
    {
        var step = new YamlMapping(node, context.File, path, "role", "setting", "value", "sql");
        var kinds = new[] { "role", "setting", "sql" }.Where(k => step.Find(k) is not null).ToList();
        if (kinds.Count != 1 || (step.Find("value") is not null && kinds[0] != "setting"))
        {
            throw step.Error(node, $"'{path}' must be exactly one of {{ role: <role> }}, {{ setting: <name>, value: <template> }} or {{ sql: <statement> }}");
        }

        switch (kinds[0])
        {
            case "role":
                var role = step.RequiredString("role", "authenticated");
                if (!RoleName().IsMatch(role))
                {
                    throw step.Error(step.Find("role")!, $"'{role}' is not a role name (letters, digits, _ and $; e.g. authenticated)");
                }

                return new RoleStep(role);
            case "setting":
                var name = step.RequiredString("setting", "request.jwt.claims");
                if (!ManifestLoader.SettingName().IsMatch(name))
                {
                    throw step.Error(step.Find("setting")!, $"'{name}' is not a custom setting name; use a dotted name such as request.jwt.claims");
                }

                var valueNode = step.Find("value");
                var value = valueNode is YamlScalarNode { Value: { } text } ? text
                    : valueNode is null ? "{" + ContextPlaceholders.TenantId + "}"
                    : throw step.Error(valueNode, $"'{path}.value' must be a string, e.g. '{{tenantId}}'");
                CheckPlaceholders(step, valueNode ?? node, value, anonymous);
                if (JsonTemplate.Is(value))
                {
                    CheckJson(step, valueNode!, value);
                }

                return new SettingStep(name, value);
            default:
                var sql = step.RequiredString("sql", "select set_config('app.user_id', '{userId}', true)");
                CheckPlaceholders(step, step.Find("sql")!, sql, anonymous);
                if (SqlTemplate.Problem(sql) is { } problem)
                {
                    throw step.Error(step.Find("sql")!, problem);
                }

                return new SqlStep(sql);
        }
    }

    private static void CheckPlaceholders(YamlMapping step, YamlNode at, string template, bool anonymous)
    {
        foreach (var placeholder in ContextPlaceholders.In(template))
        {
            if (!ContextPlaceholders.All.Contains(placeholder))
            {
                throw step.Error(at, $"unknown placeholder {{{placeholder}}}; the placeholders are {string.Join(", ", ContextPlaceholders.All.Select(p => "{" + p + "}"))}");
            }

            if (anonymous && placeholder is not ContextPlaceholders.Role)
            {
                throw step.Error(at, $"an anonymous step has no tenant or user, so it cannot use {{{placeholder}}}");
            }
        }
    }

    private static void CheckJson(YamlMapping step, YamlNode at, string template)
    {
        try
        {
            using var document = JsonDocument.Parse(JsonTemplate.Fill(template, p => p));
        }
        catch (JsonException e)
        {
            throw step.Error(at, $"the value starts like JSON but is not valid JSON ({e.Message}); quote the whole value in YAML, e.g. '{{\"sub\":\"{{userId}}\"}}'");
        }
    }

    private static YamlNode KeyNode(YamlMapping mapping, string key) =>
        ((YamlMappingNode)mapping.Node).Children.Keys.First(k => ((YamlScalarNode)k).Value == key);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]{0,62}$")]
    private static partial Regex RoleName();

    [GeneratedRegex(@"set_config\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex SetConfig();
}
