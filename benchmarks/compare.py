#!/usr/bin/python3
"""Nabla vs PyTorch on the same machine: workloads W1-W9 (see README.md), run interleaved.

For each round, each thread count and each workload, the Nabla side (JMH, this module's
benchmarks.jar, one forked JVM per configuration) runs, then the PyTorch side (pytorch/*.py), so
the two alternate A B A B and share the machine's noise. Per round and configuration, the Nabla
figure is the median of JMH's per-iteration scores (primaryMetric.rawData), the PyTorch one the
median of its per-call samples. The table gives the median over rounds of each side and the
median over rounds of the per-round ratio Nabla/PyTorch (lower is better; for W1 the GFLOP/s
ratio Nabla/OpenBLAS, higher is better). After the rounds, one `-prof gc` run of W2 at B = 32
gives the bytes allocated per step.

Usage: benchmarks/compare.sh [--quick] [--rounds R] [--threads 1,2] [--only W1,W3]
                             [--baseline benchmarks/results/<earlier>.json] [--no-build]
                             [--jmh-args "-f 1 -i 2"] [--jmh-extra "-jvmArgsAppend ..."] [--jmh-cmd "java -cp ..."]
Writes benchmarks/results/<stamp>.{json,csv,md} and the raw logs in benchmarks/results/raw-<stamp>/.
JMH runs with fail-on-error (-foe true). A benchmark that fails (its set-up check throws), or an
expected row that has no result on a side, is printed as a FAILED row and makes the exit status 1.
Only the Python standard library is needed here; PyTorch (python3-torch, python3-numpy) only for
the PyTorch side: without it the Nabla side still runs and the table says so.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(HERE, "target", "benchmarks.jar")
PYDIR = os.path.join(HERE, "pytorch")
# Debian's interpreter with python3-torch, not the one first on PATH; NABLA_TORCH_PY overrides
TORCH_PY = os.environ.get("NABLA_TORCH_PY", "/usr/bin/python3")
# Let OpenBLAS pick its kernels by CPUID, and keep glibc from returning PyTorch's big blocks to the kernel after
# each call: by default a block above the mmap threshold is mapped afresh and page-faulted on every call, which made
# PyTorch's conv2d backward (W9, 1 thread) take 40-165 ms per call depending on the machine's memory state, against a
# steady 38.6-39.1 ms with the threshold raised (2026-12-03). The raised threshold is PyTorch's faster, stable case.
UNSET_BLAS = ["env", "-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE",
              "MALLOC_MMAP_THRESHOLD_=4294967295", "MALLOC_TRIM_THRESHOLD_=4294967295"]

# JMH: the Vector API kernels need ~2 s of warm-up before C2 has compiled them (earlier
# iterations run 10-100x slower), hence 1-second warm-up iterations even in quick mode.
FULL = dict(rounds=3, jmh=["-f", "1", "-wi", "3", "-w", "1s", "-i", "4", "-r", "1s"],
            w1_sizes="64,128,256,512,1024,2048", w1_reps_scale=1.0, w2=["--steps", "500", "--warmup", "50"],
            w3=["--reps", "50"], w4=[], w5=["--reps", "200"], w6=["--reps", "20"],
            w7=["--steps", "300", "--warmup", "30"], w8=["--steps", "200", "--warmup", "20"], w9=["--reps", "30"],
            threads="1,2",
            gc_jmh=["-f", "1", "-wi", "3", "-w", "1s", "-i", "4", "-r", "1s"],
            model_jmh=["-f", "1", "-wi", "8", "-w", "1s", "-i", "4", "-r", "1s"])
QUICK = dict(rounds=1, jmh=["-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "300ms"],
             w1_sizes="64,256,1024", w1_reps_scale=0.3, w2=["--steps", "100", "--warmup", "20"],
             w3=["--reps", "10"], w4=["--reps", "30"], w5=["--reps", "30"], w6=["--reps", "5"],
             w7=["--steps", "100", "--warmup", "10"], w8=["--steps", "50", "--warmup", "10"], w9=["--reps", "10"],
             threads="1",
             gc_jmh=["-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "300ms"],
             model_jmh=["-f", "1", "-wi", "6", "-w", "1s", "-i", "3", "-r", "300ms"])
# model_jmh: W7-W9 run many more kernels than W1-W6, which C2 compiles over the first seconds (W8 on 2 busy
# cores: 100-190 ms per step in its first 5 s, 25-35 ms once compiled), hence a longer warm-up. W4 and W5 too:
# their Vector API kernels (exp, tanh, sigmoid, softmax rows) run 10-300x slower until C2 has compiled them,
# and on 2 busy cores the compiler thread is starved as well (W4 n=10k: 300-16,000 us per call for the
# first 5-12 s, then 55-70 us; with 3 warm-up seconds the measured iterations fell in that phase)
# W3 too: its 10,000-node tape with 3 warm-up seconds gave iterations of 250 and 4,700 us in turn (2026-12-03);
# with 10 it runs at 910-970 us in every iteration of 2 forks
MODEL_UNITS = ("W3", "W4", "W5", "W7", "W8", "W9")

# Nabla benchmark method -> the phase name the PyTorch scripts use
PHASE = {"fwdNoGrad": "fwd_nograd", "fwdLoss": "fwd_loss", "fwdLossBwd": "fwd_loss_bwd", "step": "step",
         "forward": "fwd", "backward": "bwd", "total": "total", "fwdBwd": "fwd_bwd", "fwd": "fwd",
         "gemm": "gemm", "train": "train"}


def log(msg):
    print(msg, flush=True)


def quiet_wait(max_s, threshold=0.9):
    """Waits (at most max_s seconds) for a 1-second window in which the CPUs are >= 90% idle, so a
    measurement does not start while another process is busy; returns the idle share seen."""
    def snap():
        v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        return v[3] + v[4], sum(v[:8])
    t0, share = time.time(), 0.0
    while max_s > 0:
        i0, a0 = snap()
        time.sleep(1.0)
        i1, a1 = snap()
        share = (i1 - i0) / max(1, a1 - a0)
        if share >= threshold or time.time() - t0 >= max_s:
            break
    return share


# ------------------------------------------------------------------------------------------ machine

def sh(cmd, ok_only=False, **kw):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
        if ok_only and r.returncode != 0:
            return ""
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def torch_available():
    if not os.path.exists(TORCH_PY):
        return None, "%s not found" % TORCH_PY
    out = sh([TORCH_PY, "-c", "import torch, numpy; print(torch.__version__, numpy.__version__)"])
    m = re.fullmatch(r"(\S+) (\S+)", out.splitlines()[-1] if out else "")
    if not m:
        return None, out.splitlines()[-1] if out else "import failed"
    return {"torch": m.group(1), "numpy": m.group(2)}, None


def machine(torch_info):
    cpu = "?"
    flags = set()
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name") and cpu == "?":
            cpu = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = set(line.split(":", 1)[1].split())
    java = sh(["java", "-version"]).splitlines()
    info = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "cpu": cpu,
            "cores": os.cpu_count(), "simd": " ".join(f for f in ("avx2", "fma", "avx512f") if f in flags) or "?",
            "kernel": platform.release(), "jdk": java[1] if len(java) > 1 else (java[0] if java else "?"),
            # NABLA_VERSION overrides (e.g. when measuring an exported tree outside git)
            "git": os.environ.get("NABLA_VERSION") or sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], True) or "?",
            "git_dirty": False if os.environ.get("NABLA_VERSION") else bool(
                sh(["git", "-C", ROOT, "status", "--porcelain", "--", "core", "autodiff", "nn"], True)),
            "loadavg_start": open("/proc/loadavg").read().split()[0]}
    if torch_info:
        info.update({"pytorch": torch_info["torch"], "numpy": torch_info["numpy"]})
        code = ("import ctypes, numpy, torch; lib = ctypes.CDLL('libopenblas.so.0');"
                "lib.openblas_get_corename.restype = ctypes.c_char_p; lib.openblas_get_config.restype = ctypes.c_char_p;"
                "print(lib.openblas_get_config().decode()); print(lib.openblas_get_corename().decode())")
        out = sh(UNSET_BLAS + [TORCH_PY, "-c", code]).splitlines()
        if len(out) >= 2:
            info["openblas"] = out[-2]
            info["openblas_core"] = out[-1]
        dpkg = sh(["dpkg-query", "-W", "-f", "${Version}", "libopenblas0-pthread"])
        if dpkg and "no packages" not in dpkg:
            info["openblas_package"] = dpkg
    return info


# ------------------------------------------------------------------------------------------ units

# W9's layer kernels, in table order (W9LayerBenchmark's `kernel` parameter, w9_layers.py's --kernel)
W9_KERNELS = ("conv2d", "layernorm", "attention", "embedding")


def units(cfg, only):
    """(name, JMH regex, JMH params, [PyTorch argv, ...]) per workload; argv without threads."""
    w1_sizes = cfg["w1_sizes"]
    u = [("W1", r"\.MatMulBenchmark\.gemm$", ["-p", "n=" + w1_sizes],
          [["w1_gemm.py", "--sizes", w1_sizes, "--reps-scale", str(cfg["w1_reps_scale"])]]),
         ("W2", r"\.W2MlpBenchmark\.", ["-p", "batch=32,256"],
          [["w2_mlp.py", "--batch", "32"] + cfg["w2"], ["w2_mlp.py", "--batch", "256"] + cfg["w2"]]),
         ("W3", r"\.W3ScalarTapeBenchmark\.", [], [["w3_scalar_tape.py"] + cfg["w3"]]),
         ("W4", r"\.W4ElementwiseBenchmark\.fwdBwd$", ["-p", "n=10000,1000000"],
          [["w4_elementwise.py", "--n", "10000"] + cfg["w4"], ["w4_elementwise.py", "--n", "1000000"] + cfg["w4"]]),
         ("W5", r"\.W5SoftmaxCEBenchmark\.fwdBwd$", [], [["w5_softmax_ce.py"] + cfg["w5"]]),
         ("W6", r"\.W6LinRegBenchmark\.", [], [["w6_linreg.py"] + cfg["w6"]]),
         ("W7", r"\.W7CnnBenchmark\.", [], [["w7_cnn.py"] + cfg["w7"]]),
         ("W8", r"\.W8TransformerBenchmark\.", [], [["w8_transformer.py"] + cfg["w8"]]),
         ("W9", r"\.W9LayerBenchmark\.", ["-p", "kernel=" + ",".join(W9_KERNELS)],
          [["w9_layers.py", "--kernel", k] + cfg["w9"] for k in W9_KERNELS])]
    return [x for x in u if not only or x[0] in only]


def expected_keys(cfg, only, threads):
    """Every (workload, config, phase, threads) row a complete run has on each side."""
    keys = []
    for t in threads:
        for name, _, _, _ in units(cfg, only):
            if name == "W1":
                keys += [("W1", "n=%s" % n, "gemm", t) for n in cfg["w1_sizes"].split(",")]
            elif name == "W2":
                keys += [("W2", "B=%d" % b, ph, t) for b in (32, 256)
                         for ph in ("step", "fwd_loss_bwd", "fwd_loss", "fwd_nograd")]
            elif name == "W3":
                keys += [("W3", "9999 ops", ph, t) for ph in ("total", "fwd", "bwd")]
            elif name == "W4":
                keys += [("W4", "n=%d" % n, "fwd_bwd", t) for n in (10000, 1000000)]
            elif name == "W5":
                keys.append(("W5", "1024x1000", "fwd_bwd", t))
            elif name == "W6":
                keys.append(("W6", "1000 iters", "train", t))
            elif name == "W7":
                keys += [("W7", "B=64", ph, t) for ph in ("step", "fwd_loss_bwd")]
            elif name == "W8":
                keys += [("W8", "B=32", ph, t) for ph in ("step", "fwd_loss_bwd")]
            elif name == "W9":
                keys += [("W9", k, ph, t) for k in W9_KERNELS for ph in ("fwd_bwd", "fwd")]
    return keys


def nabla_key(bench, params):
    cls, method = bench.split(".")[-2:]
    t = int(params["threads"])
    ph = PHASE.get(method, method)
    if cls == "MatMulBenchmark":
        return ("W1", "n=%s" % params["n"], "gemm", t)
    if cls == "W2MlpBenchmark":
        return ("W2", "B=%s" % params["batch"], ph, t)
    if cls == "W3ScalarTapeBenchmark":
        return ("W3", "9999 ops", ph, t)
    if cls == "W4ElementwiseBenchmark":
        return ("W4", "n=%s" % params["n"], ph, t)
    if cls == "W5SoftmaxCEBenchmark":
        return ("W5", "1024x1000", ph, t)
    if cls == "W6LinRegBenchmark":
        return ("W6", "1000 iters", "train", t)
    if cls == "W7CnnBenchmark":
        return ("W7", "B=64", ph, t)
    if cls == "W8TransformerBenchmark":
        return ("W8", "B=32", ph, t)
    if cls == "W9LayerBenchmark":
        return ("W9", params["kernel"], ph, t)
    return None


def torch_key(r):
    w, t = r["workload"], int(r["threads"])
    if w == "W1":
        return ("W1", "n=%d" % r["n"], "gemm", t)
    if w == "W2":
        return ("W2", "B=%d" % r["batch"], r["phase"], t)
    if w == "W3":
        return ("W3", "9999 ops", r["phase"], t)
    if w == "W4":
        return ("W4", "n=%d" % r["n"], r["phase"], t)
    if w == "W5":
        return ("W5", "1024x1000", r["phase"], t)
    if w == "W6":
        return ("W6", "1000 iters", "train", t)
    if w == "W7":
        return ("W7", "B=64", r["phase"], t)
    if w == "W8":
        return ("W8", "B=32", r["phase"], t)
    if w == "W9":
        return ("W9", r["kernel"], r["phase"], t)
    return None


QUIET = {"max_s": 0, "seen": []}
JMH_CMD = ["java", "-jar", JAR]  # --jmh-cmd replaces it (e.g. "java -cp <classpath> org.openjdk.jmh.Main")


def run_jmh(regex, params, threads, jmh_args, out_json, log_path, extra=()):
    if QUIET["max_s"]:
        QUIET["seen"].append(quiet_wait(QUIET["max_s"]))
    # -foe true: without it JMH exits 0 when one parameter set's set-up check throws
    cmd = JMH_CMD + [regex, "-p", "threads=%d" % threads] + list(params) + list(jmh_args) + \
          ["-foe", "true", "-rf", "json", "-rff", out_json] + list(extra)
    with open(log_path, "a") as fh:
        fh.write("\n## %s\n" % " ".join(cmd))
        fh.flush()
        rc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT).returncode
    try:
        data = json.load(open(out_json))
    except (OSError, ValueError):
        data = []
    return rc, data


def run_torch(argv, threads, log_path):
    if QUIET["max_s"]:
        QUIET["seen"].append(quiet_wait(QUIET["max_s"]))
    cmd = UNSET_BLAS + [TORCH_PY, os.path.join(PYDIR, argv[0]), "--threads", str(threads)] + argv[1:]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=PYDIR)
    with open(log_path, "a") as fh:
        fh.write("\n## %s (rc %d)\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
    recs = [json.loads(line[7:]) for line in r.stdout.splitlines() if line.startswith("RESULT ")]
    return r.returncode, recs


# ------------------------------------------------------------------------------------------ table

def goal_of(w, cfg, phase, t):
    """(text, predicate on the ratio) of issue 14's goals, the same on every thread count, or None."""
    if w == "W1" and phase == "gemm":
        g = 0.7 if cfg == "n=64" else 0.85
        return ">= %.2f" % g, lambda r: r >= g
    if w == "W2" and phase == "step":
        g = 0.6 if cfg == "B=32" else 0.9
        return "<= %.1f" % g, lambda r: r <= g
    if w == "W3" and phase == "total":
        return "<= 1/60", lambda r: r <= 1 / 60
    if w == "W4" and phase == "fwd_bwd":
        g = 0.8 if cfg == "n=10000" else 1.0
        return "<= %.1f" % g, lambda r: r <= g
    if w == "W5" and phase == "fwd_bwd":
        return "<= 0.8", lambda r: r <= 0.8
    if w == "W6":
        return "<= 0.05", lambda r: r <= 0.05
    if (w in ("W7", "W8") and phase == "step") or (w == "W9" and phase == "fwd_bwd"):
        return "<= 1.0", lambda r: r <= 1.0
    return None


