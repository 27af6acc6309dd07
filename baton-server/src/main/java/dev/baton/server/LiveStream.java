package dev.baton.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: Server-Sent Events of what the {@link StatusTail} reads ({@code status},
 * {@code metrics}, {@code dead-letter}), all of them or one instance's. A client that cannot keep
 * up loses its stream (and its EventSource reconnects and reloads) rather than the server holding
 * an unbounded queue for it. A comment every 15 s keeps proxies from closing a quiet stream.
 */
final class LiveStream {

  static final int MAX_CLIENTS = 32;
  private static final int QUEUE = 10_000;
  private static final long HEARTBEAT_MS = 15_000;
  private static final StatusTail.Update OVERFLOW = new StatusTail.Update("overflow", null, "");

  private final StatusTail tail;
  private final Semaphore clients = new Semaphore(MAX_CLIENTS);

  LiveStream(StatusTail tail) {
    this.tail = tail;
  }

  /** Streams until the client goes away or the server stops; runs on the request's thread. */
  void serve(HttpExchange exchange, String instanceId) throws IOException {
    if (!clients.tryAcquire()) {
      throw new ApiError(
          503, "UNAVAILABLE", "This server streams to " + MAX_CLIENTS + " clients at most");
    }
    try {
      tail.ensureStarted();
      BlockingQueue<StatusTail.Update> queue = new ArrayBlockingQueue<>(QUEUE);
      Runnable unsubscribe =
          tail.subscribe(
              instanceId,
              update -> {
                if (!queue.offer(update)) {
                  queue.clear();
                  queue.offer(OVERFLOW);
                }
              });
      try {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        write(out, "retry: 2000\n: connected\n\n");
        while (true) {
          StatusTail.Update update = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
          if (update == null) {
            write(out, ": heartbeat\n\n");
          } else if (update == OVERFLOW) {
            return;
          } else {
            write(out, "event: " + update.kind() + "\ndata: " + update.json() + "\n\n");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // the client went away
      } finally {
        unsubscribe.run();
      }
    } finally {
      clients.release();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
