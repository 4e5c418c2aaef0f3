using SkiaSharp;
namespace Pipeline.Tests.Infrastructure;

public sealed class BrowserTests(BrowserFixture browser)
{
    private const string Report = """
        <!doctype html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>考核报告</title></head>
        <body style="margin: 24px; font-family: sans-serif">
          <h1>营销与客户服务考核报告</h1>
          <svg width="400" height="200" viewBox="0 0 400 200" role="img" aria-label="得分">
            <line x1="40" y1="180" x2="380" y2="180" stroke="#333" />
            <rect x="60" y="60" width="60" height="120" fill="#4e79a7" />
            <rect x="160" y="100" width="60" height="80" fill="#f28e2b" />
            <rect x="260" y="30" width="60" height="150" fill="#59a14f" />
            <text x="90" y="196" text-anchor="middle" font-size="12">华东</text>
          </svg>
        </body>
        </html>
        """;

    [Fact]
    public async Task A_Chinese_report_with_a_chart_renders_cleanly()
    {
        await using var page = await browser.OpenHtmlAsync(Report);

        Assert.Empty(page.Errors);
        Assert.Equal("考核报告", page.Title);
        Assert.False(BrowserFixture.IsBlank(page.Screenshot));
        Assert.True(
            await BrowserFixture.IsShapedAsync(page.Page, "h1"),
            $"The heading is drawn with {string.Join(", ", await BrowserFixture.FontsUsedAsync(page.Page, "h1"))}, not CJK glyphs: {BrowserFixture.InstallHint}");
        Assert.Equal(3, await page.Page.Locator("svg rect").CountAsync());
    }

    [Fact]
    public async Task An_empty_page_is_blank()
    {
        await using var page = await browser.OpenHtmlAsync("<!doctype html><html><body style=\"background: #fff\"></body></html>");

        Assert.Empty(page.Errors);
        Assert.True(BrowserFixture.IsBlank(page.Screenshot));
    }

    [Fact]
    public async Task Chinese_without_a_CJK_font_is_not_shaped()
    {
        // A second Chromium whose fontconfig sees every installed font except the CJK ones: the heading
        // falls back to .notdef boxes, which is what a machine without fonts-noto-cjk would show.
        var fonts = Directory.CreateTempSubdirectory("latin-fonts-");
        try
        {
            var files = Directory.EnumerateFiles("/usr/share/fonts", "*", SearchOption.AllDirectories)
                .Where(f => Path.GetExtension(f) is ".ttf" or ".otf" or ".ttc" && !f.Contains("cjk", StringComparison.OrdinalIgnoreCase));
            foreach (var file in files)
            {
                // Named by the whole path: fonts-liberation and fonts-liberation2 (which LibreOffice brings) ship files
                // of the same name.
                var link = Path.GetRelativePath("/usr/share/fonts", file).Replace(Path.DirectorySeparatorChar, '_');
                File.CreateSymbolicLink(Path.Combine(fonts.FullName, link), file);
            }

            var config = Path.Combine(fonts.FullName, "fonts.conf");
            await File.WriteAllTextAsync(
                config,
                $"<?xml version=\"1.0\"?><fontconfig><dir>{fonts.FullName}</dir><cachedir>{fonts.FullName}/cache</cachedir></fontconfig>",
                TestContext.Current.CancellationToken);
            await using var latinOnly = new BrowserFixture { Environment = new Dictionary<string, string> { ["FONTCONFIG_FILE"] = config } };
            await using var page = await latinOnly.OpenHtmlAsync(Report);

            Assert.False(await BrowserFixture.IsShapedAsync(page.Page, "h1"));
            Assert.False(BrowserFixture.IsBlank(page.Screenshot));
        }
        finally
        {
            fonts.Delete(recursive: true);
        }
    }


    [Fact]
    public async Task Latin_text_is_not_CJK_shaped()
    {
        await using var page = await browser.OpenHtmlAsync("<p>Marketing and customer service</p>");

        Assert.False(await BrowserFixture.IsShapedAsync(page.Page, "p"));
    }

    [Fact]
    public async Task A_console_error_is_reported()
    {
        await using var page = await browser.OpenHtmlAsync("<!doctype html><html><body><script>console.error('x')</script></body></html>");

        var error = Assert.Single(page.Errors);
        Assert.Equal(BrowserErrorKind.Console, error.Kind);
        Assert.Equal("x", error.Message);
    }

    [Fact]
    public async Task An_uncaught_exception_is_reported()
    {
        await using var page = await browser.OpenHtmlAsync("<!doctype html><html><body><script>null.boom()</script></body></html>");

        var error = Assert.Single(page.Errors);
        Assert.Equal(BrowserErrorKind.Page, error.Kind);
    }

    [Fact]
    public void An_image_is_blank_when_almost_every_pixel_has_the_most_common_colour()
    {
        // A 3×2 PNG, one pixel in six red on white.
        using var bitmap = new SKBitmap(3, 2);
        bitmap.Erase(SKColors.White);
        bitmap.SetPixel(2, 0, SKColors.Red);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var png = encoded.ToArray();

        Assert.False(BrowserFixture.IsBlank(png, tolerance: 0.1));
        Assert.True(BrowserFixture.IsBlank(png, tolerance: 0.2));
        Assert.Throws<InvalidDataException>(() => BrowserFixture.IsBlank([1, 2, 3]));
    }
}
