package io.linkgate.cardedge.sim;

import io.linkgate.cardedge.StateHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A {@link PinCounterStore} with one small file per profile ({@code <profile>.pin-tries}) under a directory,
 * by default {@code $HOME/.linkgate/simulated-cards/} (see {@link StateHome}). Each write goes to a temporary file in the same
 * directory that is then moved over the old one atomically, so a crash never leaves a half-written counter;
 * files are {@code 0600} and the directory {@code 0700} where the file system is POSIX.
 */
public final class FilePinCounterStore implements PinCounterStore {

  private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final String SUFFIX = ".pin-tries";

  private final Path directory;

  public FilePinCounterStore(Path directory) {
    this.directory = directory;
  }

  /** The store under {@code $HOME/.linkgate/simulated-cards/}. */
  public static FilePinCounterStore inUserHome() {
    return new FilePinCounterStore(defaultDirectory());
  }

  public static Path defaultDirectory() {
    return StateHome.directory().resolve("simulated-cards");
  }

  public Path directory() {
    return directory;
  }

  @Override
  public OptionalInt load(String profile) {
    Path file = file(profile);
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      int tries = Integer.parseInt(text);
      if (tries < 0 || tries > 15) {
        throw new IllegalStateException("Corrupt PIN counter file " + file + ": value out of range");
      }
      return OptionalInt.of(tries);
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Corrupt PIN counter file " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read PIN counter file " + file, e);
    }
  }

  @Override
  public void save(String profile, int triesRemaining) {
    Path target = file(profile);
    try {
      createDirectory();
      Path temp = Files.createTempFile(directory, profile + ".", ".tmp", ownerOnly("rw-------"));
      try {
        Files.writeString(temp, triesRemaining + "\n", StandardCharsets.US_ASCII);
        move(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write PIN counter file " + target, e);
    }
  }

  private Path file(String profile) {
    if (profile == null || !PROFILE_NAME.matcher(profile).matches()) {
      throw new IllegalArgumentException("Invalid profile name for a file: " + profile);
    }
    return directory.resolve(profile + SUFFIX);
  }

  private void createDirectory() throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, ownerOnly("rwx------"));
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }
}
