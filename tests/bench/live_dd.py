#!/usr/bin/env python3
"""Live capture overhead (issue 6): `dd if=/dev/zero of=/dev/null bs=1 count=500000` (1M syscalls)
bare, then while `sharpdig -w OUT proc.name=dd -v` captures, then bare again. Needs root.

usage: sudo tests/bench/live_dd.py [--runs N] [--sharpdig PATH]
Prints, per run, dd's wall and cpu (user+sys) seconds bare (the mean of the runs just before and just
after, so that a machine whose speed drifts over seconds, as shared ones do, weighs on both sides) and
instrumented, the ratio of walls, the capturing sharpdig's cpu seconds and its driver drops; then the
medians, the ratio of the fastest runs, and the load average.
"""
import argparse, os, re, resource, signal, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DD = ["dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=500000"]


def run_dd():
    """Wall and cpu seconds of one dd."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execvp(DD[0], DD)
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def instrumented(sharpdig, out):
    """dd under capture: its wall and cpu seconds, sharpdig's cpu seconds and driver drops."""
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.Popen([sharpdig, "-w", out, "-v", "proc.name=dd"], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not os.path.exists(out):   # the file appears once the driver is capturing
        if p.poll() is not None or time.time() > deadline:
            raise SystemExit("sharpdig did not start: " + p.stderr.read())
        time.sleep(0.05)
    time.sleep(0.5)
    wall, cpu = run_dd()
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    _, status, usage = os.wait4(p.pid, 0)
    stderr = p.stderr.read()
    drops = re.search(r"Driver Drops:(\d+)", stderr)
    events = re.search(r"Captured Events: (\d+)", stderr)
    if not drops or os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("sharpdig failed: " + stderr)
    return wall, cpu, usage.ru_utime + usage.ru_stime, int(drops.group(1)), int(events.group(1))


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sharpdig", default=os.path.join(ROOT, "artifacts", "publish", "Sharpdig", "release_linux-x64", "sharpdig"))
    a = ap.parse_args()
    out = os.path.join(tempfile.gettempdir(), f"sharpdig-live-dd-{os.getpid()}.scap")
    print(f"{'run':>3} {'bare s':>7} {'bare cpu':>8} {'live s':>7} {'live cpu':>8} {'ratio':>6} {'sharpdig cpu':>12} {'events':>8} {'drops':>6}")
    rows = []
    try:
        for i in range(a.runs):
            before, before_cpu = run_dd()
            live, live_cpu, sd_cpu, drops, events = instrumented(a.sharpdig, out)
            after, after_cpu = run_dd()
            bare, bare_cpu = (before + after) / 2, (before_cpu + after_cpu) / 2
            rows.append((bare, live, live / bare, drops))
            print(f"{i + 1:3} {bare:7.3f} {bare_cpu:8.3f} {live:7.3f} {live_cpu:8.3f} {live / bare:6.2f} {sd_cpu:12.3f} {events:8} {drops:6}")
    finally:
        if os.path.exists(out):
            os.remove(out)
    print(f"median: bare {median([r[0] for r in rows]):.3f} s, live {median([r[1] for r in rows]):.3f} s, "
          f"ratio {median([r[2] for r in rows]):.2f} (fastest runs: {min(r[1] for r in rows) / min(r[0] for r in rows):.2f}), "
          f"drops {sum(r[3] for r in rows)}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


main()
