package selab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import selab.data.DataConfig;
import selab.model.ModelConfig;
import selab.train.RecipeConfig;

/**
 * The fully resolved configuration of one run; with the seed, it determines the run id.
 *
 * @param implementation who trains it: null = selab; {@link Implementation#PYTORCH} for a row's cross-check run.
 *     Left out of the JSON when null, so selab's runs keep their ids and a peer's run has an id of its own.
 */
public record RunConfig(ModelConfig model, DataConfig data, RecipeConfig recipe,
        @JsonInclude(JsonInclude.Include.NON_NULL) Implementation implementation) {

    public RunConfig {
        if (implementation == Implementation.SELAB) {
            implementation = null; // one spelling of "selab trains it", so it has one run id
        }
    }

    /** A config selab trains. */
    public RunConfig(ModelConfig model, DataConfig data, RecipeConfig recipe) {
        this(model, data, recipe, null);
    }

    /** Who trains the run (never null). */
    @JsonIgnore
    public Implementation trainedBy() {
        return implementation == null ? Implementation.SELAB : implementation;
    }

    public RunConfig withRecipe(RecipeConfig newRecipe) {
        return new RunConfig(model, data, newRecipe, implementation);
    }

    public RunConfig withImplementation(Implementation newImplementation) {
        return new RunConfig(model, data, recipe, newImplementation);
    }
}
