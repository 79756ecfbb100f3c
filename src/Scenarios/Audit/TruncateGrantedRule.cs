using Harness.Catalog;
using Harness.Findings;

namespace Harness.Scenarios.Audit;

/// <summary>AUD015: TRUNCATE is not subject to row-level security, so an app role that may truncate a tenant table can empty every tenant's rows.</summary>
internal sealed class TruncateGrantedRule : PrivilegeGrantedRule
{
    public override Rule Rule { get; } = new(
        "AUD015",
        "TRUNCATE on a tenant table granted to the app role",
        Severity.High,
        "Revoke TRUNCATE from every grantee the app role is or inherits from, and grant only what the app needs: "
        + "REVOKE TRUNCATE ON <table> FROM PUBLIC, <app_role>, <role_the_app_role_is_a_member_of>; GRANT SELECT, INSERT, UPDATE, DELETE ON <table> TO <app_role>;");

    protected override IReadOnlyCollection<string> Privileges { get; } = ["TRUNCATE"];

    protected override string Consequence(TableInfo table, IReadOnlyCollection<string> privileges) =>
        $"TRUNCATE ignores row-level security, so the app can delete every tenant's {table.Name} rows in one statement.";
}
