namespace Portal.Core.Security;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Staff = "Staff";

    public static IReadOnlyList<string> All { get; } = [Admin, Manager, Staff];
}