def fmt_num(x, nd=1):
    if x is None:
        return "-"
    if abs(x) >= 1000:
        return "%.0f" % x
    if abs(x) >= 100:
        return "%.1f" % x if nd > 0 else "%.0f" % x
    return ("%." + str(nd) + "f") % x


def unit_of(w, cfg):
    n = int(cfg[2:]) if w == "W1" else None
    if w == "W1":
        return "GFLOP/s", lambda us: 2.0 * n ** 3 / (us * 1e3), 1
    if w == "W3":
        return "us/op", lambda us: us / 9999, 3
    if w == "W6":
        return "ms", lambda us: us / 1e3, 2
    return "us", lambda us: us, 1


ORDER = {"W1": 1, "W2": 2, "W3": 3, "W4": 4, "W5": 5, "W6": 6, "W7": 7, "W8": 8, "W9": 9}
PHASE_ORDER = {p: i for i, p in enumerate(["gemm", "step", "fwd_loss_bwd", "fwd_loss", "fwd_nograd", "total", "fwd",
                                           "bwd", "fwd_bwd", "train"])}


def cfg_sort(c):
    if c in W9_KERNELS:
        return W9_KERNELS.index(c)
    m = re.search(r"\d+", c)
    return int(m.group()) if m else 0


def build_rows(nabla, torch, have_torch, expected=(), rounds=1):
    """One row per key seen or expected; a row is FAILED when an expected side lacks a round's result."""
    keys = sorted(set(nabla) | set(torch) | set(expected), key=lambda k: (ORDER[k[0]], cfg_sort(k[1]), k[1], k[3],
                                                                          PHASE_ORDER.get(k[2], 99)))
    rows = []
    for k in keys:
        w, cfg, phase, t = k
        if k not in nabla and w in ("W4", "W5") and phase == "fwd":
            continue  # PyTorch-only secondary phase (compare.py runs Nabla's fwdBwd only)
        unit, conv, nd = unit_of(w, cfg)
        nr, tr = nabla.get(k, {}), torch.get(k, {})
        nmed = statistics.median(nr.values()) if nr else None
        tmed = statistics.median(tr.values()) if tr else None
        per_round = []
        for r in sorted(set(nr) & set(tr)):
            per_round.append(tr[r] / nr[r] if w == "W1" else nr[r] / tr[r])
        ratio = statistics.median(per_round) if per_round else None
        g = goal_of(w, cfg, phase, t)
        met = None if (g is None or ratio is None) else g[1](ratio)
        # noisy: a side whose per-round medians differ by more than 1.5x (another process interfered)
        noisy = any(len(v) > 1 and max(v.values()) > 1.5 * min(v.values()) for v in (nr, tr))
        missing = []
        if k in expected:
            if len(nr) < rounds:
                missing.append("Nabla: %d of %d round(s)" % (len(nr), rounds))
            if have_torch and len(tr) < rounds:
                missing.append("PyTorch: %d of %d round(s)" % (len(tr), rounds))
        rows.append({"failed": "; ".join(missing) or None, "workload": w, "config": cfg, "phase": phase, "threads": t, "unit": unit,
                     "nabla": conv(nmed) if nmed is not None else None,
                     "pytorch": conv(tmed) if tmed is not None else None,
                     "nabla_us": nmed, "pytorch_us": tmed, "ratio": ratio, "ratio_kind":
                     "GFLOP/s Nabla/OpenBLAS (higher is better)" if w == "W1" else "time Nabla/PyTorch (lower is better)",
                     "ratio_per_round": per_round, "nabla_per_round_us": [nr[r] for r in sorted(nr)],
                     "pytorch_per_round_us": [tr[r] for r in sorted(tr)], "goal": g[0] if g else "",
                     "met": met, "noisy": noisy, "nd": nd})
    # W2 backward/forward = (fwd_loss_bwd - fwd_loss) / fwd_loss, from the medians
    for b in ("B=32", "B=256"):
        for t in sorted({k[3] for k in keys}):
            def bf(side):
                try:
                    f, fb = side[("W2", b, "fwd_loss", t)], side[("W2", b, "fwd_loss_bwd", t)]
                except KeyError:
                    return None
                f, fb = statistics.median(f.values()), statistics.median(fb.values())
                return (fb - f) / f
            n, p = bf(nabla), bf(torch)
            if n is None and p is None:
                continue
            rows.append({"workload": "W2", "config": b, "phase": "bwd/fwd", "threads": t, "unit": "ratio",
                         "nabla": n, "pytorch": p, "ratio": None, "goal": "<= 1.5 (Nabla)" if b == "B=32" else "",
                         "met": None if n is None or b != "B=32" else n <= 1.5, "nd": 2})
    return rows


