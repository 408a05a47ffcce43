#!/usr/bin/python3
"""W4 elementwise chain: x = u(21,n) -> [-1,1], w = u(22,n) -> [-1,1] (requires_grad),
b = u(23,n) -> [-1,1]; loss = (tanh(x*w + b)**2 * sigmoid(x)).sum().
Phases: fwd_bwd (x.grad = w.grad = None; loss; backward) and fwd (graph recorded, dropped).

Usage: /usr/bin/python3 w4_elementwise.py --threads 1 --n 1000000
"""
import argparse
import sys

import common


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--reps", type=int, default=0, help="samples (default 100 for n >= 1e5, else 300)")
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import numpy as np
    import torch
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)
    n = a.n
    reps = a.reps or (100 if n >= 100000 else 300)
    x = torch.from_numpy(common.uniform(21, n, -1.0, 1.0).astype(np.float32)).requires_grad_(True)
    w = torch.from_numpy(common.uniform(22, n, -1.0, 1.0).astype(np.float32)).requires_grad_(True)
    b = torch.from_numpy(common.uniform(23, n, -1.0, 1.0).astype(np.float32))

    def f():
        return (torch.tanh(x * w + b) ** 2 * torch.sigmoid(x)).sum()

    def fwd_bwd():
        x.grad = None
        w.grad = None
        f().backward()

    print("# W4 n=%d threads=%d" % (n, a.threads))
    for name, fn in (("fwd_bwd", fwd_bwd), ("fwd", f)):
        st = common.bench(fn, reps=reps, warmup=10, warmup_s=0.2, min_sample_s=0.002)
        rec = dict(env, workload="W4", phase=name, n=n, run=a.run, **st)
        if name == "fwd_bwd":
            rec["loss"] = float(f())
            print("loss=%.6f" % rec["loss"])
        print("%-8s %s" % (name, common.fmt(st)))
        common.emit(rec)
    return 0


if __name__ == "__main__":
    sys.exit(main())
