using Harness.Manifest;

namespace Harness.Scenarios.Idor;

/// <summary>The IDOR options of a manifest loaded with the IDOR family registered.</summary>
public static class IdorManifest
{
    extension(HarnessManifest manifest)
    {
        /// <summary>The <c>idor</c> section's options, or the defaults.</summary>
        public IdorOptions Idor => manifest.Section<IdorOptions>(IdorScenario.ScenarioId) ?? new IdorOptions();
    }
}
