/**
 * Per-address rate limiting and the client address itself. A sliding window: an address may
 * make `limit` requests in any `windowMs`; past that it is told how long to wait.
 */
import { isIP } from "node:net";

export interface RateLimitOptions {
  /** Requests allowed per window; 0 turns limiting off. @default 5 */
  limit?: number;
  /** @default 60000 (a minute) */
  windowMs?: number;
}

type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts a request from `key` at `now` (ms) unless the key is over its limit. */
  take(key: string, now: number): RateDecision;
  /** How many addresses are remembered, for monitoring. */
  trackedKeys(): number;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const limit = options.limit ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  if (limit <= 0) return { take: () => ({ allowed: true }), trackedKeys: () => 0 };
  /** Times of each key's recent requests, oldest first, at most `limit` of them. */
  const recent = new Map<string, number[]>();
  let sweepAt = 1024;
  return {
    trackedKeys: () => recent.size,
    take(key, now) {
      // Forget idle keys once the map has doubled since the last sweep, so memory follows the
      // number of recently active addresses at linear amortised cost.
      if (recent.size >= sweepAt) {
        for (const [other, times] of recent) if (times.at(-1)! <= now - windowMs) recent.delete(other);
        sweepAt = Math.max(1024, recent.size * 2);
      }
      const times = (recent.get(key) ?? []).filter((time) => time > now - windowMs);
      if (times.length >= limit) {
        recent.set(key, times);
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000)) };
      }
      times.push(now);
      recent.set(key, times);
      return { allowed: true };
    },
  };
}

/**
 * The address a request counts against. Only when a trusted header is configured (the proxy or
 * CDN in front of the server sets it) is it read: the last address in it, the one the nearest
 * proxy added, since a client can put anything before that. Otherwise, and when the header is
 * absent or not an address, the socket's address.
 */
export function clientAddress(
  socketAddress: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  trustedHeader?: string,
): string {
  if (trustedHeader) {
    const raw = headers[trustedHeader.toLowerCase()];
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    const last = value?.split(",").at(-1)?.trim() ?? "";
    const candidate = stripPort(last);
    if (isIP(candidate)) return normaliseAddress(candidate);
  }
  return normaliseAddress(socketAddress ?? "unknown");
}

function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return v4WithPort ? v4WithPort[1]! : value;
}

/** IPv4 seen through an IPv6 socket (`::ffff:1.2.3.4`) is the same client as `1.2.3.4`. */
function normaliseAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/, "$1");
}
