#!/usr/bin/env python3
"""Start-up of a cached C# script chisel (issue 5: within 0.15 s of a run with no chisel).

usage: tests/bench/script_startup.py [--runs N] [CAPTURE]
Runs sharpdig on a small capture with no chisel (a filter that matches nothing) and with
chisel-samples/opens_by_process.csx after one run that fills the script cache; prints the best wall
times of each and their difference.
"""
import argparse, os, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARPDIG = os.path.join(ROOT, "artifacts", "publish", "Sharpdig", "release_linux-x64", "sharpdig")
SCRIPT = os.path.join(ROOT, "chisel-samples", "opens_by_process.csx")


def best(args, runs, env):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([SHARPDIG] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("capture", nargs="?", default=os.path.join(os.path.dirname(ROOT), "shared", "captures", "falco_cat_write.scap"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, SHARPDIG_CACHE_DIR=cache)
        subprocess.run([SHARPDIG, "-r", a.capture, "-c", SCRIPT], stdout=subprocess.DEVNULL, env=env, check=True)
        without = best(["-r", a.capture, "proc.name=nosuchproc"], a.runs, env)
        cached = best(["-r", a.capture, "-c", SCRIPT], a.runs, env)
    print(f"no chisel {without:.3f} s, cached {os.path.basename(SCRIPT)} {cached:.3f} s, difference {cached - without:.3f} s (target <= 0.150)")


main()
