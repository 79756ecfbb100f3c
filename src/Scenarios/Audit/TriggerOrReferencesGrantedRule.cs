using Harness.Catalog;
using Harness.Findings;

namespace Harness.Scenarios.Audit;

/// <summary>
/// AUD016: TRIGGER lets the app attach a trigger that sees every tenant's new rows; REFERENCES lets it point a foreign
/// key at the table, and foreign-key checks ignore row-level security, so another tenant's keys become observable.
/// </summary>
internal sealed class TriggerOrReferencesGrantedRule : PrivilegeGrantedRule
{
    public override Rule Rule { get; } = new(
        "AUD016",
        "TRIGGER or REFERENCES on a tenant table granted to the app role",
        Severity.Medium,
        "Revoke the privileges from every grantee the app role is or inherits from: "
        + "REVOKE TRIGGER, REFERENCES ON <table> FROM PUBLIC, <app_role>, <role_the_app_role_is_a_member_of>;");

    protected override IReadOnlyCollection<string> Privileges { get; } = ["TRIGGER", "REFERENCES"];

    protected override string Consequence(TableInfo table, IReadOnlyCollection<string> privileges)
    {
        var trigger = $"with TRIGGER the app can attach a trigger to {table.Name} that runs on every tenant's writes and sees their rows";
        var references = $"with REFERENCES the app can create a foreign key to {table.Name}, whose checks ignore row-level security, "
            + "so whether another tenant's key exists becomes observable";
        return privileges.Contains("TRIGGER")
            ? privileges.Contains("REFERENCES") ? $"{trigger}; {references}." : $"{trigger}."
            : $"{references}.";
    }
}
