#!/usr/bin/python3
"""Writes the PyTorch fixtures for issue 13's layers and linear-algebra ops (FLOAT64), into
nn/src/test/resources/fixtures/layers/.

Run from the repository root with Debian's PyTorch 1.13 (CPU; no other package):
    /usr/bin/python3 nn/src/test/python/make_layer_fixtures.py
The outputs are committed; the Java tests never run Python. Running the script again writes the
same bytes.

For each fixture NAME:
  NAME.state.safetensors  the module's state_dict() before the forward pass, PyTorch names and
                          dtypes (num_batches_tracked is I64, as PyTorch writes it), metadata
                          {"format": "pt"}: exactly what PyTorch would save, so model.load(path)
                          reads it strictly. Absent for the linear-algebra ops (no module).
  NAME.io.safetensors     the inputs (float inputs F64; Embedding indices I64 or I32), "output",
                          further outputs (LSTM/GRU "h_n", "c_n"), "w" (a fixed random tensor of the
                          output's shape), "grad.<input>" and "grad.<parameter>" = the gradients of
                          L = sum(w * output) (parameters by their state_dict names), and for
                          BatchNorm in train mode "after.<buffer>" = the buffers after the step.
manifest.json lists every fixture: its layer, the constructor arguments (PyTorch's names, passed
as keyword arguments exactly as listed), the module's repr (with PyTorch's defaults), the mode,
how forward is called, and the name, dtype and shape of every tensor in both files.

Every number comes from make_fixtures.py's SplitMix64 with a fixed seed per fixture (parameters
and buffers are overwritten, so PyTorch's initializers and RNG play no part).

RMSNorm: PyTorch 1.13 has no nn.RMSNorm. The fixtures use the reference formula
    y = x / sqrt(mean(x^2 over the normalized dims) + eps) * weight
written in torch ops below (the formula of torch.nn.RMSNorm in PyTorch >= 2.4, state_dict "weight").
"""
import hashlib
import json
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from make_fixtures import SplitMix64, write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "layers")
MAX_FILE, MAX_TOTAL = 100 * 1024, 1024 * 1024
torch.set_default_dtype(torch.float64)

# ------------------------------------------------------------------ safetensors, by hand
DTYPES = {torch.float64: ("F64", "<f8"), torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8"),
          torch.int32: ("I32", "<i4")}
NUMPY = {code: np_code for code, np_code in DTYPES.values()}
TORCH = {code: dtype for dtype, (code, _) in DTYPES.items()}


def read_safetensors(path):
    import numpy as np
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        arr = np.frombuffer(data[8 + n + b:8 + n + e], dtype=NUMPY[info["dtype"]]).copy()
        out[name] = torch.from_numpy(arr).reshape(info["shape"]).to(TORCH[info["dtype"]])
    return out


# ------------------------------------------------------------------ the reference RMSNorm
class RMSNorm(nn.Module):
    """y = x / sqrt(mean(x^2 over the last len(normalized_shape) dims) + eps) * weight: the formula of
    torch.nn.RMSNorm (PyTorch >= 2.4, elementwise_affine=True), which PyTorch 1.13 lacks."""

    def __init__(self, normalized_shape, eps):
        super().__init__()
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.normalized_shape))

    def forward(self, x):
        dims = tuple(range(-len(self.normalized_shape), 0))
        return x / torch.sqrt(x.pow(2).mean(dims, keepdim=True) + self.eps) * self.weight

    def extra_repr(self):
        return "%s, eps=%s, elementwise_affine=True (reference formula in torch ops)" % (
            self.normalized_shape, self.eps)


NORMS = (nn.LayerNorm, nn.BatchNorm1d, nn.BatchNorm2d, RMSNorm)


