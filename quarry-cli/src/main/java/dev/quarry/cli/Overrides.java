package dev.quarry.cli;

import dev.quarry.train.TrainingConfig;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Copies a command's given options into a {@link TrainingConfig}: each option field sets the setting of its name. */
final class Overrides {
  private Overrides() {}

  /** @return the option names given (so that a resumed run can refuse changes) */
  static List<String> apply(Object command, TrainingConfig config, List<String> skip) {
    List<String> names = new ArrayList<>();
    for (Field option : command.getClass().getDeclaredFields()) {
      Option annotation = option.getAnnotation(Option.class);
      if (annotation == null || skip.contains(option.getName())) {
        continue;
      }
      try {
        option.setAccessible(true);
        Object value = option.get(command);
        Field target = TrainingConfig.class.getField(option.getName());
        if (value != null) {
          target.set(config, value);
          names.add(annotation.names()[0]);
        }
      } catch (NoSuchFieldException e) {
        // an option of the command itself (--out, --config, --resume, --overwrite)
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return names;
  }
}
