package io.linkgate.citizen;

/**
 * The 13-digit Thai citizen ID (also the shape of juristic-person IDs). The last digit is a check digit:
 * with digits d1..d12, {@code sum = Σ d_i × (14 − i)} and {@code check = (11 − sum mod 11) mod 10}.
 */
public final class CitizenId {

  private CitizenId() {
  }

  /** Why {@code text} is not a valid citizen ID, or {@code null} when it is. Never echoes the input. */
  public static String problem(String text) {
    String digits = digitsProblem(text);
    if (digits != null) {
      return digits;
    }
    return text.charAt(0) == '0' ? "cannot start with 0" : null;
  }

  /**
   * Why {@code text} is not a valid juristic-person ID (13 digits, same check digit as citizen IDs, may
   * start with 0 as DBD registrations do), or {@code null} when it is.
   */
  public static String juristicProblem(String text) {
    return digitsProblem(text);
  }

  private static String digitsProblem(String text) {
    if (text == null || text.isEmpty()) {
      return "is missing";
    }
    if (text.length() != 13) {
      return "must be exactly 13 digits (was " + Math.min(text.length(), 999) + " characters)";
    }
    for (int i = 0; i < 13; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return "must contain digits only";
      }
    }
    if (checkDigit(text) != text.charAt(12) - '0') {
      return "has a wrong check digit";
    }
    return null;
  }

  public static boolean isValid(String text) {
    return problem(text) == null;
  }

  /**
   * True when {@code text} holds a citizen ID: a run of exactly 13 digits, written together or grouped with {@code -}
   * or spaces as on the card (3-1017-00001-09-8), whose check digit is right and that does not start with 0. For
   * identifiers a client chooses (a case reference, a correlation id) that the gateway would otherwise keep or log in
   * clear. A longer run of digits is some other number; one of 13 that is not a citizen ID passes 9 times in 10.
   */
  public static boolean appearsIn(CharSequence text) {
    return appearsIn(text, false) || appearsIn(text, true);
  }

  private static boolean appearsIn(CharSequence text, boolean grouped) {
    int n = text.length();
    char[] run = new char[13];
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : '\0';
      if (c >= '0' && c <= '9') {
        if (digits < 13) {
          run[digits] = c;
        }
        digits++;
      } else if (!(grouped && (c == '-' || c == ' ') && digits > 0 && i + 1 < n && text.charAt(i + 1) >= '0'
          && text.charAt(i + 1) <= '9')) {
        if (digits == 13 && run[0] != '0' && checkDigit(new String(run)) == run[12] - '0') {
          return true;
        }
        digits = 0;
      }
    }
    return false;
  }

  /** The check digit for the first 12 digits of {@code digits}. */
  public static int checkDigit(CharSequence digits) {
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (digits.charAt(i) - '0') * (13 - i);
    }
    return (11 - sum % 11) % 10;
  }

  /** Completes 12 digits with their check digit. */
  public static String withCheckDigit(String first12) {
    if (first12.length() != 12 || !first12.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("need exactly 12 digits");
    }
    return first12 + checkDigit(first12);
  }
}