def fill_state(module, rng):
    """Overwrites every parameter and buffer from rng, in state_dict order: norm weights in
    [0.5, 1.5], running_var in [0.5, 2], running_mean in [-0.5, 0.5], num_batches_tracked = 3,
    other weights in [-s, s] with s = 1/sqrt(fan_in), biases in [-0.5, 0.5]."""
    owners = dict(module.named_modules())
    with torch.no_grad():
        for name, t in module.state_dict(keep_vars=True).items():
            owner = owners[name.rsplit(".", 1)[0] if "." in name else ""]
            leaf = name.rsplit(".", 1)[-1]
            shape = list(t.shape)
            if leaf == "num_batches_tracked":
                t.fill_(3)
            elif leaf == "running_var":
                t.copy_(rng.tensor(shape, 0.5, 2.0))
            elif leaf == "running_mean" or (isinstance(owner, NORMS) and leaf == "bias"):
                t.copy_(rng.tensor(shape, -0.5, 0.5))
            elif isinstance(owner, NORMS) and leaf == "weight":
                t.copy_(rng.tensor(shape, 0.5, 1.5))
            elif t.dim() >= 2:
                fan_in = 1
                for d in shape[1:]:
                    fan_in *= d
                s = fan_in ** -0.5
                t.copy_(rng.tensor(shape, -s, s))
            else:
                t.copy_(rng.tensor(shape, -0.5, 0.5))


def causal_mask(t):
    """PyTorch's boolean attn_mask: True where attention is NOT allowed (key j > query i)."""
    return torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)


# ------------------------------------------------------------------ one fixture
MANIFEST = []


def positional(module, **inputs):
    return module(*inputs.values())


def spec(tensors):
    return {k: {"dtype": DTYPES[v.dtype][0], "shape": list(v.shape)} for k, v in tensors.items()}


def module_case(name, seed, layer, cls, args, inputs, forward="forward(input)", call=None, mode="train",
                notes=None):
    """inputs: {name: shape} for float inputs (values in [-2, 2]) or {name: tensor} for given ones.
    call(module, **inputs) returns the output tensor or {"output": t, other outputs...}."""
    rng = SplitMix64(seed)
    module = cls(**args)
    fill_state(module, rng)
    module.train(mode == "train")
    state = {k: v.detach().clone() for k, v in module.state_dict().items()}
    xs = {}
    for k, v in inputs.items():
        xs[k] = v if isinstance(v, torch.Tensor) else rng.tensor(v).requires_grad_(True)
    outs = (call or positional)(module, **xs)
    if not isinstance(outs, dict):
        outs = {"output": outs}
    w = rng.tensor(list(outs["output"].shape))
    (w * outs["output"]).sum().backward()
    io = dict(xs)
    io.update(outs)
    io["w"] = w
    for k, v in xs.items():
        if v.requires_grad:
            io["grad." + k] = v.grad
    for k, p in module.named_parameters():
        io["grad." + k] = p.grad
    if mode == "train":
        for k, b in module.named_buffers():
            if not torch.equal(b, state[k]):
                io["after." + k] = b.detach().clone()
    write(name, {"layer": layer, "args": args, "repr": repr(module), "mode": mode, "forward": forward,
                 "inputs": list(xs)}, state, io, notes)
    check_module(name, cls, args, mode, call, xs, outs)


def op_case(name, seed, op, make_inputs, fn, notes=None):
    rng = SplitMix64(seed)
    xs = {k: v.requires_grad_(True) for k, v in make_inputs(rng).items()}
    out = fn(*xs.values())
    w = rng.tensor(list(out.shape))
    (w * out).sum().backward()
    io = dict(xs)
    io["output"] = out
    io["w"] = w
    for k, v in xs.items():
        io["grad." + k] = v.grad
    conds = {k: float(torch.linalg.cond(v.detach())) for k, v in xs.items() if v.dim() == 2 and v.shape[0] == v.shape[1]}
    write(name, {"layer": op, "args": {}, "mode": None, "forward": "%s(%s)" % (op, ", ".join(xs)),
                 "inputs": list(xs), "cond": conds}, None, io, notes)
    back = read_safetensors(os.path.join(OUT, name + ".io.safetensors"))
    leaves = {k: back[k].clone() for k in xs}
    assert torch.equal(fn(*leaves.values()), back["output"]), name
    check_gradients(name, lambda: float((back["w"] * fn(*leaves.values())).sum()), leaves, back,
                    symmetric=op == "linalg.cholesky")


