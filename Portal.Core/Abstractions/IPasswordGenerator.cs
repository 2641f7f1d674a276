namespace Portal.Core.Abstractions;

public interface IPasswordGenerator
{
    /// <summary>A password that satisfies the Identity password rules in force.</summary>
    string Generate();
}
