using System.Net;
using System.Net.Sockets;

namespace Matchcut.Gateway;

/// <summary>
/// Which address group a caller without a valid key is limited as: its IPv4 address, or its IPv6 /64 (one
/// subscriber usually holds a whole /64, so a limit per full IPv6 address limits nothing).
/// </summary>
public static class ClientAddressGroup
{
    public static string Of(IPAddress? address)
    {
        if (address is null) return "none";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
