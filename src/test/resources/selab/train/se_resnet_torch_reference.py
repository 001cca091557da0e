#!/usr/bin/env python3
"""An independent PyTorch reference for selab's SE-ResNets and its training step (PyTorchParityTest).

Written from the paper, not from selab's Java: Hu et al., "Squeeze-and-Excitation Networks" (CVPR 2018 /
TPAMI), Fig. 2/3 for the SE block and Fig. 5 for where it sits in a residual unit, He et al. 2016 for the
CIFAR-style ResNet (6n+2), and torch's own BatchNorm2d, cross_entropy(label_smoothing=...) and
optim.SGD for the training step.

Usage: se_resnet_torch_reference.py CASE_DIR...
Each CASE_DIR holds manifest.json (model, recipe, the initial tensors and the batches, see below) and raw
little-endian arrays. For each case the script runs one forward/backward on the first batch, then one
SGD step per batch, and writes CASE_DIR/torch/manifest.json with raw float64 arrays:
  logits, loss                   forward of the first batch (training mode: batch statistics)
  grad/<name>                    gradient of every trainable tensor on the first batch
  after/<name>                   every tensor (parameters and BN running statistics) after the last step
  losses                         the loss of each step
Prints one JSON line {"ok": true, "torch_version": ...} when every case was written.

manifest.json:
  {"dtype": "float32|float64",
   "model": {"depth": 20, "width": 0.5, "in_channels": 3, "classes": 5,
             "se": null | {"ratio": 4, "squeeze": "avg|max", "gate": "sigmoid|tanh|relu",
                           "placement": "standard|pre|post|identity|conv3x3|nosqueeze",
                           "stages": null | [2, 4], "fc_bias": false}},
   "recipe": {"lrs": [0.1, 0.05], "momentum": 0.9, "nesterov": true, "weight_decay": 0.05,
              "decay_bn_and_bias": false, "label_smoothing": 0.1},
   "tensors": {"<name>": {"shape": [...], "file": "...", "type": "f8"}},   (the initial state_dict)
   "batches": [{"x": {...}, "y": {... "type": "i8"}}]}
Tensor names are this module's state_dict keys (e.g. units.3.se.fc1.weight).
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

FIRST_STAGE = 2  # the paper's naming: conv2_x is stage 2


def scaled(channels, width):
    # Halves round up (floor(x + 0.5)); Python's round() would round them to even.
    return max(1, int(math.floor(channels * width + 0.5)))


class SqueezeExcitation(nn.Module):
    """Fig. 2/3 of the paper:  z = Fsq(u) (global pooling per channel),
    s = Fex(z) = gate(W2 relu(W1 z)) with W1: C -> C/r and W2: C/r -> C,  out = Fscale(u, s) = s_c * u_c.
    With spatial=True (the NoSqueeze ablation, Table 16) there is no Fsq: W1 and W2 are 1x1 convolutions
    applied at every position and the scale is element-wise."""

    GATES = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu}

    def __init__(self, channels, ratio, squeeze, gate, bias, spatial):
        super().__init__()
        hidden = max(1, channels // ratio)
        self.spatial = spatial
        self.squeeze = squeeze
        self.gate = self.GATES[gate]
        if spatial:
            self.fc1 = nn.Conv2d(channels, hidden, kernel_size=1, bias=bias)
            self.fc2 = nn.Conv2d(hidden, channels, kernel_size=1, bias=bias)
        else:
            self.fc1 = nn.Linear(channels, hidden, bias=bias)
            self.fc2 = nn.Linear(hidden, channels, bias=bias)

    def forward(self, u):
        if self.spatial:
            return u * self.gate(self.fc2(F.relu(self.fc1(u))))
        z = u.mean(dim=(2, 3)) if self.squeeze == "avg" else u.amax(dim=(2, 3))
        s = self.gate(self.fc2(F.relu(self.fc1(z))))
        return u * s.view(s.shape[0], s.shape[1], 1, 1)


class BasicUnit(nn.Module):
    """He et al.'s basic residual unit, relu(residual(x) + shortcut(x)) with
    residual = conv3x3-BN-ReLU-conv3x3-BN and a 1x1 conv-BN projection when the shape changes,
    and the SE block placed as in the paper's Fig. 5:
      standard  relu(SE(residual(x)) + shortcut(x))     (b) SE on the branch, before the addition
      pre       relu(residual(SE(x)) + shortcut(x))     (c) SE-PRE: before the branch's first conv
      post      SE(relu(residual(x) + shortcut(x)))     (d) SE-POST: after the addition and its ReLU
      identity  relu(residual(x) + SE(shortcut(x)))     (e) SE-Identity: on the identity path, in parallel
      conv3x3   SE right after the (first) 3x3 conv and its BN-ReLU, inside the branch (Table 15)
      nosqueeze the standard position, Fex as 1x1 convs without Fsq (Table 16)
    For SE-Identity on a unit with a projection shortcut, SE acts on what that path carries into the
    addition (the projection's output)."""

    def __init__(self, cin, cout, stride, se):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.shortcut = None
        self.placement = se["placement"] if se else None
        if se:
            channels = cin if self.placement == "pre" else cout
            self.se = SqueezeExcitation(channels, se["ratio"], se["squeeze"], se["gate"], se["fc_bias"],
                                        spatial=self.placement == "nosqueeze")

    def residual(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        if self.placement == "conv3x3":
            h = self.se(h)
        return self.bn2(self.conv2(h))

    def forward(self, x):
        identity = x if self.shortcut is None else self.shortcut(x)
        p = self.placement
        if p in ("standard", "nosqueeze"):
            return F.relu(self.se(self.residual(x)) + identity)
        if p == "pre":
            return F.relu(self.residual(self.se(x)) + identity)
        if p == "post":
            return self.se(F.relu(self.residual(x) + identity))
        if p == "identity":
            return F.relu(self.residual(x) + self.se(identity))
        return F.relu(self.residual(x) + identity)  # no SE, or SE inside the branch (conv3x3)


class CifarSeResNet(nn.Module):
    """ResNet-(6n+2) for small images: conv3x3(16w)-BN-ReLU, stages 2-4 of n basic units with 16w, 32w, 64w
    channels (the first unit of stages 3 and 4 has stride 2), global average pooling, FC with bias."""

    def __init__(self, depth, width, in_channels, classes, se):
        super().__init__()
        if depth < 8 or (depth - 2) % 6 != 0:
            raise ValueError("depth must be 6n+2, got %d" % depth)
        n = (depth - 2) // 6
        stem = scaled(16, width)
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, stem, kernel_size=3, stride=1, padding=1, bias=False), nn.BatchNorm2d(stem))
        units = []
        cin = stem
        for s, base in enumerate((16, 32, 64)):
            stage = FIRST_STAGE + s
            stage_se = se if se and (se["stages"] is None or stage in se["stages"]) else None
            cout = scaled(base, width)
            for u in range(n):
                units.append(BasicUnit(cin, cout, 2 if (u == 0 and s > 0) else 1, stage_se))
                cin = cout
        self.units = nn.ModuleList(units)
        self.fc = nn.Linear(cin, classes, bias=True)

    def forward(self, x):
        x = F.relu(self.stem(x))
        for unit in self.units:
            x = unit(x)
        return self.fc(x.mean(dim=(2, 3)))


