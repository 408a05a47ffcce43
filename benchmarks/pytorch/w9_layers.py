#!/usr/bin/python3
"""W9 layer kernels, float32, forward + backward each (the same data as Nabla's W9Layers.java):
- conv2d: x = normal(901) [32,64,32,32], weight = uniform(902, +-1/sqrt(576)) [64,64,3,3],
  bias = uniform(903, +-1/sqrt(576)) [64]; F.conv2d stride 1, padding 1;
- layernorm: x = normal(911) [4096,768], weight = uniform(912, 0.5, 1.5), bias = uniform(913, -0.5, 0.5)
  [768]; F.layer_norm, eps 1e-5;
- attention: q, k, v = normal(921), normal(922), normal(923) [8,8,128,64] (B, heads, T, d), causal,
  scale 1/sqrt(d). PyTorch 1.13 has no F.scaled_dot_product_attention, so this is the explicit
  composition: (q @ k^T * scale).masked_fill(mask, -inf) with mask = triu(ones(T, T), 1) (made once),
  softmax(-1), @ v;
- embedding: weight = normal(931) [50000,512], indices = labels(932, 4096, 50000); F.embedding
  (dense weight gradient, the default sparse=False).
Phases: fwd_bwd (grads = None; y = op(inputs); y.backward(G) with G = normal(seed + 9) of y's shape,
seed = 901/911/921/931) and fwd. The fwd_bwd record carries "check": [sum(y*G), sum(grad_i * p_i) for
each input i] in float64, p_i = uniform(seed + 20 + i, -1, 1) of input i's shape: the values in
Reference.java.

Usage: /usr/bin/python3 w9_layers.py --threads 1 --kernel conv2d [--reps 50]
"""
import argparse
import math
import sys

import common

KERNELS = ("conv2d", "layernorm", "attention", "embedding")
SEEDS = {"conv2d": 901, "layernorm": 911, "attention": 921, "embedding": 931}


def make(kernel, np, torch):
    """(inputs requiring grad, op, extra) for the kernel at the workload size."""
    import torch.nn.functional as F

    def t(a, *dims):
        return torch.from_numpy(a.astype(np.float32).reshape(dims)).requires_grad_(True)

    if kernel == "conv2d":
        b, c, o, h, w = 32, 64, 64, 32, 32
        bound = 1 / math.sqrt(c * 9)
        ins = [t(common.normal(901, b * c * h * w), b, c, h, w),
               t(common.uniform(902, o * c * 9, -bound, bound), o, c, 3, 3),
               t(common.uniform(903, o, -bound, bound), o)]
        return ins, lambda: F.conv2d(ins[0], ins[1], ins[2], stride=1, padding=1)
    if kernel == "layernorm":
        r, c = 4096, 768
        ins = [t(common.normal(911, r * c), r, c), t(common.uniform(912, c, 0.5, 1.5), c),
               t(common.uniform(913, c, -0.5, 0.5), c)]
        return ins, lambda: F.layer_norm(ins[0], (c,), ins[1], ins[2], 1e-5)
    if kernel == "attention":
        b, hd, tt, d = 8, 8, 128, 64
        n = b * hd * tt * d
        ins = [t(common.normal(s, n), b, hd, tt, d) for s in (921, 922, 923)]
        mask = torch.ones(tt, tt, dtype=torch.bool).triu(1)
        scale = 1 / math.sqrt(d)

        def attn():
            s = (ins[0] @ ins[1].transpose(-2, -1)) * scale
            return torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1) @ ins[2]
        return ins, attn
    if kernel == "embedding":
        count, dim, n = 50000, 512, 4096
        idx = torch.from_numpy(common.labels(932, n, count))
        ins = [t(common.normal(931, count * dim), count, dim)]
        return ins, lambda: F.embedding(idx, ins[0])
    raise SystemExit("unknown kernel %s; one of %s" % (kernel, ", ".join(KERNELS)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--kernel", required=True, choices=KERNELS)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import numpy as np
    import torch
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)
    seed = SEEDS[a.kernel]
    ins, op = make(a.kernel, np, torch)
    with torch.no_grad():
        y_shape = op().shape
    g = torch.from_numpy(common.normal(seed + 9, math.prod(y_shape)).astype(np.float32).reshape(y_shape))

    def fwd_bwd():
        for v in ins:
            v.grad = None
        op().backward(g)

    def check():
        fwd_bwd()
        y = op().detach().numpy().astype(np.float64).ravel()
        out = [float(np.dot(y, g.numpy().astype(np.float64).ravel()))]
        for i, v in enumerate(ins):
            p = common.uniform(seed + 20 + i, v.numel(), -1, 1).astype(np.float32).astype(np.float64)
            out.append(float(np.dot(v.grad.numpy().astype(np.float64).ravel(), p)))
        return out

    print("# W9 %s threads=%d" % (a.kernel, a.threads))
    for name, fn in (("fwd_bwd", fwd_bwd), ("fwd", op)):
        st = common.bench(fn, reps=a.reps, warmup=5, warmup_s=0.5, min_sample_s=0.002)
        rec = dict(env, workload="W9", kernel=a.kernel, phase=name, run=a.run, **st)
        if name == "fwd_bwd":
            rec["check"] = check()
            print("check=" + " ".join("%.10g" % c for c in rec["check"]))
        print("%-8s %s" % (name, common.fmt(st)))
        common.emit(rec)
    return 0


if __name__ == "__main__":
    sys.exit(main())
