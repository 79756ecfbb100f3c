using System.Reflection;
using FluentAssertions;
using Harness.Errors;

namespace Harness.Tests.Errors;

/// <summary>One error model: every exception the harness declares is a sealed <see cref="HarnessException"/> per failure mode.</summary>
public sealed class HarnessExceptionTests
{
    /// <summary>Every Harness.* assembly next to the test binaries, except the tests' own.</summary>
    private static IReadOnlyList<Assembly> HarnessAssemblies { get; } = [..
        Directory.GetFiles(AppContext.BaseDirectory, "Harness.*.dll").Append(Path.Combine(AppContext.BaseDirectory, "Harness.dll"))
            .Select(path => AssemblyName.GetAssemblyName(path))
            .Where(name => name.Name != typeof(HarnessExceptionTests).Assembly.GetName().Name)
            .Select(Assembly.Load)];

    private static IReadOnlyList<Type> ExceptionTypes { get; } = [..
        HarnessAssemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name.EndsWith("Exception", StringComparison.Ordinal) && t != typeof(HarnessException))];

    [Fact]
    public void Every_public_exception_of_the_harness_derives_from_HarnessException()
    {
        HarnessAssemblies.Select(a => a.GetName().Name).Should().Contain(
            ["Harness", "Harness.Targets", "Harness.Seeders", "Harness.Scenarios", "Harness.Runner", "Harness.Init", "Harness.Cli"]);
        ExceptionTypes.Select(t => t.Name).Should().Contain(
            ["ManifestException", "ProvisioningException", "MigrationException", "SeedException", "TenancyModelException", "TargetStartException",
             "TargetConfigurationException", "CredentialException", "InitException", "RlsMatrixException", "IdorException", "UsageException"]);

        ExceptionTypes.Should().AllSatisfy(t => t.Should().BeAssignableTo<HarnessException>());
    }

    [Fact]
    public void Each_failure_mode_is_sealed_and_none_is_an_argument_error()
    {
        ExceptionTypes.Should().AllSatisfy(t => t.Should().BeSealed());
        ExceptionTypes.Should().AllSatisfy(t => t.Should().NotBeAssignableTo<ArgumentException>());
        typeof(HarnessException).Should().BeAbstract();
    }
}
