package io.linkgate.cardedge.sim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws a small deterministic portrait per seed (plain shapes: no fonts, no display, so it works headless) and
 * encodes it as a baseline JPEG that fits the card's 5100-byte photo area. Nothing binary lives in the repo.
 */
public final class SimulatedPhotos {

  static final int WIDTH = 90;
  static final int HEIGHT = 108;
  static final int CAPACITY = 20 * 0xFF;

  private SimulatedPhotos() {
  }

  /** The JPEG for {@code seed}; the same bytes for the same seed on the same JDK. */
  public static byte[] portrait(String seed) {
    BufferedImage image = draw(new Random(seed.hashCode()));
    for (float quality = 0.8f; quality > 0.1f; quality -= 0.1f) {
      byte[] jpeg = encode(image, quality);
      if (jpeg.length <= CAPACITY) {
        return jpeg;
      }
    }
    throw new IllegalStateException("Cannot fit the simulated photo into the card's photo area");
  }

  private static BufferedImage draw(Random random) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(170 + random.nextInt(60), 190 + random.nextInt(50), 220 + random.nextInt(30)));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Color skin = new Color(200 + random.nextInt(40), 150 + random.nextInt(40), 110 + random.nextInt(40));
      g.setColor(new Color(30 + random.nextInt(60), 40 + random.nextInt(60), 60 + random.nextInt(80)));
      g.fillRoundRect(8, 78, WIDTH - 16, 40, 30, 30);
      g.setColor(skin);
      g.fillRect(WIDTH / 2 - 9, 62, 18, 20);
      int headWidth = 40 + random.nextInt(8);
      g.fillOval((WIDTH - headWidth) / 2, 18, headWidth, 50);
      g.setColor(new Color(20 + random.nextInt(30), 15 + random.nextInt(20), 10 + random.nextInt(20)));
      g.fillArc((WIDTH - headWidth) / 2 - 2, 12, headWidth + 4, 34 + random.nextInt(10), 0, 180);
      g.fillOval(WIDTH / 2 - 12, 38, 6, 5);
      g.fillOval(WIDTH / 2 + 6, 38, 6, 5);
      g.setColor(new Color(150, 70, 70));
      g.fillRoundRect(WIDTH / 2 - 7, 55, 14, 3, 3, 3);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding of the simulated photo failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
