using System.Numerics;
using System.Runtime.InteropServices;
using Sharpdig.Driver.Proc;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Live;

/// <summary>
/// Events from the running kernel: the eBPF driver (sharpdig.bpf.o, embedded) loaded through libbpf,
/// its per-cpu rings read in batches into one reused buffer, the initial state from a /proc scan.
/// Events come out in the capture-file layout, so everything above treats them as file events.
/// </summary>
public sealed unsafe class LiveEventSource : IEventSource
{
    const int BatchBytes = 4 << 20;
    const int MaxRecord = 2 + 65536;
    /// <summary>struct counters: events, drops and two words the driver keeps for itself, per cpu.</summary>
    const int CounterWords = 4;
    /// <summary>How long to wait when the rings were empty: they take far longer than this to fill.</summary>
    const int IdleWaitMs = 5;
    /// <summary>A drain smaller than this means the reader has caught up with the kernel.</summary>
    const int SmallDrainBytes = 64 << 10;

    readonly nint obj;
    readonly List<nint> links = new();
    readonly CpuRings rings;
    readonly int statsFd;
    readonly LiveSettings settings;
    readonly byte[] batch = new byte[BatchBytes];
    int batchUsed, batchPosition;
    volatile bool stopRequested;
    bool drained, disposed, caughtUp;

    public string Name => "live";
    public SystemSnapshot Snapshot { get; }
    public (long Read, long Total) Progress => (0, 0);

    LiveEventSource(nint obj, LiveSettings settings)
    {
        this.obj = obj;
        this.settings = settings;
        int cpus = PossibleCpus();
        rings = CpuRings.Map(Map("ring_data"), Map("ring_positions"), cpus, RingBytes(cpus));
        statsFd = LibBpf.MapFd(Map("stats"));
        FillTables();
        foreach (var name in new[] { "sys_enter", "sys_exit", "sched_process_exit" })
        {
            nint program = LibBpf.FindProgram(obj, name);
            nint link = program == 0 ? 0 : LibBpf.Attach(program);
            if (link == 0) throw new LiveCaptureException($"cannot attach the eBPF program {name} (errno {Marshal.GetLastPInvokeError()})");
            links.Add(link);
        }
        // Capture first, then scan: whatever changes during the scan is in the events too.
        WriteSettings(capturing: true);
        Snapshot = ProcScanner.Scan(settings.ImportUsers);
    }

    /// <summary>Loads and starts the driver; throws <see cref="LiveCaptureException"/> saying what is missing.</summary>
    public static LiveEventSource Open(LiveSettings settings)
    {
        if (LibBpf.GetEuid() != 0)
            throw new LiveCaptureException("live capture needs root (to load the eBPF driver); run as root, or read a capture with -r");
        if (!File.Exists("/sys/kernel/btf/vmlinux"))
            throw new LiveCaptureException("live capture needs a kernel with BTF (/sys/kernel/btf/vmlinux is missing)");
        nint obj;
        try
        {
            LibBpf.SetPrint(0);
            obj = OpenObject();
        }
        catch (DllNotFoundException)
        {
            throw new LiveCaptureException("live capture needs libbpf (Debian package libbpf1)");
        }
        try
        {
            return new LiveEventSource(obj, settings);
        }
        catch
        {
            LibBpf.Close(obj);
            throw;
        }
    }

    static nint OpenObject()
    {
        using var stream = typeof(LiveEventSource).Assembly.GetManifestResourceStream("sharpdig.bpf.o")
            ?? throw new LiveCaptureException("the eBPF driver is missing from this build");
        // libbpf refers to the ELF image for as long as the object lives: it stays in native memory, never moved
        // (and is not freed: the object lives as long as the process).
        nuint size = (nuint)stream.Length;
        byte* image = (byte*)NativeMemory.Alloc(size);
        stream.ReadExactly(new Span<byte>(image, (int)size));
        return LoadObject(image, size);
    }

    static nint LoadObject(byte* image, nuint size)
    {
        nint obj = LibBpf.OpenMemory(image, size, 0);
        if (obj == 0) throw new LiveCaptureException("cannot open the eBPF driver object");
        int cpus = PossibleCpus(), ringBytes = RingBytes(cpus);
        nint ringData = LibBpf.FindMap(obj, "ring_data");
        nuint maskSize;
        ulong* mask = (ulong*)LibBpf.InitialValue(LibBpf.FindMap(obj, ".rodata.ring"), &maskSize);
        if (mask == null || maskSize != sizeof(ulong) ||
            LibBpf.SetMaxEntries(ringData, (uint)cpus) != 0 ||
            LibBpf.SetValueSize(ringData, (uint)CpuRings.ValueBytes(ringBytes)) != 0 ||
            LibBpf.SetMaxEntries(LibBpf.FindMap(obj, "ring_positions"), (uint)cpus) != 0 ||
            LibBpf.SetMaxEntries(LibBpf.FindMap(obj, "scratches"), (uint)(2 * cpus)) != 0)
        {
            LibBpf.Close(obj);
            throw new LiveCaptureException("cannot size the eBPF driver's maps");
        }
        *mask = (ulong)ringBytes - 1;
        int err = LibBpf.Load(obj);
        if (err != 0)
        {
            LibBpf.Close(obj);
            throw new LiveCaptureException(err == -1 || err == -13
                ? "the kernel refused to load the eBPF driver: BPF is not permitted here"
                : err == -38 ? "the kernel has no BPF support" : $"the kernel refused to load the eBPF driver (error {-err})");
        }
        return obj;
    }

