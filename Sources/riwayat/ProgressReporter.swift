import ArgumentParser
import CareerDomain
import CareerLog
import EventStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A progress bar on a terminal (events/s, ETA), plain lines every few seconds otherwise.
final class ProgressReporter: @unchecked Sendable {
    let terminal: Bool
    let started: ContinuousClock.Instant
    let label: String
    var lastLine = ContinuousClock.now
    let lock = NSLock()

    init(terminal: Bool, started: ContinuousClock.Instant, label: String = "import") {
        self.terminal = terminal
        self.label = label
        self.started = started
    }

    func update(done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = ContinuousClock.now - started
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let rate = Double(done) / seconds
        let eta = rate > 0 ? Double(total - done) / rate : 0
        if terminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) events  \(Int(rate)) events/s  ETA \(Int(eta)) s ".utf8))
        } else if ContinuousClock.now - lastLine >= .seconds(5) || done == total {
            lastLine = ContinuousClock.now
            FileHandle.standardError.write(Data("\(label): \(done)/\(total) events, \(Int(rate)) events/s, ETA \(Int(eta)) s\n".utf8))
        }
    }
}
