package selab.model;

import java.util.List;

/**
 * The paper's scale for a proxy model: the same SE settings on ResNet-50 at 224x224 with 1000 classes,
 * so a report can show the Params/GFLOPs the ablation would cost where the paper measured it. Stage
 * numbers keep their meaning (stage 2 is the first residual stage in both families); a proxy's "all
 * stages" becomes all of ResNet-50's stages.
 */
public final class PaperScale {
    private PaperScale() {}

    public static ModelConfig of(ModelConfig proxy) {
        SeConfig se = proxy.se();
        if (se != null) {
            List<Integer> proxyStages = Architecture.of(proxy.arch()).stages();
            boolean all = se.stages() == null || se.stages().containsAll(proxyStages);
            se = se.withStages(all ? Architecture.RESNET_50.stages() : se.stages());
        }
        return new ModelConfig(Architecture.RESNET_50.key(), se, 1.0);
    }

    public static Profile profile(ModelConfig proxy) {
        return Profiler.profile(of(proxy), Geometry.IMAGENET);
    }
}
