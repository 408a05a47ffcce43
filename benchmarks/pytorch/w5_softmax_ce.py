#!/usr/bin/python3
"""W5 softmax cross-entropy: logits = normal(31, 1024*1000) as 1024x1000 (requires_grad),
labels = labels(32, 1024, 1000); F.cross_entropy (mean). Phases: fwd_bwd (logits.grad = None;
loss; backward) and fwd.

Usage: /usr/bin/python3 w5_softmax_ce.py --threads 1 [--reps 200]
"""
import argparse
import sys

import common

N, K = 1024, 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import numpy as np
    import torch
    import torch.nn.functional as F
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)
    logits = torch.from_numpy(common.normal(31, N * K).astype(np.float32).reshape(N, K)).requires_grad_(True)
    y = torch.from_numpy(common.labels(32, N, K))

    def fwd_bwd():
        logits.grad = None
        F.cross_entropy(logits, y).backward()

    def fwd():
        return F.cross_entropy(logits, y)

    print("# W5 %dx%d threads=%d" % (N, K, a.threads))
    for name, fn in (("fwd_bwd", fwd_bwd), ("fwd", fwd)):
        st = common.bench(fn, reps=a.reps, warmup=10, warmup_s=0.2, min_sample_s=0.002)
        rec = dict(env, workload="W5", phase=name, run=a.run, **st)
        if name == "fwd_bwd":
            rec["loss"] = float(fwd())
            print("loss=%.7f" % rec["loss"])
        print("%-8s %s" % (name, common.fmt(st)))
        common.emit(rec)
    return 0


if __name__ == "__main__":
    sys.exit(main())
