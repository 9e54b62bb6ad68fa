using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace TaskFunctions.Dashboard;

/// <summary>
/// The page's files, read once from this assembly's embedded resources (<c>wwwroot/…</c>). The key header and its
/// name are written into <c>index.html</c>, which the page reads them from.
/// </summary>
internal sealed class DashboardFiles
{
    /// <summary>The page every path that is not a file answers with.</summary>
    public const string IndexPath = "index.html";

    private const string ResourcePrefix = "wwwroot/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, DashboardFile> _files;

    private DashboardFiles(Dictionary<string, DashboardFile> files)
    {
        _files = files;
    }

    /// <summary>Gets the page itself.</summary>
    public DashboardFile Index => _files[IndexPath];

    /// <summary>Gets the paths of every file.</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>Reads the files.</summary>
    /// <param name="key">The key the page asks for.</param>
    /// <returns>The files.</returns>
    /// <exception cref="InvalidOperationException">A file is missing or of a type this class does not know.</exception>
    public static DashboardFiles Load(DashboardKey key)
    {
        Assembly assembly = typeof(DashboardFiles).Assembly;
        Dictionary<string, DashboardFile> files = new(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            string path = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(System.IO.Path.GetExtension(path), out string? contentType))
            {
                throw new InvalidOperationException($"The dashboard file {path} has a type the dashboard does not serve.");
            }

            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            if (path == IndexPath)
            {
                content = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content)
                    .Replace("%KEY_HEADER%", HtmlEncoder.Default.Encode(key.Header), StringComparison.Ordinal)
                    .Replace("%KEY_LABEL%", HtmlEncoder.Default.Encode(key.Label), StringComparison.Ordinal));
            }

            files[path] = new DashboardFile(path, content, contentType, ETagOf(content));
        }

        return files.ContainsKey(IndexPath)
            ? new DashboardFiles(files)
            : throw new InvalidOperationException("The dashboard's index.html is not embedded in its assembly.");
    }

    /// <summary>Finds a file by its exact path.</summary>
    /// <param name="path">The path below <c>/dashboard/</c>.</param>
    /// <param name="file">The file.</param>
    /// <returns>Whether there is one.</returns>
    public bool TryGet(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DashboardFile? file) =>
        _files.TryGetValue(path, out file);

    private static string ETagOf(byte[] content) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
}
