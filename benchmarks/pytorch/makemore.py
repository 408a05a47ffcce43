#!/usr/bin/python3
"""makemore: a character-level decoder-only transformer on words.txt (the copy in
examples/src/main/resources, with its SCOWL licence notice words.rst), the PyTorch twin of Nabla's
`examples` program `makemore` (examples/src/main/java/dev/nabla/examples/Makemore.java).

Both sides implement exactly the same data pipeline, so they train on the same split in the same order:
  - tokens: '.' = 0 (the word boundary), 'a'..'z' = 1..26; any other character is an error.
  - split: SplitMix64 (== java.util.SplittableRandom(seed).nextLong()), a Fisher-Yates shuffle of the
    word indices (for i = n-1 .. 1: j = unsigned(nextLong()) mod (i+1), swap i, j) with seed SPLIT_SEED;
    the first n // 10 shuffled words are the validation set, the rest (in shuffled order) the training set.
  - batches: a second SplitMix64 (seed ORDER_SEED) reshuffles the training-word positions at every epoch
    the same way; a batch is the next B words of the current permutation (an epoch's last partial
    batch is dropped).
  - a word w of length L is the sequence ".w" (inputs, L+1 tokens) with targets "w." (L+1 tokens): the
    model predicts every letter and the end of the word from the letters before it. A batch is padded
    to its longest word with input '.' and target IGNORE; the loss is the mean over real targets only.
  - validation loss: nats per character = total negative log-likelihood of every target of every
    validation word / number of targets (a word of length L counts L+1 characters, the final '.'
    included), for the transformer and for a bigram count model with add-ALPHA smoothing fit on the
    training words.
Model: learned token and position embeddings (N(0, 1), PyTorch's nn.Embedding default), LAYERS
nn.TransformerEncoderLayer blocks (pre-norm, GELU in its erf form, feed-forward 4D, no dropout) run with a
causal mask, so x += attn(norm1(x)); x += linear2(gelu(linear1(norm2(x)))) with causal multi-head
self-attention; a final LayerNorm and a linear head to 27 logits. Every layer keeps PyTorch's default init
(the initial weights differ from the Java side's, which draws its own). AdamW
(betas 0.9/0.99, weight decay 0.01 on every parameter), learning rate: linear warm-up over WARMUP steps,
then cosine decay to LR_MIN; the gradient is clipped to global 2-norm 1.0 before each step.

Usage: /usr/bin/python3 benchmarks/pytorch/makemore.py [--threads 2] [--steps N] [--words PATH]
Prints one progress line per chunk of steps, then `bigram val loss`, `transformer val loss`, the
training time and 20 sampled words.
"""
import argparse
import math
import os
import sys
import time

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15

SPLIT_SEED = 42
ORDER_SEED = 7
INIT_SEED = 1337
SAMPLE_SEED = 2026
IGNORE = -1

# hyper-parameters (the Java side uses the same values)
EMBED = 64
HEADS = 4
LAYERS = 2
BATCH = 32
STEPS = 2000
LR = 3e-3
LR_MIN = 3e-4
WARMUP = 100
WEIGHT_DECAY = 0.01
BETAS = (0.9, 0.99)
CLIP = 1.0
ALPHA = 1.0  # bigram add-alpha smoothing
LOG_EVERY = 250
EVAL_BATCH = 500


class SplitMix64:
    """java.util.SplittableRandom(seed): nextLong() bit for bit."""

    def __init__(self, seed):
        self.s = seed & MASK64

    def next_long(self):
        self.s = (self.s + GOLDEN_GAMMA) & MASK64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def shuffle(self, a):
        """Fisher-Yates from the end: j = unsigned(nextLong()) mod (i + 1)."""
        for i in range(len(a) - 1, 0, -1):
            j = self.next_long() % (i + 1)
            a[i], a[j] = a[j], a[i]


def read_words(path):
    with open(path, encoding="ascii") as f:
        words = [w.strip() for w in f if w.strip()]
    for w in words:
        bad = [c for c in w if not "a" <= c <= "z"]
        if bad:
            raise ValueError("words.txt: word %r has characters outside a-z: %r" % (w, bad))
    return words


def encode(word):
    return [ord(c) - ord("a") + 1 for c in word]


def split(words):
    idx = list(range(len(words)))
    SplitMix64(SPLIT_SEED).shuffle(idx)
    n_val = len(words) // 10
    return [words[i] for i in idx[n_val:]], [words[i] for i in idx[:n_val]]


def batch_tensors(torch, words):
    """Inputs [B, T] ('.' + word, padded with '.'), targets [B, T] (word + '.', padded with IGNORE)."""
    t = max(len(w) for w in words) + 1
    x = torch.zeros(len(words), t, dtype=torch.long)
    y = torch.full((len(words), t), IGNORE, dtype=torch.long)
    for b, w in enumerate(words):
        e = encode(w)
        x[b, 1:len(e) + 1] = torch.tensor(e, dtype=torch.long)
        y[b, :len(e) + 1] = torch.tensor(e + [0], dtype=torch.long)
    return x, y


def bigram_val_loss(train, val, alpha=ALPHA):
    counts = [[alpha] * 27 for _ in range(27)]
    for w in train:
        e = [0] + encode(w) + [0]
        for a, b in zip(e, e[1:]):
            counts[a][b] += 1
    logp = [[math.log(c / sum(row)) for c in row] for row in counts]
    nll, n = 0.0, 0
    for w in val:
        e = [0] + encode(w) + [0]
        for a, b in zip(e, e[1:]):
            nll -= logp[a][b]
            n += 1
    return nll / n


