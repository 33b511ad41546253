package dev.kpi.model.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * "Did you mean ...?" for a misspelled name: the closest known name by edit distance (insert,
 * delete, replace one character, or swap two neighbours), when it is close enough to be a typo.
 */
public final class Suggestion {
  private Suggestion() {}

  /** " (did you mean 'quantity'?)", or "" when no name is within a typo of {@code wanted}. */
  public static String didYouMean(String wanted, Collection<String> known) {
    return closest(wanted, known).map(name -> " (did you mean '" + name + "'?)").orElse("");
  }

  static Optional<String> closest(String wanted, Collection<String> known) {
    // GMV for gmv: names are lower case, a capital is no typo worth a distance.
    Optional<String> sameLetters = known.stream().filter(name -> !name.equals(wanted) && name.equalsIgnoreCase(wanted)).findFirst();
    if (sameLetters.isPresent()) {
      return sameLetters;
    }
    int allowed = Math.max(1, wanted.length() / 3);
    return known.stream()
        .filter(name -> !name.equals(wanted))
        .filter(name -> distance(wanted, name) <= allowed)
        .min(Comparator.comparingInt((String name) -> distance(wanted, name)).thenComparing(Comparator.naturalOrder()));
  }

  /** Optimal string alignment distance: Levenshtein with transpositions of neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
