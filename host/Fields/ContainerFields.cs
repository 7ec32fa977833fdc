using Sharpdig.Decode;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>container.*: the container the thread runs in ("host" for none), from the capture's container events.</summary>
static class ContainerFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("container.id", i => new StringField(i, e => e.Thread is { } t ? (t.ContainerId.Length == 0 ? "host" : t.ContainerId) : null));
        d.Add("container.name", i => new StringField(i, e => e.Thread is { } t
            ? t.ContainerId.Length == 0 ? "host" : NonEmpty(Container(e)?.Name) : null));
        d.Add("container.image", i => new StringField(i, e => NonEmpty(Container(e)?.Image)));
        d.Add("container.image.id", i => new StringField(i, e => NonEmpty(Container(e)?.ImageId)));
        d.Add("container.image.repository", i => new StringField(i, e => NonEmpty(Container(e)?.ImageRepo)));
        d.Add("container.image.tag", i => new StringField(i, e => NonEmpty(Container(e)?.ImageTag)));
        d.Add("container.image.digest", i => new StringField(i, e => NonEmpty(Container(e)?.ImageDigest)));
        d.Add("container.type", i => new ContainerTypeField(i));
        d.Add("container.privileged", i => new IntField(i, e =>
            Container(e) is { IsDockerCompatible: true } c ? (c.Privileged ? 1 : 0) : null));
        d.Add("container.mounts", i => new StringField(i, e => Container(e) is { } c ? string.Join(',', c.Mounts) : null));
        d.Add("container.mount", (FieldInfo i, FieldText t, out int consumed) =>
            MountField.Parse(i, t, out consumed, MountField.Part.All));
        d.Add("container.mount.source", (FieldInfo i, FieldText t, out int consumed) =>
            MountField.Parse(i, t, out consumed, MountField.Part.Source));
        d.Add("container.mount.dest", (FieldInfo i, FieldText t, out int consumed) =>
            MountField.Parse(i, t, out consumed, MountField.Part.Dest));
        d.Add("container.mount.mode", (FieldInfo i, FieldText t, out int consumed) =>
            MountField.Parse(i, t, out consumed, MountField.Part.Mode));
        d.Add("container.mount.rdwr", (FieldInfo i, FieldText t, out int consumed) =>
            MountField.Parse(i, t, out consumed, MountField.Part.ReadWrite));
        d.Add("container.mount.propagation", (FieldInfo i, FieldText t, out int consumed) =>
            MountField.Parse(i, t, out consumed, MountField.Part.Propagation));
        d.Add("container.healthcheck", i => new StringField(i, e => Probe(e, ThreadCategory.Healthcheck)));
        d.Add("container.liveness_probe", i => new StringField(i, e => Probe(e, ThreadCategory.LivenessProbe)));
        d.Add("container.readiness_probe", i => new StringField(i, e => Probe(e, ThreadCategory.ReadinessProbe)));
    }

    /// <summary>The container of the event's thread; null on the host or when the capture did not describe it.</summary>
    internal static ContainerInfo? Container(Event e) =>
        e.Thread is { ContainerId.Length: > 0 } t ? e.Inspector.Containers.Find(t.ContainerId) : null;

    static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The probe's command line, or "NONE" for a container without one.</summary>
    static string? Probe(Event e, ThreadCategory kind)
    {
        if (Container(e) is not { } c) return null;
        foreach (var p in c.HealthProbes)
            if (p.Category == kind) return p.Args.Count == 0 ? p.Exe : p.Exe + " " + string.Join(' ', p.Args);
        return "NONE";
    }
}

/// <summary>container.type: the runtime's name; sysdig leaves its previous text for runtimes it has no name for.</summary>
sealed class ContainerTypeField(FieldInfo info) : Field(info)
{
    string last = "";

    public override bool TryGetString(Event e, out string value)
    {
        value = "";
        if (e.Thread is not { } t) return false;
        if (t.ContainerId.Length == 0) last = "host";
        else if (ContainerFields.Container(e) is not { } c) return false;
        else last = c.Type switch
        {
            ContainerType.Docker => "docker", ContainerType.Lxc => "lxc", ContainerType.LibvirtLxc => "libvirt-lxc",
            ContainerType.Mesos => "mesos", ContainerType.Cri => "cri", ContainerType.Containerd => "containerd",
            ContainerType.Crio => "cri-o", ContainerType.Rkt => "rkt", ContainerType.Bpm => "bpm", _ => last,
        };
        value = last;
        return true;
    }
}

/// <summary>
/// container.mount[...] and container.mount.X[...]: a mount picked by index, or by a glob on its source
/// (on its destination for .source); the whole mount or one of its parts.
/// </summary>
sealed class MountField(FieldInfo info, MountField.Part part, int index, string pattern) : TextField(info)
{
    public enum Part { All, Source, Dest, Mode, ReadWrite, Propagation }

    public static Field Parse(FieldInfo info, FieldText t, out int consumed, Part part)
    {
        const int MountLength = 15;   // "container.mount"
        if (part == Part.All && t.At(MountLength) == '.') throw Arguments.SyntaxError(t);
        // sysdig looks for the brackets anywhere after the name.
        int open = t.Text.IndexOf('[', t.Start + (part == Part.All ? MountLength : MountLength + 1));
        int close = open < 0 ? -1 : t.Text.IndexOf(']', open);
        if (close < 0) throw Arguments.SyntaxError(t);
        consumed = close + 1 - t.Start;
        string argument = t.Text[(open + 1)..close];
        return Arguments.TryParseInteger(argument, out long n)
            ? new MountField(info, part, (int)n, "")
            : new MountField(info, part, -1, argument);
    }

    protected override bool Write(Event e, TextBuffer o)
    {
        if (ContainerFields.Container(e) is not { } c) return false;
        ContainerMount? mount = null;
        if (index != -1)
        {
            if ((uint)index < (uint)c.Mounts.Count) mount = c.Mounts[index];
        }
        else
            mount = c.Mounts.FirstOrDefault(m => Glob.Match(pattern, part == Part.Source ? m.Destination : m.Source));
        if (mount == null) return false;
        o.Append(part switch
        {
            Part.Source => mount.Source,
            Part.Dest => mount.Destination,
            Part.Mode => mount.Mode,
            Part.ReadWrite => mount.ReadWrite ? "true" : "false",
            Part.Propagation => mount.Propagation,
            _ => mount.ToString(),
        });
        return true;
    }
}

/// <summary>Shell-style wildcard matching (fnmatch without flags): *, ? and [...] classes.</summary>
static class Glob
{
    public static bool Match(string pattern, string text) => Match(pattern, 0, text, 0);

    static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            if (c == '*')
            {
                for (int k = si; k <= s.Length; k++)
                    if (Match(p, pi + 1, s, k)) return true;
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '?') { pi++; si++; continue; }
            if (c == '[' && p.IndexOf(']', pi + 2) is var end and > 0)
            {
                bool negate = p[pi + 1] is '!' or '^';
                int k = pi + (negate ? 2 : 1);
                bool hit = false;
                for (; k < end; k++)
                {
                    if (k + 2 < end && p[k + 1] == '-') { hit |= s[si] >= p[k] && s[si] <= p[k + 2]; k += 2; }
                    else hit |= s[si] == p[k];
                }
                if (hit == negate) return false;
                pi = end + 1;
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.Length) c = p[++pi];
            if (s[si] != c) return false;
            pi++;
            si++;
        }
        return si == s.Length;
    }
}
