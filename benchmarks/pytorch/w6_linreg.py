#!/usr/bin/python3
"""W6 linear regression: X[i] = u(61,100)[i], y = 3X + u(62,100) (float64, then float32); theta
1x1 float32 from 0; 1000 iterations of loss = mean((X@theta - y)**2) + 0.1*0.5*sum(theta**2),
backward, theta -= 0.01*grad (no_grad), grad = None. Timed: the whole 1000-iteration loop
(fresh theta each repetition). PyTorch float32 ends at theta = 3.2129672.

Usage: /usr/bin/python3 w6_linreg.py --threads 1 [--reps 20]
"""
import argparse
import sys
import time

import common

N, ITERS, LR, LAM = 100, 1000, 0.01, 0.1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import numpy as np
    import torch
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)
    x64 = common.u(61, N)
    y64 = 3.0 * x64 + common.u(62, N)
    X = torch.from_numpy(x64.astype(np.float32).reshape(N, 1))
    y = torch.from_numpy(y64.astype(np.float32).reshape(N, 1))

    def train():
        theta = torch.zeros(1, 1, requires_grad=True)
        for _ in range(ITERS):
            loss = ((X @ theta - y) ** 2).mean() + LAM * 0.5 * (theta ** 2).sum()
            loss.backward()
            with torch.no_grad():
                theta -= LR * theta.grad
            theta.grad = None
        return theta

    for _ in range(a.warmup):
        train()
    samples = []
    for _ in range(a.reps):
        t0 = time.perf_counter_ns()
        theta = train()
        samples.append(time.perf_counter_ns() - t0)
    st = common.summarize(samples)
    th = float(theta.detach()[0, 0])
    print("# W6 threads=%d: 1000 iterations median %.2f ms (min %.2f, max %.2f); theta = %.7f" % (
        a.threads, st["median_us"] / 1e3, st["min_us"] / 1e3, st["max_us"] / 1e3, th))
    common.emit(dict(env, workload="W6", run=a.run, theta=th, **st))
    return 0


if __name__ == "__main__":
    sys.exit(main())
