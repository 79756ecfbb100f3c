using System.CommandLine;
using Harness.Errors;
using Harness.Manifest;
using Harness.Runner;
using Harness.Targets;
using Harness.Targets.Credentials;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness token --manifest harness.yaml --tenant &lt;id&gt; [--user &lt;id&gt;]</c>: prints a credential of a seeded user
/// made by the manifest's credential strategy, for the curl reproductions' <c>$TOKEN_A</c>
/// (<c>export TOKEN_A=$(harness token ...)</c>). Only the token goes to standard output; notes go to standard error.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest", "-m")
        {
            Description = "The tenancy manifest (harness.yaml) whose credentials section says how tokens are made.",
            DefaultValueFactory = _ => "harness.yaml",
        };
        var tenant = new Option<string>("--tenant") { Description = "The tenant's id (as the reports and the seed ledger name it).", Required = true };
        var user = new Option<string?>("--user") { Description = "The user's id in the membership table (default: the tenant id, for targets without one)." };
        var command = new Command("token", "Print a credential of a seeded user, made by the manifest's credential strategy (for curl reproductions).")
        {
            manifest, tenant, user,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var loaded = await ScenarioRegistry.Default.LoadManifestAsync(result.GetValue(manifest)!, cancellationToken);
            var strategy = await TargetSetup.CredentialsForAsync(loaded, cancellationToken: cancellationToken)
                ?? throw new UsageException(
                    $"{loaded.SourcePath} has no 'credentials' section, so it does not say how the app's tokens are made; add one, e.g. credentials: {{ jwt: {{ signingKey, claims }} }}")
                {
                    Option = "--manifest",
                };
            var tenantId = result.GetValue(tenant)!;
            var userId = result.GetValue(user) ?? tenantId;
            // The index and display name of a tenant are the run's; a claim template that names them gets the id instead.
            var principal = new TenantPrincipal(0, tenantId, userId, tenantId);
            if (loaded.Credentials?.Jwt?.Claims.Values.Any(v => v.Contains("{tenantIndex}", StringComparison.Ordinal) || v.Contains("{tenantName}", StringComparison.Ordinal)) == true)
            {
                await Console.Error.WriteLineAsync("warning: the claims name {tenantIndex} or {tenantName}, which only a run knows; this token carries 0 and the tenant id for them");
            }

            var credential = await OfflineCredentials.IssueAsync(strategy, principal, cancellationToken);
            await Console.Error.WriteLineAsync($"{strategy.Description}: user {userId} of tenant {tenantId}; send it as {credential.CurlArgument("TOKEN_A")}");
            Console.WriteLine(credential.Token);
            return ExitCodes.Clean;
        }, cancellationToken));
        return command;
    }
}