def build_model(torch, block):
    nn = torch.nn

    class Transformer(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(27, EMBED)
            self.pos = nn.Embedding(block, EMBED)
            # pre-norm, exact GELU, no dropout: x + sa(norm1(x)), then x + ff(norm2(x)); causal through the mask.
            # The model is never put in eval() mode (dropout is 0, so train mode computes the same), which keeps
            # PyTorch 1.13's inference fast path, with its own kernels, out of the comparison.
            self.blocks = nn.ModuleList([nn.TransformerEncoderLayer(EMBED, HEADS, 4 * EMBED, dropout=0.0,
                                                                    activation="gelu", batch_first=True,
                                                                    norm_first=True) for _ in range(LAYERS)])
            self.ln_f = nn.LayerNorm(EMBED)
            self.head = nn.Linear(EMBED, 27)
            # causal mask (nn.MultiheadAttention's boolean convention: True = may not attend)
            self.register_buffer("mask", torch.ones(block, block, dtype=torch.bool).triu(diagonal=1))

        def forward(self, idx):
            t = idx.shape[1]
            x = self.tok(idx) + self.pos.weight[:t]
            for blk in self.blocks:
                x = blk(x, src_mask=self.mask[:t, :t])
            return self.head(self.ln_f(x))

    return Transformer()


def lr_at(step, steps):
    """Linear warm-up to LR over WARMUP steps, then cosine decay to LR_MIN at the last step."""
    if step < WARMUP:
        return LR * (step + 1) / WARMUP
    p = (step - WARMUP) / max(1, steps - 1 - WARMUP)
    return LR_MIN + 0.5 * (LR - LR_MIN) * (1 + math.cos(math.pi * p))


def val_loss(torch, model, val):
    F = torch.nn.functional
    nll, n = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(val), EVAL_BATCH):
            x, y = batch_tensors(torch, val[i:i + EVAL_BATCH])
            logits = model(x)
            nll += F.cross_entropy(logits.view(-1, 27), y.view(-1), ignore_index=IGNORE, reduction="sum").item()
            n += int((y != IGNORE).sum())
    return nll / n


def sample(torch, model, block, count, gen):
    out = []
    with torch.no_grad():
        for _ in range(count):
            idx = [0]
            while len(idx) < block:
                p = model(torch.tensor([idx])).softmax(-1)[0, -1]
                c = int(torch.multinomial(p, 1, generator=gen))
                if c == 0:
                    break
                idx.append(c)
            out.append("".join(chr(ord("a") + c - 1) for c in idx[1:]))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=STEPS)
    ap.add_argument("--words", default=os.path.join(here, "..", "..", "examples", "src", "main", "resources", "words.txt"))
    args = ap.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import torch
    torch.set_num_threads(args.threads)
    F = torch.nn.functional

    words = read_words(args.words)
    train, val = split(words)
    block = max(len(w) for w in words) + 1
    torch.manual_seed(INIT_SEED)
    model = build_model(torch, block)
    n_params = sum(p.numel() for p in model.parameters())
    print("makemore: %d words (%d train / %d val), vocabulary 27 ('.' + a-z), block %d; transformer %d layers,"
          " %d dims, %d heads, %d parameters; torch %s, %d threads"
          % (len(words), len(train), len(val), block, LAYERS, EMBED, HEADS, n_params, torch.__version__,
             torch.get_num_threads()), flush=True)
    bigram = bigram_val_loss(train, val)
    print("bigram val loss: %.4f nats/char" % bigram, flush=True)

    opt = torch.optim.AdamW(model.parameters(), lr=LR, betas=BETAS, weight_decay=WEIGHT_DECAY)
    order_rng = SplitMix64(ORDER_SEED)
    perm, pos = list(range(len(train))), len(train)
    t0 = time.perf_counter()
    run_sum, run_n = 0.0, 0
    for step in range(args.steps):
        if pos + BATCH > len(perm):
            order_rng.shuffle(perm)
            pos = 0
        x, y = batch_tensors(torch, [train[i] for i in perm[pos:pos + BATCH]])
        pos += BATCH
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.steps)
        loss = F.cross_entropy(model(x).view(-1, 27), y.view(-1), ignore_index=IGNORE)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        run_sum += loss.item()
        run_n += 1
        if (step + 1) % LOG_EVERY == 0 or step + 1 == args.steps:
            print("step %5d/%d  train loss %.4f  lr %.2e  %.1f s"
                  % (step + 1, args.steps, run_sum / run_n, lr_at(step, args.steps), time.perf_counter() - t0),
                  flush=True)
            run_sum, run_n = 0.0, 0
    train_s = time.perf_counter() - t0
    vl = val_loss(torch, model, val)
    print("bigram val loss: %.4f nats/char" % bigram)
    print("transformer val loss: %.4f nats/char (%.4f below the bigram)" % (vl, bigram - vl))
    print("training time: %.1f s (%d steps of %d words, %d threads)" % (train_s, args.steps, BATCH,
                                                                         torch.get_num_threads()))
    gen = torch.Generator().manual_seed(SAMPLE_SEED)
    print("samples: " + " ".join(sample(torch, model, block, 20, gen)))


if __name__ == "__main__":
    sys.exit(main())
