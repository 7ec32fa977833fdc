#!/usr/bin/env python3
"""Speed and memory of sharpdig against real sysdig, on the same big capture, in the same run.

usage: tests/bench/bench.py [--runs N] [SCENARIO...]
Builds a 1.34M-event capture from ../shared (scap_multiply.py ... 60) once into $TMPDIR, then for each
scenario runs sysdig and sharpdig N times, alternating, with stdout to /dev/null and prints the best
wall times, their ratio sharpdig/sysdig, the median ratio of the N pairs, and peak RSS.
Scenarios are named by their arguments.
"""
import argparse, os, resource, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
SHARPDIG = os.path.join(ROOT, "artifacts", "publish", "Sharpdig", "release_linux-x64", "sharpdig")
SCENARIOS = {
    "default output": [],
    "filter proc.name=nosuchproc": ["proc.name=nosuchproc"],
    "filter fd.name contains /etc and proc.name in (...)": ["fd.name contains /etc and proc.name in (curl, python, haproxy)"],
    "lua topscalls": ["-c", "/usr/share/sysdig/chisels/topscalls.lua"],
    "lua echo_fds": ["-c", "/usr/share/sysdig/chisels/echo_fds.lua"],
    "builtin topscalls": ["-c", "topscalls"],
    "builtin echo_fds": ["-c", "echo_fds"],
}


def big_capture():
    path = os.path.join(tempfile.gettempdir(), "sharpdig-bench-big.scap")
    if not os.path.exists(path):
        src = os.path.join(SHARED, "captures", "sysdig-inspect_502Error.scap")
        subprocess.run([sys.executable, os.path.join(SHARED, "tools", "scap_multiply.py"), src, path, "60"], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def measure(cmd):
    """Wall seconds and peak RSS (MiB) of one run."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.environ["TZ"] = "UTC"
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("scenarios", nargs="*", default=["default output", "filter proc.name=nosuchproc",
                                                     "filter fd.name contains /etc and proc.name in (...)"])
    a = ap.parse_args()
    capture = big_capture()
    print(f"capture: {capture}, {a.runs} runs each, alternating; best wall times, and the median of the paired ratios")
    print(f"{'scenario':55} {'sysdig s':>9} {'sharpdig s':>10} {'ratio':>6} {'paired':>7} {'sharpdig MiB':>12}")
    for name in a.scenarios:
        args = SCENARIOS.get(name, name.split())
        # Interleaved, so that both see the same periods of a machine whose speed drifts.
        ref, ours = [], []
        for _ in range(a.runs):
            ref.append(measure(["sysdig", "-r", capture] + args))
            ours.append(measure([SHARPDIG, "-r", capture] + args))
        rt, ot = min(r[0] for r in ref), min(o[0] for o in ours)
        paired = statistics.median(o[0] / r[0] for r, o in zip(ref, ours))
        peak = max(o[1] for o in ours)
        codes = {o[2] for o in ours}
        note = "" if codes == {0} else f"  (exit status {sorted(codes)})"
        print(f"{name:55} {rt:9.3f} {ot:10.3f} {ot / rt:6.2f} {paired:7.2f} {peak:12.1f}{note}")

main()
