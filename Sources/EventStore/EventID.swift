import Foundation
import Synchronization

/// Mints event ids as UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit
/// counter, then 62 random bits. Ids minted later sort after earlier ones, so the unique index on
/// `events.event_id` grows at its right edge (one hot page) instead of taking each new id on a
/// random page of a large index; a bulk append of random version 4 ids spends about a third of
/// its server time in that index. Clients may still send any UUID they like.
public enum EventID {
    private struct Clock {
        var millisecond: UInt64 = 0
        var counter: UInt16 = 0
    }

    private static let clock = Mutex(Clock())

    /// A new id, greater than every id this process minted before.
    public static func next() -> UUID {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        let (millisecond, counter) = clock.withLock { clock -> (UInt64, UInt16) in
            if now > clock.millisecond {
                clock.millisecond = now
                clock.counter = UInt16.random(in: 0...0x1FF)  // room to count up within one millisecond
            } else if clock.counter < 0xFFF {
                clock.counter += 1
            } else {
                // 4,096 ids in one millisecond (or the wall clock stepped back): borrow the next one.
                clock.millisecond += 1
                clock.counter = 0
            }
            return (clock.millisecond, clock.counter)
        }
        return make(millisecond: millisecond, counter: counter, random: UInt64.random(in: 0...UInt64.max))
    }

    /// The version 7 layout of `millisecond`, `counter` (12 bits) and `random` (62 bits used).
    static func make(millisecond: UInt64, counter: UInt16, random: UInt64) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: millisecond >> (8 * (5 - i))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: (counter >> 8) & 0x0F)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: random >> (8 * (7 - i))) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
