using System.Buffers;
using System.Text;
using CsvHelper;

namespace Portal.Infrastructure.Customers.Import;

/// <summary>
/// What a lead file must be before it is parsed: UTF-8 text without NUL bytes, a header row of a sensible size and at
/// most <see cref="MaxColumns"/> columns, no cell longer than <see cref="MaxCellLength"/> (a quote left open swallows the
/// rows after it into one cell). Read streaming, a block at a time.
/// </summary>
internal static class LeadFileCheck
{
    public const int MaxColumns = 200;
    public const int MaxHeaderBytes = 64 * 1024;
    public const int MaxCellLength = 10_000;
    private const int BlockSize = 64 * 1024;

    /// <exception cref="Core.Common.ValidationException">What is wrong with the file, in a manager's words.</exception>
    public static async Task EnsureReadableAsync(Stream csv, CancellationToken cancellationToken)
    {
        var start = csv.Position;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(BlockSize);
        var chars = ArrayPool<char>.Shared.Rent(BlockSize + 4);
        try
        {
            long read = 0;
            var headerEnded = false;
            int count;
            while ((count = await csv.ReadAsync(bytes.AsMemory(0, BlockSize), cancellationToken)) > 0)
            {
                if (Array.IndexOf(bytes, (byte)0, 0, count) >= 0)
                {
                    throw Refused("The file has NUL bytes, so it is not a text file. Save it from the spreadsheet as \"CSV UTF-8\" and choose it again.");
                }

                if (!headerEnded)
                {
                    headerEnded = Array.IndexOf(bytes, (byte)'\n', 0, count) is var newline && newline >= 0 && read + newline <= MaxHeaderBytes;
                    if (!headerEnded && read + count > MaxHeaderBytes)
                    {
                        throw Refused($"The header row is longer than {MaxHeaderBytes / 1024} KB: a lead file has at most {MaxColumns} columns with short names.");
                    }
                }

                try
                {
                    decoder.GetChars(bytes, 0, count, chars, 0, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    throw Refused("The file is not UTF-8 (it looks like Latin-1 / Windows-1252, as older Excel saves CSV). Save it as \"CSV UTF-8\" and choose it again.");
                }

                read += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
            csv.Position = start;
        }
    }

    public static void EnsureColumns(int columns)
    {
        if (columns > MaxColumns)
        {
            throw Refused($"The file has {columns:N0} columns; a lead file can have at most {MaxColumns}.");
        }
    }

    /// <summary>A cell too long to be one: almost always a quote that was opened and never closed.</summary>
    public static Core.Common.ValidationException CellTooLong(MaxFieldSizeException e) =>
        Refused($"Row {e.Context?.Parser?.Row.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} has a cell longer than {MaxCellLength:N0} characters: is a quote (\") opened there and never closed?");

    private static Core.Common.ValidationException Refused(string why) => new("file", why);
}
