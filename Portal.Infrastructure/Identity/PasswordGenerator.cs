using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Abstractions;

namespace Portal.Infrastructure.Identity;

internal sealed class PasswordGenerator(IOptions<IdentityOptions> identityOptions) : IPasswordGenerator
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%&*?-+=";

    public string Generate()
    {
        var length = Math.Max(16, identityOptions.Value.Password.RequiredLength);
        var all = Upper + Lower + Digits + Symbols;
        var chars = new List<char>
        {
            Pick(Upper), Pick(Lower), Pick(Digits), Pick(Symbols),
        };
        while (chars.Count < length)
        {
            chars.Add(Pick(all));
        }

        return new string(chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).ToArray());
    }

    private static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
}
