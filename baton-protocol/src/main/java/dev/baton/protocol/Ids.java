package dev.baton.protocol;

import java.util.regex.Pattern;

/** The contract's id rule, shared by instance, workflow and task ids. */
public final class Ids {

  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }
}
