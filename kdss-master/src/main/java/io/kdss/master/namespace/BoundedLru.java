package io.kdss.master.namespace;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map of at most {@code capacity} entries that forgets the least recently used; thread-safe. */
final class BoundedLru<K, V> {

  private final Map<K, V> map;

  BoundedLru(int capacity) {
    this.map = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized V remove(K key) {
    return map.remove(key);
  }
}
