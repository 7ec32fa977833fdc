using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Proc;

/// <summary>Users and groups from /etc/passwd and /etc/group, for the user list block.</summary>
static class Credentials
{
    public static void Read(SystemSnapshot s, string etc = "/etc")
    {
        foreach (var f in Fields(Path.Combine(etc, "passwd"), 7))
            if (uint.TryParse(f[2], out uint uid) && uint.TryParse(f[3], out uint gid))
                s.Users.Add(new UserRecord(uid, gid, f[0], f[5], f[6]));
        foreach (var f in Fields(Path.Combine(etc, "group"), 3))
            if (uint.TryParse(f[2], out uint gid))
                s.Groups.Add(new GroupRecord(gid, f[0]));
    }

    static IEnumerable<string[]> Fields(string path, int count)
    {
        foreach (var line in ProcScanner.ReadText(path).Split('\n'))
        {
            var f = line.Split(':');
            if (f.Length >= count) yield return f;
        }
    }
}
