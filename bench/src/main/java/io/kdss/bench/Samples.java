package io.kdss.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one quantity on a noisy machine: the median is what is reported,
 * min and max show the spread, so a result that swung with outside load is visible as such.
 */
final class Samples {

  private final List<Double> values = new ArrayList<>();

  void add(double v) {
    values.add(v);
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  double median() {
    List<Double> s = sorted();
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  double min() {
    return values.isEmpty() ? Double.NaN : sorted().getFirst();
  }

  double max() {
    return values.isEmpty() ? Double.NaN : sorted().getLast();
  }

  private List<Double> sorted() {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
