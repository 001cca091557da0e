package selab.spec;

import selab.data.DataConfig;
import selab.model.ModelConfig;
import selab.train.RecipeConfig;

/** The fully resolved configuration of one run; with the seed, it determines the run id. */
public record RunConfig(ModelConfig model, DataConfig data, RecipeConfig recipe) {}