def render(rows, info, have_torch, gc, baseline, markdown):
    hdr = ["workload", "config", "phase", "thr", "ratio", "goal", "met", "Nabla", "PyTorch", "unit"]
    if baseline:
        hdr.append("prev ratio")
    prev = {}
    if baseline:
        for r in baseline.get("rows", []):
            prev[(r["workload"], r["config"], r["phase"], r["threads"])] = r.get("ratio")
    out = []
    for r in rows:
        ratio = "-" if r["ratio"] is None else ("%.2f" % r["ratio"] if r["ratio"] >= 0.1 else "%.4f" % r["ratio"])
        if r.get("failed"):
            ratio = "FAILED"
        if r["workload"] == "W3" and r["ratio"]:
            ratio += " (1/%.0f)" % (1 / r["ratio"])
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        if r.get("noisy"):
            ratio += " ~"
        line = [r["workload"], r["config"], r["phase"], str(r["threads"]), ratio, r["goal"], met,
                fmt_num(r["nabla"], r["nd"]), fmt_num(r["pytorch"], r["nd"]) if have_torch else "n/a", r["unit"]]
        if baseline:
            p = prev.get((r["workload"], r["config"], r["phase"], r["threads"]))
            line.append("-" if p is None else "%.2f" % p)
        out.append(line)
    text = []
    if markdown:
        text.append("| " + " | ".join(hdr) + " |")
        text.append("|" + "|".join("---" for _ in hdr) + "|")
        for line in out:
            text.append("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(h), *(len(l[i]) for l in out)) if out else len(h) for i, h in enumerate(hdr)]
        text.append("  ".join(h.ljust(w) for h, w in zip(hdr, widths)))
        for line in out:
            text.append("  ".join(c.ljust(w) for c, w in zip(line, widths)))
    if gc:
        text.append("")
        text.append("W2 B=32, 1 thread, JMH -prof gc: bytes allocated per call (gc.alloc.rate.norm); essential bytes "
                    "= activations %d + parameter gradients %d = %d B" % (gc["activation_bytes"], gc["grad_bytes"],
                                                                          gc["essential_bytes"]))
        for ph in ("fwd_nograd", "fwd_loss", "fwd_loss_bwd", "step"):
            if ph in gc["alloc_bytes_per_call"]:
                b = gc["alloc_bytes_per_call"][ph]
                text.append("  %-13s %10.0f B/call = %.2fx essential" % (ph, b, b / gc["essential_bytes"]))
        if gc.get("pytorch_saved_activation_bytes") is not None:
            text.append("  PyTorch saves %d B of activations for backward (saved_tensors_hooks, unique storages)"
                        % gc["pytorch_saved_activation_bytes"])
    return "\n".join(text)


def machine_line(info, have_torch, torch_err):
    s = "Machine: %s, %s cores (%s), %s; JDK: %s; Nabla %s%s" % (
        info["cpu"], info["cores"], info["simd"], info["kernel"], info["jdk"], info["git"],
        " + uncommitted changes in core/autodiff/nn" if info.get("git_dirty") else "")
    if have_torch:
        s += "; PyTorch %s, NumPy %s, OpenBLAS %s (core %s)" % (
            info.get("pytorch"), info.get("numpy"), info.get("openblas_package", info.get("openblas", "?")),
            info.get("openblas_core", "?"))
    else:
        s += "; PyTorch NOT INSTALLED (%s): Nabla side only" % torch_err
    return s + "; date %s" % info["date"]


# ------------------------------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one short round, 1 thread, fewer sizes (under 10 minutes)")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--threads", help="comma-separated thread counts (default: full 1,2; quick 1)")
    ap.add_argument("--only", help="comma-separated workloads, e.g. W2,W3")
    ap.add_argument("--no-gc", action="store_true", help="skip the -prof gc run of W2")
    ap.add_argument("--no-build", action="store_true", help="do not build the jar when it is missing")
    ap.add_argument("--baseline", help="an earlier results JSON to show its ratios beside this run's")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--jmh-args", help="replace the mode's JMH run options (forks, iterations, times)")
    ap.add_argument("--jmh-extra", help="more JMH options, appended to every Nabla run")
    ap.add_argument("--jmh-cmd", help="the JMH launcher instead of 'java -jar benchmarks.jar'")
    ap.add_argument("--quiet-wait", type=float, default=None, help="before each run, wait up to this many "
                    "seconds for a 1-s window with the CPUs >= 90%% idle (default: full 60, quick 5; 0 = off)")
    a = ap.parse_args()
    cfg = dict(QUICK if a.quick else FULL)
    if a.jmh_args:
        cfg["jmh"] = cfg["gc_jmh"] = cfg["model_jmh"] = shlex.split(a.jmh_args)
    if a.jmh_extra:
        cfg["jmh"] = cfg["jmh"] + shlex.split(a.jmh_extra)
        cfg["gc_jmh"] = cfg["gc_jmh"] + shlex.split(a.jmh_extra)
        cfg["model_jmh"] = cfg["model_jmh"] + shlex.split(a.jmh_extra)
    if a.jmh_cmd:
        JMH_CMD[:] = shlex.split(a.jmh_cmd)
    rounds = a.rounds or cfg["rounds"]
    threads = [int(x) for x in (a.threads or cfg["threads"]).split(",")]
    only = set(a.only.upper().split(",")) if a.only else None
    QUIET["max_s"] = a.quiet_wait if a.quiet_wait is not None else (5 if a.quick else 60)

    if not a.jmh_cmd and not os.path.exists(JAR):
        if a.no_build:
            sys.exit("%s is missing; build it with: mvn -q -pl benchmarks -am package -DskipTests" % JAR)
        log("building %s ..." % JAR)
        subprocess.run(["mvn", "-q", "-pl", "benchmarks", "-am", "package", "-DskipTests"], cwd=ROOT, check=True)
    torch_info, torch_err = torch_available()
    have_torch = torch_info is not None
    if not have_torch:
        log("=" * 78)
        log("PyTorch is NOT installed for %s (%s)." % (TORCH_PY, torch_err))
        log("Running the Nabla side only. To compare, install it with:")
        log("  apt-get install -y python3-torch python3-numpy libopenblas0-pthread")
        log("=" * 78)
    info = machine(torch_info)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + ("-quick" if a.quick else "")
    os.makedirs(a.out, exist_ok=True)
    raw = os.path.join(a.out, "raw-" + stamp)
    os.makedirs(raw, exist_ok=True)
    jlog, tlog = os.path.join(raw, "jmh.log"), os.path.join(raw, "pytorch.log")
    log(machine_line(info, have_torch, torch_err))
    log("mode %s: %d round(s), threads %s; logs in %s" % ("quick" if a.quick else "full", rounds, threads, raw))

    nabla, torch, failures, extras = {}, {}, [], {}
    t_start = time.time()
    for rnd in range(1, rounds + 1):
        for t in threads:
            for name, regex, params, pys in units(cfg, only):
                t0 = time.time()
                out_json = os.path.join(raw, "nabla-%s-t%d-r%d.json" % (name, t, rnd))
                rc, data = run_jmh(regex, params, t, cfg["model_jmh" if name in MODEL_UNITS else "jmh"], out_json, jlog)
                got = 0
                for e in data:
                    k = nabla_key(e["benchmark"], e.get("params", {}))
                    vals = [v for fork in e["primaryMetric"]["rawData"] for v in fork]
                    if k and vals:
                        nabla.setdefault(k, {})[rnd] = statistics.median(vals)
                        got += 1
                if rc != 0 or got == 0:
                    failures.append("Nabla %s threads=%d round %d: JMH exit %d, %d results (a failed correctness "
                                    "check aborts a benchmark; see %s)" % (name, t, rnd, rc, got, jlog))
                t1 = time.time()
                if have_torch:
                    for argv in pys:
                        rc, recs = run_torch(argv + ["--run", str(rnd)], t, tlog)
                        if rc != 0 or not recs:
                            failures.append("PyTorch %s threads=%d round %d: exit %d (see %s)" % (
                                " ".join(argv), t, rnd, rc, tlog))
                        for r in recs:
                            if r["workload"] == "W1":
                                k = torch_key(r)
                                prev = torch.setdefault(k, {}).get(rnd)
                                # the stronger of numpy.matmul and torch.mm (both OpenBLAS)
                                torch[k][rnd] = r["median_us"] if prev is None else min(prev, r["median_us"])
                                extras.setdefault("w1_libs", {}).setdefault(
                                    "%s thr%d %s" % (k[1], t, r["lib"]), []).append(r["gflops_median"])
                            elif r["workload"] == "W2summary":
                                extras.setdefault("w2summary", {})["B=%d" % r["batch"]] = r
                            else:
                                k = torch_key(r)
                                if k:
                                    torch.setdefault(k, {})[rnd] = r["median_us"]
                                if k and r["workload"] in ("W3", "W4", "W5", "W6", "W7", "W8", "W9"):
                                    extras.setdefault("pytorch_values", {})["%s %s" % (k[0], k[1])] = {
                                        x: r[x] for x in ("loss", "theta", "x_final", "dx_da", "dx_db", "loss_initial",
                                                          "loss_after_10_steps") if x in r}
                log("round %d threads %d %s: Nabla %.0f s, PyTorch %.0f s (elapsed %.1f min)" % (
                    rnd, t, name, t1 - t0, time.time() - t1, (time.time() - t_start) / 60))

    gc = None
    if not a.no_gc and (not only or "W2" in only):
        out_json = os.path.join(raw, "nabla-W2-gc.json")
        rc, data = run_jmh(r"\.W2MlpBenchmark\.", ["-p", "batch=32"], 1, cfg["gc_jmh"], out_json, jlog,
                           ["-prof", "gc"])
        alloc = {}
        for e in data:
            m = e.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if m:
                alloc[PHASE[e["benchmark"].split(".")[-1]]] = m["score"]
        act = grads = None
        for line in open(jlog):
            m = re.search(r"# W2 B=32, .*activations (\d+) B \+ parameter gradients (\d+) B", line)
            if m:
                act, grads = int(m.group(1)), int(m.group(2))
        if alloc and act:
            gc = {"alloc_bytes_per_call": alloc, "activation_bytes": act, "grad_bytes": grads,
                  "essential_bytes": act + grads}
            s = extras.get("w2summary", {}).get("B=32")
            gc["pytorch_saved_activation_bytes"] = s["saved_bytes_activations"] if s else None
            gc["step_over_essential"] = alloc.get("step", 0) / (act + grads)
        else:
            failures.append("W2 -prof gc run: no gc.alloc.rate.norm (see %s)" % jlog)

    checks = []
    for line in open(jlog) if os.path.exists(jlog) else []:
        m = re.search(r"(# W\d .*check: .*OK)", line)
        if m and m.group(1) not in checks:
            checks.append(m.group(1))
    expected = expected_keys(cfg, only, threads)
    rows = build_rows(nabla, torch, have_torch, expected, rounds)
    for r in rows:
        if r.get("failed"):
            failures.append("row %s %s %s threads=%d has no result (%s)" % (
                r["workload"], r["config"], r["phase"], r["threads"], r["failed"]))
    baseline = json.load(open(a.baseline)) if a.baseline else None
    text = render(rows, info, have_torch, gc, baseline, markdown=False)
    md = render(rows, info, have_torch, gc, baseline, markdown=True)
    head = machine_line(info, have_torch, torch_err)
    note = ("ratio: median over %d round(s) of Nabla/PyTorch time per round (lower is better; '~': a side's "
            "per-round medians differ > 1.5x, i.e. noisy); W1: GFLOP/s "
            "Nabla/OpenBLAS (higher is better; OpenBLAS = the faster of numpy.matmul and torch.mm); "
            "W3 in us per op; Nabla/PyTorch columns: medians over rounds; threads %s" % (rounds, threads))
    log("")
    log(head)
    log(note)
    log(text)
    if extras.get("w2summary"):
        for b, s in sorted(extras["w2summary"].items()):
            log("PyTorch W2 %s: loss %.7f -> %.7f after 10 steps" % (b, s["loss_initial"], s["loss_after_10_steps"]))
    for w in ("W7 B=64", "W8 B=32"):
        v = extras.get("pytorch_values", {}).get(w)
        if v and "loss_initial" in v:
            log("PyTorch %s: loss %.7f -> %.7f after 10 steps" % (w, v["loss_initial"], v["loss_after_10_steps"]))
    for c in checks:
        log("Nabla check %s" % c[2:])
    if QUIET["seen"]:
        seen = sorted(QUIET["seen"])
        log("idle share of the CPUs in the second before each run: min %.2f, median %.2f (%d of %d runs started "
            "below 0.9)" % (seen[0], statistics.median(seen), sum(x < 0.9 for x in seen), len(seen)))
    for f in failures:
        log("FAILED: " + f)
    if not have_torch:
        log("PyTorch was NOT installed: the PyTorch column is empty (n/a).")

    base = os.path.join(a.out, stamp)
    result = {"machine": info, "mode": "quick" if a.quick else "full", "rounds": rounds, "threads": threads,
              "jmh_args": cfg["jmh"], "jmh_args_w7_w9": cfg["model_jmh"], "pytorch_installed": have_torch,
              "rows": rows, "gc": gc,
              "nabla_checks": checks, "failures": failures, "extras": extras,
              "elapsed_min": (time.time() - t_start) / 60, "quiet_wait_max_s": QUIET["max_s"],
              "idle_share_before_runs": QUIET["seen"], "loadavg_end": open("/proc/loadavg").read().split()[0]}
    with open(base + ".json", "w") as fh:
        json.dump(result, fh, indent=1, default=str)
    with open(base + ".csv", "w", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["workload", "config", "phase", "threads", "ratio", "goal", "met", "nabla", "pytorch", "unit",
                     "nabla_us", "pytorch_us", "ratio_per_round"])
        for r in rows:
            wr.writerow([r["workload"], r["config"], r["phase"], r["threads"], r["ratio"], r["goal"], r["met"],
                         r["nabla"], r["pytorch"], r["unit"], r.get("nabla_us"), r.get("pytorch_us"),
                         " ".join("%.4g" % x for x in r.get("ratio_per_round", []))])
    with open(base + ".md", "w") as fh:
        fh.write(head + "\n\n" + note + "\n\n" + md + "\n")
    log("\nwrote %s.json, .csv, .md" % base)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
