namespace Harness.Tests.Fixtures.Quota;

/// <summary>The planted quota flaws of the two targets, each shown by a test in this folder (the IDOR coverage test leaves them out).</summary>
public static class QuotaFlaws
{
    public static readonly IReadOnlyList<string> Sample =
    [
        "quota-global-bucket", "quota-header-key", "quota-ip-key", "quota-503", "quota-no-retry-after",
        "quota-whole-window-retry-after", "quota-limit-5x", "quota-unbounded-state",
    ];

    public static readonly IReadOnlyList<string> Node = ["node-quota-global-bucket", "node-quota-no-retry-after"];
}