DTYPES = {"f8": ("<f8", torch.float64), "i8": ("<i8", torch.int64)}


def read_tensor(case_dir, spec):
    with open(os.path.join(case_dir, spec["file"]), "rb") as f:
        data = bytearray(f.read())
    t = torch.frombuffer(data, dtype=DTYPES[spec["type"]][1]).clone()
    return t.reshape(spec["shape"])


class TensorWriter:
    """Raw little-endian float64 arrays plus one manifest.json naming them."""

    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.entries = {}
        os.makedirs(out_dir, exist_ok=True)

    def put(self, name, t):
        file = "t%04d.bin" % len(self.entries)
        t = t.detach().to(torch.float64).contiguous()
        with open(os.path.join(self.out_dir, file), "wb") as f:
            f.write(t.numpy().astype("<f8").tobytes())
        self.entries[name] = {"shape": list(t.shape), "file": file, "type": "f8"}

    def close(self):
        with open(os.path.join(self.out_dir, "manifest.json"), "w") as f:
            json.dump({"tensors": self.entries}, f, indent=1)


def load_state(model, case_dir, tensors, dtype):
    """Every parameter and BN running statistic from the manifest; a missing, extra or misshapen name fails."""
    own = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    missing = sorted(set(own) - set(tensors))
    extra = sorted(set(tensors) - set(own))
    if missing or extra:
        raise SystemExit("tensor names differ from the reference model: missing %s, unexpected %s"
                         % (missing, extra))
    state = {}
    for name, spec in tensors.items():
        t = read_tensor(case_dir, spec).to(dtype)
        if tuple(t.shape) != tuple(own[name].shape):
            raise SystemExit("tensor %s has shape %s, the reference model wants %s"
                             % (name, list(t.shape), list(own[name].shape)))
        state[name] = t
    model.load_state_dict(state, strict=False)


