package dev.baton.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A deep copy of the engine's state objects for the in-memory stores of the engine tests: what a
 * store hands out is never the object it keeps, so a change that is not written back is lost, as it
 * is with a real store and its codec. Records, enums and strings are immutable and shared; lists
 * are copied; classes with public fields (the state's mutable headers) are copied field by field,
 * so a field added later is copied too.
 */
final class StateCopy {

  private StateCopy() {}

  @SuppressWarnings("unchecked")
  static <T> T of(T value) {
    return (T) copy(value);
  }

  private static Object copy(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(copy(element)));
      return copy;
    }
    if (value instanceof Record) {
      // Records of the state layout hold immutable values or lists copied at construction.
      return value;
    }
    return copyFields(value);
  }

  /**
   * A canonical text of a state object, field by field for the mutable classes, so two stores can
   * be compared value for value although those classes have no {@code equals}.
   */
  static String describe(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || value instanceof Record) {
      return String.valueOf(value);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(StateCopy::describe).toList().toString();
    }
    StringBuilder text = new StringBuilder(value.getClass().getSimpleName()).append('{');
    try {
      for (Field field : value.getClass().getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          text.append(field.getName()).append('=').append(describe(field.get(value))).append(' ');
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot describe " + value.getClass().getName(), e);
    }
    return text.append('}').toString();
  }

  private static Object copyFields(Object value) {
    try {
      var constructor = value.getClass().getDeclaredConstructor();
      constructor.setAccessible(true);
      Object copy = constructor.newInstance();
      for (Field field : value.getClass().getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        field.set(copy, copy(field.get(value)));
      }
      return copy;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy " + value.getClass().getName(), e);
    }
  }
}
