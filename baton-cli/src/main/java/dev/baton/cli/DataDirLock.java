package dev.baton.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock on a data directory, held for as long as one {@code baton dev} uses it. A second one on
 * the same directory would otherwise get as far as the broker's own lock and fail there, with a
 * page of stack trace; this says in one line what is wrong. The operating system releases the lock
 * when the process ends, however it ends, so a crash leaves nothing to clean up.
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE = ".baton-dev.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code dataDir}, creating the directory, or fails with exit code 1. */
  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw CliException.failed("cannot use the data directory " + dataDir + ": " + e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process
    } catch (IOException e) {
      closeQuietly(channel);
      throw CliException.failed("cannot lock " + file + ": " + e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw inUse(dataDir);
    }
    return new DataDirLock(channel, lock);
  }

  static CliException inUse(Path dataDir) {
    return CliException.failed(
        "the data directory "
            + dataDir
            + " is in use by another 'baton dev' (it holds "
            + dataDir.resolve(FILE)
            + "); stop that one, or give this one its own --data-dir and --kafka-port");
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // The lock goes with the channel anyway.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
