using System.Buffers.Text;
using System.Text;

namespace TaskFunctions.Client;

/// <summary>
/// The continuation tokens of a task's list: the storage provider's own token, wrapped with the task it pages so
/// that a token that was not handed out for this list is refused instead of read as some position.
/// </summary>
internal static class ListTokens
{
    private const string Version = "1.";

    /// <summary>Wraps the provider's token of the next page of a task's list.</summary>
    /// <param name="taskName">The task whose list it pages.</param>
    /// <param name="providerToken">The storage provider's token.</param>
    /// <returns>The token clients pass back.</returns>
    public static string Encode(string taskName, string providerToken) =>
        Version + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(taskName + "\n" + providerToken));

    /// <summary>Unwraps a token a client passed back.</summary>
    /// <param name="taskName">The task whose list is asked for.</param>
    /// <param name="token">The token as sent.</param>
    /// <param name="providerToken">The storage provider's token, when the token is one of this task's list.</param>
    /// <returns>Whether it is.</returns>
    public static bool TryDecode(string taskName, string token, out string providerToken)
    {
        providerToken = string.Empty;
        if (!token.StartsWith(Version, StringComparison.Ordinal) || !Base64Url.IsValid(token.AsSpan(Version.Length)))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(Base64Url.DecodeFromChars(token.AsSpan(Version.Length)));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        int separator = decoded.IndexOf('\n', StringComparison.Ordinal);
        if (separator < 0 || !decoded.AsSpan(0, separator).SequenceEqual(taskName) || separator == decoded.Length - 1)
        {
            return false;
        }

        providerToken = decoded[(separator + 1)..];
        return true;
    }
}
