#!/usr/bin/python3
"""Writes the PyTorch fixtures that nn's differential tests compare against.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch python3-numpy):
    /usr/bin/python3 nn/src/test/python/make_fixtures.py
Outputs go to nn/src/test/resources/fixtures/ and are committed; the Java tests never run Python.

Inputs come from SplitMix64 (below) and are written into the fixtures themselves, so the Java side
reads them rather than re-deriving them. Every number is written with repr(), which round-trips a
double exactly. All loss / optimizer / schedule fixtures are float64.
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")
torch.set_default_dtype(torch.float64)


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * ((self.next() >> 11) * 2.0 ** -53)

    def ints(self, n, bound):
        return [self.next() % bound for _ in range(n)]

    def tensor(self, shape, lo=-2.0, hi=2.0):
        n = 1
        for d in shape:
            n *= d
        return torch.tensor([self.uniform(lo, hi) for _ in range(n)], dtype=torch.float64).reshape(shape)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": flat(t)}


def dump(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


# ------------------------------------------------------------------ losses
def loss_cases():
    rng = SplitMix64(1)
    cases = []

    def run(name, fn, inputs, reduction, extra):
        leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items() if k in ("pred", "logits", "logProbs")}
        args = {k: leaves.get(k, v) for k, v in inputs.items()}
        out = fn(args, reduction)
        seed = torch.ones_like(out) if out.dim() == 0 else rng.tensor(list(out.shape))
        out.backward(seed)
        (leaf_name, leaf), = leaves.items()
        case = {"loss": name, "reduction": reduction.upper(), "seed": enc(seed), "value": enc(out),
                "grad": enc(leaf.grad)}
        for k, v in inputs.items():
            case[k] = v if isinstance(v, list) else enc(v)
        case.update(extra)
        cases.append(case)

    for reduction in ("mean", "sum", "none"):
        pred, target = rng.tensor([4, 3]), rng.tensor([4, 3])
        target[0, 0] = pred[0, 0]  # a zero residual: l1's subgradient at 0
        run("mse", lambda a, r: F.mse_loss(a["pred"], a["target"], reduction=r), {"pred": pred, "target": target},
            reduction, {})
        run("l1", lambda a, r: F.l1_loss(a["pred"], a["target"], reduction=r), {"pred": pred, "target": target},
            reduction, {})
        for delta in (1.0, 0.5):
            run("huber", lambda a, r, d=delta: F.huber_loss(a["pred"], a["target"], reduction=r, delta=d),
                {"pred": pred, "target": target}, reduction, {"delta": delta})
        logits = rng.tensor([5, 4], -3, 3)
        logits[4] = torch.tensor([1000.0, -1000.0, 999.0, 0.0])  # stability
        labels = rng.ints(5, 4)
        run("crossEntropy", lambda a, r: F.cross_entropy(a["logits"], torch.tensor(a["labels"]), reduction=r),
            {"logits": logits, "labels": labels}, reduction, {})
        probs = torch.softmax(rng.tensor([5, 4]), dim=1)
        run("crossEntropyProbs", lambda a, r: F.cross_entropy(a["logits"], a["target"], reduction=r),
            {"logits": logits, "target": probs}, reduction, {})
        log_probs = torch.log_softmax(rng.tensor([5, 4]), dim=1)
        run("nllLoss", lambda a, r: F.nll_loss(a["logProbs"], torch.tensor(a["labels"]), reduction=r),
            {"logProbs": log_probs, "labels": labels}, reduction, {})
        x = rng.tensor([3, 4], -4, 4)
        x[0] = torch.tensor([0.0, 50.0, -50.0, 800.0])
        x[1, 0] = -800.0
        t = rng.tensor([3, 4], 0, 1)
        t[2, 0], t[2, 1] = 0.0, 1.0
        run("bceWithLogits", lambda a, r: F.binary_cross_entropy_with_logits(a["logits"], a["target"], reduction=r),
            {"logits": x, "target": t}, reduction, {})
    dump("losses.json", {"torch": torch.__version__, "cases": cases})


# ------------------------------------------------------------------ activations
def activations():
    xs = torch.tensor([-10.0, -6.0, -3.5, -2.0, -1.0, -0.5, -1e-3, 0.0, 1e-8, 0.3, 0.7071, 1.0, 1.5, 2.5, 3.0, 4.0,
                       5.5, 8.0, 30.0])
    out = {"torch": torch.__version__, "x": flat(xs), "erf": flat(torch.erf(xs))}
    for name, fn in (("gelu", lambda v: F.gelu(v)), ("geluTanh", lambda v: F.gelu(v, approximate="tanh")),
                     ("erf", torch.erf)):
        v = xs.clone().requires_grad_(True)
        y = fn(v)
        y.sum().backward()
        out[name] = flat(y)
        out[name + "Grad"] = flat(v.grad)
    dump("activations.json", out)


# ------------------------------------------------------------------ optimizers and schedules
def problem():
    rng = SplitMix64(7)
    return rng.tensor([6, 3]), rng.tensor([6, 2]), rng.tensor([2, 3], -0.5, 0.5), rng.tensor([2], -0.5, 0.5)


def trajectory(make_opt, steps=20, clip=None, schedule=None):
    x, y, w0, b0 = problem()
    w, b = w0.clone().requires_grad_(True), b0.clone().requires_grad_(True)
    opt = make_opt([w, b])
    sched = schedule(opt) if schedule else None
    traj, norms, lrs = [], [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(x @ w.t() + b, y)
        loss.backward()
        if clip is not None:
            norms.append(float(torch.nn.utils.clip_grad_norm_([w, b], clip)))
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched:
            sched.step()
        traj.append({"weight": flat(w), "bias": flat(b)})
    return traj, norms, lrs


def optimizers():
    x, y, w0, b0 = problem()
    S, A, AW = torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW
    configs = [
        ("sgd", {"lr": 0.1}, lambda p: S(p, lr=0.1)),
        ("sgd", {"lr": 0.1, "momentum": 0.9}, lambda p: S(p, lr=0.1, momentum=0.9)),
        ("sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, lambda p: S(p, lr=0.1, momentum=0.9, dampening=0.5)),
        ("sgd", {"lr": 0.05, "momentum": 0.8, "nesterov": True}, lambda p: S(p, lr=0.05, momentum=0.8, nesterov=True)),
        ("sgd", {"lr": 0.1, "weightDecay": 0.2}, lambda p: S(p, lr=0.1, weight_decay=0.2)),
        ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.05},
         lambda p: S(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05)),
        ("adam", {"lr": 0.05}, lambda p: A(p, lr=0.05)),
        ("adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weightDecay": 0.1},
         lambda p: A(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
        ("adam", {"lr": 0.05, "amsgrad": True}, lambda p: A(p, lr=0.05, amsgrad=True)),
        ("adam", {"lr": 0.05, "amsgrad": True, "weightDecay": 0.3}, lambda p: A(p, lr=0.05, amsgrad=True, weight_decay=0.3)),
        ("adamw", {"lr": 0.05}, lambda p: AW(p, lr=0.05)),
        ("adamw", {"lr": 0.05, "weightDecay": 0.5, "amsgrad": True}, lambda p: AW(p, lr=0.05, weight_decay=0.5, amsgrad=True)),
    ]
    cases = []
    for kind, opts, make in configs:
        traj, _, _ = trajectory(make)
        cases.append({"optimizer": kind, "options": opts, "trajectory": traj})
    # gradient clipping by global norm, then plain SGD and SGD with momentum
    for kind, opts, make in configs[:2]:
        traj, norms, _ = trajectory(make, clip=0.5)
        cases.append({"optimizer": kind, "options": opts, "clip": 0.5, "norms": norms, "trajectory": traj})
    # a schedule driving SGD with momentum
    traj, _, lrs = trajectory(lambda p: S(p, lr=0.1, momentum=0.9),
                              schedule=lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=4, gamma=0.5))
    cases.append({"optimizer": "sgd", "options": {"lr": 0.1, "momentum": 0.9},
                  "schedule": {"kind": "step", "stepSize": 4, "gamma": 0.5}, "lrs": lrs, "trajectory": traj})

    L = torch.optim.lr_scheduler
    schedules = [
        ({"kind": "step", "stepSize": 3, "gamma": 0.5}, lambda o: L.StepLR(o, step_size=3, gamma=0.5)),
        ({"kind": "exponential", "gamma": 0.9}, lambda o: L.ExponentialLR(o, gamma=0.9)),
        ({"kind": "cosine", "tMax": 10, "etaMin": 0.001}, lambda o: L.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
        ({"kind": "cosine", "tMax": 7, "etaMin": 0.0}, lambda o: L.CosineAnnealingLR(o, T_max=7)),
        ({"kind": "linear", "startFactor": 0.25, "endFactor": 1.0, "totalIters": 8},
         lambda o: L.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8)),
        ({"kind": "linear", "startFactor": 1.0, "endFactor": 0.1, "totalIters": 5},
         lambda o: L.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=5)),
    ]
    sched_cases = []
    for spec, make in schedules:
        p = torch.zeros(1, requires_grad=True)
        opt = S([p], lr=0.1)
        s = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(20):
            opt.step()
            s.step()
            lrs.append(opt.param_groups[0]["lr"])
        sched_cases.append({"baseLr": 0.1, "schedule": spec, "lrs": lrs})
    dump("optim.json", {"torch": torch.__version__, "x": enc(x), "y": enc(y), "weight": enc(w0), "bias": enc(b0),
                        "cases": cases, "schedules": sched_cases})


# ------------------------------------------------------------------ safetensors written from PyTorch
SAFE_DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8"),
               torch.int32: ("I32", "<i4")}


def write_safetensors(path, state, metadata=None):
    """The safetensors layout by hand (the `safetensors` package is not in Debian):
    u64 little-endian header length, JSON header, raw little-endian data packed in order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in state.items():
        t = t.detach().contiguous()
        code, _ = SAFE_DTYPES[t.dtype]
        raw = t.numpy().astype(SAFE_DTYPES[t.dtype][1]).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """The reader used to check, by hand, a file Nabla wrote."""
    import numpy as np
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        np_dtype = {"F32": "<f4", "F64": "<f8"}[info["dtype"]]
        out[name] = torch.from_numpy(np.frombuffer(data[8 + n + b:8 + n + e], dtype=np_dtype).copy()).reshape(info["shape"])
    return out, meta


