import Foundation

/// Transforms batches on several worker threads and hands every result to one consumer thread:
/// the shape of a rebuild (read the log on one thread, fold streams on all cores, write rows on
/// one connection). Queues are bounded, so a slow consumer slows the producer instead of
/// filling memory. Results reach the consumer in no particular order.
///
/// The threads are plain threads, not the cooperative pool: the consumer blocks in libpq.
final class ParallelPipeline<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private let inputs: BlockingQueue<Input>
    private let outputs: BlockingQueue<Output>
    private let finished = DispatchGroup()
    private let failure = NSLock()
    private var firstError: (any Error)?

    /// Starts `workers` threads running `transform` and one running `consume`.
    init(
        workers: Int, capacity: Int, name: String,
        transform: @escaping @Sendable (Input) -> Output,
        consume: @escaping @Sendable (Output) throws -> Void
    ) {
        inputs = BlockingQueue(capacity: capacity)
        outputs = BlockingQueue(capacity: capacity)
        let workerGroup = DispatchGroup()
        for index in 0..<max(1, workers) {
            workerGroup.enter()
            finished.enter()
            start(name: "\(name)-\(index)") { [inputs, outputs] in
                while let input = inputs.take() {
                    guard outputs.put(transform(input)) else { break }
                }
                workerGroup.leave()
            }
        }
        finished.enter()
        start(name: "\(name)-writer") { [outputs] in
            while let output = outputs.take() {
                do {
                    try consume(output)
                } catch {
                    self.fail(error)
                    break
                }
            }
        }
        // Once every worker is done, no more outputs come.
        workerGroup.notify(queue: .global()) { [outputs] in outputs.close() }
    }

    private func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [finished] in
            body()
            finished.leave()
        }
        thread.name = name
        thread.start()
    }

    private func fail(_ error: any Error) {
        failure.withLock { if firstError == nil { firstError = error } }
        inputs.abort()
        outputs.abort()
    }

    private var error: (any Error)? { failure.withLock { firstError } }

    /// Queues one batch, waiting while the queue is full; throws the consumer's error, if any.
    func submit(_ input: Input) throws {
        if let error { throw error }
        if !inputs.put(input), let error { throw error }
    }

    /// Waits for every queued batch to be transformed and consumed; throws the first error.
    func finish() throws {
        inputs.close()
        finished.wait()
        if let error { throw error }
    }

    /// Stops at once, dropping whatever is queued, and waits for the threads to end.
    func cancel() {
        inputs.abort()
        outputs.abort()
        finished.wait()
    }
}
