using Portal.Core.Messages;

namespace Portal.Tests.Core;

public class SmsSegmentCounterTests
{
    [Theory]
    [InlineData("", 0, 0, SmsEncoding.Gsm7)]
    [InlineData("Hello", 5, 1, SmsEncoding.Gsm7)]
    [InlineData("Ça coûte 5€", 11, 1, SmsEncoding.Ucs2)] // û is not GSM-7, so all of it is UCS-2, where € is one unit
    [InlineData("{braces}", 10, 1, SmsEncoding.Gsm7)] // { and } take two
    [InlineData("👍", 2, 1, SmsEncoding.Ucs2)] // a surrogate pair is two UCS-2 units
    public void Counts_length_segments_and_encoding(string text, int length, int segments, SmsEncoding encoding)
    {
        var count = SmsSegmentCounter.Count(text);

        Assert.Equal(length, count.Length);
        Assert.Equal(segments, count.Segments);
        Assert.Equal(encoding, count.Encoding);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_fits_160_alone_and_153_per_part(int length, int segments) =>
        Assert.Equal(segments, SmsSegmentCounter.Count(new string('a', length)).Segments);

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_fits_70_alone_and_67_per_part(int length, int segments) =>
        Assert.Equal(segments, SmsSegmentCounter.Count("é" + new string('ж', length - 1)).Segments);

    [Fact]
    public void Remaining_counts_down_within_the_current_segment()
    {
        Assert.Equal(155, SmsSegmentCounter.Count("Hello").Remaining);
        Assert.Equal(153 * 2 - 161, SmsSegmentCounter.Count(new string('a', 161)).Remaining);
    }
}
