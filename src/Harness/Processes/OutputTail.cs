namespace Harness.Processes;

/// <summary>The last lines a process printed on stdout and stderr, kept for error messages.</summary>
public sealed class OutputTail(int capacity)
{
    private readonly Queue<string> lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > capacity)
            {
                lines.Dequeue();
            }
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }
}
