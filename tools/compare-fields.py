#!/usr/bin/env python3
"""Field-by-field comparison of sysdig and sharpdig output formats.

For every field `sysdig -l` can print (plus argument forms such as evt.arg[0] and proc.aname[1]) and every
capture, runs `-p "*%evt.num<sep>%field..."` with both programs and reports, per field, how many events
differ. Fields are batched per class; a batch sysdig rejects is rerun field by field. sysdig's output is
cached under /tmp/compare-fields (it never changes).

usage: tools/compare-fields.py [-v] [-f FIELD_PREFIX] [--sharpdig PATH] [CAPTURE ...]
"""
import argparse, glob, hashlib, os, subprocess, sys

SEP = " \u00a6 "
EXTRA = ["evt.arg[0]", "evt.arg[1]", "evt.arg[2]", "evt.arg.fd", "evt.arg.res", "evt.arg.name", "evt.arg.data",
         "evt.arg.flags", "evt.arg.size", "evt.arg.tid", "evt.rawarg.res", "evt.rawarg.size", "evt.rawarg.name",
         "evt.rawarg.tid", "evt.rawarg.data", "evt.abspath.src", "evt.abspath.dst",
         "proc.aname[0]", "proc.aname[1]", "proc.aname[2]", "proc.aname[5]", "proc.apid[0]", "proc.apid[1]",
         "proc.apid[3]", "thread.cgroup.cpuset", "thread.cgroup.memory", "thread.cgroup.pids",
         "container.mount[0]", "container.mount.source[0]", "container.mount.dest[0]", "k8s.pod.label.app",
         "span.tag[0]", "span.arg[0]", "span.arg.x", "span.enterarg[0]", "evtin.span.tag[0]", "evtin.span.arg.x",
         "mesos.task.label.x", "marathon.app.label.x"]


def fields():
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for line in open(os.path.join(here, "..", "host", "Fields", "fields.table")):
        row = line.rstrip("\n").split("\t")
        if row[0] != "F":
            continue
        flags = int(row[4])
        if flags & 1 or flags & 4:      # filter-only fields cannot be printed; argument fields come from EXTRA
            continue
        out.append(row[1])
    return out + EXTRA


def run(cmd):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def sysdig(capture, fmt):
    key = hashlib.sha1((capture + "\0" + fmt).encode()).hexdigest()
    path = f"/tmp/compare-fields/{key}"
    if os.path.exists(path):
        with open(path) as f:
            rc = int(f.readline())
            return rc, f.read()
    rc, out = run(["sysdig", "-r", capture, "-p", fmt])
    os.makedirs("/tmp/compare-fields", exist_ok=True)
    with open(path, "w") as f:
        f.write(f"{rc}\n{out}")
    return rc, out


def compare(capture, names, sharpdig, verbose, report):
    fmt = "*%evt.num" + "".join(SEP + "%" + n for n in names)
    rc1, ref = sysdig(capture, fmt)
    if rc1 != 0 and len(names) > 1:
        for n in names:
            compare(capture, [n], sharpdig, verbose, report)
        return
    rc2, got = run([sharpdig, "-r", capture, "-p", fmt])
    ref_lines, got_lines = ref.splitlines(), got.splitlines()
    for i, n in enumerate(names):
        bad, example = 0, None
        if rc1 != rc2:
            bad, example = 1, f"exit {rc1} vs {rc2}"
        for k in range(max(len(ref_lines), len(got_lines))):
            a = ref_lines[k].split(SEP) if k < len(ref_lines) else []
            b = got_lines[k].split(SEP) if k < len(got_lines) else []
            va = a[i + 1] if i + 1 < len(a) else "<missing>"
            vb = b[i + 1] if i + 1 < len(b) else "<missing>"
            if va != vb:
                bad += 1
                if example is None:
                    example = f"evt {a[0] if a else '?'}: {va!r} vs {vb!r}"
        stats = report.setdefault(n, [0, 0, []])
        stats[0] += 1
        if bad:
            stats[1] += 1
            stats[2].append(f"{os.path.basename(capture)}: {bad} lines; {example}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true")
    ap.add_argument("-f", default="")
    ap.add_argument("--sharpdig", default="artifacts/bin/Sharpdig/release/sharpdig")
    ap.add_argument("captures", nargs="*")
    a = ap.parse_args()
    captures = a.captures or sorted(glob.glob("/work/shared/captures/*.scap"))
    names = [n for n in fields() if n.startswith(a.f)]
    report = {}
    for capture in captures:
        groups = {}
        for n in names:
            groups.setdefault(n.split(".")[0], []).append(n)
        for group in groups.values():
            for k in range(0, len(group), 12):
                compare(capture, group[k:k + 12], a.sharpdig, a.v, report)
    ok = 0
    for n in names:
        runs, bad, notes = report[n]
        if bad:
            print(f"DIFF {n}: {bad}/{runs} captures")
            for note in notes[: (len(notes) if a.v else 2)]:
                print(f"     {note[:300]}")
        else:
            ok += 1
    print(f"{ok}/{len(names)} fields identical on all captures")


main()
