package io.linkgate.report.pdf;

/** Horizontal placement of a line of text in its box. */
enum Align {
  LEFT, CENTER, RIGHT;

  /** Where a line of {@code width} starts in the box [{@code x}, {@code x + box}]. */
  float start(float x, float box, float width) {
    return switch (this) {
      case LEFT -> x;
      case CENTER -> x + (box - width) / 2;
      case RIGHT -> x + box - width;
    };
  }
}
