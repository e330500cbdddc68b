package dev.ownership.cluster.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Where the last lines of a log begin, found from its end, so a long log is not read for a short tail. */
final class LogTail {

  private static final int CHUNK = 8192;

  private LogTail() {
  }

  /**
   * @return the offset in {@code [from, to]} where the last {@code lines} lines of that range begin
   *     (an unfinished last line counts as one)
   */
  static long start(FileChannel log, long from, long to, long lines) throws IOException {
    if (lines == 0) {
      return to;
    }
    long newlines = 0;
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    long position = to;
    long last = to - 1; // a newline ending the log ends its last line, it starts none
    while (position > from) {
      int size = (int) Math.min(CHUNK, position - from);
      position -= size;
      chunk.clear().limit(size);
      while (chunk.hasRemaining() && log.read(chunk, position + chunk.position()) >= 0) {
        // read the whole chunk
      }
      for (int i = size - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n' && position + i != last && ++newlines == lines) {
          return position + i + 1;
        }
      }
    }
    return from;
  }
}
