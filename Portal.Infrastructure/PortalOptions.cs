namespace Portal.Infrastructure;

/// <summary>Bound from the <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Region used to read phone numbers typed without a country code.</summary>
    public string PhoneRegion { get; set; } = "US";

    /// <summary>The dealership's own zone, for times not tied to a department (consent history); else the departments' most common.</summary>
    public string? DealershipTimeZone { get; set; }

    public AdminOptions Admin { get; set; } = new();
    public DemoOptions Demo { get; set; } = new();
    public JobOptions Jobs { get; set; } = new();

    public sealed class AdminOptions
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    public sealed class DemoOptions
    {
        /// <summary>Null: on for the embedded database, off for SQL Server.</summary>
        public bool? Seed { get; set; }
        public string? Password { get; set; }

        /// <summary>Fixed so every fresh demo database tells the same story.</summary>
        public int RandomSeed { get; set; } = 20261123;
        public int Customers { get; set; } = 300;
    }

    public sealed class JobOptions
    {
        /// <summary>Run a Hangfire job server in this process.</summary>
        public bool Server { get; set; } = true;
        public int WorkerCount { get; set; } = 4;
    }
}