    /// <summary>
    /// Each cpu's ring: 128 MiB in all, shared out (a cpu producing at full speed fills 64 MiB in about a
    /// third of a second), but at least sysdig's 8 MiB a cpu.
    /// </summary>
    static int RingBytes(int cpus) => (int)Math.Clamp(1u << BitOperations.Log2((128u << 20) / (uint)cpus), 8u << 20, 64u << 20);

    static int PossibleCpus()
    {
        // "0-3" or "0,2-5": the highest cpu id + 1, which is what bpf_get_smp_processor_id can return.
        try
        {
            var text = File.ReadAllText("/sys/devices/system/cpu/possible").Trim();
            int max = 0;
            foreach (var part in text.Split(','))
                max = Math.Max(max, int.Parse(part.Split('-')[^1]));
            return max + 1;
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return Environment.ProcessorCount;
        }
    }

    nint Map(string name)
    {
        nint map = LibBpf.FindMap(obj, name);
        if (map == 0) throw new LiveCaptureException($"the eBPF driver has no map {name}");
        return map;
    }

    void Update(string map, uint key, ReadOnlySpan<byte> value)
    {
        int fd = LibBpf.MapFd(Map(map));
        fixed (byte* v = value)
            if (LibBpf.UpdateElement(fd, &key, v, 0) != 0)
                throw new LiveCaptureException($"cannot fill the eBPF driver's map {map}");
    }

    void FillTables()
    {
        var routes = LiveTables.BuildRoutes();
        Span<byte> route = stackalloc byte[8];
        for (int nr = 0; nr < routes.Length; nr++)
        {
            var (enter, exit, sc) = routes[nr];
            MemoryMarshal.Write(route, enter);
            MemoryMarshal.Write(route[2..], exit);
            MemoryMarshal.Write(route[4..], sc);
            MemoryMarshal.Write(route[6..], (ushort)(enter == 0 && exit == 0 ? 0 : 1));
            Update("routes", (uint)nr, route);
        }
        Span<byte> program = stackalloc byte[4 + 4 * LiveTables.MaxParams];
        foreach (var (type, ops) in LiveTables.BuildPrograms())
        {
            program.Clear();
            MemoryMarshal.Write(program, (uint)ops.Length);
            for (int i = 0; i < ops.Length; i++)
            {
                program[4 + 4 * i] = (byte)ops[i].Kind;
                program[5 + 4 * i] = ops[i].Arg;
                program[6 + 4 * i] = ops[i].Size;
                program[7 + 4 * i] = ops[i].Aux;
            }
            Update("programs", type, program);
        }
    }

    void WriteSettings(bool capturing)
    {
        LibBpf.TimeSpec real, boot;
        LibBpf.ClockGetTime(LibBpf.ClockRealtime, &real);
        LibBpf.ClockGetTime(LibBpf.ClockBoottime, &boot);
        long offset = (real.Seconds - boot.Seconds) * 1_000_000_000L + (real.Nanoseconds - boot.Nanoseconds);
        Span<byte> value = stackalloc byte[24];
        MemoryMarshal.Write(value, (uint)Environment.ProcessId);
        MemoryMarshal.Write(value[4..], (uint)Math.Clamp(settings.Snaplen, 0, 65000));
        MemoryMarshal.Write(value[8..], offset);
        MemoryMarshal.Write(value[16..], (uint)LiveTables.ProcExit);
        MemoryMarshal.Write(value[20..], capturing ? 1u : 0u);
        Update("settings_map", 0, value);
    }

    public byte[]? Next(out EventPlace place)
    {
        while (batchPosition >= batchUsed)
        {
            if (stopRequested && !drained)
            {
                // Stop producing first, so that draining what is left in the rings ends.
                WriteSettings(capturing: false);
                drained = true;
            }
            // Caught up: let a backlog build before draining again. Releasing ring space a few events at a
            // time makes every producing cpu fetch the ring's positions from this cpu's cache per event.
            if (caughtUp && !drained) Thread.Sleep(batchUsed == 0 ? IdleWaitMs : 1);
            batchPosition = 0;
            batchUsed = rings.Drain(batch, MaxRecord);
            caughtUp = batchUsed < SmallDrainBytes;
            if (batchUsed > 0) break;
            if (drained)
            {
                place = default;
                return null;
            }
        }
        int length = (int)MemoryMarshal.Read<uint>(batch.AsSpan(batchPosition));
        ushort cpu = MemoryMarshal.Read<ushort>(batch.AsSpan(batchPosition + 4));
        int start = batchPosition + 6;
        batchPosition += 4 + length;
        var bytes = batch.AsSpan(start, Math.Max(length - 2, 0));
        if (RawEvent.LengthProblem(bytes, false, out _) is { } problem)
            throw new LiveCaptureException($"the eBPF driver sent a malformed event: {problem}");
        LiveTranslation.Apply(bytes);
        place = new EventPlace { Offset = start, Length = bytes.Length, Cpu = cpu };
        return batch;
    }

    /// <summary>Asks the capture to end: events already in the ring still come out, then <see cref="Next"/> returns null.</summary>
    public void Stop() => stopRequested = true;

    /// <summary>Events produced and dropped (a cpu's ring full) by the driver so far, summed over cpus.</summary>
    public LiveStatistics Statistics
    {
        get
        {
            int cpus = PossibleCpus();
            var values = new ulong[CounterWords * cpus];
            uint key = 0;
            fixed (ulong* v = values)
                if (LibBpf.LookupElement(statsFd, &key, v) != 0) return default;
            ulong events = 0, drops = 0;
            for (int c = 0; c < cpus; c++)
            {
                events += values[CounterWords * c];
                drops += values[CounterWords * c + 1];
            }
            return new LiveStatistics(events, drops);
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var link in links) LibBpf.DestroyLink(link);
        links.Clear();
        rings.Dispose();
        LibBpf.Close(obj);
    }
}
