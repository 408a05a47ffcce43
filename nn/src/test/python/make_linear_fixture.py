#!/usr/bin/python3
"""Writes nn/src/test/resources/fixtures/linear.json: torch.nn.Linear in float64 on fixed inputs.

Run from the repository root with Debian's PyTorch:
    /usr/bin/python3 nn/src/test/python/make_linear_fixture.py
For each case: the layer's weight [out, in] and bias [out], an input x [..., in], the output
y = x·Wᵀ + b, and the gradients of sum(v ⊙ y) for a fixed v with respect to x, weight and bias.
Inputs come from make_fixtures.py's SplitMix64 and are written into the fixture.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from make_fixtures import SplitMix64, dump, enc  # noqa: E402

torch.set_default_dtype(torch.float64)


def case(seed, lead, n_in, n_out):
    rng = SplitMix64(seed)
    layer = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        layer.weight.copy_(rng.tensor([n_out, n_in], -1.0, 1.0))
        layer.bias.copy_(rng.tensor([n_out], -1.0, 1.0))
    x = rng.tensor(lead + [n_in]).requires_grad_(True)
    y = layer(x)
    v = rng.tensor(list(y.shape))
    (y * v).sum().backward()
    return {"weight": enc(layer.weight), "bias": enc(layer.bias), "x": enc(x), "v": enc(v), "y": enc(y),
            "grad_x": enc(x.grad), "grad_weight": enc(layer.weight.grad), "grad_bias": enc(layer.bias.grad)}


if __name__ == "__main__":
    # small; rank-3 input; and one whose products pass MatMul's blocked-GEMM threshold (m·n·k > 2048)
    dump("linear.json", {"torch": torch.__version__, "cases": [
        case(7001, [4], 5, 3), case(7002, [2, 3], 5, 4), case(7003, [2, 13], 20, 24)]})
    print("wrote linear.json")
