package io.kdss.s3.sigv4;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Signing keys by (secret, date, region, service): four HMACs per request saved, since a key
 * changes only daily. Bounded: past {@link #MAX_ENTRIES} the cache starts over (keys are cheap
 * to derive again, and that many distinct live keys means churn an LRU would not help).
 */
public final class SigningKeyCache {

  public static final int MAX_ENTRIES = 4096;

  private final ConcurrentHashMap<String, byte[]> keys = new ConcurrentHashMap<>();

  public byte[] signingKey(String secretKey, CredentialScope scope) {
    String id = scope.scope() + '\u0000' + secretKey;
    byte[] key = keys.get(id);
    if (key == null) {
      key = SigV4Signer.signingKey(secretKey, scope.date(), scope.region(), scope.service());
      if (keys.size() >= MAX_ENTRIES) {
        keys.clear();
      }
      keys.put(id, key);
    }
    return key;
  }

  public int size() {
    return keys.size();
  }
}