def torch_model_files():
    torch.manual_seed(0)
    for dtype, suffix in ((torch.float32, "f32"), (torch.float64, "f64")):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2)).to(dtype)
        x = SplitMix64(11).tensor([5, 4]).to(dtype)
        with torch.no_grad():
            y = model(x)
        write_safetensors(os.path.join(OUT, "torch_mlp_%s.safetensors" % suffix), model.state_dict(),
                          {"format": "pt", "written_by": "make_fixtures.py"})
        dump("torch_mlp_%s.json" % suffix, {"torch": torch.__version__,
                                            "params": {k: enc(v) for k, v in model.state_dict().items()},
                                            "x": enc(x), "y": enc(y)})


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 2:  # check a file Nabla wrote: make_fixtures.py path/to/file.safetensors
        tensors, meta = read_safetensors(sys.argv[1])
        print("metadata:", meta)
        for k, v in tensors.items():
            print(k, v.dtype, list(v.shape), v.reshape(-1)[:6].tolist())
        model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
        model.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=True)
        print("load_state_dict(strict=True) into Sequential(Linear(4,3), ReLU, Linear(3,2)): ok")
        sys.exit(0)
    os.makedirs(OUT, exist_ok=True)
    loss_cases()
    activations()
    optimizers()
    torch_model_files()
    print("fixtures written to", os.path.normpath(OUT))
