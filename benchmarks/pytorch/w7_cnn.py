#!/usr/bin/python3
"""W7 CNN training step, float32: the `cnn` example's network (examples/.../Cnn.java `network`)
  nn.Sequential(Conv2d(1,16,3,padding=1), ReLU, MaxPool2d(2), Conv2d(16,32,3,padding=1), ReLU, MaxPool2d(2),
                Flatten, Linear(128,10))
on 1x8x8 images, B = 64; parameters from weights.init(seed_base=700) (the same floats as Nabla's W7Cnn);
X = uniform(71, B*64, -1, 1) as [B,1,8,8], y = labels(72, B, 10); F.cross_entropy (mean);
SGD(lr=0.05, momentum=0.9); the same batch every step.

Phases (each: --warmup calls, then --steps calls timed one by one):
  fwd_loss_bwd : grads set to None (untimed), forward + loss + backward
  step         : opt.zero_grad(set_to_none=True); forward; loss; backward; opt.step()
Also: the loss before step 1 and after 10 steps (Nabla's W7 set-up checks against them), in every RESULT line.

Usage: /usr/bin/python3 w7_cnn.py --threads 1 [--steps 300 --warmup 30]
"""
import argparse
import sys

import common
import weights

BATCH = 64


def build(torch):
    import numpy as np
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(128, 10))
    weights.init(torch, model, 700)
    X = torch.from_numpy(common.uniform(71, BATCH * 64, -1.0, 1.0).astype(np.float32).reshape(BATCH, 1, 8, 8))
    y = torch.from_numpy(common.labels(72, BATCH, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return model, X, y, opt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import torch
    import torch.nn.functional as F
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)

    # correctness: losses over 10 steps (untimed)
    model, X, y, opt = build(torch)
    losses = []
    for _ in range(10):
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(X), y)
        losses.append(float(loss))
        loss.backward()
        opt.step()
    losses.append(float(F.cross_entropy(model(X), y)))
    print("# W7 B=%d threads=%d loss before step 1: %.10f  after 10 steps: %.10f" % (BATCH, a.threads, losses[0],
                                                                                      losses[-1]))

    model, X, y, opt = build(torch)

    def clear_grads():
        for p in model.parameters():
            p.grad = None

    def fwd_loss_bwd():
        F.cross_entropy(model(X), y).backward()

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(X), y).backward()
        opt.step()

    for name, fn, setup in (("fwd_loss_bwd", fwd_loss_bwd, clear_grads), ("step", step, None)):
        st = common.bench(fn, reps=a.steps, warmup=a.warmup, warmup_s=0.2, setup=setup)
        print("%-13s %s" % (name, common.fmt(st)))
        common.emit(dict(env, workload="W7", phase=name, batch=BATCH, run=a.run, loss_initial=losses[0],
                         loss_after_10_steps=losses[-1], **st))
    return 0


if __name__ == "__main__":
    sys.exit(main())
