#!/usr/bin/env python3
"""PyTorch peer of selab: an independent implementation of the CIFAR-style (SE-)ResNet that selab builds in
DJL. `selab bench` times its steps on a synthetic batch; a spec row's `cross_check: pytorch` trains a whole
run with it (--train). Every mode prints ONE JSON line to stdout.

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
import os
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
    """Squeeze (global average or max pool) -> Excitation (FC, ReLU, FC, gate) -> Scale (Hu et al., Fig. 3)."""

    def __init__(self, channels, ratio, squeeze="avg", gate="sigmoid", fc_bias=False, min_hidden=None):
        super().__init__()
        hidden = max(1, channels // ratio)
        if min_hidden is not None:  # selab's model.se.min_hidden: a floor on C/r, never wider than C
            hidden = min(channels, max(hidden, min_hidden))
        self.fc1 = nn.Linear(channels, hidden, bias=fc_bias)
        self.fc2 = nn.Linear(hidden, channels, bias=fc_bias)
        self.squeeze = squeeze
        self.gate = gate

    def forward(self, x):
        s = x.mean(dim=(2, 3)) if self.squeeze == "avg" else x.amax(dim=(2, 3))
        e = self.fc2(F.relu(self.fc1(s)))
        if self.gate == "sigmoid":
            e = torch.sigmoid(e)
        elif self.gate == "tanh":
            e = torch.tanh(e)
        else:
            e = F.relu(e)
        return x * e[:, :, None, None]


class BasicUnit(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN [-SE] + shortcut, then ReLU (SE in the standard placement)."""

    def __init__(self, cin, cout, stride, se_ratio, se_options=None):
        super().__init__()
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv3x3(cout, cout, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.se = SEBlock(cout, se_ratio, **(se_options or {})) if se_ratio else None
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

    def __init__(self, depth, width, se_ratio, in_channels, classes, se_options=None, se_stages=(2, 3, 4)):
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
                se_here = se_ratio if (stage + 2) in se_stages else 0
                units.append(BasicUnit(cin, cout, stride, se_here, se_options))
                cin = cout
        self.units = nn.Sequential(*units)
        self.fc = nn.Linear(cin, classes, bias=True)

    def forward(self, x):
        x = self.units(self.stem(x))
        return self.fc(x.mean(dim=(2, 3)))


# ---------------------------------------------------------------------------------------------------------
# Trainer mode (--train REQUEST.json): the same recipe as a selab run, written from the recipe's meaning,
# not from selab's code: PyTorch's own optimizer, schedulers, loss and data ops. Only what must be identical
# for the two runs to be the same experiment is mirrored exactly: the training/test subset (selab picks it
# with java.util.Random, ported below) and the normalisation statistics. Shuffling, augmentation and
# initialisation draw from torch's generator, so the peer is an independent sample of the same recipe.
# ---------------------------------------------------------------------------------------------------------

SUBSET_SEED = 0x5E1AB5EED          # selab's fixed training-subset seed (DataSources.SUBSET_SEED)
TEST_SUBSET_SEED = SUBSET_SEED + 1
FASHION_CLASSES = 10
SUPPORTED_ARCHS = {"resnet-20": 20, "resnet-32": 32, "resnet-44": 44, "resnet-56": 56, "resnet-110": 110}


class JavaRandom:
    """java.util.Random's 48-bit LCG, bit for bit (so a subset seed picks the same images as in selab)."""
    MULT = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULT) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULT + 0xB) & self.MASK
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r  # (int) cast: only a 32-bit draw can come out negative

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        r = u % bound
        while u - r + m >= 1 << 31:
            u = self.next(31)
            r = u % bound
        return r


def subset_indices(n, k, seed):
    """The first k of a seeded partial Fisher-Yates shuffle of 0..n-1, ascending."""
    order = list(range(n))
    rng = JavaRandom(seed)
    for i in range(k):
        j = i + rng.next_int(n - i)
        order[i], order[j] = order[j], order[i]
    return sorted(order[:k])


def find_idx(data_dir, prefix, kind, ext):
    import os
    for name in ("%s-%s-%s-ubyte" % (prefix, kind, ext), "%s-%s.%s-ubyte" % (prefix, kind, ext)):
        for suffix in ("", ".gz"):
            path = os.path.join(data_dir, name + suffix)
            if os.path.exists(path):
                return path
    raise FileNotFoundError("no %s-%s-%s-ubyte[.gz] in %s" % (prefix, kind, ext, data_dir))


