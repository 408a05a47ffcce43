"""Shared helpers for Nabla's PyTorch side of the benchmark workloads (W1-W6).

Data generation reproduces java.util.SplittableRandom (SplitMix64) bit for bit, so both sides
train on identical float32 values. Timing: warm up, then `reps` samples; each sample is the wall
time of k calls / k (k = 1 unless a minimum sample duration asks for more). Results are printed
as one "RESULT {json}" line per configuration, which ../compare.py parses.

Call setup_threads(n) before importing numpy/torch: OpenBLAS and OpenMP read their thread-count
variables when the libraries load.
"""
import json
import os
import platform
import statistics
import sys
import time

GOLDEN_GAMMA = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


def setup_threads(threads):
    if "numpy" in sys.modules or "torch" in sys.modules:
        raise RuntimeError("setup_threads must run before numpy/torch are imported")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)


def torch_threads(torch, threads):
    torch.set_num_threads(threads)
    assert torch.get_num_threads() == threads


# --- SplitMix64 == new java.util.SplittableRandom(seed).nextDouble() -----------------------------

def u(seed, n):
    """The first n values of new SplittableRandom(seed).nextDouble(), float64."""
    import numpy as np
    with np.errstate(over="ignore"):
        z = np.uint64(seed & MASK64) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GOLDEN_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)


def uniform(seed, n, lo, hi):
    """lo + (hi - lo) * u(seed, n), float64."""
    return lo + (hi - lo) * u(seed, n)


def normal(seed, n):
    """Box-Muller on consecutive pairs (u1, u2) of u(seed, 2n): sqrt(-2 ln(1-u1)) cos(2 pi u2), float64."""
    import numpy as np
    v = u(seed, 2 * n)
    return np.sqrt(-2.0 * np.log1p(-v[0::2])) * np.cos(2.0 * np.pi * v[1::2])


def labels(seed, n, k):
    """floor(u * k) as int64."""
    import numpy as np
    return np.floor(u(seed, n) * k).astype(np.int64)


# --- timing --------------------------------------------------------------------------------------

def summarize(samples_ns):
    s = sorted(samples_ns)
    return {"samples": len(s), "median_us": statistics.median(s) / 1e3, "min_us": s[0] / 1e3,
            "max_us": s[-1] / 1e3, "mean_us": statistics.fmean(s) / 1e3}


def bench(fn, reps, warmup=10, warmup_s=0.2, min_sample_s=0.0, setup=None):
    """Per-call wall time of fn() in microseconds: warm up (>= warmup calls and >= warmup_s), pick
    k (a power of two) so that a sample lasts >= min_sample_s, then `reps` samples of k calls.
    `setup` runs before every call, outside the timed region when k == 1."""
    pc = time.perf_counter_ns
    end, w = pc() + int(warmup_s * 1e9), 0
    while w < warmup or pc() < end:
        if setup:
            setup()
        fn()
        w += 1
    k = 1
    if min_sample_s > 0:
        while True:
            t0 = pc()
            for _ in range(k):
                if setup:
                    setup()
                fn()
            if pc() - t0 >= min_sample_s * 1e9 or k >= 1 << 20:
                break
            k *= 2
    samples = []
    for _ in range(reps):
        if k == 1:
            if setup:
                setup()
            t0 = pc()
            fn()
            samples.append(pc() - t0)
        else:
            t0 = pc()
            for _ in range(k):
                if setup:
                    setup()
                fn()
            samples.append((pc() - t0) / k)
    out = summarize(samples)
    out["inner"] = k
    return out


# --- output --------------------------------------------------------------------------------------

def env_block(threads):
    return {"threads": threads, "python": platform.python_version(),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "<unset>"),
            "loadavg": float(open("/proc/loadavg").read().split()[0])}


def openblas_corename():
    import ctypes
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode(), lib.openblas_get_config().decode()
    except (OSError, AttributeError):
        return None, None


def emit(record):
    print("RESULT " + json.dumps(record, sort_keys=True), flush=True)


def fmt(st):
    return "median %.2f  min %.2f  max %.2f us (n=%d x%d)" % (
        st["median_us"], st["min_us"], st["max_us"], st["samples"], st.get("inner", 1))