def optimizer(model, recipe, lr):
    """torch.optim.SGD; without decay_bn_and_bias, weight decay only on conv and FC weights."""
    decayed, plain = [], []
    for module in model.modules():
        for pname, p in module.named_parameters(recurse=False):
            is_weight = isinstance(module, (nn.Conv2d, nn.Linear)) and pname == "weight"
            (decayed if is_weight or recipe["decay_bn_and_bias"] else plain).append(p)
    groups = [{"params": decayed, "weight_decay": recipe["weight_decay"]}]
    if plain:
        groups.append({"params": plain, "weight_decay": 0.0})
    return torch.optim.SGD(groups, lr=lr, momentum=recipe["momentum"], nesterov=recipe["nesterov"])


def run_case(case_dir):
    with open(os.path.join(case_dir, "manifest.json")) as f:
        m = json.load(f)
    dtype = {"float32": torch.float32, "float64": torch.float64}[m["dtype"]]
    spec, recipe = m["model"], m["recipe"]
    model = CifarSeResNet(spec["depth"], spec["width"], spec["in_channels"], spec["classes"], spec["se"])
    model.to(dtype)
    load_state(model, case_dir, m["tensors"], dtype)
    model.train()
    lrs = recipe["lrs"]
    if len(lrs) != len(m["batches"]):
        raise SystemExit("recipe.lrs has %d entries for %d batches" % (len(lrs), len(m["batches"])))
    opt = optimizer(model, recipe, lrs[0])
    out = TensorWriter(os.path.join(case_dir, "torch"))
    losses = []
    for i, batch in enumerate(m["batches"]):
        x = read_tensor(case_dir, batch["x"]).to(dtype)
        y = read_tensor(case_dir, batch["y"])
        for group in opt.param_groups:
            group["lr"] = lrs[i]
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits, y, label_smoothing=recipe["label_smoothing"])
        loss.backward()
        if i == 0:
            out.put("logits", logits)
            out.put("loss", loss)
            for name, p in model.named_parameters():
                out.put("grad/" + name, p.grad)
        opt.step()
        losses.append(loss.detach().to(torch.float64))
    for name, t in model.state_dict().items():
        if not name.endswith("num_batches_tracked"):
            out.put("after/" + name, t)
    out.put("losses", torch.stack(losses))
    out.close()


def main(argv):
    if not argv:
        raise SystemExit("usage: se_resnet_torch_reference.py CASE_DIR...")
    torch.set_num_threads(1)
    for case_dir in argv:
        run_case(case_dir)
    print(json.dumps({"ok": True, "torch_version": torch.__version__, "cases": len(argv)}))


if __name__ == "__main__":
    main(sys.argv[1:])
