namespace Portal.Core.Providers;

public enum ProviderKind
{
    Simulator,
    Surge,
    SignalWire,
    Drivly,
    Dms,
}
