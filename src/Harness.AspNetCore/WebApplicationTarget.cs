using Harness.Targets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Harness.AspNetCore;

/// <summary>
/// A .NET app as a target, in-process through <see cref="WebApplicationFactory{TEntryPoint}"/>: no port, no process, the
/// worker's connection strings injected through configuration. Each start is a new factory (a new app with its own caches).
/// </summary>
/// <typeparam name="TEntryPoint">A type of the app's assembly, usually its <c>Program</c> (<c>public partial class Program;</c>).</typeparam>
public sealed class WebApplicationTarget<TEntryPoint>(WebApplicationTargetOptions? options = null) : ITargetHost
    where TEntryPoint : class
{
    private static readonly Uri BaseAddress = new("http://localhost/");
    private readonly WebApplicationTargetOptions options = options ?? new WebApplicationTargetOptions();

    public string Description => $"in-process {typeof(TEntryPoint).Assembly.GetName().Name}";

    public async Task<IRunningTarget> StartAsync(TargetDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var values = database.Placeholders();
        var factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(options.Environment);
            if (!options.KeepAppLogging)
            {
                builder.ConfigureLogging(logging => logging.ClearProviders());
            }

            builder.UseSetting($"ConnectionStrings:{options.AppConnectionName}", database.AppConnectionString);
            if (options.AdminConnectionName is { } admin)
            {
                builder.UseSetting($"ConnectionStrings:{admin}", database.AdminConnectionString);
            }

            foreach (var (name, value) in options.Settings)
            {
                builder.UseSetting(name, TargetPlaceholders.Fill(value, values));
            }

            options.ConfigureWebHost?.Invoke(builder);
        });

        HttpClient client;
        try
        {
            client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress, HandleCookies = false });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await factory.DisposeAsync();
            throw new TargetStartException($"{Description} did not start: {e.GetBaseException().Message}", null, e);
        }

        var target = new InProcessTarget(factory, client, Description);
        if (options.ReadinessPath is { } path)
        {
            try
            {
                using var response = await client.GetAsync(path.TrimStart('/'), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    throw new TargetStartException($"{Description} answered GET {path} with {(int)response.StatusCode}, not 2xx: {body}");
                }
            }
            catch
            {
                await target.DisposeAsync();
                throw;
            }
        }

        return target;
    }

    private sealed class InProcessTarget(WebApplicationFactory<TEntryPoint> factory, HttpClient client, string description) : IRunningTarget
    {
        public Uri BaseAddress => WebApplicationTarget<TEntryPoint>.BaseAddress;

        public HttpClient Client => client;

        public string Description => description;

        public string RecentOutput => "";

        public bool OverNetwork => false;

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await factory.DisposeAsync();
        }
    }
}
