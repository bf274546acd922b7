package io.kdss.master.heartbeat;

import io.kdss.proto.Order;
import io.kdss.proto.OrderResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Orders the leader has for storage nodes. They ride on the leader's next heartbeat reply to
 * the node; the node answers with an {@link OrderResult} on a later report. Only the leader
 * fills the outbox; everything here is in memory because every order can be derived again
 * from the durable queues (a new leader re-issues what was never answered). Order ids are
 * {@code epoch << 32 | sequence}, unique across leaders.
 */
public final class OrderOutbox {

  private final Map<String, List<Order>> queued = new ConcurrentHashMap<>();
  private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** Queues an order for {@code nodeId}; {@code onResult} runs when the node answers it. */
  public long send(String nodeId, long epoch, Order.Builder order, Consumer<OrderResult> onResult) {
    long id = (epoch << 32) | (sequence.incrementAndGet() & 0xffffffffL);
    waiting.put(id, new Waiting(System.currentTimeMillis(), onResult));
    queued.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(order.setOrderId(id).build());
    return id;
  }

  /** Takes the orders waiting for a node (called when replying to its report). */
  public List<Order> drain(String nodeId) {
    List<Order> out = queued.remove(nodeId);
    return out == null ? List.of() : out;
  }

  public void complete(OrderResult result) {
    Waiting w = waiting.remove(result.getOrderId());
    if (w != null) {
      w.onResult().accept(result);
    }
  }

  /** Drops orders unanswered for longer than {@code ageMs}; their owners send them again. */
  public void expire(long ageMs) {
    long cutoff = System.currentTimeMillis() - ageMs;
    waiting.values().removeIf(w -> w.sentMs() < cutoff);
  }

  private record Waiting(long sentMs, Consumer<OrderResult> onResult) {
  }

  /** Forgets everything (on losing leadership: the next leader derives its own orders). */
  public void clear() {
    queued.clear();
    waiting.clear();
  }

  public int waitingCount() {
    return waiting.size();
  }
}
