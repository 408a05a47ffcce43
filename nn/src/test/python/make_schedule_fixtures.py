#!/usr/bin/python3
"""Writes fixtures/schedules.json: OneCycleLR and ReduceLROnPlateau sequences and parameter-group
trajectories from torch.optim, for nn's ScheduleFixtureTest.

Run from the repository root with Debian's PyTorch:
    /usr/bin/python3 nn/src/test/python/make_schedule_fixtures.py
The output is committed; the Java tests never run Python. The group trajectories reuse the tiny
linear problem of make_fixtures.py (its inputs are in optim.json).
"""
import json
import os

import torch
import torch.nn.functional as F

from make_fixtures import OUT, flat, problem

torch.set_default_dtype(torch.float64)
L = torch.optim.lr_scheduler


def one_cycle():
    cases = []
    specs = [
        ("sgd", {"maxLr": 0.1, "totalSteps": 20}, {}),
        ("adam", {"maxLr": 0.01, "totalSteps": 15, "pctStart": 0.25, "anneal": "linear", "divFactor": 10.0,
                  "finalDivFactor": 100.0}, {}),
        ("sgd", {"maxLr": 0.5, "totalSteps": 17, "threePhase": True, "baseMomentum": 0.8, "maxMomentum": 0.9}, {}),
        ("sgd", {"maxLr": 0.2, "totalSteps": 9, "cycleMomentum": False}, {}),
    ]
    for kind, s, _ in specs:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.3, momentum=0.9) if kind == "sgd" else torch.optim.Adam([p], lr=0.3)
        sched = L.OneCycleLR(opt, max_lr=s["maxLr"], total_steps=s["totalSteps"], pct_start=s.get("pctStart", 0.3),
                             anneal_strategy=s.get("anneal", "cos"), cycle_momentum=s.get("cycleMomentum", True),
                             base_momentum=s.get("baseMomentum", 0.85), max_momentum=s.get("maxMomentum", 0.95),
                             div_factor=s.get("divFactor", 25.0), final_div_factor=s.get("finalDivFactor", 1e4),
                             three_phase=s.get("threePhase", False))
        lrs, moms = [], []
        for t in range(s["totalSteps"] + 1):
            g = opt.param_groups[0]
            lrs.append(g["lr"])
            moms.append(g["momentum"] if kind == "sgd" else g["betas"][0])
            if t < s["totalSteps"]:
                opt.step()
                sched.step()
        cases.append({"optimizer": kind, "schedule": s, "lrs": lrs, "momenta": moms})
    return cases


METRICS = [1.0, 0.9, 0.85, 0.86, 0.84999, 0.87, 0.9, 0.7, 0.71, 0.72, 0.7, 0.7, 0.69995, 0.75, 0.8, 0.95,
           0.8, 0.81, 0.6, 0.6, 0.61, 0.62, 0.63, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.41,
           0.42, 0.43, 0.44, 0.45]


def plateau():
    cases = []
    specs = [
        {},
        {"mode": "min", "factor": 0.5, "patience": 2},
        {"mode": "max", "factor": 0.5, "patience": 1, "threshold": 0.05, "thresholdMode": "abs", "cooldown": 2,
         "minLr": 0.02},
        {"mode": "min", "factor": 0.3, "patience": 0, "threshold": 0.01, "thresholdMode": "rel", "cooldown": 1,
         "eps": 0.01},
    ]
    for s in specs:
        a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.04}], lr=0.1)
        sched = L.ReduceLROnPlateau(opt, mode=s.get("mode", "min"), factor=s.get("factor", 0.1),
                                    patience=s.get("patience", 10), threshold=s.get("threshold", 1e-4),
                                    threshold_mode=s.get("thresholdMode", "rel"), cooldown=s.get("cooldown", 0),
                                    min_lr=s.get("minLr", 0), eps=s.get("eps", 1e-8))
        lrs = []
        for m in METRICS:
            sched.step(m)
            lrs.append([g["lr"] for g in opt.param_groups])
        cases.append({"schedule": s, "lrs": lrs})
    return cases


def groups():
    """SGD / Adam / AdamW with the weight in one group and the bias in another (own lr, own decay)."""
    cases = []
    S, A, AW = torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW
    specs = [
        ("sgd", lambda w, b: S([{"params": [w]}, {"params": [b], "lr": 0.02, "weight_decay": 0.0}], lr=0.1,
                               momentum=0.9, weight_decay=0.1)),
        ("adam", lambda w, b: A([{"params": [w]}, {"params": [b], "lr": 0.003, "weight_decay": 0.0}], lr=0.01,
                                weight_decay=0.1)),
        ("adamw", lambda w, b: AW([{"params": [w]}, {"params": [b], "lr": 0.003, "weight_decay": 0.0}], lr=0.01,
                                  weight_decay=0.1)),
        ("adamw-step", lambda w, b: AW([{"params": [w]}, {"params": [b], "lr": 0.003}], lr=0.01)),
    ]
    for kind, make in specs:
        x, y, w0, b0 = problem()
        w, b = w0.clone().requires_grad_(True), b0.clone().requires_grad_(True)
        opt = make(w, b)
        sched = L.StepLR(opt, step_size=3, gamma=0.5) if kind == "adamw-step" else None
        traj = []
        for _ in range(12):
            opt.zero_grad()
            F.mse_loss(x @ w.t() + b, y).backward()
            opt.step()
            if sched:
                sched.step()
            traj.append({"weight": flat(w), "bias": flat(b), "lrs": [g["lr"] for g in opt.param_groups]})
        cases.append({"optimizer": kind, "trajectory": traj})
    return cases


if __name__ == "__main__":
    with open(os.path.join(OUT, "schedules.json"), "w") as f:
        json.dump({"torch": torch.__version__, "oneCycle": one_cycle(), "plateau": plateau(), "groups": groups()}, f,
                  separators=(",", ":"))
        f.write("\n")
