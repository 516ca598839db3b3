using System.CommandLine;
using System.Text.Json;
using Liuyu.Domain;
using Spectre.Console;

namespace Liuyu.Cli.Features.JointGovernance;

/// <summary><c>liuyu joint</c>: the joint-governance records per river and which districts have a joint meeting system (R-JOINT-1).</summary>
public static class JointCommand
{
    public static Command Create(CliContext ctx)
    {
        var store = CliOptions.Store();
        var river = new Option<string?>("--river", "-r") { Description = "only this river" };
        var json = CliOptions.Json();
        var cmd = new Command("joint", "joint governance (联防共治): records per river and joint meeting systems (R-JOINT-1)") { store, river, json };
        cmd.SetAction(p =>
        {
            using var s = CliOptions.OpenStore(p.GetValue(store)!);
            var scheme = s.LoadScheme();
            RiverId? only = p.GetValue(river) is { } r ? new RiverId(r) : null;
            var systems = s.MeetingSystems().Where(m => only is null || m.River == only).ToList();
            var activities = s.JointActivities(only);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    meeting_systems = systems.Select(m => new { river = m.River.Value, with = m.WithMeetingSystem.Select(x => x.Value), without = m.Without.Select(x => x.Value) }),
                    activities = activities.Select(a => new { river = a.River.Value, kind = a.Kind.ToString(), date = a.Date.ToString("yyyy-MM-dd"), parties = a.Parties.Select(x => x.Value), description = a.Description }),
                }, new JsonSerializerOptions { WriteIndented = true, Encoder = Data.Contracts.AccountingJson.WriterOptions.Encoder }));
                return LiuyuCli.Ok;
            }
            var console = ctx.Console();
            var t = new Table().Title("联席会议制度 joint meeting systems").AddColumn("河流").AddColumn("已建立 with").AddColumn("未建立 without");
            foreach (var m in systems)
                t.AddRow(Markup.Escape(scheme.River(m.River).Name), Markup.Escape(string.Join("、", m.WithMeetingSystem.Select(x => scheme.Party(x).Name))),
                    Markup.Escape(string.Join("、", m.Without.Select(x => scheme.Party(x).Name))));
            console.Write(t);
            var a = new Table().Title("联防共治记录 activities").AddColumn("日期").AddColumn("河流").AddColumn("事项").AddColumn("参与方").AddColumn("说明");
            foreach (var x in activities)
                a.AddRow(x.Date.ToString("yyyy-MM-dd"), Markup.Escape(scheme.River(x.River).Name), Kind(x.Kind), Markup.Escape(string.Join("、", x.Parties.Select(q => scheme.HasParty(q) ? scheme.Party(q).Name : q.Value))), Markup.Escape(x.Description));
            console.Write(a);
            return LiuyuCli.Ok;
        });
        return cmd;
    }

    private static string Kind(JointActivityKind k) => k switch
    {
        JointActivityKind.JointMeetingSystem => "联席会议制度",
        JointActivityKind.JointEnforcement => "联合执法",
        JointActivityKind.JointEmergencyResponse => "联合应急",
        _ => "重大项目环评会商",
    };
}
