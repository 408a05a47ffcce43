"""CompareScriptTest's check of compare.py's plumbing for W7-W9 (no benchmark runs): the units, the expected
rows, the mapping of JMH benchmark names and of the PyTorch scripts' RESULT records onto the same rows, the
goals, the W9 row order, the longer JMH warm-up of W7-W9, and a missing side being a FAILED row. Run from
benchmarks/: prints "plumbing ok" or fails."""
import os
import sys

sys.path.insert(0, os.getcwd())
import compare as c
cfg = c.FULL
assert [u[0] for u in c.units(cfg, None)] == ["W%d" % i for i in range(1, 10)]
keys = c.expected_keys(cfg, {"W7", "W8", "W9"}, [1, 2])
assert len(keys) == 2 * (2 + 2 + 8), keys
P = "dev.nabla.benchmarks."
jmh = {("W7", "B=64", "step", 2): (P + "W7CnnBenchmark.step", {"threads": "2"}),
       ("W7", "B=64", "fwd_loss_bwd", 1): (P + "W7CnnBenchmark.fwdLossBwd", {"threads": "1"}),
       ("W8", "B=32", "step", 1): (P + "W8TransformerBenchmark.step", {"threads": "1"}),
       ("W8", "B=32", "fwd_loss_bwd", 2): (P + "W8TransformerBenchmark.fwdLossBwd", {"threads": "2"}),
       ("W9", "conv2d", "fwd_bwd", 1): (P + "W9LayerBenchmark.fwdBwd", {"threads": "1", "kernel": "conv2d"}),
       ("W9", "embedding", "fwd", 2): (P + "W9LayerBenchmark.fwd", {"threads": "2", "kernel": "embedding"})}
for k, (bench, params) in jmh.items():
    assert k in keys, k
    assert c.nabla_key(bench, params) == k, (c.nabla_key(bench, params), k)
for rec, k in (({"workload": "W7", "phase": "step", "threads": 1, "batch": 64}, ("W7", "B=64", "step", 1)),
               ({"workload": "W8", "phase": "fwd_loss_bwd", "threads": 2, "batch": 32},
                ("W8", "B=32", "fwd_loss_bwd", 2)),
               ({"workload": "W9", "kernel": "attention", "phase": "fwd_bwd", "threads": 1},
                ("W9", "attention", "fwd_bwd", 1))):
    assert c.torch_key(rec) == k and k in keys, (c.torch_key(rec), k)
# both sides for every expected key except W9 layernorm fwd_bwd at 1 thread on the Nabla side
nabla = {k: {1: 100.0} for k in keys if k != ("W9", "layernorm", "fwd_bwd", 1)}
torch = {k: {1: 125.0} for k in keys}
rows = c.build_rows(nabla, torch, True, keys, 1)
by = {(r["workload"], r["config"], r["phase"], r["threads"]): r for r in rows}
assert by[("W9", "layernorm", "fwd_bwd", 1)]["failed"], "a missing Nabla W9 result is a FAILED row"
assert [r for r in rows if r.get("failed")] == [by[("W9", "layernorm", "fwd_bwd", 1)]]
for k in (("W7", "B=64", "step", 1), ("W8", "B=32", "step", 2), ("W9", "embedding", "fwd_bwd", 2)):
    assert by[k]["goal"] == "<= 1.0" and by[k]["met"] is True and abs(by[k]["ratio"] - 0.8) < 1e-12, by[k]
assert by[("W7", "B=64", "fwd_loss_bwd", 1)]["goal"] == "" and by[("W9", "conv2d", "fwd", 1)]["goal"] == ""
w9 = [r["config"] for r in rows if r["workload"] == "W9" and r["threads"] == 1 and r["phase"] == "fwd"]
assert w9 == list(c.W9_KERNELS), w9
assert [r["workload"] for r in rows] == sorted(r["workload"] for r in rows)
wi = {name: args[args.index("-wi") + 1] for name, args in (("jmh", cfg["jmh"]), ("model", cfg["model_jmh"]))}
assert int(wi["model"]) >= 8 > int(wi["jmh"]), wi
assert c.MODEL_UNITS == ("W3", "W4", "W5", "W7", "W8", "W9")  # W4, W5: Vector API kernels compile late too
print("plumbing ok")
