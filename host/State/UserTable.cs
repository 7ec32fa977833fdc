using Sharpdig.Driver.Snapshot;

namespace Sharpdig.State;

/// <summary>Users and groups by id, as the capture's user list (or the live system) describes them.</summary>
public sealed class UserTable
{
    readonly Dictionary<uint, UserRecord> users = new();
    readonly Dictionary<uint, GroupRecord> groups = new();

    /// <summary>Takes in the capture's user list; as in sysdig, a later entry for an id replaces an earlier one.</summary>
    public void Load(SystemSnapshot snapshot)
    {
        foreach (var u in snapshot.Users) users[u.Uid] = u;
        foreach (var g in snapshot.Groups) groups[g.Gid] = g;
    }

    public UserRecord? User(uint uid) => users.GetValueOrDefault(uid);
    public GroupRecord? Group(uint gid) => groups.GetValueOrDefault(gid);
    public IEnumerable<UserRecord> Users => users.Values;
}
