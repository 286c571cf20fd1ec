package io.linkgate.cardedge.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePinCounterStoreTest {

  @Test
  void should_read_back_the_counter_when_it_was_saved(@TempDir Path directory) {
    FilePinCounterStore store = new FilePinCounterStore(directory.resolve("cards"));

    assertEquals(OptionalInt.empty(), store.load("officer"));
    store.save("officer", 2);
    store.save("officer", 1);

    assertEquals(OptionalInt.of(1), new FilePinCounterStore(directory.resolve("cards")).load("officer"));
  }

  @Test
  void should_write_owner_only_files_and_leave_no_temporary_file_when_saving(@TempDir Path directory)
      throws Exception {
    Path cards = directory.resolve("cards");
    new FilePinCounterStore(cards).save("officer", 3);

    try (Stream<Path> files = Files.list(cards)) {
      assertEquals(java.util.List.of(cards.resolve("officer.pin-tries")), files.toList());
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cards.resolve("officer.pin-tries"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cards)));
  }

  @Test
  void should_refuse_profile_names_that_are_not_plain_file_names(@TempDir Path directory) {
    FilePinCounterStore store = new FilePinCounterStore(directory);

    assertThrows(IllegalArgumentException.class, () -> store.save("../officer", 3));
    assertThrows(IllegalArgumentException.class, () -> store.load("a/b"));
  }

  @Test
  void should_fail_loudly_when_the_file_is_corrupt(@TempDir Path directory) throws Exception {
    Files.writeString(directory.resolve("officer.pin-tries"), "three");

    assertThrows(IllegalStateException.class, () -> new FilePinCounterStore(directory).load("officer"));
  }
}
