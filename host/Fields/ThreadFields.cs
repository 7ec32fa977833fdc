using Sharpdig.Decode;

namespace Sharpdig.Fields;

/// <summary>proc.* and thread.* fields.</summary>
static class ThreadFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("proc.name", i => new StringField(i, e => e.Thread?.Comm));
        d.Add("proc.pid", i => new IntField(i, e => e.Thread?.Pid));
        d.Add("thread.tid", i => new IntField(i, e => e.Tid));
    }
}
