package io.deepface.find;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises the writers of one gallery cache: inside this JVM with a lock per lock file, across processes
 * with an exclusive {@link FileLock} on the lock file (which is created once and never deleted, so that every
 * process locks the same file). Where the lock file cannot be created (a read-only folder) the cross-process
 * part is skipped with a warning: nothing will be written there either.
 */
final class GalleryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryLock.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock fileLock;

  private GalleryLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
    this.local = local;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Blocks until this thread holds the lock of {@code lockFile}. */
  static GalleryLock acquire(Path lockFile) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
    local.lock();
    if (local.getHoldCount() > 1) {
      // Re-entered by the same thread: the file lock is already held.
      return new GalleryLock(local, null, null);
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fl = ch.lock();
      return new GalleryLock(local, ch, fl);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
      if (e instanceof RuntimeException re && !(e instanceof UnsupportedOperationException)) {
        local.unlock();
        throw re;
      }
      LOG.warn("Cannot lock {} ({}); other processes using this gallery are not excluded", key, e.toString());
      return new GalleryLock(local, null, null);
    }
  }

  @Override
  public void close() {
    try {
      if (fileLock != null) {
        fileLock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      LOG.warn("Cannot release the gallery lock: {}", e.toString());
    } finally {
      local.unlock();
    }
  }
}
