package selab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import selab.model.Architecture;

/**
 * Turns a validated config tree into the shared {@link RunConfig} record, in canonical form: SE
 * switched off is {@code se = null}, and SE stages left null are spelled out as the arch's full
 * stage list, so one network has one spelling (and one run id).
 */
public final class ConfigConverter {
    private ConfigConverter() {}

    /** Throws IllegalArgumentException if the tree does not fit the records (it was not validated). */
    public static RunConfig toRunConfig(ConfigTree tree) {
        ObjectNode json = tree.json();
        json.remove("device");
        ObjectNode model = (ObjectNode) json.get("model");
        JsonNode se = model.get("se");
        if (JsonValues.isNone(se)) {
            model.putNull("se");
        } else if (se.get("stages") == null || se.get("stages").isNull()) {
            ArrayNode stages = ((ObjectNode) se).putArray("stages");
            Architecture.of(model.get("arch").textValue()).stages().forEach(stages::add);
        }
        try {
            return SpecJson.CANONICAL.treeToValue(json, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config does not fit RunConfig: " + e.getOriginalMessage(), e);
        }
    }
}
