namespace Portal.Web.Security;

public static class Policies
{
    public const string Admin = "Admin";

    /// <summary>Managers (for their departments) and administrators: templates, lead imports, campaigns.</summary>
    public const string Manager = "Manager";
}
