using Sharpdig.Decode;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Fields;

/// <summary>user.* and group.*: the user and group the thread runs as, looked up in the capture's user list.</summary>
static class UserFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("user.uid", i => new IntField(i, e => e.Thread?.Uid));
        d.Add("user.name", i => new StringField(i, e => User(e)?.Name));
        d.Add("user.homedir", i => new StringField(i, e => User(e)?.HomeDir));
        d.Add("user.shell", i => new StringField(i, e => User(e)?.Shell));
        d.Add("user.loginuid", i => new IntField(i, e => e.Thread is { } t ? (int)t.LoginUid : null));
        d.Add("user.loginname", i => new StringField(i, e => e.Thread is { } t ? e.Inspector.Users.User(t.LoginUid)?.Name : null));
        // sysdig reads this 32-bit id as 64 bits: the upper half is the thread's child count, stored next to it.
        d.Add("group.gid", i => new IntField(i, e => e.Thread is { } t ? (long)((ulong)t.Gid | (ulong)(uint)t.Children << 32) : null));
        d.Add("group.name", i => new StringField(i, e =>
            e.Thread is { Gid: not uint.MaxValue } t ? e.Inspector.Users.Group(t.Gid)?.Name : null));
    }

    static UserRecord? User(Event e) => e.Thread is { } t ? e.Inspector.Users.User(t.Uid) : null;
}
