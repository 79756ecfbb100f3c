using System.CommandLine;
using Harness.Drills.Move;
using Harness.Errors;
using Harness.Runner;

namespace Harness.Cli.Commands;

/// <summary>
/// The tenancy options verify-move and verify-delete share: <c>--manifest</c>, or <c>--tenant-key</c> with <c>--root</c>
/// (and <c>--root-key</c>, <c>--global</c>).
/// </summary>
internal sealed class TenancyFlags
{
    public Option<string?> Manifest { get; } = new("--manifest", "-m") { Description = "A manifest to take the tenancy from (tenant key, root, global tables)." };

    public Option<string?> TenantKey { get; } = new("--tenant-key") { Description = "Tenant key column, when no manifest is given (e.g. company_id)." };

    public Option<string?> Root { get; } = new("--root") { Description = "The table whose rows are the tenants, when no manifest is given (e.g. companies)." };

    public Option<string> RootKey { get; } = new("--root-key") { Description = "The root table's key column.", DefaultValueFactory = _ => "id" };

    public Option<string[]> Global { get; } = new("--global") { Description = "Tables shared by every tenant, when no manifest is given.", AllowMultipleArgumentsPerToken = true };

    public IEnumerable<Option> All => [Manifest, TenantKey, Root, RootKey, Global];

    public async Task<MoveTenancy> ReadAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var manifest = result.GetValue(Manifest);
        var key = result.GetValue(TenantKey);
        var root = result.GetValue(Root);
        if (manifest is not null && (key is not null || root is not null))
        {
            throw new UsageException("give the tenancy either with --manifest or with --tenant-key and --root, not both") { Option = "--manifest" };
        }

        if (manifest is not null)
        {
            var tenancy = (await ScenarioRegistry.Default.LoadManifestAsync(manifest, cancellationToken)).Tenancy;
            return new MoveTenancy(tenancy.Key, tenancy.Root, tenancy.RootKey) { Global = tenancy.Global.ToHashSet(StringComparer.Ordinal) };
        }

        if (key is null || root is null)
        {
            throw new UsageException("say where a tenant's rows are: --manifest, or --tenant-key with --root (e.g. --tenant-key company_id --root companies)")
            {
                Option = key is null ? "--tenant-key" : "--root",
            };
        }

        return new MoveTenancy(key, root, result.GetValue(RootKey)!) { Global = (result.GetValue(Global) ?? []).ToHashSet(StringComparer.Ordinal) };
    }
}
