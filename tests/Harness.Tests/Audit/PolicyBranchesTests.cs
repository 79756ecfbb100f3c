using FluentAssertions;
using Harness.Scenarios.Audit;
using Xunit;

namespace Harness.Tests.Audit;

/// <summary>Whether a setting widens a policy, on expressions as pg_get_expr prints them.</summary>
public sealed class PolicyBranchesTests
{
    private const string Tenant = "(company_id = (NULLIF(current_setting('app.company_id'::text, true), ''::text))::uuid)";
    private const string Bypass = "(current_setting('app.bypass_rls'::text, true) = 'on'::text)";

    [Theory]
    [InlineData($"({Tenant} OR {Bypass})", true)]
    [InlineData($"({Bypass} OR {Tenant})", true)]
    [InlineData($"({Tenant} AND ({Bypass} OR (owner_id = 7)))", false)]
    [InlineData($"({Tenant} AND {Bypass})", false)]
    [InlineData($"(((deleted_at IS NULL) AND {Tenant}) OR ((deleted_at IS NULL) AND {Bypass}))", true)]
    [InlineData($"((is_public) OR {Bypass})", false)]
    [InlineData($"({Bypass} OR (company_id = 'x OR y app.company_id'::text))", true)]
    [InlineData($"(CASE WHEN (kind = 'a'::text) OR (kind = 'b'::text) THEN {Tenant} ELSE {Tenant} END OR {Bypass})", true)]
    [InlineData($"({Bypass} OR (company_id = \"x OR app.company_id\"))", true)]
    public void A_setting_widens_only_when_it_lifts_the_tenant_pin(string expression, bool widens)
    {
        PolicyBranches.Widens(expression, ReadsBypass, PinsTenant).Should().Be(widens);
    }

    private static bool ReadsBypass(string leaf) => leaf.Contains("current_setting('app.bypass_rls'", StringComparison.Ordinal);

    private static bool PinsTenant(string leaf) => leaf.Contains("company_id =", StringComparison.Ordinal) && leaf.Contains("app.company_id", StringComparison.Ordinal);
}
