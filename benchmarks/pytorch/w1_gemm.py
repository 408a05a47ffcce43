#!/usr/bin/python3
"""W1 GEMM: C = A @ B, n x n float32 row-major, A = normal(1, n^2), B = normal(2, n^2), C
preallocated: numpy.matmul(A, B, out=C) and torch.mm(A, B, out=C) (both OpenBLAS here).
GFLOP/s = 2 n^3 / t. Run under `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE` so OpenBLAS picks
its kernel by CPUID.

Usage: /usr/bin/python3 w1_gemm.py --threads 1 [--sizes 64,128,256,512,1024,2048] [--lib both]
"""
import argparse
import sys

import common

REPS = {64: 200, 128: 200, 256: 100, 512: 50, 1024: 30, 2048: 15}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--sizes", default="64,128,256,512,1024,2048")
    ap.add_argument("--lib", default="both", choices=["numpy", "torch", "both"])
    ap.add_argument("--reps-scale", type=float, default=1.0)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import numpy as np
    import torch
    common.torch_threads(torch, a.threads)
    core, _ = common.openblas_corename()
    env = common.env_block(a.threads)
    print("# W1 threads=%d OpenBLAS core=%s" % (a.threads, core))
    ok_all = True
    for n in [int(s) for s in a.sizes.split(",")]:
        A = common.normal(1, n * n).astype(np.float32).reshape(n, n)
        B = common.normal(2, n * n).astype(np.float32).reshape(n, n)
        ref = A.astype(np.float64) @ B.astype(np.float64)
        for lib in (["numpy", "torch"] if a.lib == "both" else [a.lib]):
            if lib == "numpy":
                C = np.empty((n, n), dtype=np.float32)
                fn = lambda: np.matmul(A, B, out=C)
                res = lambda: C
            else:
                tA, tB, tC = torch.from_numpy(A), torch.from_numpy(B), torch.empty((n, n), dtype=torch.float32)
                fn = lambda: torch.mm(tA, tB, out=tC)
                res = lambda: tC.numpy()
            st = common.bench(fn, reps=max(3, int(REPS.get(n, 20) * a.reps_scale)), warmup=3, warmup_s=0.3,
                              min_sample_s=0.002)
            fn()
            err = float(np.max(np.abs(res() - ref)) / np.max(np.abs(ref)))
            ok = err < 2.0 * n * 2.0 ** -24
            ok_all &= ok
            gf = 2.0 * n ** 3 / (st["median_us"] * 1e3)
            print("%-5s n=%4d %8.1f GFLOP/s  %s  err=%.1e %s" % (lib, n, gf, common.fmt(st), err,
                                                                  "OK" if ok else "WRONG"))
            common.emit(dict(env, workload="W1", lib=lib, n=n, run=a.run, openblas_core=core, ok=ok, err=err,
                             gflops_median=gf, **st))
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
