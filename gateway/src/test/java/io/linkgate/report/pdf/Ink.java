package io.linkgate.report.pdf;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * A binarized image: which pixels carry ink (darker than mid-grey). Compares two inks with a little slack (a global
 * shift of a pixel or two, and each ink pixel may find its partner a pixel away) so that two rasterizers of the same
 * outlines agree, while a mark drawn in the wrong place does not.
 */
final class Ink {

  final int width;
  final int height;
  private final boolean[] on;

  private Ink(int width, int height, boolean[] on) {
    this.width = width;
    this.height = height;
    this.on = on;
  }

  static Ink of(BufferedImage image, Rectangle region) {
    boolean[] on = new boolean[region.width * region.height];
    for (int y = 0; y < region.height; y++) {
      for (int x = 0; x < region.width; x++) {
        int px = region.x + x;
        int py = region.y + y;
        if (px >= 0 && py >= 0 && px < image.getWidth() && py < image.getHeight()) {
          int rgb = image.getRGB(px, py);
          int grey = ((rgb >> 16 & 0xff) * 299 + (rgb >> 8 & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
          on[y * region.width + x] = grey < 128;
        }
      }
    }
    return new Ink(region.width, region.height, on);
  }

  static Ink of(BufferedImage image) {
    return of(image, new Rectangle(0, 0, image.getWidth(), image.getHeight()));
  }

  boolean at(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height && on[y * width + x];
  }

  int count() {
    int n = 0;
    for (boolean b : on) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** The smallest rectangle holding all ink, or null without ink. */
  Rectangle bounds() {
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (on[y * width + x]) {
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
    }
    return maxX < 0 ? null : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
  }

  /** Without straight horizontal or vertical runs of at least {@code length} pixels (table rules). */
  Ink withoutRules(int length) {
    boolean[] out = on.clone();
    for (int y = 0; y < height; y++) {
      int run = 0;
      for (int x = 0; x <= width; x++) {
        if (x < width && on[y * width + x]) {
          run++;
        } else {
          if (run >= length) {
            for (int k = x - run; k < x; k++) {
              out[y * width + k] = false;
            }
          }
          run = 0;
        }
      }
    }
    for (int x = 0; x < width; x++) {
      int run = 0;
      for (int y = 0; y <= height; y++) {
        if (y < height && on[y * width + x]) {
          run++;
        } else {
          if (run >= length) {
            for (int k = y - run; k < y; k++) {
              out[k * width + x] = false;
            }
          }
          run = 0;
        }
      }
    }
    return new Ink(width, height, out);
  }

  /** Only the ink inside {@code keep}. */
  Ink within(Rectangle keep) {
    boolean[] out = new boolean[on.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + x] = on[y * width + x] && keep.contains(x, y);
      }
    }
    return new Ink(width, height, out);
  }

  /** The ink of this image that has no ink of {@code other} within {@code tolerance} pixels. */
  Ink minus(Ink other, int tolerance) {
    boolean[] out = new boolean[on.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + x] = on[y * width + x] && !other.near(x, y, 0, 0, tolerance);
      }
    }
    return new Ink(width, height, out);
  }

  private boolean near(int x, int y, int dx, int dy, int tolerance) {
    for (int j = -tolerance; j <= tolerance; j++) {
      for (int i = -tolerance; i <= tolerance; i++) {
        if (at(x + dx + i, y + dy + j)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * How badly {@code candidate} misses this ink: over global shifts up to {@code shift} pixels, the smallest share of
   * ink pixels (of either image, whichever is worse) with no partner within {@code tolerance} pixels in the other.
   * 0 is identical; a misplaced mark adds its pixels twice (missing here, extra there).
   */
  double mismatch(Ink candidate, int shift, int tolerance) {
    int mine = count();
    int theirs = candidate.count();
    if (mine == 0 || theirs == 0) {
      return 1.0;
    }
    double best = 1.0;
    for (int dy = -shift; dy <= shift; dy++) {
      for (int dx = -shift; dx <= shift; dx++) {
        int missing = 0;
        int extra = 0;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            if (on[y * width + x] && !candidate.near(x, y, dx, dy, tolerance)) {
              missing++;
            }
            if (candidate.at(x, y) && !near(x, y, -dx, -dy, tolerance)) {
              extra++;
            }
          }
        }
        best = Math.min(best, Math.max(missing / (double) mine, extra / (double) theirs));
      }
    }
    return best;
  }

  /**
   * The largest patch of disagreement with {@code candidate}, in pixels: at the global shift (up to {@code shift}
   * pixels) where they disagree least, the pixels inked in one image with no ink within {@code tolerance} pixels in
   * the other, grouped into 8-connected patches. Two rasterizers of the same outlines disagree only in scattered edge
   * pixels; a mark drawn in the wrong place leaves a patch the size of the mark.
   */
  int largestDifference(Ink candidate, int shift, int tolerance) {
    int bestCount = Integer.MAX_VALUE;
    boolean[] best = null;
    for (int dy = -shift; dy <= shift; dy++) {
      for (int dx = -shift; dx <= shift; dx++) {
        boolean[] diff = new boolean[on.length];
        int n = 0;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            boolean missing = on[y * width + x] && !candidate.near(x, y, dx, dy, tolerance);
            boolean extra = candidate.at(x + dx, y + dy) && !near(x, y, 0, 0, tolerance);
            if (missing || extra) {
              diff[y * width + x] = true;
              n++;
            }
          }
        }
        if (n < bestCount) {
          bestCount = n;
          best = diff;
        }
      }
    }
    return largestPatch(best);
  }

  private int largestPatch(boolean[] diff) {
    boolean[] seen = new boolean[diff.length];
    int[] stack = new int[diff.length];
    int largest = 0;
    for (int start = 0; start < diff.length; start++) {
      if (!diff[start] || seen[start]) {
        continue;
      }
      int size = 0;
      int top = 0;
      stack[top++] = start;
      seen[start] = true;
      while (top > 0) {
        int p = stack[--top];
        size++;
        int px = p % width;
        int py = p / width;
        for (int j = -1; j <= 1; j++) {
          for (int i = -1; i <= 1; i++) {
            int qx = px + i;
            int qy = py + j;
            int q = qy * width + qx;
            if (qx >= 0 && qy >= 0 && qx < width && qy < height && diff[q] && !seen[q]) {
              seen[q] = true;
              stack[top++] = q;
            }
          }
        }
      }
      largest = Math.max(largest, size);
    }
    return largest;
  }
}
