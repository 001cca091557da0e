package selab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import selab.model.Keyed;

/**
 * Reads an option (not a positional parameter) whose values are a closed list: a {@link Keyed} enum, by the key the enum spells its
 * constants with ({@code --gate tanh}, {@code --device cpu}), so the enum is the option's one list of
 * allowed values; or a boolean ({@code true|false}). (picocli's own enum conversion would also take the
 * constant names and list both spellings in its error; its boolean error does not list the values.) A
 * bad value is one line naming the flag, the value and the allowed values, exit 2 through
 * {@link Main}'s parameter-error handler.
 */
final class ChoiceOption implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec arg, CommandSpec command) {
        Map<String, Object> choices = choices(arg.type());
        String flag = ((OptionSpec) arg).longestName();
        String allowed = String.join("|", choices.keySet());
        if (args.isEmpty()) {
            throw new ParameterException(command.commandLine(),
                    "Missing required parameter for option '" + flag + "'; allowed: " + allowed);
        }
        String value = args.pop();
        if (!choices.containsKey(value)) {
            // Worded as picocli words its own conversion errors ('abc' is not an int), so all read alike.
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '" + flag + "': '" + value + "' is not allowed; allowed: " + allowed);
        }
        arg.setValue(choices.get(value));
    }

    /** Spelling -> value, in the order help and errors list them. */
    private static Map<String, Object> choices(Class<?> type) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (type == Boolean.class || type == boolean.class) {
            out.put("true", true);
            out.put("false", false);
        } else if (type.isEnum() && Keyed.class.isAssignableFrom(type)) {
            for (Object constant : type.getEnumConstants()) {
                out.put(((Keyed) constant).key(), constant);
            }
        } else {
            throw new IllegalStateException(type + " is neither boolean nor a Keyed enum; ChoiceOption cannot read it");
        }
        return out;
    }
}