def write(name, entry, state, io, notes):
    os.makedirs(OUT, exist_ok=True)
    files = {}
    if state is not None:
        files["state"] = name + ".state.safetensors"
        write_safetensors(os.path.join(OUT, files["state"]), state, {"format": "pt"})
    files["io"] = name + ".io.safetensors"
    io = {k: v.detach() for k, v in io.items()}
    write_safetensors(os.path.join(OUT, files["io"]), io, {"format": "pt", "fixture": name})
    e = {"name": name}
    e.update(entry)
    e["files"] = files
    e["state"] = spec(state) if state is not None else {}
    e["tensors"] = spec(io)
    if notes:
        e["notes"] = notes
    MANIFEST.append(e)


def check_module(name, cls, args, mode, call, xs, outs):
    """Reads the files back and loads the state strictly into a fresh module: the fixture must
    reproduce its own outputs bit for bit, and its gradients must match central differences."""
    state = read_safetensors(os.path.join(OUT, name + ".state.safetensors"))
    io = read_safetensors(os.path.join(OUT, name + ".io.safetensors"))
    module = cls(**args)
    module.load_state_dict(state, strict=True)
    module.train(mode == "train")
    call = call or positional
    inputs = {k: io[k].clone() for k in xs}
    again = call(module, **inputs)
    again = again if isinstance(again, dict) else {"output": again}
    for k in outs:
        assert torch.equal(again[k].detach(), io[k]), (name, k)
    leaves = {k: v for k, v in inputs.items() if v.is_floating_point()}
    leaves.update({k: p.data for k, p in module.named_parameters()})

    def loss():
        out = call(module, **inputs)
        return float((io["w"] * (out["output"] if isinstance(out, dict) else out)).sum())
    frozen = None
    if isinstance(module, nn.Embedding) and module.padding_idx is not None:  # a gradient by convention
        row = module.padding_idx
        assert not io["grad.weight"][row].any(), name
        frozen = lambda key, i: key == "weight" and i // module.embedding_dim == row  # noqa: E731
    check_gradients(name, loss, leaves, io, frozen=frozen)


def check_gradients(name, loss, leaves, io, symmetric=False, frozen=None, per_tensor=4, h=1e-6):
    """Central differences of loss() at per_tensor coordinates of each leaf against io["grad.<leaf>"]
    (|numeric - stored| <= 1e-7 + 1e-6 |numeric|). symmetric: perturb A[i, j] and A[j, i] together
    and compare with grad[i, j] + grad[j, i] (for cholesky, whose input is taken as symmetric).
    frozen(key, i): the stored gradient there is zero by convention (Embedding's padding_idx row)."""
    pick = SplitMix64(int(hashlib.sha256(name.encode()).hexdigest()[:12], 16))
    with torch.no_grad():
        for key, t in leaves.items():
            g = io["grad." + key]
            for _ in range(per_tensor):
                i = pick.next() % t.numel()
                if frozen and frozen(key, i):
                    assert g.reshape(-1)[i] == 0, (name, key, i)
                    continue
                cells = [i]
                if symmetric:
                    r, c = divmod(i, t.shape[-1])
                    cells = sorted({i, c * t.shape[-1] + r})
                flat = t.view(-1)
                old = [flat[c].item() for c in cells]
                for c, o in zip(cells, old):
                    flat[c] = o + h
                up = loss()
                for c, o in zip(cells, old):
                    flat[c] = o - h
                down = loss()
                for c, o in zip(cells, old):
                    flat[c] = o
                numeric = (up - down) / (2 * h)
                stored = sum(g.reshape(-1)[c].item() for c in cells)
                assert abs(numeric - stored) <= 1e-7 + 1e-6 * abs(numeric), (name, key, i, numeric, stored)
            CHECKED[0] += per_tensor


CHECKED = [0]


