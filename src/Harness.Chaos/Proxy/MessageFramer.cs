using System.Buffers;
using System.Net.Sockets;

namespace Harness.Chaos.Proxy;

/// <summary>
/// A pooled receive buffer over one socket that frames PostgreSQL messages (type byte, big-endian length including
/// itself): the relay reads as much as the socket has, walks the complete messages in place and forwards runs of them
/// with one send, so relaying costs no allocation per message.
/// </summary>
internal sealed class MessageFramer : IDisposable
{
    private readonly Socket socket;
    private byte[] buffer;
    private int start;
    private int end;

    public MessageFramer(Socket socket, int size = 32 * 1024)
    {
        this.socket = socket;
        buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>The received bytes not consumed yet.</summary>
    public Memory<byte> Available => buffer.AsMemory(start, end - start);

    public int Capacity => buffer.Length;

    /// <summary>Blocks until more bytes arrive (at least one); false when the peer closed the connection. For a relay thread.</summary>
    public bool Receive()
    {
        MakeRoom();
        var received = socket.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
        end += received;
        return received > 0;
    }

    /// <summary>Receives until at least <paramref name="count"/> bytes are available; false when the peer closed first.</summary>
    public bool ReceiveAtLeast(int count)
    {
        EnsureCapacity(count);
        while (end - start < count)
        {
            if (!Receive())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Makes room for a message of <paramref name="size"/> bytes from the first unconsumed byte.</summary>
    public void EnsureCapacity(int size)
    {
        if (buffer.Length - start >= size)
        {
            return;
        }

        Compact();
        if (buffer.Length < size)
        {
            Grow(size);
        }
    }

    public void Consume(int count)
    {
        start += count;
        if (start == end)
        {
            start = end = 0;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    private void MakeRoom()
    {
        if (end == buffer.Length)
        {
            Compact();
            if (end == buffer.Length)
            {
                Grow(buffer.Length * 2);
            }
        }
    }

    private void Compact()
    {
        if (start == 0)
        {
            return;
        }

        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
    }

    private void Grow(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        Buffer.BlockCopy(buffer, start, larger, 0, end - start);
        end -= start;
        start = 0;
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
