namespace TaskFunctions.Dashboard;

/// <summary>One file of the page, ready to send.</summary>
/// <param name="Path">The path below <c>/dashboard/</c> (<c>index.html</c>, <c>assets/js/main.js</c>).</param>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">The media type with its charset.</param>
/// <param name="ETag">The strong entity tag of the content, quoted.</param>
internal sealed record DashboardFile(string Path, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