# ------------------------------------------------------------------ the fixtures
def conv_and_pool():
    C1, C2 = nn.Conv1d, nn.Conv2d
    module_case("conv1d", 101, "Conv1d", C1, {"in_channels": 3, "out_channels": 4, "kernel_size": 3}, {"input": [2, 3, 7]})
    module_case("conv1d_stride_padding_dilation", 102, "Conv1d", C1,
                {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 2, "dilation": 2},
                {"input": [2, 3, 9]})
    module_case("conv1d_groups", 103, "Conv1d", C1,
                {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "padding": 1, "groups": 2}, {"input": [2, 4, 6]})
    module_case("conv2d", 111, "Conv2d", C2, {"in_channels": 3, "out_channels": 4, "kernel_size": 3},
                {"input": [2, 3, 5, 6]})
    module_case("conv2d_stride_padding", 112, "Conv2d", C2,
                {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
                {"input": [2, 3, 7, 6]})
    module_case("conv2d_dilation", 113, "Conv2d", C2,
                {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": 2, "dilation": 2},
                {"input": [2, 2, 5, 7]})
    module_case("conv2d_groups", 114, "Conv2d", C2,
                {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 1, "padding": 1, "groups": 2},
                {"input": [2, 4, 5, 4]})
    # 16x16 images and 8 rows per product: Nabla's implicit-GEMM path (the smaller cases take im2col)
    module_case("conv2d_implicit_gemm", 116, "Conv2d", C2,
                {"in_channels": 8, "out_channels": 8, "kernel_size": 3, "padding": 1}, {"input": [1, 8, 16, 16]})
    module_case("conv2d_no_bias", 115, "Conv2d", C2,
                {"in_channels": 3, "out_channels": 4, "kernel_size": 2, "stride": 2, "bias": False},
                {"input": [2, 3, 6, 5]})
    module_case("maxpool2d", 121, "MaxPool2d", nn.MaxPool2d, {"kernel_size": 2}, {"input": [2, 3, 5, 7]})
    module_case("maxpool2d_stride_padding", 122, "MaxPool2d", nn.MaxPool2d,
                {"kernel_size": 3, "stride": 2, "padding": 1}, {"input": [2, 3, 6, 7]})
    module_case("avgpool2d", 123, "AvgPool2d", nn.AvgPool2d, {"kernel_size": 2}, {"input": [2, 3, 5, 7]})
    module_case("avgpool2d_stride_padding", 124, "AvgPool2d", nn.AvgPool2d,
                {"kernel_size": 3, "stride": 2, "padding": 1}, {"input": [2, 3, 6, 7]},
                notes="count_include_pad=True (PyTorch's default): every window divides by 9, padding counted as zeros")
    module_case("adaptiveavgpool2d_1", 125, "AdaptiveAvgPool2d", nn.AdaptiveAvgPool2d, {"output_size": 1},
                {"input": [2, 3, 5, 4]})


def norms():
    bn_train = ("train mode: normalizes with the batch mean and biased variance; after.running_mean = "
                "0.9*running_mean + 0.1*mean, after.running_var = 0.9*running_var + 0.1*unbiased variance, "
                "after.num_batches_tracked = 4 (momentum 0.1)")
    bn_eval = "eval mode: normalizes with running_mean and running_var (non-trivial); buffers unchanged"
    module_case("batchnorm1d_train", 201, "BatchNorm1d", nn.BatchNorm1d, {"num_features": 4}, {"input": [6, 4]},
                notes=bn_train)
    module_case("batchnorm1d_train_3d", 202, "BatchNorm1d", nn.BatchNorm1d, {"num_features": 4},
                {"input": [3, 4, 5]}, notes=bn_train + "; input [N, C, L], statistics over N and L")
    module_case("batchnorm1d_eval", 203, "BatchNorm1d", nn.BatchNorm1d, {"num_features": 4}, {"input": [6, 4]},
                mode="eval", notes=bn_eval)
    module_case("batchnorm2d_train", 211, "BatchNorm2d", nn.BatchNorm2d, {"num_features": 3},
                {"input": [4, 3, 4, 5]}, notes=bn_train + "; statistics over N, H and W")
    module_case("batchnorm2d_eval", 212, "BatchNorm2d", nn.BatchNorm2d, {"num_features": 3},
                {"input": [4, 3, 4, 5]}, mode="eval", notes=bn_eval)
    module_case("layernorm_last_dim", 221, "LayerNorm", nn.LayerNorm, {"normalized_shape": [5]},
                {"input": [2, 3, 5]})
    module_case("layernorm_last_two_dims", 222, "LayerNorm", nn.LayerNorm, {"normalized_shape": [3, 5]},
                {"input": [2, 3, 5]})
    ref = ("PyTorch 1.13 has no nn.RMSNorm: reference formula x / sqrt(mean(x^2, normalized dims) + eps) * weight "
           "in torch ops (make_layer_fixtures.py, class RMSNorm), the formula of torch.nn.RMSNorm in PyTorch >= 2.4")
    module_case("rmsnorm_last_dim", 231, "RMSNorm", RMSNorm, {"normalized_shape": [5], "eps": 1e-6},
                {"input": [2, 3, 5]}, notes=ref)
    module_case("rmsnorm_last_two_dims", 232, "RMSNorm", RMSNorm, {"normalized_shape": [3, 5], "eps": 1e-5},
                {"input": [2, 3, 5]}, notes=ref)


def embeddings():
    idx = torch.tensor([[1, 4, 0, 4, 9], [7, 0, 2, 2, 4]], dtype=torch.int64)  # repeats: gradients add up
    for dtype, suffix in ((torch.int64, "int64"), (torch.int32, "int32")):
        module_case("embedding_" + suffix, 301, "Embedding", nn.Embedding,
                    {"num_embeddings": 10, "embedding_dim": 4}, {"input": idx.to(dtype)},
                    call=lambda m, input: m(input.long()),
                    notes="input indices stored as %s; repeated indices accumulate in grad.weight" % suffix.upper())
        module_case("embedding_padding_idx_" + suffix, 302, "Embedding", nn.Embedding,
                    {"num_embeddings": 10, "embedding_dim": 4, "padding_idx": 0}, {"input": idx.to(dtype)},
                    call=lambda m, input: m(input.long()),
                    notes=("input indices stored as %s; row 0 (padding_idx) is NOT zero in the state (the values "
                           "were overwritten after PyTorch's init zeroed it): forward still returns it, and "
                           "grad.weight row 0 is zero") % suffix.upper())


def attention():
    M = nn.MultiheadAttention
    args = {"embed_dim": 8, "num_heads": 2, "batch_first": True}
    module_case("mha_self", 401, "MultiheadAttention", M, args, {"input": [2, 4, 8]}, forward="forward(input)",
                call=lambda m, input: m(input, input, input, need_weights=False)[0],
                notes="self-attention: query = key = value = input; grad.input sums the three paths")
    module_case("mha_self_causal", 402, "MultiheadAttention", M, args, {"input": [2, 5, 8]},
                forward="forward(input, causal=true)",
                call=lambda m, input: m(input, input, input, attn_mask=causal_mask(input.shape[1]),
                                        need_weights=False)[0],
                notes="causal self-attention: query i attends to keys j <= i (PyTorch bool attn_mask = triu(ones, 1))")
    module_case("mha_query_key_value", 403, "MultiheadAttention", M, args,
                {"query": [2, 3, 8], "key": [2, 5, 8], "value": [2, 5, 8]}, forward="forward(query, key, value)",
                call=lambda m, query, key, value: m(query, key, value, need_weights=False)[0],
                notes="cross-attention: 3 queries, 5 keys/values, no mask")
    T = nn.TransformerEncoderLayer
    base = {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0, "batch_first": True}
    module_case("transformer_encoder_layer_post_norm_relu", 411, "TransformerEncoderLayer", T,
                dict(base, activation="relu", norm_first=False), {"input": [2, 4, 8]},
                call=lambda m, input: m(input), notes="post-norm: x = norm1(x + sa(x)); x = norm2(x + ff(x)); no mask")
    module_case("transformer_encoder_layer_post_norm_relu_causal", 412, "TransformerEncoderLayer", T,
                dict(base, activation="relu", norm_first=False), {"input": [2, 5, 8]},
                forward="forward(input, causal=true)",
                call=lambda m, input: m(input, src_mask=causal_mask(input.shape[1])),
                notes="post-norm with a causal src_mask (bool, True = masked)")
    module_case("transformer_encoder_layer_pre_norm_gelu_causal", 413, "TransformerEncoderLayer", T,
                dict(base, activation="gelu", norm_first=True), {"input": [2, 5, 8]},
                forward="forward(input, causal=true)",
                call=lambda m, input: m(input, src_mask=causal_mask(input.shape[1])),
                notes="pre-norm: x = x + sa(norm1(x)); x = x + ff(norm2(x)); exact (erf) GELU; causal src_mask")


def recurrent():
    def lstm(m, input):
        out, (h, c) = m(input)
        return {"output": out, "h_n": h, "c_n": c}

    def gru(m, input):
        out, h = m(input)
        return {"output": out, "h_n": h}

    note = ("zero initial state; output = the output sequence [B, T, H] (w and the gradients are for it alone); "
            "h_n%s [num_layers, B, H] are values only (not batch-first, as in PyTorch)")
    for layers in (1, 2):
        args = {"input_size": 3, "hidden_size": 4, "num_layers": layers, "batch_first": True}
        module_case("lstm_%d_layer" % layers, 500 + layers, "LSTM", nn.LSTM, args, {"input": [2, 5, 3]}, call=lstm,
                    notes=note % ", c_n" + "; gate order i, f, g, o")
        module_case("gru_%d_layer" % layers, 510 + layers, "GRU", nn.GRU, args, {"input": [2, 5, 3]}, call=gru,
                    notes=note % "" + "; gate order r, z, n; n = tanh(W_in x + b_in + r * (W_hn h + b_hn))")


def spd(rng, n):
    """M·Mᵀ/n + I: symmetric positive definite, eigenvalues in [1, 1 + |M|²/n]."""
    m = rng.tensor([n, n], -1.0, 1.0)
    return m @ m.t() / n + torch.eye(n)


def linalg():
    L = torch.linalg
    op_case("linalg_solve", 601, "linalg.solve", lambda r: {"A": spd(r, 4), "B": r.tensor([4, 2])}, L.solve,
            notes="X = A^-1 B; grad.A is the general (unsymmetrized) gradient -A^-T G X^T")
    op_case("linalg_cholesky", 602, "linalg.cholesky", lambda r: {"A": spd(r, 4)}, L.cholesky,
            notes=("lower L with A = L L^T (PyTorch reads only A's lower triangle); grad.A is symmetric (PyTorch "
                   "takes A as symmetric): compare it with finite differences along symmetric directions "
                   "E_ij + E_ji, whose derivative is grad.A[i, j] + grad.A[j, i]"))
    op_case("linalg_inv", 603, "linalg.inv", lambda r: {"A": spd(r, 4)}, L.inv,
            notes="grad.A = -A^-T G A^-T (unsymmetrized)")
    op_case("logdet", 604, "logdet", lambda r: {"A": spd(r, 4)}, torch.logdet,
            notes="scalar output, w has shape []; grad.A = w * A^-T")


def main():
    if os.path.isdir(OUT):
        for f in os.listdir(OUT):
            if f.endswith(".safetensors") or f == "manifest.json":
                os.remove(os.path.join(OUT, f))
    conv_and_pool()
    norms()
    embeddings()
    attention()
    recurrent()
    linalg()
    manifest = {"torch": torch.__version__, "generator": "nn/src/test/python/make_layer_fixtures.py",
                "dtype": "float64", "loss": "L = sum(w * output); grad.X = dL/dX", "fixtures": MANIFEST}
    text = json.dumps(manifest, indent=1)
    text = re.sub(r"\[([^\[\]{}\"]*)\]", lambda m: "[" + ", ".join(re.split(r",\s*", m.group(1).strip())) + "]", text)
    text = re.sub(r'\{\s*"dtype": "(\w+)",\s*"shape": (\[[^\]]*\])\s*\}', r'{"dtype": "\1", "shape": \2}', text)
    assert json.loads(text) == manifest
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        f.write(text + "\n")
    total = 0
    for f in sorted(os.listdir(OUT)):
        size = os.path.getsize(os.path.join(OUT, f))
        assert size <= MAX_FILE, (f, size)
        total += size
    assert total <= MAX_TOTAL, total
    digest = hashlib.sha256()
    for f in sorted(os.listdir(OUT)):
        with open(os.path.join(OUT, f), "rb") as fh:
            digest.update(f.encode() + fh.read())
    print("%d fixtures, %d files, %d bytes in %s (sha256 %s); %d gradient entries checked by central differences" % (
        len(MANIFEST), len(os.listdir(OUT)), total, os.path.normpath(OUT), digest.hexdigest()[:16], CHECKED[0]))


if __name__ == "__main__":
    main()
