using Microsoft.Playwright;

namespace Liuyu.Server.Tests;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, installed by test.sh) driven by Playwright; Playwright's own browser
/// download cannot work on this network, so it is never used. Screenshots go to artifacts/screenshots at the root.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Screenshots { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: run ./test.sh, which installs Debian's chromium");
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page (own cookies) at 1366×768, the office screens the bureaus use, Chinese locale.</summary>
    public Task<IPage> NewPage() => NewPage(1366, 768);

    /// <summary>A fresh page at another size: 390×844 is a phone (<see cref="PhoneWidth"/>).</summary>
    public async Task<IPage> NewPage(int width, int height)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN",
            IsMobile = width < 500, HasTouch = width < 500, DeviceScaleFactor = width < 500 ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>A fresh page signed in through the sign-in form, waiting for the navigation.</summary>
    public Task<IPage> SignIn(Uri server, string user, string password = LiuyuServer.DemoPassword) => SignIn(server, user, 1366, 768, password);

    /// <summary>The phone the district officers carry: 390×844 CSS pixels.</summary>
    public const int PhoneWidth = 390, PhoneHeight = 844;

    /// <summary>A fresh page signed in at the given size.</summary>
    public async Task<IPage> SignIn(Uri server, string user, int width, int height, string password = LiuyuServer.DemoPassword)
    {
        var page = await NewPage(width, height);
        await page.GotoAsync(server.ToString());
        await page.FillAsync("#login-user", user);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
        // 退出 shows once signed in, at every size (on a phone the navigation itself is folded behind ☰).
        await page.WaitForSelectorAsync("#logout:not(.hidden)");
        return page;
    }

    public static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png") });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Liuyu.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Path.GetTempPath();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<LiuyuServer>, ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
