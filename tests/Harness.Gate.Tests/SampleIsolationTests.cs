using Harness.Xunit;

namespace Harness.Gate.Tests;

/// <summary>What a user writes: every check of the gate as a test case.</summary>
public sealed class SampleIsolationTests
{
    [Theory]
    [IsolationChecks(typeof(SampleGate))]
    public void Isolation(IsolationCheck check) => check.ShouldPass();
}
