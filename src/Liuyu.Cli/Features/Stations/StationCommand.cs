using System.CommandLine;
using System.Globalization;
using Liuyu.Data.Csv;
using Liuyu.Stations.Receiver;
using Liuyu.Stations.Simulator;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Liuyu.Cli.Features.Stations;

/// <summary>
/// <c>liuyu station serve|simulate</c> (issue 14): the HJ 212-2017 receiver on its own, storing what the registered
/// automatic stations send (stations.csv registers them), and a simulated station that sends hourly CN=2061 packets.
/// </summary>
public static class StationCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("station", "automatic stations (HJ 212-2017): receive their data, or simulate one");
        cmd.Subcommands.Add(Serve(ctx));
        cmd.Subcommands.Add(Simulate(ctx));
        cmd.Subcommands.Add(Disagreements(ctx));
        return cmd;
    }

    /// <summary>
    /// <c>liuyu station disagreements --store S --year Y [--json]</c> (issue 14 item 4): the section-months whose stations
    /// delivered enough valid hours (<c>station_completeness</c>) and whose class differs from the latest imported
    /// result, which is the one accounted (R-DATA-1/2). The same list as the stations page.
    /// </summary>
    private static Command Disagreements(CliContext ctx)
    {
        var store = CliOptions.Store();
        var year = CliOptions.Year();
        var json = CliOptions.Json();
        var cmd = new Command("disagreements", "section-months whose station class (complete enough to count) differs from the imported result, which is accounted")
        {
            store, year, json,
        };
        cmd.SetAction(p =>
        {
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            var list = Application.UseCases.StationDisagreements.Of(s, scheme, p.GetValue(year), _ => true);
            if (p.GetValue(json))
            {
                ctx.WriteUtf8Line(stream =>
                {
                    using var w = new System.Text.Json.Utf8JsonWriter(stream, Data.Contracts.AccountingJson.WriterOptions);
                    w.WriteStartObject();
                    w.WriteNumber("year", p.GetValue(year));
                    w.WriteStartArray("disagreements");
                    foreach (var d in list)
                    {
                        w.WriteStartObject();
                        w.WriteString("section", d.Section.Id.Value);
                        w.WriteString("month", d.Month.ToString());
                        w.WriteStartObject("station");
                        w.WriteString("class", d.StationClass.Code);
                        w.WriteStartArray("deciding");
                        foreach (var k in d.Deciding) w.WriteStringValue(k);
                        w.WriteEndArray();
                        w.WriteNumber("completeness", d.Completeness);
                        w.WriteNumber("required", d.Required);
                        w.WriteEndObject();
                        w.WriteStartObject("imported");
                        Samples.SamplesCommand.WriteImported(w, d.ImportedClass, d.ImportedSource, d.ImportedRevision);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return LiuyuCli.Ok;
            }
            var console = ctx.Console();
            var table = new Table().AddColumn("断面 section").AddColumn("月份 month").AddColumn("自动站 station").AddColumn("有效小时 valid hours")
                .AddColumn("导入 imported (accounted)").AddColumn("来源 source");
            foreach (var d in list)
                table.AddRow(Markup.Escape($"{d.Section.Id.Value} {d.Section.Name}"), d.Month.ToString(),
                    Markup.Escape($"{d.StationClass.Display} ({string.Join(", ", d.Deciding)})"),
                    $"{d.Completeness.ToString("P1", CultureInfo.InvariantCulture)} / {d.Required.ToString("P0", CultureInfo.InvariantCulture)}",
                    Markup.Escape(d.ImportedClass?.Display ?? "none") + (d.ImportedRevision > 0 ? $" (revision {d.ImportedRevision})" : ""),
                    Samples.SamplesCommand.SourceName(d.ImportedSource));
            console.Write(table);
            console.WriteLine($"{list.Count} disagreement(s)");
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    private static Command Serve(CliContext ctx)
    {
        var store = CliOptions.Store();
        var port = new Option<int>("--port", "-p") { Description = "TCP port to listen on", Required = true };
        var address = new Option<string>("--address") { Description = "address to listen on (default every interface)", DefaultValueFactory = _ => "0.0.0.0" };
        var max = new Option<int>("--max-connections") { Description = "connections served at once", DefaultValueFactory = _ => 2000 };
        var cmd = new Command("serve", "receive HJ 212 packets from the registered stations until stopped (Ctrl+C); store CN 2011/2051/2061/2031 data, acknowledge with CN=9014 once stored")
        {
            store, port, address, max,
        };
        cmd.SetAction(async (p, ct) =>
        {
            if (p.GetValue(port) is < 0 or > 65535)
                throw new InputException(new InputError("--port", null, null, ErrorCodes.ValueBad, ("value", p.GetValue(port))));
            var options = new ReceiverOptions { Port = p.GetValue(port), Address = p.GetValue(address)!, MaxConnections = p.GetValue(max) };
            var open = CliOptions.StationStores(p.GetValue(store)!);
            await using var receiver = new Hj212Receiver(options, open, TimeProvider.System, new WriterLogger(ctx.Error));
            receiver.Start();
            ctx.Out.WriteLine($"HJ 212 receiver on {options.Address}:{receiver.Port}, store {p.GetValue(store)}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            // SIGTERM too (a service manager, or a script whose background jobs ignore SIGINT): stop the same way, with the totals.
            using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
            finally { Console.CancelKeyPress -= onCancel; }
            ctx.Out.WriteLine($"packets {receiver.PacketsRead}, acknowledged {receiver.Acknowledged}, values stored {receiver.ValuesStored}, transactions {receiver.Batches}, connections refused {receiver.ConnectionsRefused}");
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    private static Command Simulate(CliContext ctx)
    {
        var host = new Option<string>("--host") { Description = "receiver host", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "receiver port", Required = true };
        var mn = new Option<string>("--mn") { Description = "the station's MN", Required = true };
        var password = new Option<string>("--password") { Description = "the station's 6-character PW", Required = true };
        var from = new Option<string>("--from") { Description = "first hour, YYYY-MM-DD or YYYY-MM-DDTHH", Required = true };
        var to = new Option<string>("--to") { Description = "end (exclusive), YYYY-MM-DD or YYYY-MM-DDTHH", Required = true };
        var values = new Option<string>("--values")
        {
            Description = "HJ 212 codes and hourly averages, e.g. w01018=25,w21003=0.4 (flag N)",
            DefaultValueFactory = _ => "w01001=7.5,w01009=7.0,w01019=3.5,w01018=14,w21003=0.4,w21011=0.08",
        };
        var count = new Option<int>("--count")
        {
            Description = "simulate this many stations at once, each on its own connection, MN = the --mn prefix and a 4-digit number (0001, 0002, …); the benchmark's load",
            DefaultValueFactory = _ => 1,
        };
        var cmd = new Command("simulate", "a simulated surface-water station: one CN=2061 packet an hour with Flag=5, each waiting for its CN=9014") { host, port, mn, password, from, to, values, count };
        cmd.SetAction(async (p, ct) =>
        {
            var start = ParseHour(p.GetValue(from)!, "--from");
            var end = ParseHour(p.GetValue(to)!, "--to");
            var map = StationSimulator.ParseValues(p.GetValue(values)!);
            var n = p.GetValue(count);
            if (n is < 1 or > 10_000) throw new InputException(new InputError("--count", null, null, ErrorCodes.ValueBad, ("value", n)));
            var mns = n == 1 ? [p.GetValue(mn)!] : Enumerable.Range(1, n).Select(i => p.GetValue(mn)! + i.ToString("D4", CultureInfo.InvariantCulture)).ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var reports = await Task.WhenAll(mns.Select(m =>
                new StationSimulator(p.GetValue(host)!, p.GetValue(port), m, p.GetValue(password)!).SendHoursAsync(start, end, _ => map, ct: ct)));
            clock.Stop();
            var total = new SimulationReport(reports.Sum(r => r.Sent), reports.Sum(r => r.Acknowledged), reports.Sum(r => r.NotAcknowledged), reports.Sum(r => r.Reconnects));
            ctx.Out.WriteLine(StationSimulator.Describe(total));
            if (n > 1)
                ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n} stations, {total.Acknowledged} packets acknowledged in {clock.Elapsed.TotalSeconds:0.00} s: {total.Acknowledged / clock.Elapsed.TotalSeconds:0} packets/s"));
            return total.NotAcknowledged == 0 ? LiuyuCli.Ok : LiuyuCli.BadInput;
        });
        return cmd;
    }

    private static DateTime ParseHour(string text, string option) =>
        DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-ddTHH", "yyyy-MM-ddTHH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw new InputException(new InputError(option, null, null, ErrorCodes.DateInvalid, ("value", text)));

    /// <summary>The receiver's log lines on standard error: the level and the message with its refusal code.</summary>
    private sealed class WriterLogger(TextWriter writer) : ILogger
    {
        private readonly Lock _gate = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (_gate) writer.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
        }
    }
}
