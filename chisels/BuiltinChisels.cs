using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>sharpdig's built-in chisels by name: what <c>-c NAME</c> runs instead of sysdig's Lua chisel of that name.</summary>
public static class Builtins
{
    static readonly Dictionary<string, Func<Chisel>> factories = new(StringComparer.Ordinal)
    {
        ["table_generator"] = () => new TableGenerator(),
        ["topscalls"] = () => new TopScalls(),
        ["topscalls_time"] = () => new TopScallsTime(),
        ["topfiles_bytes"] = () => new TopFilesBytes(),
        ["topfiles_time"] = () => new TopFilesTime(),
        ["topfiles_errors"] = () => new TopFilesErrors(),
        ["topprocs_errors"] = () => new TopProcsErrors(),
        ["topprocs_file"] = () => new TopProcsFile(),
        ["topprocs_net"] = () => new TopProcsNet(),
        ["topconns"] = () => new TopConns(),
        ["topports_server"] = () => new TopPortsServer(),
        ["topcontainers_net"] = () => new TopContainersNet(),
        ["topcontainers_file"] = () => new TopContainersFile(),
        ["topcontainers_error"] = () => new TopContainersError(),
        ["fdbytes_by"] = () => new FdBytesBy(),
        ["fdtime_by"] = () => new FdTimeBy(),
        ["topprocs_cpu"] = () => new TopProcsCpu(),
        ["topcontainers_cpu"] = () => new TopContainersCpu(),
        ["lsof"] = () => new Lsof(),
        ["ps"] = () => new Ps(),
        ["netstat"] = () => new Netstat(),
        ["lscontainers"] = () => new LsContainers(),
        ["echo_fds"] = () => new EchoFds(),
        ["spy_file"] = () => new SpyFile(),
        ["spy_ip"] = () => new SpyIp(),
        ["spy_port"] = () => new SpyPort(),
        ["stdin"] = () => new Stdin(),
        ["stdout"] = () => new Stdout(),
        ["stderr"] = () => new Stderr(),
        ["iobytes"] = () => new IoBytesAll(),
        ["iobytes_file"] = () => new IoBytesFile(),
        ["iobytes_net"] = () => new IoBytesNet(),
        ["fileslower"] = () => new FilesSlower(),
        ["scallslower"] = () => new ScallsSlower(),
        ["proc_exec_time"] = () => new ProcExecTime(),
        ["bottlenecks"] = () => new Bottlenecks(),
        ["spy_users"] = () => new SpyUsers(),
        ["httplog"] = () => new HttpLog(),
        ["httptop"] = () => new HttpTop(),
        ["fdcount_by"] = () => new FdCountBy(),
        ["list_login_shells"] = () => new ListLoginShells(),
        ["around"] = () => new Around(),
    };

    /// <summary>The names of the built-in chisels.</summary>
    public static IEnumerable<string> Names => factories.Keys;

    /// <summary>A new instance of built-in chisel <paramref name="name"/>, or null when there is none.</summary>
    public static Chisel? Create(string name) => factories.TryGetValue(name, out var create) ? create() : null;
}