def read_idx(path, magic):
    import gzip
    import struct
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        raw = f.read()
    dims = raw[3]
    if struct.unpack(">I", raw[:4])[0] != magic:
        raise ValueError("%s: bad IDX magic" % path)
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(raw[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def load_split(data_dir, prefix, subset, seed):
    images = read_idx(find_idx(data_dir, prefix, "images", "idx3"), 0x00000803)
    labels = read_idx(find_idx(data_dir, prefix, "labels", "idx1"), 0x00000801).long()
    if subset is not None and subset < images.shape[0]:
        idx = torch.tensor(subset_indices(images.shape[0], subset, seed))
        images, labels = images[idx], labels[idx]
    return images.unsqueeze(1), labels  # (N, 1, H, W) uint8


def channel_stats(images):
    """Per-channel mean and population std in raw pixel units over the training split."""
    x = images.double()
    mean = x.mean(dim=(0, 2, 3))
    std = x.std(dim=(0, 2, 3), unbiased=False)
    std[std == 0] = 1.0
    return mean, std


def augment(x, pad, flip, gen):
    """Per image: zero-pad by `pad` (before normalisation, so padding is black), random crop back to H x W,
    random horizontal flip with probability 1/2 (torchvision's RandomCrop(padding) + RandomHorizontalFlip)."""
    b, _, h, w = x.shape
    if pad > 0:
        padded = F.pad(x, (pad, pad, pad, pad))
        oy = torch.randint(0, 2 * pad + 1, (b,), generator=gen)
        ox = torch.randint(0, 2 * pad + 1, (b,), generator=gen)
        x = torch.stack([padded[i, :, oy[i]:oy[i] + h, ox[i]:ox[i] + w] for i in range(b)])
    if flip:
        mirror = torch.rand(b, generator=gen) < 0.5
        x = torch.where(mirror[:, None, None, None], x.flip(3), x)
    return x


def initialise(model):
    """He-normal (fan-out) convs as torchvision's ResNet; nn.Linear's default uniform +-1/sqrt(fan_in) for FC
    weights; zero biases; BN gamma 1, beta 0."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.Linear):
            bound = 1.0 / math.sqrt(m.in_features)
            nn.init.uniform_(m.weight, -bound, bound)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def build_model(model_cfg, in_channels, classes):
    arch = model_cfg["arch"]
    if arch not in SUPPORTED_ARCHS:
        raise ValueError("peer trains %s only, not %s" % (sorted(SUPPORTED_ARCHS), arch))
    se = model_cfg.get("se")
    if se is None:
        return CifarResNet(SUPPORTED_ARCHS[arch], model_cfg["width"], 0, in_channels, classes)
    if se["placement"] != "standard":
        raise ValueError("peer trains the standard SE placement only, not %s" % se["placement"])
    options = {"squeeze": se["squeeze"], "gate": se["gate"], "fc_bias": se["fc_bias"], "min_hidden": se.get("min_hidden")}
    stages = tuple(se["stages"]) if se.get("stages") else (2, 3, 4)
    return CifarResNet(SUPPORTED_ARCHS[arch], model_cfg["width"], se["ratio"], in_channels, classes, options, stages)


def param_groups(model, weight_decay, decay_bn_and_bias):
    """Weight decay on conv and FC weights; on BN parameters and biases only when asked."""
    if decay_bn_and_bias:
        return [{"params": list(model.parameters()), "weight_decay": weight_decay}]
    decay, rest = [], []
    for m in model.modules():
        for name, p in m.named_parameters(recurse=False):
            weight_of_layer = name == "weight" and isinstance(m, (nn.Conv2d, nn.Linear))
            (decay if weight_of_layer else rest).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": rest, "weight_decay": 0.0}]


# Linear warm-up starts at this fraction of the base lr (LinearLR's start_factor; selab's recipe: lr/100, a
# gradual warm-up as in Goyal et al., not PyTorch's default 1/3).
WARMUP_START_FACTOR = 0.01


def scheduler(opt, recipe, steps_per_epoch):
    """PyTorch's schedulers stepped once per SGD step: the recipe's epochs become step counts. After warm-up,
    SequentialLR starts the main scheduler from zero, so step_size and milestones count from warm-up's end."""
    sched = torch.optim.lr_scheduler
    warm = recipe["warmup_epochs"] * steps_per_epoch
    total = recipe["epochs"] * steps_per_epoch
    kind = recipe["schedule"]
    if kind == "cosine":
        main = sched.CosineAnnealingLR(opt, T_max=max(1, total - warm), eta_min=0.0)
    elif kind == "multistep":
        main = sched.MultiStepLR(opt, [m * steps_per_epoch for m in recipe["milestones"]], recipe["gamma"])
    elif kind == "step":
        main = sched.StepLR(opt, recipe["step_size"] * steps_per_epoch, recipe["gamma"])
    elif kind == "constant":
        main = sched.LambdaLR(opt, lambda i: 1.0)
    else:
        raise ValueError("unknown schedule %s" % kind)
    if warm == 0:
        return main
    warmup = sched.LinearLR(opt, start_factor=WARMUP_START_FACTOR, end_factor=1.0, total_iters=warm)
    return sched.SequentialLR(opt, [warmup, main], milestones=[warm])


def evaluate(model, x, y, mean, std, batch):
    model.eval()
    loss_sum, top1, top5 = 0.0, 0, 0
    with torch.no_grad():
        for start in range(0, x.shape[0], batch):
            xb = (x[start:start + batch].float() - mean) / std
            yb = y[start:start + batch]
            logits = model(xb)
            loss_sum += F.cross_entropy(logits, yb, reduction="sum").item()
            top = logits.topk(min(5, logits.shape[1]), dim=1).indices
            top1 += (top[:, 0] == yb).sum().item()
            top5 += (top == yb[:, None]).any(dim=1).sum().item()
    n = x.shape[0]
    model.train()
    return loss_sum / n, 100.0 * (n - top1) / n, 100.0 * (n - top5) / n


def load_request(path):
    with open(path) as f:
        req = json.load(f)
    data = req["config"]["data"]
    if data["source"] not in ("fashion-mnist", "mnist"):
        raise ValueError("peer reads IDX data sets (fashion-mnist, mnist) only, not %s" % data["source"])
    if data.get("image_size") not in (None, 28) or data["augment"].get("random_resized_crop"):
        raise ValueError("peer trains native-size images with pad-crop/flip augmentation only")
    if req["config"]["recipe"]["optimizer"] != "sgd":
        raise ValueError("peer trains with sgd only")
    return req


def load_data(req):
    data = req["config"]["data"]
    train = load_split(req["data_dir"], "train", data.get("train_subset"), SUBSET_SEED)
    test = load_split(req["data_dir"], "t10k", data.get("test_subset"), TEST_SUBSET_SEED)
    return train, test


def watch_parent():
    """Under selab's worker: ignore the group's SIGINT/SIGTERM (the worker decides and ends this process with
    SIGKILL), and exit when the worker's end of stdin closes, i.e. when the worker itself is gone."""
    import os
    import signal
    import threading
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

    def wait_for_eof():
        # The raw descriptor, not sys.stdin: a daemon thread blocked in a buffered read would hold its lock
        # at interpreter shutdown (a fatal error).
        while os.read(0, 4096):
            pass
        os._exit(3)
    threading.Thread(target=wait_for_eof, daemon=True).start()


def train_run(req, out=sys.stdout):
    cfg, recipe = req["config"], req["config"]["recipe"]
    aug = cfg["data"]["augment"]
    torch.set_num_threads(req.get("threads", 2))
    torch.manual_seed(req["seed"])
    gen = torch.Generator().manual_seed(req["seed"])
    (xtr, ytr), (xte, yte) = load_data(req)
    mean, std = (t.float()[None, :, None, None] for t in channel_stats(xtr))
    model = build_model(cfg["model"], xtr.shape[1], FASHION_CLASSES)
    initialise(model)
    opt = torch.optim.SGD(param_groups(model, recipe["weight_decay"], recipe["decay_bn_and_bias"]),
                          lr=recipe["lr"], momentum=recipe["momentum"], nesterov=recipe["nesterov"])
    n = xtr.shape[0]
    batch = min(recipe["batch_size"], n)
    steps = n // batch  # drop the ragged last batch, as selab does
    sched = scheduler(opt, recipe, steps)
    history, status, t0 = [], "done", time.perf_counter()
    every = recipe.get("evaluate_every")  # null: the last epoch only, as selab
    model.train()
    for epoch in range(recipe["epochs"]):
        epoch_t0 = time.perf_counter()
        order = torch.randperm(n, generator=gen)
        loss_sum, correct = 0.0, 0
        for s in range(steps):
            idx = order[s * batch:(s + 1) * batch]
            xb = augment(xtr[idx].float(), aug["crop_padding"], aug["flip"], gen)
            xb = (xb - mean) / std
            yb = ytr[idx]
            lr = opt.param_groups[0]["lr"]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb, label_smoothing=recipe["label_smoothing"])
            opt.zero_grad(set_to_none=False)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item()
            correct += (logits.argmax(1) == yb).sum().item()
        train_loss = loss_sum / steps
        seconds = time.perf_counter() - epoch_t0
        if not math.isfinite(train_loss):
            status = "diverged"
            break
        test_loss = top1 = top5 = None  # not evaluated: empty cells in history.csv, as selab writes them
        if epoch + 1 == recipe["epochs"] or (every and (epoch + 1) % every == 0):
            test_loss, top1, top5 = evaluate(model, xte, yte, mean, std, max(batch, 256))
            if not math.isfinite(test_loss):
                status = "diverged"
                break
        row = {"epoch": epoch + 1, "lr": lr, "train_loss": train_loss,
               "train_top1_err": 100.0 * (1 - correct / (steps * batch)), "test_loss": test_loss,
               "test_top1_err": top1, "test_top5_err": top5, "seconds": seconds,
               "images_per_s": steps * batch / seconds}
        history.append(row)
        # One line per epoch on stderr: selab's worker records it as it comes and shows progress.
        print(json.dumps({"epoch_done": epoch + 1, "row": row}), file=sys.stderr, flush=True)
    out.write(json.dumps({"framework": "pytorch", "torch_version": torch.__version__,
                          "threads": torch.get_num_threads(), "params": trainable_params(model),
                          "status": status, "wall_seconds": time.perf_counter() - t0,
                          "train_seconds": sum(r["seconds"] for r in history), "history": history}) + "\n")


def recipe_probe(req):
    """What the peer would train on, without training: subset indices, normalisation, lr per step, crop
    offsets and flips drawn by its augmentation, parameter count. For the tests that hold the two
    implementations to one recipe."""
    cfg, recipe = req["config"], req["config"]["recipe"]
    data = cfg["data"]
    (xtr, _), (xte, _) = load_data(req)
    ntr_full = read_idx(find_idx(req["data_dir"], "train", "labels", "idx1"), 0x00000801).shape[0]
    nte_full = read_idx(find_idx(req["data_dir"], "t10k", "labels", "idx1"), 0x00000801).shape[0]
    k_tr = data.get("train_subset") or ntr_full
    k_te = data.get("test_subset") or nte_full
    mean, std = channel_stats(xtr)
    model = build_model(cfg["model"], xtr.shape[1], FASHION_CLASSES)
    n = xtr.shape[0]
    batch = min(recipe["batch_size"], n)
    steps = n // batch
    opt = torch.optim.SGD(model.parameters(), lr=recipe["lr"])
    sched = scheduler(opt, recipe, steps)
    lrs = []
    for _ in range(recipe["epochs"] * steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    gen = torch.Generator().manual_seed(req["seed"])
    probe = torch.zeros(req.get("augment_samples", 0), 1, 1, 1)
    pad = data["augment"]["crop_padding"]
    offsets = []
    if probe.shape[0] and pad > 0:
        # A one-pixel marker image: where it lands after pad-crop(-flip) gives the drawn offset.
        h = w = 2 * pad + 1
        marker = torch.zeros(probe.shape[0], 1, h, w)
        marker[:, :, pad, pad] = 1.0
        moved = augment(marker, pad, False, gen)
        pos = moved.flatten(1).argmax(1)
        offsets = [[2 * pad - int(p) // w, 2 * pad - int(p) % w] for p in pos]  # padded (2p,2p) -> (2p-oy, 2p-ox)
    return {"train_indices": subset_indices(ntr_full, k_tr, SUBSET_SEED) if k_tr < ntr_full else list(range(k_tr)),
            "test_indices": subset_indices(nte_full, k_te, TEST_SUBSET_SEED) if k_te < nte_full else list(range(k_te)),
            "mean": mean.tolist(), "std": std.tolist(), "lr": lrs, "steps_per_epoch": steps,
            "params": trainable_params(model), "crop_offsets": offsets, "torch_version": torch.__version__}


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
    p.add_argument("--train", metavar="REQUEST.json",
                   help="train one run of a selab config (see train_run) and print its history as one JSON line")
    p.add_argument("--watch-parent", action="store_true",
                   help="with --train: ignore SIGINT/SIGTERM and exit when stdin closes (how selab's worker runs it)")
    p.add_argument("--probe-recipe", metavar="REQUEST.json",
                   help="print what --train would use (subsets, normalisation, lr per step, crop offsets) without training")
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
    if args.train:
        if args.watch_parent:
            watch_parent()
        train_run(load_request(args.train))
        if args.watch_parent:  # exit without waiting on the watcher thread
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        return 0
    if args.probe_recipe:
        print(json.dumps(recipe_probe(load_request(args.probe_recipe))))
        return 0
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
