#!/usr/bin/env python3
"""PyTorch peer for `selab bench`: trains the same CIFAR-style (SE-)ResNet that selab builds in DJL,
with the same threads and batch, on a synthetic batch, and prints ONE JSON line to stdout.

Only torch and the standard library are used so that any python3 with torch can run it.
Modes:
  (default)            time training steps, print {"framework": "pytorch", ...}
  --count-params-only  print {"params": N} (trainable parameters) without training
  --matmul N           print {"matmul_gflops": ...} for a float32 N x N @ N x N matmul
  --breakdown          time forward+loss, backward and optimizer separately, print {"phases": {...}}
"""
import argparse
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def scaled(channels, width):
    # floor(x + 0.5) rounds halves up like Java's Math.round (Python's round() rounds halves to even).
    return max(1, int(math.floor(channels * width + 0.5)))


def conv3x3(cin, cout, stride):
    return nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False)


class SEBlock(nn.Module):
    """Squeeze (global average pool) -> Excitation (FC, ReLU, FC, sigmoid) -> Scale."""

    def __init__(self, channels, ratio):
        super().__init__()
        hidden = max(1, channels // ratio)
        self.fc1 = nn.Linear(channels, hidden, bias=False)
        self.fc2 = nn.Linear(hidden, channels, bias=False)

    def forward(self, x):
        s = x.mean(dim=(2, 3))
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s[:, :, None, None]


class BasicUnit(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN [-SE] + shortcut, then ReLU (SE in the standard placement)."""

    def __init__(self, cin, cout, stride, se_ratio):
        super().__init__()
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv3x3(cout, cout, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.se = SEBlock(cout, se_ratio) if se_ratio else None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.se is not None:
            out = self.se(out)
        return F.relu(out + self.shortcut(x))


class CifarResNet(nn.Module):
    """ResNet-(6n+2): stem, stages 2-4 of n basic units with 16w/32w/64w channels, GAP, FC."""

    def __init__(self, depth, width, se_ratio, in_channels, classes):
        super().__init__()
        if depth < 8 or (depth - 2) % 6 != 0:
            raise ValueError("--depth must be 6n+2 with n >= 1 (20, 32, 44, 56, 110), got %d" % depth)
        n = (depth - 2) // 6
        widths = [scaled(c, width) for c in (16, 32, 64)]
        self.stem = nn.Sequential(conv3x3(in_channels, widths[0], 1), nn.BatchNorm2d(widths[0]), nn.ReLU())
        units = []
        cin = widths[0]
        for stage, cout in enumerate(widths):
            for i in range(n):
                stride = 2 if (stage > 0 and i == 0) else 1
                units.append(BasicUnit(cin, cout, stride, se_ratio))
                cin = cout
        self.units = nn.Sequential(*units)
        self.fc = nn.Linear(cin, classes, bias=True)

    def forward(self, x):
        x = self.units(self.stem(x))
        return self.fc(x.mean(dim=(2, 3)))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--depth", type=int, default=20)
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--se", dest="se", action="store_true", default=False)
    p.add_argument("--no-se", dest="se", action="store_false")
    p.add_argument("--ratio", type=int, default=16)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--count-params-only", action="store_true")
    p.add_argument("--breakdown", action="store_true",
                   help="time the phases of a step (forward+loss, backward, optimizer) instead of whole steps")
    p.add_argument("--matmul", type=int, default=0, metavar="N",
                   help="measure float32 N x N matmul GFLOP/s instead of training")
    args = p.parse_args(argv)
    for name in ("batch", "channels", "size", "classes", "threads", "steps", "ratio"):
        if getattr(args, name) < 1:
            p.error("--%s must be >= 1, got %d" % (name, getattr(args, name)))
    if args.warmup < 0:
        p.error("--warmup must be >= 0, got %d" % args.warmup)
    if args.width <= 0:
        p.error("--width must be > 0, got %s" % args.width)
    if args.depth < 8 or (args.depth - 2) % 6 != 0:
        p.error("--depth must be 6n+2 with n >= 1 (20, 32, 44, 56, 110), got %d" % args.depth)
    return args


def trainable_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def matmul_gflops(n, repeats=10, warmup=3):
    gen = torch.Generator().manual_seed(0)
    a = torch.rand(n, n, generator=gen)
    b = torch.rand(n, n, generator=gen)
    for _ in range(warmup):
        torch.mm(a, b)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        times.append(time.perf_counter() - t0)
    return 2.0 * n ** 3 / statistics.median(times) / 1e9


def train_and_time(model, args):
    gen = torch.Generator().manual_seed(args.seed)
    x = torch.randn(args.batch, args.channels, args.size, args.size, generator=gen)
    y = torch.randint(0, args.classes, (args.batch,), generator=gen)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.wd)
    model.train()

    def step():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return times


def time_phases(model, args):
    """Median seconds of forward+loss, backward and optimizer (step + zero_grad) over the timed steps.
    CPU ops are synchronous, so consecutive perf_counter() readings bracket each phase."""
    gen = torch.Generator().manual_seed(args.seed)
    x = torch.randn(args.batch, args.channels, args.size, args.size, generator=gen)
    y = torch.randint(0, args.classes, (args.batch,), generator=gen)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.wd)
    model.train()
    phases = {"forward": [], "backward": [], "optimizer": []}
    for i in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        opt.zero_grad()
        t3 = time.perf_counter()
        if i >= args.warmup:
            phases["forward"].append(t1 - t0)
            phases["backward"].append(t2 - t1)
            phases["optimizer"].append(t3 - t2)
    return {k: statistics.median(v) for k, v in phases.items()}


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.matmul:
        print(json.dumps({"matmul_gflops": matmul_gflops(args.matmul), "n": args.matmul,
                          "threads": args.threads, "torch_version": torch.__version__}))
        return 0
    model = CifarResNet(args.depth, args.width, args.ratio if args.se else 0, args.channels, args.classes)
    params = trainable_params(model)
    if args.count_params_only:
        print(json.dumps({"params": params}))
        return 0
    if args.breakdown:
        print(json.dumps({"phases": time_phases(model, args), "threads": torch.get_num_threads(),
                          "torch_version": torch.__version__}))
        return 0
    times = train_and_time(model, args)
    median = statistics.median(times)
    print(json.dumps({
        "framework": "pytorch",
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "params": params,
        "step_seconds": times,
        "median_step_s": median,
        "images_per_s": args.batch / median,
        "se": args.se,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
