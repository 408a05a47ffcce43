"""Deterministic parameters for the model workloads (W7, W8): bit for bit what the Java side's
benchmarks/.../Weights.java draws, for models with the same state_dict names and shapes.

The state_dict names, sorted, are numbered i = 0, 1, ...; the tensor named i gets
  - rank >= 2 (Linear, Conv2d, Embedding, attention in-projection weight [out, ...]):
    uniform(seed_base + i, n, -b, b) in float64 cast to float32, b = 1/sqrt(fan_in), fan_in = n / out;
  - rank 1 whose sibling weight (the name with its last "bias" replaced by "weight") has rank >= 2:
    the same with that weight's fan-in;
  - anything else (LayerNorm's affine weight and bias): left at its default (ones, zeros).
"""
import common


def sibling_weight(name):
    head, _, last = name.rpartition(".")
    if not last.endswith("bias"):
        return None
    return (head + "." if head else "") + last[:-4] + "weight"


def init(torch, model, seed_base):
    """Fills model's parameters by the rule above; returns the number of tensors drawn."""
    import numpy as np
    state = model.state_dict()
    names = sorted(state)
    count = 0
    with torch.no_grad():
        for i, name in enumerate(names):
            t = state[name]
            w = t if t.dim() >= 2 else state.get(sibling_weight(name))
            if w is None or w.dim() < 2:
                continue
            bound = 1.0 / np.sqrt(w.numel() / w.shape[0])
            vals = common.uniform(seed_base + i, t.numel(), -bound, bound).astype(np.float32).reshape(tuple(t.shape))
            t.copy_(torch.from_numpy(vals))
            count += 1
    return count
