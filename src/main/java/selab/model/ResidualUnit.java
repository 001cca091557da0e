package selab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A residual unit y = ReLU(branch(x) + shortcut(x)) with an optional SE block placed as in the paper's
 * Fig. 5. The SE_3x3 placement lives inside the branch, so here it behaves like a plain unit.
 */
public final class ResidualUnit extends AbstractBlock {

    private final Block branch;
    private final Block shortcut; // null = identity
    private final SqueezeExcitation se; // null = no SE at the unit level
    private final Placement placement;

    public ResidualUnit(Block branch, Block shortcut, SqueezeExcitation se, Placement placement) {
        this.branch = addChildBlock("branch", branch);
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
        this.se = se == null ? null : addChildBlock("se", se);
        this.placement = placement;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (se == null) {
            return relu(run(ps, branch, x, training).add(identity(ps, x, training)));
        }
        return new NDList(switch (placement) {
            case STANDARD, NOSQUEEZE -> Activation.relu(
                    run(ps, se, run(ps, branch, x, training), training).add(identity(ps, x, training)));
            case PRE -> Activation.relu(
                    run(ps, branch, run(ps, se, x, training), training).add(identity(ps, x, training)));
            case POST -> run(ps, se,
                    Activation.relu(run(ps, branch, x, training).add(identity(ps, x, training))), training);
            case IDENTITY -> Activation.relu(
                    run(ps, branch, x, training).add(run(ps, se, identity(ps, x, training), training)));
            case CONV3X3 -> throw new IllegalStateException("SE_3x3 lives inside the branch");
        });
    }

    private static NDList relu(NDArray a) {
        return new NDList(Activation.relu(a));
    }

    private NDArray identity(ParameterStore ps, NDArray x, boolean training) {
        return shortcut == null ? x : run(ps, shortcut, x, training);
    }

    private static NDArray run(ParameterStore ps, Block block, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape out = branch.getOutputShapes(new Shape[] {in})[0];
        if (se != null && placement == Placement.PRE) {
            se.initialize(manager, dataType, in);
        } else if (se != null) {
            se.initialize(manager, dataType, out);
        }
        branch.initialize(manager, dataType, in);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, in);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return branch.getOutputShapes(inputShapes);
    }

    Block branch() {
        return branch;
    }

    Block shortcut() {
        return shortcut;
    }

    SqueezeExcitation se() {
        return se;
    }

    Placement placement() {
        return placement;
    }
}
