#!/usr/bin/python3
"""W2 MLP training step: Linear(784,256) -> ReLU -> Linear(256,128) -> ReLU -> Linear(128,10),
float32, layer L with fan-in f: weight = U(-1/sqrt f, 1/sqrt f) from seed 100+2L, bias from
101+2L; X = normal(11, B*784), labels = labels(12, B, 10); F.cross_entropy (mean);
SGD(lr=0.01, momentum=0.9, weight_decay=1e-4); the same batch every step.

Phases (each: --warmup steps, then --steps steps timed one by one):
  fwd_nograd   : with torch.no_grad(): model(X)
  fwd_loss     : F.cross_entropy(model(X), y)         (graph built, then dropped untimed)
  fwd_loss_bwd : grads set to None (untimed), forward + loss + backward
  step         : opt.zero_grad(set_to_none=True); forward; loss; backward; opt.step()
Also: losses before step 1 and after 10 steps (checked against Nabla's), the bytes autograd saves
for backward, and backward/forward = (fwd_loss_bwd - fwd_loss) / fwd_loss.

Usage: /usr/bin/python3 w2_mlp.py --threads 1 --batch 32 [--steps 500 --warmup 50]
"""
import argparse
import sys

import common


def build(torch, nn, batch):
    import numpy as np
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    with torch.no_grad():
        for L, lin in enumerate(m for m in model if isinstance(m, nn.Linear)):
            out, fan_in = lin.weight.shape
            bound = 1.0 / np.sqrt(fan_in)
            lin.weight.copy_(torch.from_numpy(
                common.uniform(100 + 2 * L, out * fan_in, -bound, bound).astype(np.float32).reshape(out, fan_in)))
            lin.bias.copy_(torch.from_numpy(common.uniform(101 + 2 * L, out, -bound, bound).astype(np.float32)))
    X = torch.from_numpy(common.normal(11, batch * 784).astype(np.float32).reshape(batch, 784))
    y = torch.from_numpy(common.labels(12, batch, 10))
    return model, X, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)
    B = a.batch

    def sgd(model):
        return torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)

    # correctness: losses over 10 steps (untimed)
    model, X, y = build(torch, nn, B)
    opt = sgd(model)
    losses = []
    for _ in range(10):
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(X), y)
        losses.append(float(loss))
        loss.backward()
        opt.step()
    losses.append(float(F.cross_entropy(model(X), y)))
    print("# W2 B=%d threads=%d loss before step 1: %.7f  after 10 steps: %.7f" % (B, a.threads, losses[0], losses[-1]))

    # bytes saved for backward (unique storages), split into parameters, inputs and activations
    model, X, y = build(torch, nn, B)
    saved = {}

    def pack(t):
        saved[t.data_ptr()] = max(saved.get(t.data_ptr(), 0), t.numel() * t.element_size())
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        F.cross_entropy(model(X), y)
    params = {p.data_ptr() for p in model.parameters()}
    inputs = {X.data_ptr(), y.data_ptr()}
    saved_act = sum(nb for p, nb in saved.items() if p not in params and p not in inputs)
    grad_bytes = sum(p.numel() * p.element_size() for p in model.parameters())

    # timing
    model, X, y = build(torch, nn, B)
    opt = sgd(model)
    held = {}

    def fwd_nograd():
        with torch.no_grad():
            return model(X)

    def fwd_loss():
        held["l"] = F.cross_entropy(model(X), y)

    def drop():
        held.pop("l", None)

    def clear_grads():
        for p in model.parameters():
            p.grad = None

    def fwd_loss_bwd():
        F.cross_entropy(model(X), y).backward()

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(X), y).backward()
        opt.step()

    stats = {}
    for name, fn, setup in (("fwd_nograd", fwd_nograd, None), ("fwd_loss", fwd_loss, drop),
                            ("fwd_loss_bwd", fwd_loss_bwd, clear_grads), ("step", step, None)):
        st = common.bench(fn, reps=a.steps, warmup=a.warmup, warmup_s=0.0, setup=setup)
        stats[name] = st
        print("%-13s %s" % (name, common.fmt(st)))
        common.emit(dict(env, workload="W2", phase=name, batch=B, run=a.run, **st))
    fwd = stats["fwd_loss"]["median_us"]
    ratio = (stats["fwd_loss_bwd"]["median_us"] - fwd) / fwd
    print("backward/forward = %.2f; saved for backward: %.1f KiB activations; parameter gradients %.1f KiB" % (
        ratio, saved_act / 1024, grad_bytes / 1024))
    common.emit(dict(env, workload="W2summary", batch=B, run=a.run, bwd_over_fwd=ratio, loss_initial=losses[0],
                     loss_after_10_steps=losses[-1], saved_bytes_activations=saved_act,
                     saved_bytes_total=sum(saved.values()), param_grad_bytes=grad_bytes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
