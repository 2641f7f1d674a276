global using Portal.Infrastructure.Providers.Dms;
global using Portal.Infrastructure.Providers.Drivly;
global using Portal.Infrastructure.Providers.SignalWire;
global using Portal.Infrastructure.Providers.Simulator;
global using Portal.Infrastructure.Providers.Surge;
