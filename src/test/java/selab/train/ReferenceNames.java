package selab.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import selab.model.ResidualUnit;
import selab.model.SqueezeExcitation;

/**
 * Names every tensor of a selab CIFAR (SE-)ResNet by the state_dict key of the PyTorch reference module
 * ({@code se_resnet_torch_reference.py}): stem.0 (conv), stem.1 (BN), units.K.{conv1,bn1,conv2,bn2},
 * units.K.shortcut.{0,1}, units.K.se.{fc1,fc2}, fc. Walks selab's block tree by its public structure (a
 * residual unit's children "branch", "shortcut", "se"; an SE block's "fex_w1", "fex_w2"), so a tensor the
 * walk cannot place fails here instead of being left out of the comparison.
 */
final class ReferenceNames {

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    private ReferenceNames() {}

    /** Reference name to selab parameter, for every parameter of {@code net} (trainable and BN statistics). */
    static Map<String, Parameter> of(Block net) {
        ReferenceNames names = new ReferenceNames();
        int unit = 0;
        for (Pair<String, Block> child : net.getChildren()) {
            Block b = child.getValue();
            if (b instanceof ResidualUnit) {
                names.unit(b, "units." + unit++ + ".");
            } else if (b instanceof Conv2d) {
                names.put("stem.0.", b);
            } else if (b instanceof BatchNorm) {
                names.put("stem.1.", b);
            } else if (b instanceof Linear) {
                names.put("fc.", b);
            } else if (!b.getParameters().isEmpty()) {
                throw new IllegalStateException("no reference name for top-level block " + child.getKey());
            }
        }
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        names.byName.values().forEach(p -> seen.put(p, true));
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (!seen.containsKey(p.getValue())) {
                throw new IllegalStateException("parameter " + p.getKey() + " has no reference name");
            }
        }
        return names.byName;
    }

    private void unit(Block unit, String prefix) {
        for (Pair<String, Block> child : unit.getChildren()) {
            String role = child.getKey().replaceFirst("^\\d+", "");
            switch (role) {
                case "branch" -> branch(child.getValue(), prefix);
                case "shortcut" -> {
                    for (Pair<String, Block> c : child.getValue().getChildren()) {
                        if (c.getValue() instanceof Conv2d) {
                            put(prefix + "shortcut.0.", c.getValue());
                        } else if (c.getValue() instanceof BatchNorm) {
                            put(prefix + "shortcut.1.", c.getValue());
                        }
                    }
                }
                case "se" -> se(child.getValue(), prefix + "se.");
                default -> throw new IllegalStateException("unknown residual unit child " + child.getKey());
            }
        }
    }

    /** conv1, bn1, conv2, bn2 in forward order; an SE block inside the branch (SE_3x3) is the unit's se. */
    private void branch(Block branch, String prefix) {
        int convs = 0;
        int bns = 0;
        for (Pair<String, Block> c : branch.getChildren()) {
            Block b = c.getValue();
            if (b instanceof Conv2d) {
                put(prefix + "conv" + ++convs + ".", b);
            } else if (b instanceof BatchNorm) {
                put(prefix + "bn" + ++bns + ".", b);
            } else if (b instanceof SqueezeExcitation) {
                se(b, prefix + "se.");
            }
        }
    }

    private void se(Block se, String prefix) {
        for (Pair<String, Block> c : se.getChildren()) {
            String role = c.getKey().replaceFirst("^\\d+", "");
            switch (role) {
                case "fex_w1" -> put(prefix + "fc1.", c.getValue());
                case "fex_w2" -> put(prefix + "fc2.", c.getValue());
                default -> throw new IllegalStateException("unknown SE child " + c.getKey());
            }
        }
    }

    private void put(String prefix, Block b) {
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            String name = prefix + torchName(p.getKey());
            if (byName.put(name, p.getValue()) != null) {
                throw new IllegalStateException("two selab parameters map to " + name);
            }
        }
    }

    /** DJL's parameter names to torch's: BN gamma/beta are weight/bias, running statistics are snake_case. */
    private static String torchName(String djl) {
        return switch (djl) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            case "weight", "bias" -> djl;
            default -> throw new IllegalStateException("unknown parameter name " + djl);
        };
    }
}
