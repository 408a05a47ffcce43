#!/usr/bin/python3
"""W8 transformer training step, float32: the `makemore` model's block stack with the example's default
config (examples/.../MakemoreModel.java, Makemore.Config.DEFAULT): token embedding 27x64 + position embedding
23x64 (block = longest word of words.txt + 1) -> 2 x nn.TransformerEncoderLayer(64, 4, 256, dropout=0,
activation="gelu" (exact, erf), batch_first=True, norm_first=True) with a boolean causal mask -> LayerNorm(64)
-> Linear(64, 27). The model is never put in eval() (PyTorch 1.13's inference fast path stays out).
Parameters from weights.init(seed_base=800) (the same floats as Nabla's W8Transformer: same state_dict names);
B = 32 sequences of T = 23: x = labels(81, B*T, 27), targets = labels(82, B*T, 27), both [B, T];
F.cross_entropy over all B*T positions (mean); AdamW(lr=3e-3, betas=(0.9, 0.99), weight_decay=0.01); no
clipping; the same batch every step.

Phases (each: --warmup calls, then --steps calls timed one by one):
  fwd_loss_bwd : grads set to None (untimed), forward + loss + backward
  step         : opt.zero_grad(set_to_none=True); forward; loss; backward; opt.step()
Also: the loss before step 1 and after 10 steps (Nabla's W8 set-up checks against them), in every RESULT line.

Usage: /usr/bin/python3 w8_transformer.py --threads 1 [--steps 200 --warmup 20]
"""
import argparse
import sys

import common
import weights

BATCH, T, VOCAB, DIM, HEADS, LAYERS = 32, 23, 27, 64, 4, 2


def build(torch):
    import numpy as np
    nn = torch.nn

    class Transformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(VOCAB, DIM)
            self.pos = nn.Embedding(T, DIM)
            self.blocks = nn.ModuleList([nn.TransformerEncoderLayer(DIM, HEADS, 4 * DIM, dropout=0.0, activation="gelu",
                                                                    batch_first=True, norm_first=True)
                                         for _ in range(LAYERS)])
            self.ln_f = nn.LayerNorm(DIM)
            self.head = nn.Linear(DIM, VOCAB)
            # True = may not attend (nn.MultiheadAttention's boolean convention); not in the state_dict
            self.mask = torch.ones(T, T, dtype=torch.bool).triu(diagonal=1)

        def forward(self, idx):
            x = self.tok(idx) + self.pos.weight
            for blk in self.blocks:
                x = blk(x, src_mask=self.mask)
            return self.head(self.ln_f(x))

    model = Transformer()
    weights.init(torch, model, 800)
    x = torch.from_numpy(common.labels(81, BATCH * T, VOCAB).reshape(BATCH, T))
    y = torch.from_numpy(common.labels(82, BATCH * T, VOCAB))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, betas=(0.9, 0.99), weight_decay=0.01)
    return model, x, y, opt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--run", default="")
    a = ap.parse_args()
    common.setup_threads(a.threads)
    import torch
    import torch.nn.functional as F
    common.torch_threads(torch, a.threads)
    env = common.env_block(a.threads)

    def loss_of(model, x, y):
        return F.cross_entropy(model(x).reshape(BATCH * T, VOCAB), y)

    # correctness: losses over 10 steps (untimed)
    model, x, y, opt = build(torch)
    losses = []
    for _ in range(10):
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, x, y)
        losses.append(float(loss))
        loss.backward()
        opt.step()
    losses.append(float(loss_of(model, x, y)))
    print("# W8 B=%d threads=%d loss before step 1: %.10f  after 10 steps: %.10f" % (BATCH, a.threads, losses[0],
                                                                                      losses[-1]))

    model, x, y, opt = build(torch)

    def clear_grads():
        for p in model.parameters():
            p.grad = None

    def fwd_loss_bwd():
        loss_of(model, x, y).backward()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_of(model, x, y).backward()
        opt.step()

    for name, fn, setup in (("fwd_loss_bwd", fwd_loss_bwd, clear_grads), ("step", step, None)):
        st = common.bench(fn, reps=a.steps, warmup=a.warmup, warmup_s=0.2, setup=setup)
        print("%-13s %s" % (name, common.fmt(st)))
        common.emit(dict(env, workload="W8", phase=name, batch=BATCH, run=a.run, loss_initial=losses[0],
                         loss_after_10_steps=losses[-1], **st))
    return 0


if __name__ == "__main__":
    sys.exit(main())
