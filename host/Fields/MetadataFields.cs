namespace Sharpdig.Fields;

/// <summary>
/// k8s.*, mesos.* and marathon.*: orchestrator metadata that sysdig fetches from API servers, never from a
/// capture. Without it every field has no value; the label fields still read their ".NAME" argument.
/// </summary>
static class MetadataFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        foreach (var name in new[] { "k8s.pod.label", "k8s.rc.label", "k8s.svc.label", "k8s.ns.label", "k8s.rs.label",
                     "k8s.deployment.label", "mesos.task.label", "marathon.app.label" })
            d.Add(name, ParseLabel);
    }

    /// <summary>".NAME", where a name runs over letters, digits and / _ - . characters.</summary>
    static Field ParseLabel(FieldInfo info, FieldText t, out int consumed)
    {
        int n = t.NameLength;
        if (t.At(n) != '.') throw Arguments.SyntaxError(t);
        int end = n + 1;
        while (t.At(end) is var c && (char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.')) end++;
        consumed = end;
        return new NoValueField(info);
    }
}
