using System.Net;
using System.Net.Sockets;

namespace Matchcut.TestSupport;

/// <summary>Loopback ports for servers a test starts.</summary>
public static class TestPorts
{
    /// <summary>A port the kernel just handed out on 127.0.0.1, free at the time of the call.</summary>
    public static int Free()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
