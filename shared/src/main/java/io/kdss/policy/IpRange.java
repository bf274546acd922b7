package io.kdss.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or single address, IPv4 or IPv6. */
public record IpRange(byte[] network, int prefixBits) {

  /** Parses a CIDR; null when it is not one (only literals are parsed, never resolved by DNS). */
  public static IpRange parse(String cidr) {
    String s = cidr.strip();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      return null;
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (bits < 0 || bits > bytes.length * 8) {
        return null;
      }
    }
    return new IpRange(bytes, bits);
  }

  public boolean contains(String address) {
    byte[] a = literal(address);
    if (a == null || a.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  static byte[] literal(String address) {
    if (address.isEmpty() || !address.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    if (address.indexOf(':') < 0 && !address.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
