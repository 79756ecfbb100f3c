using System.Diagnostics;
using System.Text.Json;
using Harness.Targets;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Chaos;

/// <summary>A job as the harness saw it: who queued it, its id, and its last answer once finished (null while not).</summary>
internal sealed record JobRun(ChaosTenant Tenant, string Id, TimeSpan QueuedAt)
{
    public string? Result { get; set; }

    public string? Status { get; set; }

    public TimeSpan? FinishedAt { get; set; }
}

/// <summary>Queues a tenant's job and reads its result through the app's own routes, as the tenant.</summary>
internal sealed class JobClient(TargetClient client, HttpClient http, ChaosJob job, Stopwatch clock, WriteMarkers markers)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public ChaosJob Job => job;

    /// <summary>Queues one job as <paramref name="tenant"/>; null with the reason when the app did not take it.</summary>
    public async Task<(JobRun? Run, string? Problem)> EnqueueAsync(ChaosTenant tenant, CancellationToken cancellationToken)
    {
        var (method, path) = Split(job.Enqueue);
        // A body with {marker} is a write too: where its rows land is judged with the other writes.
        var sent = job.Body is { } template && template.Contains(WriteMarkers.Placeholder, StringComparison.Ordinal)
            ? WriteMarkers.Fill(template, markers.Next(tenant.Index, job.Enqueue, creates: false).Marker)
            : job.Body;
        var request = new TargetRequest(method, Fill(path, null), sent);
        var credential = await client.CredentialForAsync(tenant.Principal, cancellationToken);
        using var message = client.CreateMessage(request, credential);
        using var response = await http.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return (null, $"{request} answered {(int)response.StatusCode}");
        }

        var id = IdFrom(body) ?? response.Headers.Location?.ToString().TrimEnd('/').Split('/')[^1];
        return id is null
            ? (null, $"{request} answered without the job's id in '{job.IdField}' or a Location header")
            : (new JobRun(tenant, id, clock.Elapsed), null);
    }

    /// <summary>Polls every unfinished run until each is finished or <paramref name="within"/> passes.</summary>
    public async Task WaitAsync(IReadOnlyList<JobRun> runs, TimeSpan within, CancellationToken cancellationToken)
    {
        var until = clock.Elapsed + within;
        while (runs.Any(r => r.FinishedAt is null) && clock.Elapsed < until)
        {
            foreach (var run in runs.Where(r => r.FinishedAt is null))
            {
                await PollAsync(run, cancellationToken);
            }

            if (runs.Any(r => r.FinishedAt is null))
            {
                await Task.Delay(PollEvery, cancellationToken);
            }
        }
    }

    private async Task PollAsync(JobRun run, CancellationToken cancellationToken)
    {
        var (method, path) = Split(job.Result);
        var request = new TargetRequest(method, Fill(path, run.Id));
        var credential = await client.CredentialForAsync(run.Tenant.Principal, cancellationToken);
        using var message = client.CreateMessage(request, credential);
        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = StatusFrom(body);
            if (status is not null && job.Finished.Contains(status, StringComparer.OrdinalIgnoreCase))
            {
                run.Status = status;
                run.Result = body;
                run.FinishedAt = clock.Elapsed;
            }
        }
        catch (HttpRequestException)
        {
            // The next poll tries again.
        }
    }

    /// <summary>The path with its last parameter (the job's id) filled; the routes were checked to have no other parameter.</summary>
    private static string Fill(string path, string? id)
    {
        var names = Endpoint.ParameterNames(path);
        var values = id is null || names.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { [names[^1]] = id };
        return new Endpoint("GET", path, EndpointKind.Resource, []).FillPath(values);
    }

    /// <summary>Why <paramref name="job"/>'s routes cannot be used (a parameter other than the job's id), or null.</summary>
    public static string? Problem(ChaosJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Endpoint.ParameterNames(Split(job.Enqueue).Path).Count > 0 || Endpoint.ParameterNames(Split(job.Result).Path).Count != 1
            ? $"chaos.jobs: '{job.Enqueue}' must have no path parameter and '{job.Result}' exactly one, the job's id"
            : null;
    }

    private string? IdFrom(string body) => Field(body, job.IdField);

    private string? StatusFrom(string body) => Field(body, job.StatusField);

    private static string? Field(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A route the options reader already checked, as method and path.</summary>
    private static (string Method, string Path) Split(string route) =>
        Endpoint.TrySplitRoute(route, out var method, out var path) ? (method, path) : throw new ChaosException($"'{route}' is not \"METHOD /path\"");
}
