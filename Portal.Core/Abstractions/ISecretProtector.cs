namespace Portal.Core.Abstractions;

/// <summary>Encrypts provider credentials at rest with keys every instance shares.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedText);
}
