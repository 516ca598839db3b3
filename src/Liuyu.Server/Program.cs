using Liuyu.Server.Features.Account;
using Liuyu.Server.Features.Agreements;
using Liuyu.Server.Features.Audit;
using Liuyu.Server.Features.CrossProvince;
using Liuyu.Server.Features.Downloads;
using Liuyu.Server.Features.Exemptions;
using Liuyu.Server.Features.Explain;
using Liuyu.Server.Features.Health;
using Liuyu.Server.Features.Imports;
using Liuyu.Server.Features.Integrity;
using Liuyu.Server.Features.JointGovernance;
using Liuyu.Server.Features.Ledger;
using Liuyu.Server.Features.Overview;
using Liuyu.Server.Features.Rivers;
using Liuyu.Server.Features.Scheme;
using Liuyu.Server.Features.Sections;
using Liuyu.Server.Features.Settlement;
using Liuyu.Server.Features.Stations;
using Liuyu.Server.Features.Users;
using Liuyu.Server.Infrastructure;
using Liuyu.Storage;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection("Liuyu").Get<ServerOptions>() ?? new ServerOptions();
builder.Services.AddSingleton(options);

if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    builder.WebHost.UseUrls($"http://localhost:{options.Port}");

builder.Services.AddSingleton(TimeProvider.System);
// The chain key (optional, keyed tamper evidence) comes from configuration, never from the database.
var chainKey = builder.Configuration["Liuyu:ChainKey"] is { Length: > 0 } secret ? ChainKey.Keyed(secret) : ChainKey.FromEnvironment();
builder.Services.AddSingleton<ChainStatus>();
builder.Services.AddSingleton<StoreVersion>();
builder.Services.AddSingleton<YearStatements>();
builder.Services.AddSingleton(sp => new StoreStartup(
    StoreLocation.Parse(ServerOptions.StoreLocation(builder.Configuration, options)), sp.GetRequiredService<TimeProvider>(), chainKey,
    sp.GetRequiredService<ILogger<StoreStartup>>()));
builder.Services.AddScoped<StoreAccess>();
// The whole chain is verified after start, in the background: /health answers without waiting for it.
builder.Services.AddHostedService<ChainVerificationAtStart>();
// The HJ 212 receiver of automatic stations (issue 14), only when Liuyu:Hj212:Port is set.
builder.Services.AddSingleton<StationReceiverService>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<StationReceiverService>());
builder.Services.AddResponseSpeed();
// Read models built from the whole year (the overview), keyed by the store's version; bounded to 256 entries.
builder.Services.AddMemoryCache(o => o.SizeLimit = 256);
builder.Services.AddLiuyuIdentity(ServerOptions.UsersLocation(builder.Configuration, options));
builder.Services.AddLiuyuSignInGuard(builder.Configuration);
builder.Services.AddLiuyuReverseProxy(builder.Configuration);
builder.Services.AddAuthorization(o =>
{
    // R-EXT-2: the other province's finance department sees only its cross-province statements (Features/CrossProvince).
    o.DefaultPolicy = Roles.InsideTheScheme;
    o.AddPolicy(Roles.SignedInPolicy, p => p.RequireAuthenticatedUser());
});
builder.Services.AddAntiforgery(o =>
{
    o.HeaderName = "X-CSRF-TOKEN";
    o.Cookie.Name = "liuyu.csrf";
    o.Cookie.SameSite = SameSiteMode.Strict;
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

var app = builder.Build();

// The users database and the store are made ready side by side; demo users need the store's parties, so they come after.
var usersReady = Task.Run(() => app.Services.InitialiseUsersAsync(options));
var startup = app.Services.GetRequiredService<StoreStartup>();
startup.Initialise(options.Demo, options.DemoStory);
await usersReady;
await app.Services.InitialiseDemoUsersAsync(options, () =>
{
    using var scope = app.Services.CreateScope();
    return scope.ServiceProvider.GetRequiredService<StoreAccess>().Read(s => s.LoadRegistry().Parties);
});

app.UseLiuyuReverseProxy();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Compression: the page's files here; the API's answers inside the output cache below (compressed once per store
// version and encoding, then served compressed from memory: a national overview is megabytes).
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseResponseCompression());
app.UseDefaultFiles();
app.UseStaticFiles(ResponseSpeed.StaticFiles());
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
// After authorisation: a cached answer is served only to a request that may read it.
app.UseOutputCache();
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseResponseCompression());

app.MapOpenApi();
// Scalar serves its script from the package; default fonts would come from its CDN, so they are off (offline networks).
app.MapScalarApiReference(o => o.WithTitle("流域 Liuyu API").DisableDefaultFonts());
app.MapHealth();
app.MapAccount();
app.MapUsers();
app.MapScheme();
app.MapOverview();
app.MapEarlyWarnings();
app.MapStations();
app.MapRivers();
app.MapLedger();
app.MapExplain();
app.MapSections();
app.MapSettlement();
app.MapCrossProvince();
app.MapExemptions();
app.MapJointGovernance();
app.MapDownloads();
app.MapAgreements();
app.MapAudit();
app.MapImports();
Liuyu.Server.Features.Aliases.AliasEndpoints.MapAliases(app);
Liuyu.Server.Features.Registry.RegistryEndpoints.MapRegistry(app);
app.MapIntegrity();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Liuyu server on {Urls}, store {Store}", string.Join(", ", app.Urls), startup.Location.Display));
app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
