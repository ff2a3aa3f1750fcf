/// One writer at a time per employee within this process: requests for the same NIP queue here
/// instead of racing to the store and failing on each other's version. Writers in other processes
/// are still caught by the expected version (and judged again).
actor StreamLocks {
    private var held = Set<String>()
    private var waiting = [String: [CheckedContinuation<Void, Never>]]()

    func acquire(_ key: String) async {
        if held.insert(key).inserted { return }
        await withCheckedContinuation { continuation in
            waiting[key, default: []].append(continuation)
        }
    }

    func release(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            // Handed straight to the next writer: the key stays held.
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}
