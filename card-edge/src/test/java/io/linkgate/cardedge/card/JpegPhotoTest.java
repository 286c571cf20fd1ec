package io.linkgate.cardedge.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Cutting the JPEG out of the card's 5100-byte photo area without treating it as text. */
class JpegPhotoTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final int AREA = 20 * 0xFF;

  @Test
  void should_keep_space_and_zero_runs_before_eoi_when_the_jpeg_data_ends_with_them() {
    byte[] jpeg = HEX.parseHex("FFD8FFDB0043000102030405" + "20202020" + "0000" + "2000" + "FFD9");
    byte[] area = padded(jpeg, (byte) 0x20);

    assertArrayEquals(jpeg, JpegPhoto.extract(area));
  }

  @Test
  void should_keep_all_bytes_when_the_jpeg_fills_nearly_the_whole_area() {
    byte[] jpeg = new byte[AREA - 2];
    for (int i = 0; i < jpeg.length; i++) {
      jpeg[i] = (byte) (i % 7 == 0 ? 0x20 : i % 5 == 0 ? 0x00 : i);
    }
    jpeg[0] = (byte) 0xFF;
    jpeg[1] = (byte) 0xD8;
    for (int i = 2; i < jpeg.length - 2; i++) {
      if (jpeg[i] == (byte) 0xFF) {
        jpeg[i] = 0x7F;
      }
    }
    jpeg[jpeg.length - 4] = 0x20;
    jpeg[jpeg.length - 3] = 0x00;
    jpeg[jpeg.length - 2] = (byte) 0xFF;
    jpeg[jpeg.length - 1] = (byte) 0xD9;

    byte[] photo = JpegPhoto.extract(padded(jpeg, (byte) 0x00));

    assertEquals(AREA - 2, photo.length);
    assertArrayEquals(jpeg, photo);
  }

  @Test
  void should_cut_at_the_last_eoi_when_an_embedded_thumbnail_has_its_own() {
    byte[] jpeg = HEX.parseHex("FFD8FFE1000A" + "FFD8AAFFD9" + "0102FFD9");

    assertArrayEquals(jpeg, JpegPhoto.extract(padded(jpeg, (byte) 0x20)));
  }

  @Test
  void should_return_the_area_unchanged_when_it_holds_no_jpeg() {
    byte[] area = padded(HEX.parseHex("0102030405"), (byte) 0x20);

    assertArrayEquals(area, JpegPhoto.extract(area));
  }

  private static byte[] padded(byte[] jpeg, byte padding) {
    byte[] area = new byte[AREA];
    Arrays.fill(area, padding);
    System.arraycopy(jpeg, 0, area, 0, jpeg.length);
    return area;
  }
}
