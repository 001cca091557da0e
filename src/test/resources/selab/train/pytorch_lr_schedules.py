#!/usr/bin/python3
"""Writes pytorch-lr-schedules.csv: the learning rate PyTorch's schedulers give at every SGD step of the recipes
LearningRateScheduleTest checks selab against. Regenerate with

    /usr/bin/python3 src/test/resources/selab/train/pytorch_lr_schedules.py

(torch 1.13). selab moves the lr every SGD step, so each scheduler here is stepped once per iteration, with its
epoch counts turned into iterations (epochs x steps per epoch). Warm-up is
SequentialLR([LinearLR(start_factor=0.01, total_iters=W), S], milestones=[W]), W = warm-up iterations, as in
selab.train.LearningRateSchedule. The lr recorded for step k is the one the k-th optimizer.step() uses.
The recipes must match LearningRateScheduleTest.RECIPES.
"""
import csv
import os

import torch
from torch.optim.lr_scheduler import (ConstantLR, CosineAnnealingLR, LinearLR, MultiStepLR, SequentialLR,
                                      StepLR)

WARMUP_START_FACTOR = 0.01

# name: (lr, epochs, steps per epoch, warm-up epochs, scheduler after warm-up given (optimizer, iterations after warm-up))
RECIPES = {
    # 2 warm-up epochs, then cosine to 0 over the remaining 3
    "warmup-cosine": (0.1, 5, 3, 2, lambda opt, s, after: CosineAnnealingLR(opt, T_max=after)),
    # 1 warm-up epoch, then x0.1 at epochs 2 and 4 after it (milestones [2, 4])
    "warmup-multistep": (0.2, 6, 4, 1, lambda opt, s, after: MultiStepLR(opt, milestones=[2 * s, 4 * s], gamma=0.1)),
    # 1 warm-up epoch, then x0.5 every 2 epochs (step_size 2)
    "warmup-step": (0.4, 6, 2, 1, lambda opt, s, after: StepLR(opt, step_size=2 * s, gamma=0.5)),
    # no warm-up: the scheduler alone
    "cosine": (0.05, 3, 4, 0, lambda opt, s, after: CosineAnnealingLR(opt, T_max=after)),
    "warmup-constant": (0.3, 3, 2, 2, lambda opt, s, after: ConstantLR(opt, factor=1.0, total_iters=0)),
}


def lrs(lr, epochs, steps, warmup_epochs, after):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    warm = warmup_epochs * steps
    total = epochs * steps
    if warm > 0:
        linear = LinearLR(opt, start_factor=WARMUP_START_FACTOR, total_iters=warm)
        sched = SequentialLR(opt, [linear, after(opt, steps, total - warm)], milestones=[warm])
    else:
        sched = after(opt, steps, total)
    out = []
    for _ in range(total):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pytorch-lr-schedules.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["recipe", "step", "lr"])
        for name, (lr, epochs, steps, warmup, after) in RECIPES.items():
            for k, v in enumerate(lrs(lr, epochs, steps, warmup, after)):
                w.writerow([name, k, repr(v)])
    print("wrote", path, "with torch", torch.__version__)


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")  # SequentialLR's step(0) at the milestone warns about the epoch argument
    main()
