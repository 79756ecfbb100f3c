namespace Harness.Scenarios.Audit;

/// <summary>Every catalog audit rule, in id order.</summary>
public static class AuditRules
{
    public static IReadOnlyList<IAuditRule> All { get; } =
    [
        new RlsNotEnabledRule(),
        new RlsNotForcedRule(),
        new AppRoleOwnsTenantTableRule(),
        new NoPolicyRule(),
        new WeakWithCheckRule(),
        new UsingIgnoresTenantRule(),
        new SecurityDefinerFunctionRule(),
        new ViewWithoutInvokerRule(),
        new AppRoleBypassesRlsRule(),
        new MissingTenantColumnRule(),
        new NullableTenantKeyRule(),
        new ForeignKeyWithoutTenantKeyRule(),
        new NoTenantIndexRule(),
        new IndexNotLeadingRule(),
        new TruncateGrantedRule(),
        new TriggerOrReferencesGrantedRule(),
        new UniqueWithoutTenantKeyRule(),
        new OwnerLoginNotForcedRule(),
        new BypassSettingPolicyRule(),
        new PartitionWithoutRlsRule(),
        new MaterializedViewReadableRule(),
        new DefaultPrivilegesRule(),
        new PolicyLeftToMatrixRule(),
        new AppRoleWithoutSchemaUsageRule(),
    ];
}
