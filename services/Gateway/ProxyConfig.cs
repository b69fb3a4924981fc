namespace Matchcut.Gateway;

/// <summary>Routes and clusters in YARP's configuration shape ("ReverseProxy"), so YARP can replace the forwarder without new configuration.</summary>
public sealed class ProxyConfig
{
    public Dictionary<string, ProxyRoute> Routes { get; set; } = [];
    public Dictionary<string, ProxyCluster> Clusters { get; set; } = [];
}

/// <summary>A route: which cluster serves requests whose path matches.</summary>
public sealed class ProxyRoute
{
    public string ClusterId { get; set; } = "";
    public ProxyMatch Match { get; set; } = new();
}

/// <summary>A route pattern, e.g. "/api/{**rest}".</summary>
public sealed class ProxyMatch
{
    public string Path { get; set; } = "";
}

/// <summary>A cluster's destinations; the first is used.</summary>
public sealed class ProxyCluster
{
    public Dictionary<string, ProxyDestination> Destinations { get; set; } = [];

    public Uri? FirstAddress => Destinations.Values.Select(d => d.Address).FirstOrDefault(a => a.Length > 0) is { } a ? new Uri(a.EndsWith('/') ? a : a + "/") : null;
}

/// <summary>A destination's base address.</summary>
public sealed class ProxyDestination
{
    public string Address { get; set; } = "";
}
