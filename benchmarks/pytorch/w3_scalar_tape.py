#!/usr/bin/python3
"""W3 scalar tape: 0-dim float32 leaves x0 = 0.5, a = 0.9, b = 0.1 (requires_grad); x = x0;
3333 times x = tanh(x * a + b) (9999 ops); x.backward(). Fresh leaves every repetition, created
outside the timed region, after a gc.collect(). Reports forward, backward and total, and us/op.

Usage: /usr/bin/python3 w3_scalar_tape.py --threads 1 [--reps 50]
"""
import argparse
import gc
import sys
import time

import common

ITERS = 3333
OPS = 3 * ITERS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import torch
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)
    pc = time.perf_counter_ns

    def one():
        gc.collect()
        x0 = torch.tensor(0.5, requires_grad=True)
        wa = torch.tensor(0.9, requires_grad=True)
        wb = torch.tensor(0.1, requires_grad=True)
        t0 = pc()
        x = x0
        for _ in range(ITERS):
            x = torch.tanh(x * wa + wb)
        t1 = pc()
        x.backward()
        t2 = pc()
        return t1 - t0, t2 - t1, t2 - t0, (float(x), float(x0.grad), float(wa.grad), float(wb.grad))

    for _ in range(a.warmup):
        one()
    fw, bw, tot = [], [], []
    for _ in range(a.reps):
        f, b, t, vals = one()
        fw.append(f)
        bw.append(b)
        tot.append(t)
    sf, sb, st = (common.summarize(s) for s in (fw, bw, tot))
    print("# W3 threads=%d ops=%d reps=%d" % (a.threads, OPS, a.reps))
    for name, s in (("forward", sf), ("backward", sb), ("total", st)):
        print("%-9s median %8.0f us (%.3f us/op)" % (name, s["median_us"], s["median_us"] / OPS))
    print("x=%.9g dx/dx0=%.9g dx/da=%.9g dx/db=%.9g" % vals)
    for name, s in (("fwd", sf), ("bwd", sb), ("total", st)):
        common.emit(dict(env, workload="W3", phase=name, ops=OPS, run=a.run, us_per_op=s["median_us"] / OPS,
                         x_final=vals[0], dx_da=vals[2], dx_db=vals[3], **s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
