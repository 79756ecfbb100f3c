using Harness.Targets.Manifest;

namespace Harness.Manifest;

/// <summary>The app's sections of a manifest loaded with <see cref="TargetManifestSections.Readers"/>.</summary>
public static class TargetManifest
{
    extension(HarnessManifest manifest)
    {
        /// <summary>How to start the app under test, or null when the manifest does not say (families that need it refuse to run).</summary>
        public TargetSection? Target => manifest.Section<TargetSection>(TargetManifestSections.TargetKey);

        /// <summary>How to act as a seeded user, or null.</summary>
        public CredentialsSection? Credentials => manifest.Section<CredentialsSection>(TargetManifestSections.CredentialsKey);

        /// <summary>The endpoints to probe, or null.</summary>
        public EndpointsSection? Endpoints => manifest.Section<EndpointsSection>(TargetManifestSections.EndpointsKey);
    }
}
