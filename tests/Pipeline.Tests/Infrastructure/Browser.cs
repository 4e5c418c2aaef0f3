using Microsoft.Playwright;
using SkiaSharp;
using Pipeline.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace Pipeline.Tests.Infrastructure;

/// <summary>
/// One Debian Chromium for the whole test run, driven by Playwright. Playwright never downloads a browser
/// here: it drives <see cref="ChromiumPath"/>, which the CI scripts install with apt. The browser starts
/// on the first <see cref="OpenAsync"/>, so a run that opens no page never pays for it, and a missing
/// Chromium fails the browser tests (with the install command) rather than every test of the assembly.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium, from <c>apt-get install chromium</c>.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>What a test run needs installed, for messages.</summary>
    public const string InstallHint = "apt-get install chromium fonts-noto-cjk";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <inheritdoc />
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Playwright's own timeouts (actions, navigation), in milliseconds.</summary>
    public float TimeoutMs { get; init; } = 30_000;

    /// <summary>Variables added to the browser's environment (a test's own fixture, e.g. another fontconfig).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Opens <paramref name="url"/> in a fresh browser context and waits for it to load.</summary>
    public Task<RenderedPage> OpenAsync(string url) =>
        RenderAsync(url, page => page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load }));

    /// <summary>Renders <paramref name="html"/> (as the page's whole content) in a fresh browser context.</summary>
    public Task<RenderedPage> OpenHtmlAsync(string html) =>
        RenderAsync(null, page => page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load }));

    private async Task<RenderedPage> RenderAsync(string? url, Func<IPage, Task> load)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            DeviceScaleFactor = 1,
        });
        try
        {
            context.SetDefaultTimeout(TimeoutMs);
            var page = await context.NewPageAsync();
            var errors = new List<BrowserError>();
            void Add(BrowserError error)
            {
                lock (errors)
                {
                    // A 404 stylesheet is both a response and an aborted request: one error per URL is enough.
                    if (error.Kind != BrowserErrorKind.Request || !errors.Any(e => e.Kind == error.Kind && e.Url == error.Url))
                    {
                        errors.Add(error);
                    }
                }
            }

            // Failed loads of another origin (a CDN, web fonts, this machine has no internet) are the network's
            // business, not the page's. Chromium also logs every failed load, its own favicon.ico included, as
            // a console error "Failed to load resource"; the request events below already tell those that count.
            bool Own(string? resource) => SameOrigin(url, resource) || SameOrigin(page.Url, resource);
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    Add(new BrowserError(BrowserErrorKind.Console, message.Text, message.Location));
                }
            };
            page.PageError += (_, error) => Add(new BrowserError(BrowserErrorKind.Page, error, page.Url));
            page.Response += (_, response) =>
            {
                if (response.Status >= 400 && Own(response.Url))
                {
                    Add(new BrowserError(BrowserErrorKind.Request, $"HTTP {response.Status}", response.Url));
                }
            };
            page.RequestFailed += (_, request) =>
            {
                if (Own(request.Url))
                {
                    Add(new BrowserError(BrowserErrorKind.Request, request.Failure ?? "failed", request.Url));
                }
            };

            await load(page);
            // Web fonts and a couple of frames, so that scripts' first paint is in the screenshot.
            await page.EvaluateAsync("async () => { await document.fonts.ready; await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }");
            var title = await page.TitleAsync();
            var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
            lock (errors)
            {
                return new RenderedPage(page, title, png, [.. errors]);
            }
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Whether <paramref name="url"/> is of the origin of <paramref name="pageUrl"/>, or inline (data:, blob:).</summary>
    private static bool SameOrigin(string? pageUrl, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme is "data" or "blob" or "about")
        {
            return true;
        }

        // A page from SetContent is about:blank: only its inline resources are its own.
        return Uri.TryCreate(pageUrl, UriKind.Absolute, out var origin)
               && origin.Scheme is "http" or "https" or "file"
               && target.Scheme == origin.Scheme && target.Host == origin.Host && target.Port == origin.Port;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }

            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException(
                    $"Browser tests need Debian's Chromium at {ChromiumPath}, and CJK fonts to render Chinese: {InstallHint}");
            }

            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = Args,
                Timeout = TimeoutMs,
                Env = Environment.Count == 0 ? null : ProcessEnvironment().Concat(Environment)
                    .GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Playwright's Env replaces the browser's environment rather than adding to it.
    private static IEnumerable<KeyValuePair<string, string>> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => KeyValuePair.Create((string)e.Key, e.Value as string ?? ""));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }

    /// <summary>
    /// True when (almost) the whole image is one colour: fewer than <paramref name="tolerance"/> of its
    /// pixels differ from the most common colour. The image is decoded by SkiaSharp (any PNG Chromium writes).
    /// </summary>
    public static bool IsBlank(byte[] png, double tolerance = 0.005)
    {
        using var data = SKData.CreateCopy(png);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("Not an image SkiaSharp can decode.");
        using var bitmap = SKBitmap.Decode(codec);
        var counts = new Dictionary<SKColor, int>();
        foreach (var colour in bitmap.Pixels)
        {
            counts[colour] = counts.GetValueOrDefault(colour) + 1;
        }

        var total = (long)bitmap.Width * bitmap.Height;
        return total == 0 || total - counts.Values.Max() < tolerance * total;
    }

    // Whether CJK text is drawn with real glyphs, not tofu. The cheap-looking checks do not work:
    // - document.fonts.check(font, text) only reports whether FontFace objects still have to load; for
    //   system fonts it answers true even when no installed font has a single glyph of the text.
    // - comparing widths against a made-up font ('12px NoSuchFont__') or against U+FFFF boxes tells
    //   nothing: every lookup ends in the same system fallback, and a .notdef box is usually about as wide
    //   as an ideograph, so "same width" happens for real glyphs and tofu alike.
    // So each distinct CJK character of the element is drawn on a canvas with the element's own font
    // (style, weight and family; a fixed 32px so that the bitmaps have detail) and its pixels compared
    // with those of characters no font can have (unassigned code points), drawn the same way: those are
    // what the browser shows when it finds no glyph (the primary font's .notdef, or nothing). A character
    // is shaped when it draws some ink and its bitmap is none of those. With several characters, they must
    // also not all look alike (a last-resort font that draws one box for everything). The canvas uses the
    // same font matching and fallback as the page's layout, so it sees what the page shows. BrowserTests
    // checks both answers: true with fonts-noto-cjk, false in a Chromium whose fontconfig hides the CJK fonts.
    private const string ShapedScript = """
        async (el) => {
          await document.fonts.ready;
          const text = el.innerText || el.textContent || '';
          const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
          const chars = [...new Set(Array.from(text).filter(ch => cjk.test(ch)))];
          if (chars.length === 0) return false;
          const cs = getComputedStyle(el);
          const size = 32, box = 64;
          const canvas = document.createElement('canvas');
          canvas.width = box; canvas.height = box;
          const ctx = canvas.getContext('2d', { willReadFrequently: true });
          const draw = (ch) => {
            ctx.clearRect(0, 0, box, box);
            ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${size}px ${cs.fontFamily}`;
            ctx.textBaseline = 'middle';
            ctx.fillStyle = '#000';
            ctx.fillText(ch, 8, box / 2);
            const data = ctx.getImageData(0, 0, box, box).data;
            let bitmap = '', ink = 0;
            for (let i = 3; i < data.length; i += 4) { bitmap += String.fromCharCode(data[i]); ink += data[i] > 0 ? 1 : 0; }
            return { bitmap, ink };
          };
          // Unassigned code points: in Greek, in Armenian, and between the Kangxi radicals and the
          // ideographic description characters.
          const missing = ['\u0378', '\u0530', '\u2FE0'].map(draw).map(g => g.bitmap);
          const glyphs = chars.map(draw);
          const real = glyphs.every(g => g.ink > 0 && !missing.includes(g.bitmap));
          const distinct = glyphs.length < 2 || new Set(glyphs.map(g => g.bitmap)).size > 1;
          return real && distinct;
        }
        """;

    /// <summary>
    /// True when the text of the first element matching <paramref name="selector"/> contains CJK characters
    /// and the browser draws every one of them with a real glyph, not a .notdef box.
    /// </summary>
    public static Task<bool> IsShapedAsync(IPage page, string selector) =>
        page.Locator(selector).First.EvaluateAsync<bool>(ShapedScript);

    /// <summary>
    /// The installed fonts Chromium drew the text of the first element matching <paramref name="selector"/>
    /// with, as "family (glyph count)" (DevTools' CSS.getPlatformFontsForNode), for failure messages.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FontsUsedAsync(IPage page, string selector)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        try
        {
            await cdp.SendAsync("DOM.enable");
            await cdp.SendAsync("CSS.enable");
            var document = await cdp.SendAsync("DOM.getDocument");
            var root = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
            var found = await cdp.SendAsync("DOM.querySelector", new() { ["nodeId"] = root, ["selector"] = selector });
            var node = found!.Value.GetProperty("nodeId").GetInt32();
            if (node == 0)
            {
                throw new InvalidOperationException($"No element matches {selector}.");
            }

            var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = node });
            return [.. fonts!.Value.GetProperty("fonts").EnumerateArray()
                .Select(f => $"{f.GetProperty("familyName").GetString()} ({f.GetProperty("glyphCount").GetInt32()})")];
        }
        finally
        {
            await cdp.DetachAsync();
        }
    }
}

/// <summary>Where a browser error came from.</summary>
public enum BrowserErrorKind
{
    /// <summary>A console message of type error.</summary>
    Console,

    /// <summary>An uncaught exception in the page.</summary>
    Page,

    /// <summary>A failed request (network failure or HTTP status ≥ 400) of the page's own origin.</summary>
    Request,
}

/// <summary>One error a page reported.</summary>
public sealed record BrowserError(BrowserErrorKind Kind, string Message, string? Url)
{
    /// <inheritdoc />
    public override string ToString() => Url is null ? $"{Kind}: {Message}" : $"{Kind}: {Message} ({Url})";
}

/// <summary>A loaded page: what went wrong, how it looks, and the page itself. Dispose closes it.</summary>
public sealed record RenderedPage(IPage Page, string Title, byte[] Screenshot, IReadOnlyList<BrowserError> Errors) : IAsyncDisposable
{
    /// <summary>Console errors only.</summary>
    public IEnumerable<BrowserError> ConsoleErrors => Errors.Where(e => e.Kind == BrowserErrorKind.Console);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(Page.Context.CloseAsync());
}
