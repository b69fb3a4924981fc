using System.Net;
using System.Net.Sockets;

namespace Matchcut.TestSupport;

/// <summary>Loopback ports for servers a test starts.</summary>
public static class TestPorts
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A port free on 127.0.0.1 at the time of the call, below the kernel's ephemeral range: a port the kernel hands
    /// out for bind(0) comes from that range, and so do the source ports of every outgoing connection, so one found
    /// free there was seen taken by a client connection before the server started on it ("address already in use").
    /// </summary>
    public static int Free()
    {
        var (low, _) = EphemeralRange();
        var first = 10000;
        var last = Math.Max(first + 1000, low - 1);
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(first, last);
            lock (Handed)
            {
                if (!Handed.Add(port)) continue;
            }
            try
            {
                using var l = new TcpListener(IPAddress.Loopback, port);
                l.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999); // Linux's default
        }
    }
}
