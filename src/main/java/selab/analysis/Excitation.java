package selab.analysis;

import java.util.List;

/**
 * The result of {@link ExcitationAnalysis#measure}: the gate statistics of the measured SE blocks, in
 * forward order, over a split of {@code images} images with {@code classes} classes.
 *
 * @param top1Err the network's top-1 error (%) on the same split, from the same forward passes
 * @param bottlenecks firing counts of the hidden units of every SE block of the network, in forward order
 */
public record Excitation(
        List<BlockExcitation> blocks, long images, int classes, double top1Err, List<HiddenUnits> bottlenecks) {

    public Excitation {
        blocks = List.copyOf(blocks);
        bottlenecks = List.copyOf(bottlenecks);
    }

    /** The block called {@code label}. */
    public BlockExcitation block(String label) {
        return blocks.stream().filter(b -> b.label().equals(label)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("block '" + label + "' was not measured; measured: "
                        + blocks.stream().map(BlockExcitation::label).toList()));
    }

    public List<String> labels() {
        return blocks.stream().map(BlockExcitation::label).toList();
    }
}
